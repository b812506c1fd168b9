# RLock: re-entrant acquisition by the same thread, release counting, ownership.
import threading

rlock = threading.RLock()
log = []


def outer():
    with rlock:
        log.append("outer")
        inner()


def inner():
    with rlock:
        log.append("inner")


outer()
print(log)
print(rlock.acquire(), rlock.acquire(), rlock.acquire(blocking=False))
rlock.release()
rlock.release()
rlock.release()
try:
    rlock.release()
except RuntimeError as e:
    print("RuntimeError:", e)

rlock.acquire()
got = []


def other():
    got.append(rlock.acquire(blocking=False))
    try:
        rlock.release()
    except RuntimeError as e:
        got.append(str(e))


t = threading.Thread(target=other)
t.start()
t.join()
print(got)
rlock.release()
t = threading.Thread(target=other)
t.start()
t.join()
print(got[-1:])
