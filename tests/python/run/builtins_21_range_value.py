# range() as a value: its repr, len, indexing, slicing (a range), in, iteration, and its errors.
r = range(2, 10, 3)
print(r, list(r), len(r), r[1], 5 in r, 6 in r, range(4), range(0, 5, 1))
for i in r:
    print(i)
print([x * 2 for x in range(3)], sum(range(5)), tuple(range(3)), sorted(range(3), reverse=True))
nums = range(5)
print(nums[-1], list(reversed(nums)), max(nums), type(nums).__name__)
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
