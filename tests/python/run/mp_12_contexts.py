# get_context('fork') and set_start_method('spawn') with the __main__ guard.
import multiprocessing as mp


def cube(x, q):
    q.put(x ** 3)


def run_with(ctx, label):
    q = ctx.Queue()
    procs = [ctx.Process(target=cube, args=(i, q)) for i in range(3)]
    for p in procs:
        p.start()
    got = sorted(q.get() for _ in procs)
    for p in procs:
        p.join()
    print(label, got, [p.exitcode for p in procs])


if __name__ == '__main__':
    fork_ctx = mp.get_context("fork")
    print(fork_ctx.get_start_method())
    run_with(fork_ctx, "fork:")
    mp.set_start_method("spawn")
    print(mp.get_start_method())
    run_with(mp, "spawn:")
    try:
        mp.set_start_method("fork")
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(sorted(mp.get_all_start_methods()))
