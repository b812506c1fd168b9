# Bitwise operators, divmod, pow with a modulus, ord/chr, callable, hash of equal numbers, dict() and the
# dict methods, and augmented assignment changing a list, set or dict in place.
print(5 | 3, 5 & 3, 5 ^ 3, 1 << 10, -256 >> 3, ~5, ~-1, True | False, True & True, type(True ^ True).__name__)
flags = 0
for bit in (1, 4, 16):
    flags |= bit
flags &= ~4
print(flags, flags << 2)
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(7.5, 2), divmod(-7.5, 2))
print(pow(2, 10), pow(3, 200, 7), pow(-3, 3, 5), pow(2, -1.0))
print(ord("A"), ord("线"), chr(65), chr(32447), [chr(c) for c in range(97, 102)])
print(callable(len), callable(lambda: 0), callable(3), callable("x"), callable(divmod))
print(hash(1) == hash(1.0) == hash(True), {1: "a", 1.0: "b", True: "c"})
print(dict([("a", 1), ("b", 2)]), dict(x=1, y=2), dict({"k": 0}, extra=5), dict(zip("abc", range(3))))
d = {"a": 1}
d.update({"b": 2}, c=3)
d.update([("d", 4)])
print(d, d.setdefault("a", 9), d.setdefault("z", 26), d.pop("b"), d.pop("nope", None), d.popitem(), d)
e = d.copy()
e["new"] = 1
print(len(d), len(e), d == {"a": 1, "c": 3, "d": 4}, {1: [2]} == {1: [2]}, {1: 2} != {1: 3})
d.clear()
print(d, {(1, 2): "pair"}[(1, 2)], (1, 2) in {(1, 2): 0})
a = [1]
alias = a
a += (2, 3)
a += "xy"
s = {1}
same = s
s |= {2}
s -= {1}
s ^= {5, 2}
m = {"k": 1}
m2 = m
m |= {"j": 2}
print(alias, same, m2, {"p": 1} | {"q": 2})
t = (1,)
t2 = t
t += (2,)
print(t, t2)
try:
    {[1]: 2}
except TypeError as exc:
    print("TypeError:", exc)
try:
    print(1 << -1)
except ValueError as exc:
    print("ValueError:", exc)
try:
    ord("ab")
except TypeError as exc:
    print("TypeError:", exc)
try:
    chr(-1)
except ValueError as exc:
    print("ValueError:", exc)
try:
    divmod(1, 0)
except ZeroDivisionError as exc:
    print("ZeroDivisionError:", exc)
try:
    {1} | [2]
except TypeError as exc:
    print("TypeError:", exc)
try:
    dict([(1, 2, 3)])
except ValueError as exc:
    print("ValueError:", exc)
print(float("nan") == float("nan"), float("nan") > 1, max([1, float("nan")]), (2.5).is_integer(), (0.75).as_integer_ratio(), (255).bit_length())
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), " \t".isspace(), "ABC".isupper(), "abc1".islower(), "".isdigit())
