# enumerate, zip, map and filter.
names = ["ann", "bob", "cid"]
for i, name in enumerate(names):
    print(i, name)
for i, name in enumerate(names, start=1):
    print(i, name, end="; ")
print()
print(list(enumerate("ab")), type(enumerate([])).__name__)
ages = [31, 25]
print(list(zip(names, ages)), list(zip(names, ages, "xyz")), list(zip()))
print(dict(zip(names, ages)))
pairs = [(1, "a"), (2, "b")]
nums, letters = zip(*pairs)
print(nums, letters)
try:
    list(zip(names, ages, strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(map(len, names)), list(map(pow, [2, 3], [3, 2])), list(map(str.upper, "ab")))
print(list(filter(None, [0, 1, "", "x", None, []])), list(filter(str.isdigit, "a1b2")))
m = map(lambda x: x * 10, range(3))
print(type(m).__name__, next(m), list(m), list(m))
for i, (n, a) in enumerate(zip(names, ages)):
    print("%d: %s is %d" % (i, n, a))
