# Slicing lists, strings and tuples, including negative indices and steps.
s = "multiprocessing"
print(s[0], s[-1], s[5:12], s[:5], s[5:], s[-4:])
print(s[::2], s[::-1], s[10:2:-2], s[100:], repr(s[5:5]))
nums = list(range(10))
print(nums[2:8:3], nums[-3:], nums[:-7], nums[::-3])
print(nums[-100:3], nums[8:100])
t = (1, 2, 3, 4)
print(t[1:3], type(t[1:3]).__name__)

copy = nums[:]
copy[0] = 99
print(nums[0], copy[0])
nums[2:5] = ["a", "b"]
print(nums)
nums[1:1] = [7, 7, 7]
print(nums)
nums[::2] = [0] * len(nums[::2])
print(nums)
try:
    nums[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)

sl = slice(1, 4)
print("abcdef"[sl], sl.start, sl.stop, sl.step)
print(slice(None, None, -1).indices(5))
try:
    "abc"[5]
except IndexError as e:
    print("IndexError:", e)
print("abc"[-3], [1, 2, 3][-1])
