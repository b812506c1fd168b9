# Lock.acquire/release, non-blocking acquire, acquire(timeout=...), and errors.
import threading

lock = threading.Lock()
print(lock.acquire())
print("locked:", lock.locked())
print("second non-blocking acquire:", lock.acquire(blocking=False))
print("acquire with timeout:", lock.acquire(timeout=0.01))
lock.release()
print("locked:", lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)

holding = threading.Event()
done = threading.Event()
outcome = []


def holder():
    with lock:
        holding.set()
        done.wait()


def contender():
    outcome.append(lock.acquire(timeout=0.02))


h = threading.Thread(target=holder)
h.start()
holding.wait()
c = threading.Thread(target=contender)
c.start()
c.join()
print("contender got the lock:", outcome)
done.set()
h.join()
print("free again:", lock.acquire(False))
lock.release()
try:
    lock.acquire(False, 1)
except ValueError as e:
    print("ValueError:", e)
