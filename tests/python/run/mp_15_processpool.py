# ProcessPoolExecutor: map, submit, as_completed, an exception from a worker, shutdown.
from concurrent.futures import ProcessPoolExecutor, as_completed
import os


def cpu_bound(n):
    return sum(i * i for i in range(n))


def child_pid_differs(parent):
    return os.getpid() != parent


def boom(x):
    return 1 // x


if __name__ == '__main__':
    with ProcessPoolExecutor(max_workers=2) as ex:
        print(list(ex.map(cpu_bound, [10, 100, 1000])))
        futures = [ex.submit(cpu_bound, n) for n in (5, 50)]
        print(sorted(f.result() for f in as_completed(futures)))
        print(ex.submit(child_pid_differs, os.getpid()).result())
        bad = ex.submit(boom, 0)
        try:
            bad.result()
        except ZeroDivisionError as e:
            print("ZeroDivisionError from worker:", e)
    ex2 = ProcessPoolExecutor(2)
    f = ex2.submit(pow, 2, 20)
    ex2.shutdown(wait=True)
    print(f.result(), f.done())
