# Sets: operations, methods, membership. Printed sorted except for small ints.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([9]), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print({1, 2} <= a, {1, 2} < {1, 2}, a >= {4}, a.isdisjoint({7, 8}))
s = set()
print(s, len(s), type({}).__name__)
s.add(3)
s.add(1)
s.add(3)
print(s, 3 in s, 2 in s)
s.update([5, 0])
s.discard(42)
s.remove(5)
print(s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError:", e)
words = {"lock", "queue", "event", "lock"}
print(len(words), sorted(words))
print(sorted(set("mississippi")), sorted({w[0] for w in words}))
print(set([3, 3, 1, 2, 2]), frozenset([2, 1]) == {1, 2})
print(sorted(words - {"queue"}))
dedup = []
seen = set()
for x in [3, 1, 3, 2, 1]:
    if x not in seen:
        seen.add(x)
        dedup.append(x)
print(dedup)
p = {7}
print(p.pop(), p)
try:
    p.pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
