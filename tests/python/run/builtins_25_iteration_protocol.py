# The iteration protocol: iterator classes, __iter__ as a generator, iter() of every builtin, and the
# builtins that take any iterable.
import threading


class Deck:
    def __init__(self, cards):
        self.cards = list(cards)

    def __iter__(self):
        for c in self.cards:
            yield c


class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __iter__(self):
        print("  __iter__ called")
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i * 10


class Wrapped:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)


deck = Deck("AKQ")
print(list(deck), tuple(deck), sorted(deck), set(deck) == {"A", "K", "Q"})
print(sum(Ticker(3)), max(Ticker(4)), min(Wrapped([5, 3, 9])))
print(any(Ticker(2)), all(Wrapped([1, 0])), list(enumerate(Deck("xy"))))
print(list(map(lambda c: c * 2, Deck("ab"))))
print(list(filter(None, Wrapped([0, 1, 2, 0, 3]))), ", ".join(Deck("pqr")))
print(dict(zip(Deck("ab"), Ticker(2))))
for a, b in zip(Ticker(2), Wrapped(["x", "y", "z"])):
    print("pair", a, b)
print([c for c in Deck("ij")], {c: 1 for c in Wrapped("k")})

t = Ticker(3)
it = iter(t)
print(it is t, next(it), next(it), next(it), next(it, "end"))
try:
    next(it)
except StopIteration:
    print("exhausted")

for x in [[1, 2], (3, 4), "ab", {"k": 1}, {7}, range(2)]:
    i = iter(x)
    print(type(i).__name__, next(i), list(i))
i = iter([1, 2, 3, 4])
next(i)
for v in i:
    print("rest", v)
    if v == 3:
        break
print("after break", list(i))


class Bad:
    def __iter__(self):
        return [1, 2]


try:
    for v in Bad():
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    iter(5, 6)
except TypeError as e:
    print("TypeError:", e)


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.seen = []

    def __iter__(self):
        return iter(self.seen)


c = Counter()


def work(name):
    for k in range(3):
        with c.lock:
            c.seen.append((name, k))


ts = [threading.Thread(target=work, args=(n,)) for n in "ab"]
for th in ts:
    th.start()
for th in ts:
    th.join()
print(len(list(c)), sorted(c)[:2])
