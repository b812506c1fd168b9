# Starred assignment targets (a, *rest = ...), also in for loops, dict comprehensions, and del of names, dict keys
# and list items, with the errors CPython raises for each.
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = (5, 6, 7)
print(init, last)
a, *mid, b = [1, 2]
print(a, mid, b)
for x, *ys in [(1, 2, 3), (4,)]:
    print(x, ys)
try:
    p, *q, r = [1]
except ValueError as e:
    print("ValueError:", e)
squares = {n: n * n for n in range(4) if n != 2}
print(squares)
inv = {v: k for k, v in squares.items()}
print(inv)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
items = [1, 2, 3]
del items[0], items[-1]
print(items)
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)
print(f())
try:
    del (1, 2)[0]
except TypeError as e:
    print("TypeError:", e)
