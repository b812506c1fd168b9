"""Pool(5), 30 one-second tasks with apply_async: ~6 s

Topic: pools

What to watch for:
apply_async hands all thirty tasks to the pool at once; five worker processes take them five at a
time, so thirty one-second tasks end after about six seconds.
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
    results = [pool.apply_async(task, (n,)) for n in range(30)]
    pool.close()
    pool.join()                      # 30 one-second tasks, 5 at a time: ~6 s
    print([r.get() for r in results])
    print("elapsed", time.time() - start)
