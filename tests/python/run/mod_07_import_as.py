# import x as y and from x import y as z.
import threading as th
import multiprocessing as mp
import queue as q
from time import sleep as nap, time as now
from threading import Lock as Mutex

t = th.Thread(target=nap, args=(0.001,))
t.start()
t.join()
print(type(t).__name__, th.current_thread().name)
print(mp.current_process().name)
box = q.Queue()
box.put("x")
print(box.get())
print(now() > 0, nap.__name__, now.__name__)
m = Mutex()
with m:
    print("locked:", m.locked())
print(th.__name__, mp.__name__, q.__name__)
print("threading" in dir(), "th" in dir())
