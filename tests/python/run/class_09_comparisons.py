# Comparison methods: ==, !=, ordering, reflection, NotImplemented, sorting, min/max, in, hashing.
import functools


class Version:
    def __init__(self, major, minor):
        self.major, self.minor = major, minor

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return (self.major, self.minor) < (other.major, other.minor)

    def __repr__(self):
        return "v%d.%d" % (self.major, self.minor)


a, b, c = Version(1, 2), Version(1, 10), Version(1, 2)
print(a == c, a != c, a == b, a != b, a is c)
print(a < b, b > a, b < a, a > b)
print(a == 3, 3 == a, a != "x")
try:
    print(a <= b)
except TypeError as e:
    print("TypeError:", e)
try:
    print(a < 3)
except TypeError as e:
    print("TypeError:", e)
vs = [Version(2, 0), Version(1, 5), Version(1, 2), Version(3, 1), Version(1, 5)]
print(sorted(vs), sorted(vs, reverse=True))
print(min(vs), max(vs), vs.count(Version(1, 5)) if False else "-")
vs.sort()
print(vs, c in vs, Version(9, 9) in vs, Version(2, 0) not in vs)
print([a, b] == [c, b], (a, 1) == (c, 1), [a] < [b], (a, b) < (a, c))
pairs = [(Version(1, 0), "x"), (Version(0, 9), "y")]
print(sorted(pairs), max(pairs))
print(sorted(vs, key=lambda v: v), min(vs, key=lambda v: v))
try:
    {a: 1}
except TypeError as e:
    print("TypeError:", e)
try:
    s = {a}
except TypeError as e:
    print("TypeError:", e)


class Loud:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        print("  eq", self.n, "vs", getattr(other, "n", other))
        return isinstance(other, Loud) and self.n == other.n

    def __gt__(self, other):
        print("  gt", self.n, other.n)
        return self.n > other.n


x, y = Loud(1), Loud(2)
print(x == y)
print(x != y)
print(y < x)
print(x in [y, x], x in [Loud(1)])
print(NotImplemented, type(NotImplemented).__name__, bool(NotImplemented))


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, other):
        return self.cents == other.cents

    def __le__(self, other):
        return self.cents <= other.cents

    def __ge__(self, other):
        return self.cents >= other.cents


print(Money(5) <= Money(5), Money(3) >= Money(4), Money(1) == Money(1))
