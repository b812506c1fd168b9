# map() and filter() are lazy: each item is made when the loop asks for it; functools.reduce folds.
import functools

calls = []


def traced(x):
    calls.append(x)
    return x * 2


m = map(traced, [1, 2, 3])
print(calls)
print(next(m), calls)
for v in m:
    print("item", v, calls)
print(list(map(str, range(3))), list(map(pow, [2, 3, 4], [3, 2, 1])), list(map(lambda a, b: a + b, "ab", "cde")))
print(list(filter(None, [0, 1, "", "x", [], [0], None])), list(filter(lambda n: n % 3 == 0, range(10))))
print(sum(map(len, ["ab", "cde"])), "-".join(map(str, [1, 2])), sorted(map(abs, [-3, 1, -2])), max(map(abs, [-7, 2])))
print(set(filter(lambda ch: ch.isdigit(), "a1b2c3")) == {"1", "2", "3"}, dict(map(lambda k: (k, k * k), range(3))))
print(functools.reduce(lambda a, b: a * b, range(1, 6)), functools.reduce(lambda a, b: a + b, [], 10))
print(functools.reduce(lambda a, b: a if a > b else b, [3, 9, 2]))
try:
    functools.reduce(lambda a, b: a, [])
except TypeError as e:
    print("TypeError:", e)
try:
    list(map(len, [1]))
except TypeError as e:
    print("TypeError:", e)
