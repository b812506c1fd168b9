# The methods of locks, events, queues, futures and pools taken as values: called later, or given as a
# thread's target
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import ThreadPool

lock = threading.Lock()
rlock = threading.RLock()
event = threading.Event()
q = queue.Queue()
sem = threading.Semaphore(2)
t = threading.Thread(target=q.put, args=(1,))
t.start()
t.join()
print(q.get())
for method in (lock.acquire, lock.release, rlock.acquire, rlock.release, event.set, event.is_set, sem.acquire, sem.release):
    print(method.__name__, method())
waiter = threading.Thread(target=event.wait, args=(1,))
waiter.start()
waiter.join()
with ThreadPoolExecutor(2) as ex:
    future = ex.submit(pow, 2, 5)
    result = future.result
    print(result())
    submit = ex.submit
    print(submit(abs, -3).result())
with ThreadPool(2) as pool:
    apply = pool.apply_async
    print(apply(abs, (-4,)).get())
me = threading.current_thread()
print(me.is_alive(), callable(me.join))
