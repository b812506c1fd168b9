# assert (passing and failing, with a message) and del on names, items, slices.
def check(n):
    assert n >= 0, "n must be non-negative, got %d" % n
    return n * 2


print(check(4))
try:
    check(-1)
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert 1 == 2
except AssertionError as e:
    print("bare assert args:", e.args)

a = [0, 1, 2, 3, 4, 5, 6]
del a[0]
print(a)
del a[1:3]
print(a)
del a[::2]
print(a)

d = {"x": 1, "y": 2, "z": 3}
del d["y"]
print(d)
try:
    del d["nope"]
except KeyError as e:
    print("KeyError", e)

name = "temp"
del name
try:
    print(name)
except NameError as e:
    print("NameError:", e)


class Box:
    pass


b = Box()
b.v = 1
b.w = 2
del b.v
print(hasattr(b, "v"), hasattr(b, "w"))
x, y = 1, 2
del x, y
print("x" in dir(), "y" in dir())
