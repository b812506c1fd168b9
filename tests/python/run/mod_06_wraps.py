# functools.wraps keeps the name and docstring of the decorated function.
import functools


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("calling", func.__name__, args, kwargs)
        return func(*args, **kwargs)
    return wrapper


def unwrapped_deco(func):
    def wrapper(*args):
        return func(*args)
    return wrapper


@logged
def add(a, b=1):
    """Add two numbers."""
    return a + b


@unwrapped_deco
def sub(a, b):
    """Subtract."""
    return a - b


print(add(2, b=5))
print(add.__name__, add.__doc__, add.__wrapped__.__name__)
print(sub.__name__, sub.__doc__, sub(5, 3))


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(60), fib.cache_info().hits > 0)
print(functools.reduce(lambda a, b: a * b, range(1, 8)))
