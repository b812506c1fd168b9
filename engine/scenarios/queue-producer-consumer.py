"""queue.Queue(maxsize=3): put blocks when full, get when empty

Topic: locks

What to watch for:
The producer is faster than the two consumers, so the queue fills up to three and put() blocks until
a consumer takes an item; at the end the consumers block in get() until the None markers arrive. The
queue's length is charted as a counter.
"""
import threading, queue, time

q = queue.Queue(maxsize=3)

def producer():
    for n in range(10):
        q.put(n)                         # blocks while the queue is full
        print("made", n)
        time.sleep(0.1)
    for _ in range(2):
        q.put(None)

def consumer():
    while True:
        n = q.get()                      # blocks while the queue is empty
        if n is None:
            break
        time.sleep(0.3)
        print(threading.current_thread().name, "used", n)

if __name__ == "__main__":
    threads = [threading.Thread(target=producer)]
    threads += [threading.Thread(target=consumer) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
