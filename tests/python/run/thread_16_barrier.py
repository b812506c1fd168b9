# Barrier: every party waits, the action runs once per round, broken barrier errors.
import threading

rounds = []
lock = threading.Lock()
arrivals = []


def on_full():
    rounds.append(len(arrivals))


barrier = threading.Barrier(3, action=on_full)
indices = []


def party(name):
    for step in range(2):
        with lock:
            arrivals.append((step, name))
        i = barrier.wait()
        with lock:
            indices.append(i)


threads = [threading.Thread(target=party, args=(n,)) for n in "abc"]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("arrivals counted by the action:", rounds)
print("wait() indices:", sorted(indices))
print(barrier.parties, barrier.n_waiting, barrier.broken)

b2 = threading.Barrier(2)
try:
    b2.wait(timeout=0.01)
except threading.BrokenBarrierError:
    print("BrokenBarrierError after timeout, broken =", b2.broken)
b2.reset()
print("after reset broken =", b2.broken)
b2.abort()
try:
    b2.wait()
except threading.BrokenBarrierError as e:
    print("aborted:", type(e).__name__, issubclass(type(e), RuntimeError))
