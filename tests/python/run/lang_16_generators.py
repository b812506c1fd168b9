# Generator functions: yield, next(), StopIteration, return value, send().
def countdown(n):
    print("start", n)
    while n > 0:
        yield n
        n -= 1
    print("finished")


g = countdown(3)
print(type(g).__name__)
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration:
    print("StopIteration")

print(list(countdown(2)))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
print([next(f) for _ in range(10)])


def with_return():
    yield 1
    return "result"


g = with_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print("return value:", e.value)


def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value


acc = accumulator()
print(next(acc))
print(acc.send(5))
print(acc.send(10))
