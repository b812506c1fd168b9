# isinstance / issubclass with classes, tuples of classes and built-in types.
class Base:
    pass


class Mid(Base):
    pass


class Leaf(Mid):
    pass


class Other:
    pass


leaf = Leaf()
print(isinstance(leaf, Leaf), isinstance(leaf, Mid), isinstance(leaf, Base))
print(isinstance(leaf, object), isinstance(leaf, Other))
print(isinstance(leaf, (Other, Mid)), isinstance(Base(), (Mid, Leaf)))
print(issubclass(Leaf, Base), issubclass(Base, Leaf), issubclass(Leaf, Leaf))
print(issubclass(Leaf, (Other, Base)))
print(isinstance(True, int), isinstance(1, bool), isinstance(1.0, int))
print(isinstance("s", str), isinstance(b"s", str), isinstance(None, type(None)))
print(isinstance([], (list, tuple)), isinstance((), list))
print(issubclass(bool, int), issubclass(int, object), issubclass(KeyError, LookupError))
print(type(leaf) is Leaf, type(leaf) is Mid, type(leaf) == Leaf)
print(isinstance(Leaf, type), type(Leaf).__name__)
try:
    isinstance(leaf, "Leaf")
except TypeError as e:
    print("TypeError:", e)
try:
    issubclass(leaf, Base)
except TypeError as e:
    print("TypeError:", e)


def kind(x):
    if isinstance(x, bool):
        return "bool"
    elif isinstance(x, int):
        return "int"
    elif isinstance(x, (list, tuple)):
        return "sequence of %d" % len(x)
    return type(x).__name__


print([kind(v) for v in [True, 3, [1], (1, 2), "s", 2.5, None]])
