# Tuple unpacking, swapping, starred assignment, nested targets.
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "abc"
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
first, *rest = [10, 20, 30, 40]
print(first, rest)
*init, last = range(5)
print(init, last)
head, *middle, tail = "python"
print(head, middle, tail)
one, *empty = [1]
print(one, empty)

for name, (lo, hi) in [("a", (0, 1)), ("b", (2, 3))]:
    print(name, lo + hi)

try:
    m, n = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    m, n, o = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    m, n = 5
except TypeError as e:
    print("TypeError:", e)

merged = [*range(3), *"ab", *[None]]
print(merged)
d1 = {"a": 1, "b": 2}
d2 = {**d1, "b": 3, "c": 4}
print(d2)
print(*[1, 2, 3], sep="-")
i = j = k = 0
j += 1
print(i, j, k)
data = [1, 2]
data[0], data[1] = data[1], data[0]
print(data)
