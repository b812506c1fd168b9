# *args and **kwargs in definitions, passing them on.
def total(*nums):
    print(type(nums).__name__, len(nums), nums)
    return sum(nums)


print(total())
print(total(1))
print(total(1, 2, 3))


def show(prefix, *args, **kwargs):
    print(prefix, args, kwargs)
    for key in kwargs:
        print("  %s=%r" % (key, kwargs[key]))


show("a")
show("b", 1, 2)
show("c", 1, x=10, y="why")
show("d", *range(3), **{"z": None})


def wrapper(*args, **kwargs):
    print("forwarding", len(args), "positional and", len(kwargs), "keyword")
    return show(*args, **kwargs)


wrapper("e", 5, flag=True)


def first_and_rest(first, *rest):
    return first, rest


print(first_and_rest("only"))
print(first_and_rest(1, 2, 3, 4))
