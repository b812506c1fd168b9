# str methods that search with start and end, lay text out, and take it apart; repr of strings inside containers
s = "Hello, World"
print("[" + "mid".center(9) + "]", "[" + "mid".center(10, "*") + "]", "[" + "ab".center(5, "-") + "]", "[" + "abc".center(6) + "]")
print("[" + "l".ljust(4) + "]", "[" + "r".rjust(4, ".") + "]", "7".zfill(3), "-7".zfill(4), "+3".zfill(1), "线".center(5, "程"))
print(s.title(), "hello world's end".title(), s.capitalize(), "aBc".swapcase(), "ABC".casefold(), s.istitle(), "Hello World".istitle())
print(s.partition(", "), s.rpartition("o"), s.partition("zz"), s.rpartition("zz"))
print("a,b,c".rsplit(",", 1), "a b  c ".rsplit(), " a b c".rsplit(None, 1), "a,b".rsplit(","), "x".rsplit("x"))
print("l1\nl2\r\nl3\r".splitlines(), "l1\nl2\n".splitlines(True), "".splitlines(), "a\n\nb".splitlines())
print("a\tbc\td".expandtabs(), "a\tb".expandtabs(4), s.removeprefix("Hello"), s.removesuffix("World"), s.removeprefix("x"))
print(s.find("o"), s.rfind("o"), s.find("o", 5), s.find("o", 5, 8), s.index("W"), s.rindex("l"), s.count("l"), s.count("l", 4), s.count(""))
print(s.startswith("Hell"), s.startswith(("x", "He")), s.endswith("ld"), s.endswith("lo", 0, 5), s.startswith("W", 7), "线程安全".find("安"))
print("abc".isascii(), "线".isascii(), "a b".isprintable(), "a\n".isprintable(), "_x1".isidentifier(), "1x".isidentifier())
try:
    s.index("zz")
except ValueError as e:
    print(e)
try:
    "x".center(5, "ab")
except TypeError as e:
    print(e)
try:
    "x".partition("")
except ValueError as e:
    print(e)
try:
    s.startswith(1)
except TypeError as e:
    print(e)
print(repr("a\nb"), ["a\nb"], ("\t",), {"k": "\r"})
x = "l1\nl2\n".splitlines(True)
print(x, repr(x[0]))
print("a b c ".split(None, 1), "  a b".split(maxsplit=1), repr("it's"), ["q\"x"])
