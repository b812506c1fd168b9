"""2 CPU-bound threads: ~2x one worker's time at any core count, one GIL

Topic: GIL

What to watch for:
Two threads compute, but only the one holding the GIL runs Python: the lanes alternate every switch
interval (5 ms) instead of overlapping, and the run takes about twice one worker's time on 1, 2 or 8
cores. Turn the GIL off to see both run at once and the time halve.
"""
import threading, time

def work(rounds):
    # pure Python computation: the thread needs the GIL for every step of it
    for _ in range(rounds):
        sum(i * i for i in range(10_000))

if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=work, args=(100,)) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("elapsed", time.time() - start)   # about twice one worker's time: one GIL
