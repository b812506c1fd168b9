# None and bool: identity, printing, arithmetic on bools, functions returning None.
def nothing():
    pass


def maybe(flag):
    if flag:
        return "something"


result = nothing()
print(result, repr(result), str(result), result is None, result == None)
print(maybe(True), maybe(False))
print(type(None).__name__, type(True).__name__, bool.__name__)
print(True, False, True + 1, True * 3, False * 5, True / 2)
print(True == 1, False == 0, True is not None, int(True), str(False))
print(1 if None else 2, [] == False, not [], bool(None))
print(sum([True, False, True]), [True, False].count(True))
print(True and "yes", False or "no", None and 1, None or 0)
print(repr(print("inside")))
values = [0, None, False, "", 0.0]
print([v for v in values if v is not None])
print(sorted([True, False, True]), max(False, True), min(0, False))
print(hash(None) == hash(None), hash(True), hash(False), hash(1) == hash(True))
print(f"{True:d} {False!r} {None}")
x = None
x = x or "default"
print(x)
