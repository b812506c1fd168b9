# from x import a, b, c (including a function that shadows its module's name).
from threading import Thread, Lock, current_thread, Event
from time import time, sleep
from queue import Queue, Empty
from multiprocessing import RLock, Lock as MPLock, Event as MPEvent, Condition, Semaphore

results = Queue()
lock = Lock()
ready = Event()


def job(n):
    with lock:
        results.put((n, current_thread().name))
    ready.set()


start = time()
t = Thread(target=job, args=(1,), name="importer")
t.start()
t.join()
sleep(0.001)
print(results.get(), ready.is_set())
try:
    results.get_nowait()
except Empty:
    print("queue empty")
print(time() >= start, callable(time))
print([c.__name__ for c in (RLock, MPLock, MPEvent, Condition, Semaphore)])
