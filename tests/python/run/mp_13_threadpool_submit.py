# ThreadPoolExecutor: submit, result, done, exception, and the with statement.
from concurrent.futures import ThreadPoolExecutor


def slow_add(a, b):
    return a + b


def broken(x):
    raise ValueError("bad input %r" % x)


with ThreadPoolExecutor(max_workers=3) as ex:
    futures = [ex.submit(slow_add, i, 10) for i in range(5)]
    print([f.result() for f in futures])
    bad = ex.submit(broken, 7)
    exc = bad.exception()
    print(type(exc).__name__, exc)
    try:
        bad.result()
    except ValueError as e:
        print("result() re-raises:", e)
    kw = ex.submit(slow_add, b=1, a=2)
    print(kw.result(timeout=5))
print(all(f.done() for f in futures), bad.done(), futures[0].cancelled())
try:
    ex.submit(slow_add, 1, 2)
except RuntimeError as e:
    print("RuntimeError:", e)
