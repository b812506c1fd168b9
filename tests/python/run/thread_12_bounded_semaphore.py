# BoundedSemaphore: releasing more than acquired raises ValueError.
import threading

pool = threading.BoundedSemaphore(2)
print(pool.acquire(), pool.acquire(), pool.acquire(blocking=False))
pool.release()
pool.release()
try:
    pool.release()
except ValueError as e:
    print("ValueError:", e)

plain = threading.Semaphore(1)
plain.release()
print("a plain Semaphore may grow:", plain.acquire(False), plain.acquire(False), plain.acquire(False))

slots = threading.BoundedSemaphore(3)
used = []


def use(i):
    with slots:
        used.append(i)


threads = [threading.Thread(target=use, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(used))
try:
    slots.release()
except ValueError as e:
    print("still bounded:", e)
