# yield from: delegating to sub-generators and iterables, and its value.
def inner(tag):
    yield tag + "1"
    yield tag + "2"
    return tag + "-done"


def outer():
    result = yield from inner("a")
    print("inner returned", result)
    yield from range(3)
    yield from "xy"
    yield "end"


print(list(outer()))


def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


print(list(flatten([1, [2, [3, [4, 5]], 6], [[7]]])))


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain([1, 2], (3,), {"k": 0})))


def echo():
    while True:
        got = yield
        print("echo got", got)


def relay():
    yield from echo()


r = relay()
next(r)
r.send("hello")
r.send("world")
r.close()
print("closed")
