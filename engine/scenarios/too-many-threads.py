"""the same CPU work split over 2, 8, 32, 128 and 512 threads

Topic: threads

What to watch for:
The total work is the same in every round; only the number of threads grows. Under the GIL the extra
threads cannot add speed, they only add thread starts, GIL hand-offs and context switches, so each
round takes a little longer than the one before.
"""
import threading, time

def work(rounds):
    for _ in range(rounds):
        sum(i * i for i in range(1_000))

if __name__ == "__main__":
    for n in (2, 8, 32, 128, 512):
        start = time.time()
        threads = [threading.Thread(target=work, args=(512 // n,)) for _ in range(n)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(n, "threads:", time.time() - start)   # the same work; more threads only add switching
