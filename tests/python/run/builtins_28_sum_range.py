# sum() over a range is one C call in CPython: its result and its errors, forms with one, two and three arguments.
print(sum(range(100)), sum(range(5, 50, 7)), sum(range(10, 0, -3)), sum(range(0)), sum(range(-5)))
print(sum(range(True, 5)), sum(range(-10, 10)), sum(range(10, -10, -1)))
print(sum(range(3_000_000)), sum(range(-1_000_000, 0, 3)))
n = 7
print(sum(range(n * 2)), sum(range(n, n * 3, n)), sum(range(1, n)) == n * (n - 1) // 2)
for bad in (1.5, "3", None):
    try:
        sum(range(bad))
    except TypeError as e:
        print("TypeError:", e)
try:
    sum(range(1, 5, 0))
except ValueError as e:
    print("ValueError:", e)
print(sum(range(4), 10), sum(range(3), 0.5))
