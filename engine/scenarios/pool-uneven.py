"""Pool(3), 4 three-second tasks: three run, then the last alone, ~6 s

Topic: pools

What to watch for:
Three workers take the first three tasks; the fourth waits for a free worker and then runs alone, so
four tasks take two full rounds, about 6 s.
"""
import multiprocessing as mp
import time

def task(n):
    print("task", n, "starts in", mp.current_process().name)
    time.sleep(3)
    print("task", n, "done")

if __name__ == "__main__":
    start = time.time()
    pool = mp.Pool(3)
    for n in range(4):
        pool.apply_async(task, (n,))
    pool.close()
    pool.join()                      # three tasks at once, then the fourth alone: ~6 s
    print("elapsed", time.time() - start)
