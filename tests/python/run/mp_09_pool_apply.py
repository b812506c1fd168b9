# Pool.apply, apply_async with get(), a callback, and close()/join().
import multiprocessing


def add(a, b=0):
    return a + b


def fail(x):
    raise KeyError(x)


collected = []


def on_result(value):
    collected.append(value)


if __name__ == '__main__':
    pool = multiprocessing.Pool(processes=2)
    print(pool.apply(add, (1, 2)), pool.apply(add, (5,), {"b": 10}))
    handles = [pool.apply_async(add, args=(i, i)) for i in range(5)]
    print([h.get() for h in handles])
    for i in range(3):
        pool.apply_async(func=add, args=(i, 100), callback=on_result)
    bad = pool.apply_async(fail, ("missing",))
    try:
        bad.get(timeout=5)
    except KeyError as e:
        print("KeyError from worker:", e)
    print(bad.successful())
    pool.close()
    pool.join()
    print(sorted(collected))
    try:
        pool.apply(add, (1, 1))
    except ValueError as e:
        print("ValueError:", e)
