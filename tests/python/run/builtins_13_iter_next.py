# iter and next: default values, StopIteration, iterator classes, iter(callable, sentinel).
it = iter([1, 2])
print(next(it), next(it), next(it, "done"), next(it, None))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.args)
s = iter("ab")
print(list(s))
d = iter({"x": 1, "y": 2})
print(next(d), list(d))


class Countdown:
    def __init__(self, start):
        self.n = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


print(list(Countdown(4)))
for v in Countdown(2):
    print("v", v)
values = [3, 2, 1, 0, 5]
pos = iter(values)
print(list(iter(lambda: next(pos), 0)))
it = iter(range(5))
print(next(it), list(zip(it, it)))
r = range(3)
print(iter(r) is iter(r), iter(it) is it)
try:
    next([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    iter(5)
except TypeError as e:
    print("TypeError:", e)
