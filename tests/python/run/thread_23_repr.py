# repr() and type() of Thread objects before they start (no ident in the text).
import threading


def plus():
    pass


class MyThread(threading.Thread):
    pass


t1 = threading.Thread(target=plus)
t2 = threading.Thread(target=plus, name="adder", daemon=True)
t3 = MyThread()
print(repr(t1))
print(t2)
print(t3)
print(t1, type(t1))
print([t1, t2])
print(type(t3), type(t3).__mro__[1])
lock = threading.Lock()
print(repr(lock).startswith("<unlocked _thread.lock object at"))
lock.acquire()
print(repr(lock).startswith("<locked _thread.lock object at"))
lock.release()
ev = threading.Event()
print(type(ev).__name__, type(threading.Condition()).__name__)
print(type(threading.RLock()).__name__, type(threading.Semaphore()).__name__)
