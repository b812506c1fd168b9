# Starred items in list, tuple and set displays ([*a, *b]), list.extend of any iterable (sets, ranges, generators, iterators, a class with __iter__), and their TypeErrors.
a = []
a.extend({3})
a.extend(range(2))
a.extend((x for x in "ab"))
a.extend(iter([9]))
a.extend({"k": 1})
a.extend(a)
print(a)
merged = [*range(3), *"ab", *[None]]
print(merged, (*merged[:2], 5), {*"aa", 1} == {"a", 1}, [*(x * x for x in range(3)), 0])
t = (*[], )
print(t, [*()], (1, *{2: 3}))
class Bag:
    def __iter__(self):
        return iter([7, 8])
print([*Bag()], (*Bag(),))
for bad in ("list", "tuple", "set", "extend"):
    try:
        if bad == "list": [*1]
        elif bad == "tuple": (*None,)
        elif bad == "set": {*5}
        else: a.extend(3)
    except TypeError as e:
        print(bad, e)
