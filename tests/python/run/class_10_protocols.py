# __call__, __len__, __bool__, __contains__, __getitem__ and __setitem__ of user classes.
import threading


class Counter:
    def __init__(self):
        self.n = 0
        self.lock = threading.Lock()

    def __call__(self, step=1):
        with self.lock:
            self.n += step
        return self.n


count = Counter()
print(count(), count(5), callable(count), callable(Counter))
threads = [threading.Thread(target=count, args=(10,)) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("after threads", count.n)


class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __contains__(self, x):
        print("  contains?", x)
        return x in self.items

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        print("  set", i, v)
        self.items[i] = v


b = Bag(1, 2, 3)
print(len(b), bool(b), bool(Bag()), 2 in b, 9 not in b)
if Bag():
    print("empty bag is true?")
else:
    print("empty bag is false")
print(b[0], b[-1])
b[1] = 20
print(b.items, b[1])
x = b[2] if b else None
print("x", x, not b, not Bag(), b and "yes", Bag() or "fallback")


class Flag:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on


print(bool(Flag(True)), bool(Flag(False)), len([f for f in (Flag(1 == 1), Flag(False)) if f]))
while Flag(False):
    print("never")


class Seq:
    def __iter__(self):
        yield from (1, 2, 3)


print(2 in Seq(), 5 in Seq())


class BadLen:
    def __len__(self):
        return -1


class BadBool:
    def __bool__(self):
        return 1


for bad in (lambda: len(BadLen()), lambda: bool(BadBool()), lambda: 3 in object(), lambda: Flag(True)[0],
            lambda: Seq()(1)):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
