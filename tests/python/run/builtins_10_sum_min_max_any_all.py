# sum, min, max with key and default, abs, round, divmod, any and all.
nums = [4, -9, 2, 7, -1]
print(sum(nums), sum(nums, 100), sum([]), sum([0.5, 0.25]), sum(range(5)))
print(min(nums), max(nums), min(nums, key=abs), max(nums, key=abs))
print(min("b", "a", "c"), max([1, 2], [1, 2, 0]), max("hello"))
print(min([], default="nothing"), max((), default=None))
words = ["pool", "barrier", "lock", "event"]
print(min(words), max(words), min(words, key=len), max(words, key=len))
print(max(words, key=lambda w: w[-1]))
print(abs(-3), abs(-2.5), abs(3 - 4j), abs(True))
print(round(2.567, 1), round(-0.5), round(12.5), round(13.5), round(1e-3, 2))
print(divmod(10, 3), divmod(-10, 3), divmod(10.5, 3))
print(sum([[1], [2, 3]], []), sum([True, True, False]))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
try:
    max(1, "2")
except TypeError as e:
    print("TypeError:", e)
try:
    max()
except TypeError as e:
    print("TypeError:", e)
print(any([]), all([]), any([0, "", None]), all([1, "x", [0]]), any({}), all({0: "x"}))
print(all(n % 2 == 0 for n in nums), any(n > 5 for n in nums))


def check(v):
    print("checking", v)
    return v > 2


print(any(check(v) for v in [1, 3, 5]))
print(all(check(v) for v in [3, 1, 5]))
