# Generators (next, send, for loops, comprehensions, list() of one, StopIteration and its value, an exception out of
# one), @contextmanager with try/finally around its yield (also around a Lock in threads), and list methods.
import contextlib
import threading
from contextlib import contextmanager

def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"

print([x for x in count(4)], sum(x for x in count(5)))
for v in count(3):
    print("v", v)
else:
    print("exhausted")
g = count(2)
print(next(g), next(g), next(g, "default"))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", repr(e.args))
h = count(1)
next(h)
try:
    next(h)
except StopIteration as e:
    print("returned", e.value if hasattr(e, "value") else e.args)

def echo():
    got = yield "ready"
    while True:
        got = yield "echo " + str(got)

e = echo()
print(next(e), e.send(1), e.send("two"))
try:
    echo().send(5)
except TypeError as err:
    print("TypeError:", err)

def evens(items):
    for x in items:
        if x % 2 == 0:
            yield x
print(list(evens([1, 2, 3, 4, 6])) if False else [y for y in evens([1, 2, 3, 4, 6])])

log = []

@contextlib.contextmanager
def tag(name):
    log.append("enter " + name)
    try:
        yield name.upper()
    finally:
        log.append("exit " + name)

with tag("a") as t:
    print("inside", t)
try:
    with tag("b"):
        raise ValueError("boom")
except ValueError as err:
    print("caught", err)
print(log)

@contextmanager
def locked(lock):
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()

lk = threading.Lock()
results = []
def work(i):
    with locked(lk):
        results.append(i)
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results), lk.locked())

def fails():
    yield 1
    raise KeyError("k")
fg = fails()
print(next(fg))
try:
    next(fg)
except KeyError as err:
    print("KeyError", err)
print(next(fg, "over"))

print(list(count(3)), tuple(count(2)), sorted(evens([6, 2, 4])), max(count(4)), list(enumerate(count(2))))
items = [3, 1, 2, 1]
items.extend([5, 4])
items.insert(0, 9)
items.remove(1)
print(items, items.index(2), items.count(1), items.pop(0), items.pop())
items.sort()
print(items)
items.sort(reverse=True)
print(items, items.copy(), (1, 2, 1).count(1), (1, 2).index(2))
items.reverse()
items.clear()
print(items)
try:
    [1].remove(7)
except ValueError as err:
    print("ValueError:", err)
try:
    [1].index(7)
except ValueError as err:
    print("ValueError:", err)
