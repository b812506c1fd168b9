# import a, b, c on one line; module attributes; importing the same module twice.
import threading, time, queue, os, sys
import time

print(threading.__name__, time.__name__, queue.__name__)
print(sys.modules["time"] is time)
import threading as again
print(again is threading)


def late_import():
    import functools
    return functools.partial(max, 0)(-5)


print(late_import())
print("functools" in dir())
from os import path
print(path.join("x", "y"))
print(hasattr(threading, "Thread"), hasattr(time, "nonexistent"))
try:
    from threading import NoSuchThing
except ImportError as e:
    print("ImportError:", e)
