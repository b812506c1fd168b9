"""2 CPU-bound processes: ~1x one worker's time with 2+ cores, one GIL each

Topic: processes

What to watch for:
Each process has its own interpreter and its own GIL, so on two or more cores the two workers really
run at the same time and finish in about one worker's time. On one core they share it and take twice
as long.
"""
import multiprocessing as mp
import time

def work(rounds):
    # pure Python computation, as in cpu-threads
    for _ in range(rounds):
        sum(i * i for i in range(10_000))

if __name__ == "__main__":
    start = time.time()
    workers = [mp.Process(target=work, args=(100,)) for _ in range(2)]
    for p in workers: p.start()
    for p in workers: p.join()
    print("elapsed", time.time() - start)   # ~ one worker's time: each process has its own GIL
