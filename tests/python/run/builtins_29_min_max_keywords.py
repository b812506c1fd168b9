# min() and max() with key= and default=, over one iterable or several arguments, and their TypeErrors and ValueError.
nums = [4, -9, 2, 7, -1]
print(min(nums, key=abs), max(nums, key=abs), min(3, -5, 2, key=abs), max(3, -5, 2, key=lambda x: -x))
print(min([], default="nothing"), max((), default=None), max([1, 5], default=0), min([], key=abs, default=-1))
print(max((x * x for x in range(4)), default=0), min("bca", key=ord))
words = ["pool", "barrier", "lock", "event"]
print(min(words, key=len), max(words, key=len))
try:
    min(1, 2, default=0)
except TypeError as e:
    print(e)
try:
    max([], foo=1)
except TypeError as e:
    print(e)
try:
    min(key=abs)
except TypeError as e:
    print(e)
try:
    min([], key=abs)
except ValueError as e:
    print(e)
print(max([3, 1], key=None))
