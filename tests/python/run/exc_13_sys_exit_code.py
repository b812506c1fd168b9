# sys.exit(3): no traceback, exit code 3, finally blocks still run.
import sys


def main():
    print("doing work")
    try:
        sys.exit(3)
    finally:
        print("finally runs on the way out")
    print("not reached")


try:
    main()
except SystemExit as e:
    print("caught SystemExit with code", e.code)
    raise
