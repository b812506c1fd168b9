# sorted and reversed: keys, reverse, stability; list.sort versus sorted.
data = [5, 2, 9, 1, 5, 6]
print(sorted(data), data)
print(sorted(data, reverse=True))
print(sorted("Threading"), sorted("Threading", key=str.lower))
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items()))
print(sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))
records = [("ann", 3), ("bob", 1), ("cid", 3), ("dee", 2)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: r[1], reverse=True))
print(sorted(records, key=lambda r: (-r[1], r[0])))
print(list(reversed(data)), list(reversed("abc")), list(reversed(range(4))))
r = reversed([1, 2, 3])
print(next(r), list(r), list(r))
print("".join(sorted("cab")), sorted([3, 1.5, 2]), sorted([], reverse=True))
print(sorted([[2, 1], [1, 2], [1]]), sorted([(1, "b"), (1, "a")]))
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
