# dict: insertion order, get/setdefault/pop/update, views, iteration, fromkeys.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d), list(d))
print(d.get("a"), d.get("zz"), d.get("zz", 0), "a" in d, 1 in d)
print(d.setdefault("a", 100), d.setdefault("e", 5), d)
print(d.pop("e"), d.pop("zz", "gone"), d)
d.update({"a": 10, "f": 6})
d.update(g=7)
print(d)
print(d.keys(), d.values(), d.items())
print(list(d.items())[0], sorted(d), sorted(d.values(), reverse=True))
for k, v in d.items():
    if v > 6:
        print("big", k, v)
print(d.popitem(), d)
del d["b"]
print(d)
print(dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict(zip("pq", [7, 8])))
print(dict.fromkeys(["k1", "k2"], 0), dict.fromkeys("ab"))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print({1: "int", 1.0: "float"}, {True: "t", 1: "one"})
merged = {"a": 1} | {"b": 2, "a": 3}
print(merged, {"x": [1]} == {"x": [1]})
c = d.copy()
c["new"] = 1
print("new" in d, "new" in c)
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e)
try:
    for k in d:
        d["added"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
