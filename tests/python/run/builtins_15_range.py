# range: arguments, len, indexing, slicing, membership, repr, equality.
print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)), list(range(5, 0, -1)))
print(list(range(0)), list(range(5, 2)), list(range(-3, 3)), list(range(10, 0, -4)))
r = range(3, 30, 4)
print(r, len(r), r[0], r[-1], r[2:4], r[::-1])
print(10 in r, 11 in r, r.index(15), r.count(7))
print(range(0, 3) == range(3), range(0) == range(5, 5), repr(range(1, 2, 3)))
print(sum(range(1, 101)), max(range(7)), min(range(3, 8)))
for i in range(3):
    print("iteration", i)
print(list(range(-1, -10, -3)), len(range(0, 100, 7)))
try:
    range(1, 5, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
try:
    range(3)[5]
except IndexError as e:
    print("IndexError:", e)
print(type(range(1)).__name__, bool(range(0)), bool(range(1)))
