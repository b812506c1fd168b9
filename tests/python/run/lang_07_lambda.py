# lambda expressions: as keys, stored in containers, called immediately.
square = lambda x: x * x
print(square(7))
print((lambda a, b=10: a + b)(1), (lambda a, b=10: a + b)(1, 2))

people = [("Ann", 31), ("bob", 25), ("Cid", 40), ("dee", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[0].lower()))

ops = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
}
for sym in ops:
    print(6, sym, 3, "=", ops[sym](6, 3))

print(list(map(lambda s: s.upper(), ["x", "y"])))
print(list(filter(lambda n: n % 3 == 0, range(10))))
no_args = lambda: "nothing"
print(no_args())
star = lambda *a, **k: (a, k)
print(star(1, 2, z=3))
print(square.__name__)
