# Read a thread count and jobs from stdin, compute in threads, print in order.
import threading

n_threads = int(input())
jobs = [int(x) for x in input().split(",")]
results = [None] * len(jobs)
lock = threading.Lock()
done_by = {}


def run(worker_id):
    for i in range(worker_id, len(jobs), n_threads):
        results[i] = jobs[i] ** 2
        with lock:
            done_by[i] = worker_id


threads = [threading.Thread(target=run, args=(w,)) for w in range(n_threads)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
print([done_by[i] for i in range(len(jobs))])
try:
    input("one more? ")
except EOFError as e:
    print("EOFError:", e)
