"""256 threads queue for four locks held across short sleeps: over a million trace events

Topic: GIL
Expected: counter = 64000

What to watch for:
A large run for the timeline: 256 threads share four locks and hold one across a short sleep, so
most of them are queued at any moment. Zoom in to see the queues form and drain; the final count is
always exact.
"""
import threading, time

locks = [threading.Lock() for _ in range(4)]
counter = 0
counter_lock = threading.Lock()

def worker(n):
    global counter
    for i in range(250):
        with locks[(n + i) % 4]:       # 256 threads share four locks...
            time.sleep(0.0001)         # ...and hold one across a short wait, so the others queue up
        sum(range(100))                # a little work in between
        with counter_lock:
            counter += 1

if __name__ == "__main__":
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(256)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("counter =", counter)         # always 256 * 250 = 64000
