# Importing an unknown module: uncaught ModuleNotFoundError.
# The simulator's message appends a list of the modules it provides, so its
# stderr is expected to differ from CPython's in the tail of the last line.
import threading


def main():
    print("before import", threading.current_thread().name)


main()
import requestz
print("not reached")
