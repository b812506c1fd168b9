# Chained comparisons, in / not in, is / is not, and comparison of sequences.
x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 < 6)
print(1 == 1.0 == True, 2 != 3 != 2)
print("a" < "b" < "ba", [1, 2] < [1, 3], (1, 2) < (1, 2, 0))
print(3 > 2 > 1, 3 > 2 == 2)


def noisy(v):
    print("eval", v)
    return v


print(noisy(1) < noisy(0) < noisy(2))

print("lo" in "hello", "z" not in "hello")
print(3 in [1, 2, 3], 4 in (1, 2), "k" in {"k": 1}, 1 in {"k": 1})
print(2 in range(0, 10, 2), 3 in range(0, 10, 2))
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, type(None).__name__)
value = None
if value is None:
    print("value is None")
print(True is not False)
try:
    print(1 < "a")
except TypeError as e:
    print("TypeError:", e)
print(max("apple", "Apple"), "Z" < "a")
