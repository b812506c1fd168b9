# ThreadPoolExecutor.map keeps order; as_completed and wait, with sorted output.
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, ALL_COMPLETED, FIRST_COMPLETED
import threading

started = []
lock = threading.Lock()


def task(n):
    with lock:
        started.append(n)
    return n * 3


with ThreadPoolExecutor(4) as ex:
    print(list(ex.map(task, range(8))))
    print(list(ex.map(pow, [2, 3, 4], [2, 2, 2])))
    futs = {ex.submit(task, n): n for n in [5, 6, 7]}
    done_values = []
    for f in as_completed(futs):
        done_values.append((futs[f], f.result()))
    print(sorted(done_values))
    fs = [ex.submit(task, n) for n in range(3)]
    done, not_done = wait(fs, return_when=ALL_COMPLETED)
    print(len(done), len(not_done), sorted(f.result() for f in done))
    done, _ = wait(fs, timeout=5, return_when=FIRST_COMPLETED)
    print(len(done) >= 1)
print(len(started), sorted(set(started)))
