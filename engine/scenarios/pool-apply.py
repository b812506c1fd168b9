"""Pool(5), 30 one-second tasks with apply, one at a time: ~30 s

Topic: pools

What to watch for:
apply waits for each task's result before it hands out the next, so only one of the five workers is
ever busy: thirty seconds for thirty tasks. Compare with pool-async.
"""
import multiprocessing as mp
import time

def task(n):
    print("task", n, "in", mp.current_process().name)
    time.sleep(1)                    # one second of waiting (I/O)
    return n * n

if __name__ == "__main__":
    start = time.time()
    pool = mp.Pool(5)
    results = [pool.apply(task, (n,)) for n in range(30)]   # apply waits for each task: ~30 s
    pool.close()
    pool.join()
    print(results)
    print("elapsed", time.time() - start)
