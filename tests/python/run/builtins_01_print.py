# print(): several arguments, sep, end, flush, file, and no arguments.
import sys

print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=", ")
print("no newline", end="")
print(" <- continued")
print("x", end="|")
print("y", end="|\n")
print()
print(1, 2.5, None, True, [1, "s"], ("t",), {"k": "v"})
print("flushed", flush=True)
print("to stdout", file=sys.stdout)
print("to stderr", file=sys.stderr)
print(*range(5))
print(*"abc", sep="\n")
print("tab\tand\\backslash")
print("多", "字节", sep="·")
print("", "leading sep")
print("sep None", "uses space", sep=None, end=None)
print("end with two", end="\n\n")
print("last")
try:
    print("bad", sep=3)
except TypeError as e:
    print("TypeError:", e)
