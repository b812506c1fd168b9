# multiprocessing.get_context(): a context with its own start method (its Process, Pool and Manager start
# processes that way, named SpawnProcess-N), the default context, and the errors of a bad or late choice.
import multiprocessing as mp
import os

counter = []

def f(x):
    return x * x

def child(q, tag):
    q.put((tag, mp.current_process().name))

if __name__ == "__main__":
    counter.append("main")
    ctx = mp.get_context("spawn")
    print(ctx.get_start_method(), type(ctx).__name__)
    with ctx.Pool(2) as p:
        print(p.map(f, [1, 2, 3]))
    q = ctx.Queue()
    procs = [ctx.Process(target=child, args=(q, i)) for i in range(2)]
    for pr in procs:
        pr.start()
    for pr in procs:
        pr.join()
    print(sorted(q.get() for _ in range(2)))
    fork = mp.get_context("fork")
    print(fork.get_start_method(), fork.cpu_count() > 0)
    try:
        mp.get_context("nope")
    except ValueError as e:
        print("ValueError:", e)
    default = mp.get_context()
    print(default.get_start_method())
    try:
        mp.set_start_method("spawn")
    except RuntimeError as e:
        print("RuntimeError:", e)
    lock = ctx.Lock()
    with lock:
        print("locked")
