# sys.stdout.write and sys.stderr.write (also imported by name): what they return, flush(), and their TypeErrors.
import sys
import threading
from sys import stderr

n = sys.stdout.write("hello ")
sys.stdout.write("线程\n")
print(n, sys.stdout.write("ab\n"), sys.stdout.write(""))
sys.stdout.flush()
stderr.write("to stderr\n")
sys.stderr.write("again, " + str(stderr.write("")) + "\n")
print(sys.stdout.flush(), stderr.flush())


def worker(name):
    sys.stdout.write(name + " writes one piece\n")


t = threading.Thread(target=worker, args=("worker",))
t.start()
t.join()
for bad in (5, None, ["x"]):
    try:
        sys.stdout.write(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    sys.stdout.write()
except TypeError as e:
    print("TypeError:", e)
try:
    sys.stdout.flush(1)
except TypeError as e:
    print("TypeError:", e)
sys.stdout.write("no newline at the end")
