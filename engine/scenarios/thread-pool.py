"""4 worker threads take 16 half-second fetches from a queue: ~2 s

Topic: pools

What to watch for:
Four workers take pages off one queue as they become free: sixteen half-second fetches finish in
four waves, about 2 s in all. The None values at the end stop each worker once.
"""
import threading, queue, time

tasks = queue.Queue()

def worker():
    while True:
        n = tasks.get()
        if n is None:
            break
        time.sleep(0.5)           # fetch page n
        print(threading.current_thread().name, "fetched page", n)

if __name__ == "__main__":
    start = time.time()
    pool = [threading.Thread(target=worker, name=f"worker-{i}") for i in range(4)]
    for t in pool: t.start()
    for n in range(16):
        tasks.put(n)
    for _ in pool:
        tasks.put(None)           # one stop signal per worker
    for t in pool: t.join()
    print("16 pages with 4 threads:", time.time() - start)
