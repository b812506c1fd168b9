# Default parameter values, and the classic shared-mutable-default surprise.
def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct


print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cid", "Hey", "?"))


def scale(x, factor=2, offset=0.5):
    return x * factor + offset


print(scale(3), scale(3, 3), scale(3, 1, 0))


def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket


print(append_to(1))
print(append_to(2))
print(append_to(3, []))
print(append_to(4))


def safer(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket


print(safer(1), safer(2))
print(greet.__defaults__)
print(scale.__name__)
