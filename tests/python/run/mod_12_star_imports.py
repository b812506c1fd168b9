# `from M import *`: every name of M's __all__ is bound, builtins included (threading's enumerate hides the
# builtin one); a name the program defines after the import is its own.
from threading import *
from queue import *
from time import *
from concurrent.futures import *

results = []
lock = Lock()


def worker(n):
    with lock:
        results.append(n * n)


threads = [Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results), current_thread().name, active_count(), main_thread().name)

q = Queue()
q.put("x")
print(q.get(), q.empty())
try:
    q.get_nowait()
except Empty:
    print("queue.Empty from the star import")

start = perf_counter()
sleep(0.01)
print(perf_counter() - start >= 0.01)

print(len(enumerate()), type(enumerate()).__name__)
try:
    for i, x in enumerate(["a"]):
        pass
except TypeError as e:
    print("TypeError:", e)

with ThreadPoolExecutor(max_workers=2) as ex:
    futures = [ex.submit(pow, 2, k) for k in range(5)]
    print([f.result() for f in as_completed(futures)] and sorted(f.result() for f in futures))
    done, not_done = wait(futures, return_when=ALL_COMPLETED)
    print(len(done), len(not_done))


def Event():
    return "the program's own Event"


print(Event())
