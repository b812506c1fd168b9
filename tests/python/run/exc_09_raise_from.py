# Uncaught raise ... from: both tracebacks and "direct cause" line.
class LoadError(Exception):
    pass


def load(text):
    try:
        return int(text)
    except ValueError as e:
        raise LoadError("cannot load %r" % text) from e


print(load("5"))
print(load("five"))
