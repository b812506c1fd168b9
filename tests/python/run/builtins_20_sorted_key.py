# sorted(key=, reverse=), min/max(key=) and list.sort(key=, reverse=): the key function called on every item, stable
# order, and the errors of keys that do not compare and of an empty sequence.
words = ["banana", "Apple", "cherry", "date", "fig"]
print(sorted(words, key=len), sorted(words, key=len, reverse=True), sorted(words, reverse=True))
print(sorted(words, key=lambda w: w.lower()), min(words, key=len), max(words, key=len))
scores = {"li": 3, "wang": 9, "zhang": 5}
print(sorted(scores.items(), key=lambda kv: kv[1]), max(scores, key=lambda k: scores[k]))
print(sorted([x * x for x in range(5)], key=lambda v: -v))
items = [(2, "b"), (1, "z"), (2, "a"), (1, "y")]
items.sort(key=lambda p: p[0])
print(items)
items.sort(key=lambda p: p[1], reverse=True)
print(items)
try:
    sorted([1, "a"], key=lambda v: v)
except TypeError as e:
    print("TypeError:", e)
try:
    min([], key=len)
except ValueError as e:
    print("ValueError:", e)
