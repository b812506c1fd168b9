# from x import *: names in __all__ become available, private names do not.
from threading import *
from queue import *

t = Thread(target=lambda: None, name="star")
t.start()
t.join()
print(t.name, current_thread().name)
lk = Lock()
with lk:
    print("have Lock:", lk.locked())
q = Queue()
q.put(1)
print(q.get(), issubclass(Empty, Exception))
print(callable(active_count), callable(Timer), callable(Barrier))
print("Thread" in dir(), "_shutdown" in dir(), "LifoQueue" in dir())
try:
    threading.Thread
except NameError as e:
    print("NameError:", e)
