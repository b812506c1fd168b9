# Semaphore limiting concurrency: the peak number inside never exceeds the limit.
import threading
import time

sem = threading.Semaphore(2)
state_lock = threading.Lock()
inside = 0
peak = 0
finished = []


def visit(n):
    global inside, peak
    with sem:
        with state_lock:
            inside += 1
            peak = max(peak, inside)
        time.sleep(0.01)
        with state_lock:
            inside -= 1
            finished.append(n)


threads = [threading.Thread(target=visit, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("peak never above 2:", 1 <= peak <= 2)
print("finished:", sorted(finished))
s = threading.Semaphore(0)
print(s.acquire(blocking=False), s.acquire(timeout=0.01))
s.release(3)
print(s.acquire(), s.acquire(), s.acquire(), s.acquire(blocking=False))
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
