# Containers that hold themselves: repr and str show [...] / {...} / (...) where they recur, as CPython's
# Py_ReprEnter makes them; a list is equal to itself item by item (the same object is equal).
items = [5, 3, 8]
items.append(items)
print(items, str(items), len(items), items[3] is items)
print(f"{items}", "%s" % (items,), "{}".format(items))
d = {"a": 1}
d["self"] = d
print(d, d["self"]["self"]["a"])
t = ([],)
t[0].append(t)
print(t)
outer = [1, [2, items], {"d": d}]
print(outer)
print(items == items, items in [items], d == d)
items.remove(items)
print(items)
