# enumerate and zip as CPython's lazy iterators; zip(strict=True); print(*items); str.lower as a value.
def gen(n):
    for i in range(n):
        print("  gen gives", i)
        yield i * i


e = enumerate(gen(3), 1)
print(type(e).__name__, next(e))
for i, v in e:
    print("got", i, v)
words = ["Pear", "apple", "Fig"]
print(sorted(words, key=str.lower), list(map(str.upper, words)), str.lower)
it = iter(words)
next(it)
print(list(enumerate(it)), list(enumerate("ab", start=5)), list(enumerate({"k": 1, "j": 2})))
for lengths in ([3, 3, 2], [3, 4, 2], [2, 2, 3], [2, 3], [3, 2]):
    try:
        list(zip(*[range(n) for n in lengths], strict=True))
    except ValueError as e:
        print("ValueError:", e)
print(list(zip([1, 2], "ab", strict=True)))
rows = [(1, "a", True), (2, "b", False)]
print(*rows)
print(*zip(*rows), sep=" | ", end=" <end>\n")
print(*[], "only", *"xy")
try:
    str.upper(5)
except TypeError as e:
    print("TypeError:", e)
m = map(abs, [-1, -2])
print(type(m).__name__, type(filter(None, [])).__name__, type(zip(gen(0))).__name__, list(m))
