# queue.Queue with worker threads: put/get/task_done/join and sentinel shutdown.
import queue
import threading

tasks = queue.Queue()
results = queue.Queue()
STOP = None


def worker():
    while True:
        item = tasks.get()
        if item is STOP:
            tasks.task_done()
            break
        results.put((item, item ** 2))
        tasks.task_done()


workers = [threading.Thread(target=worker) for _ in range(3)]
for w in workers:
    w.start()
for n in range(8):
    tasks.put(n)
tasks.join()
print("all tasks done, unfinished =", tasks.unfinished_tasks)
for _ in workers:
    tasks.put(STOP)
for w in workers:
    w.join()
collected = []
while not results.empty():
    collected.append(results.get())
print(sorted(collected))
print("qsize:", tasks.qsize(), results.qsize(), tasks.empty())
try:
    tasks.task_done()
except ValueError as e:
    print("ValueError:", e)
