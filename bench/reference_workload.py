"""The engine benchmark's reference workload (bench/engine_bench.cpp runs it on 16 cores x SMT2).

256 threads with the GIL on: each takes one of eight shared locks to bump a counter, runs a short Python
loop, makes a C call of about 0.2 ms and sleeps 2 ms, until 10 seconds have passed.
"""
import threading
import time

deadline = time.monotonic() + 10
locks = [threading.Lock() for _ in range(8)]
counter = 0

def worker(k):
    global counter
    x = 0
    while time.monotonic() < deadline:
        with locks[k % 8]:
            counter += 1
        for i in range(50):       # a Python loop
            x = x + i
        sum(range(13_000))        # a C call: about 0.2 ms
        time.sleep(0.002)         # I/O

if __name__ == "__main__":
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(256)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("counter =", counter)
