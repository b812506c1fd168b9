# while loops with break, continue and else.
n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("n =", n)
else:
    print("loop ended normally, n =", n)

items = [4, 8, 15, 16, 23, 42]
i = 0
while i < len(items):
    if items[i] % 2 == 1:
        print("first odd", items[i], "at", i)
        break
    i += 1
else:
    print("no odd number")

i = 0
while i < 3:
    i += 1
else:
    print("else runs when the condition becomes false, i =", i)

count = 0
while True:
    count += 1
    if count > 3:
        break
print("count", count)

stack = [1, 2, 3]
while stack:
    print("pop", stack.pop())
print("empty", stack)

k = 10
while k:
    k -= 3
    if k < 0:
        break
else:
    print("not printed")
print("k", k)
