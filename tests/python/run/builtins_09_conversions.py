# Conversions between types: int, float, str, bool, list, tuple, dict, set, repr.
print(int("12") + 1, float("1.5") * 2, str(3) + "3")
print(bool(0), bool(1), bool(-1), bool(""), bool("False"), bool([]), bool([0]), bool(None))
print(list("hi"), tuple("hi"), sorted(set("hello")), dict([("k", 1)]))
print(list({"a": 1, "b": 2}.values()), tuple(range(3)))
print(str(1.0), str(10 ** 20), str(True), str([1, "a"]), str((1,)))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\t"), repr("nl\n"))
print(repr(1), repr(1.5), repr(None), repr([1, "1"]), repr({"a": 'b'}))
print(int(float("2.7")), float(int("3")), int(bool(5)))
print(str(b"bytes"), bytes([65, 66]), list(b"AB"), bytearray(b"x"))
print(type(int("5")).__name__, type(str(5)).__name__, type(5 / 1).__name__)
print(int("0"), int("-0"), int("+5"), float("-0"), float(".5"), float("5."))
print(chr(65) + str(65), ascii("线"), bin(10), oct(10), hex(255))
print(list(map(int, "1 2 3".split())), [float(x) for x in ["1", "2.5"]])
for bad in ["3.5", "", "1e3", "五"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
try:
    int("12", 1)
except ValueError as e:
    print("ValueError:", e)
print(int("٣"), float("١.٥"))
