"""a producer process feeds a consumer process through multiprocessing.Queue

Topic: ipc

What to watch for:
Every item is pickled and written through a pipe to the other process. The consumer blocks in get()
until the next item arrives, and leaves when it reads the None marker.
"""
import multiprocessing as mp
import time

def producer(q):
    for i in range(5):
        time.sleep(0.2)          # making an item takes a while
        q.put(i)                 # pickled and written to a pipe
        print("put", i)
    q.put(None)                  # no more items

def consumer(q):
    while True:
        item = q.get()           # blocks until something arrives
        if item is None:
            break
        print("got", item)

if __name__ == "__main__":
    q = mp.Queue()
    workers = [mp.Process(target=producer, args=(q,)), mp.Process(target=consumer, args=(q,))]
    for p in workers: p.start()
    for p in workers: p.join()
