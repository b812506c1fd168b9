# from-imports of the simulated modules' helpers: functools.partial/wraps/reduce, contextlib.suppress, and
# multiprocessing.pool's Pool and ThreadPool.
from functools import partial, wraps, reduce
from contextlib import suppress
from multiprocessing.pool import ThreadPool, Pool

def power(base, exp):
    return base ** exp

square = partial(power, exp=2)
print(square(7), reduce(lambda a, b: a * b, [1, 2, 3, 4]))

def logged(fn):
    @wraps(fn)
    def inner(*args):
        return fn(*args)
    return inner

@logged
def add(a, b):
    """Adds."""
    return a + b

print(add(2, 3), add.__name__, add.__doc__)
with suppress(KeyError):
    {}["x"]
print("suppressed")
with ThreadPool(3) as tp:
    print(tp.map(square, range(5)))

def cube(x):
    return x ** 3

if __name__ == "__main__":
    with Pool(2) as p:
        print(p.map(cube, [1, 2, 3]))
