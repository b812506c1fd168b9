# List, dict and set comprehensions and generator expressions.
nums = [3, 1, 4, 1, 5, 9, 2, 6]
print([n * n for n in nums])
print([n for n in nums if n % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[r * c for c in range(1, 4)] for r in range(1, 4)])
print(["even" if n % 2 == 0 else "odd" for n in nums[:4]])

words = ["thread", "process", "lock", "queue"]
lengths = {w: len(w) for w in words}
print(lengths)
print({v: k for k, v in lengths.items() if v > 4})
print(sorted({n % 4 for n in nums}))
print({len(w) for w in words} == {4, 5, 6, 7})

gen = (n * 10 for n in nums if n > 3)
print(type(gen).__name__)
print(next(gen), next(gen))
print(list(gen))
print(list(gen))
print(sum(n for n in range(101)))
print(max(len(w) for w in words))
print("".join(c.upper() for c in "abc"))

x = "outer"
squares = [x for x in range(3)]
print(x, squares)
matrix = [[1, 2], [3, 4], [5, 6]]
print([v for row in matrix for v in row])
print(list(zip(*matrix)))
