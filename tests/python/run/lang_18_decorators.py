# Decorators: plain, with arguments, stacked (applied bottom-up), keeping state.
def shout(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs).upper() + "!"
    return wrapper


@shout
def hello(name):
    return "hello " + name


print(hello("li"))
print(hello.__name__)


def repeat(times):
    def deco(func):
        def wrapper(*args):
            return [func(*args) for _ in range(times)]
        return wrapper
    return deco


@repeat(3)
def ping(x): return "ping%d" % x


print(ping(7))


@shout
@repeat(2)
def both(x):
    return str(x)


try:
    both(1)
except AttributeError as e:
    print("AttributeError:", e)


def counted(func):
    def wrapper(*args):
        wrapper.calls += 1
        return func(*args)
    wrapper.calls = 0
    return wrapper


@counted
def add(a, b):
    return a + b


add(1, 2)
add(3, 4)
print("calls:", add.calls, "last:", add(5, 6), "now:", add.calls)

