# A set iterates in its hash table's order, which CPython's probing, growth and dummies decide: a thousand
# pseudo-random adds, discards and operations on sets of ints, strings and tuples, printed as they stand.
state = 12345


def rand(n):
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return state % n


def key(kind):
    if kind == 0:
        return rand(200) - 50
    if kind == 1:
        return "k" + str(rand(60))
    return (rand(5), rand(5))


for kind in range(3):
    a, b = set(), set()
    for step in range(400):
        op = rand(10)
        if op < 5:
            a.add(key(kind))
        elif op < 7:
            a.discard(key(kind))
        elif op < 9:
            b.add(key(kind))
        else:
            b.discard(key(kind))
        if step % 50 == 49:
            print(kind, step, len(a), len(b))
            print(a)
            print(b)
            print(a | b)
            print(a & b)
            print(a - b)
            print(b - a)
            print(a ^ b)
            print(a.union(b, {key(kind)}), a.intersection(b, a))
    c = set(a)
    c.update(b)
    c -= {key(kind), key(kind)}
    c &= a | b
    c ^= {key(kind)}
    print(c, c == (c | set()), frozenset(c) == c)
    while len(c) > 3:
        c.pop()
    print(c)
print({3, 1, 2, -7, 100, 33, 17}, {"x", "y", "zz", "w"}, {(1, 2), (2, 1), (0, 0)})
print({n * 37 % 101 for n in range(60)})
print(hash(frozenset({1, 2, 3})), hash((1, "a", 2.5)), hash(-1), hash(2 ** 62), hash(0.1), hash(-2.5e100))
