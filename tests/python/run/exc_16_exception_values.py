# Builtin exceptions made as values: kept, passed around, compared by type, raised later; their args, str and
# repr as CPython gives them.
import threading

err = TypeError("made first")
print(repr(err), str(err), err.args)
errors = [ValueError("bad", 3), KeyError("k"), RuntimeError(), IndexError(42)]
for e in errors:
    print(type(e).__name__, repr(e), str(e), e.args, isinstance(e, Exception), isinstance(e, LookupError))
try:
    raise err
except TypeError as caught:
    print("caught", caught is err, caught)


def check(x):
    if x < 0:
        return ValueError(f"negative: {x}")
    return None


problem = check(-2)
if problem:
    try:
        raise problem
    except ValueError as e:
        print("raised", e)

failures = []
lock = threading.Lock()


def worker(n):
    if n % 2:
        with lock:
            failures.append(ArithmeticError("odd", n))


threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(f.args[1] for f in failures))
try:
    raise ZeroDivisionError("custom", 0) from KeyError("why")
except ArithmeticError as e:
    print(repr(e), repr(e.__cause__))
raise LookupError("missing", 5)
