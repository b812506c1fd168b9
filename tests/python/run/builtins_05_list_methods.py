# list methods: append/extend/insert/pop/remove/index/count, sort with key, copy, aliasing.
items = [5, 3, 8]
items.append(1)
items.extend([9, 2])
items.insert(0, 7)
items.insert(100, 0)
print(items, len(items))
print(items.pop(), items.pop(0), items)
items.remove(8)
print(items, items.index(9), items.count(3))
items.sort()
print(items)
items.sort(reverse=True)
print(items)
items.reverse()
print(items)
words = ["Banana", "apple", "cherry", "Apple"]
words.sort()
print(words)
words.sort(key=str.lower)
print(words)
words.sort(key=len, reverse=True)
print(words)
copy = items.copy()
copy.append("x")
print(items, copy)
items.clear()
print(items, bool(items))
nested = [[0] * 3 for _ in range(2)]
nested[0][0] = 1
alias = [[0] * 3] * 2
alias[0][0] = 1
print(nested, alias)
print([1, 2] + [3], [0] * 4, [1, 2] == [1, 2], [3] in [[3], 4])
print(list("abc"), list(range(3)), list((1, 2)), list({"a": 1}))
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1].remove(2)
except ValueError as e:
    print("ValueError:", e)
try:
    [1, 2].index(3)
except ValueError as e:
    print("ValueError:", e)
