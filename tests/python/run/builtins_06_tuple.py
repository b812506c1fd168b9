# Tuples: literals, the one-element comma, immutability, methods, comparisons.
empty = ()
single = (5,)
not_tuple = (5)
print(empty, single, not_tuple, type(single).__name__, type(not_tuple).__name__)
t = 1, 2, 3
print(t, len(t), t[0], t[-1], t[1:])
print(t + (4,), t * 2, (1, 2) < (1, 3), 2 in t)
print(t.count(2), t.index(3), tuple("ab"), tuple([1, [2]]))
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
holder = ([1], 2)
holder[0].append(99)
print(holder)
point = (3, 4)
x, y = point
print(x * y, max(point), sorted((3, 1, 2)))
pairs = [(2, "b"), (1, "z"), (2, "a")]
print(sorted(pairs), min(pairs), max(pairs))
print(("x",) * 3, (), (1,) == (1,), () == (), repr((None,)))
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "tuple key"}[(1, 2)])
print(tuple(i * i for i in range(4)), tuple())
try:
    t.index(8)
except ValueError as e:
    print("ValueError:", e)
