# Slice assignment and deletion on lists: a[i:j] = it (any length), extended slices (the same length), del a[i:j] and del a[::k], and their errors.
nums = list(range(8))
nums[2:5] = ["a", "b"]
print(nums)
nums[1:1] = [7, 7, 7]
print(nums)
nums[::2] = "vwxyz"
print(nums)
del nums[1:3]
print(nums)
del nums[::3]
print(nums)
nums[-2:] = ()
print(nums)
nums[5:2] = [0]
print(nums)
nums[:] = nums
print(nums)
del nums[:]
print(nums)
a = [1, 2, 3, 4]
a[::-1] = [9, 8, 7, 6]
print(a)
del a[::-2]
print(a)
for bad in ["t", "s", "ext", "it", "step"]:
    try:
        if bad == "t":
            (1, 2)[0:1] = [3]
        elif bad == "s":
            x = "abc"
            del x[0:1]
        elif bad == "ext":
            a[::2] = [1, 2, 3]
        elif bad == "it":
            a[0:1] = 5
        else:
            a[::0] = []
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
