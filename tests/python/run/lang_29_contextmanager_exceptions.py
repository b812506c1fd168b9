# @contextmanager generators that catch, convert or let through the with block's exception (thrown in at the
# yield), and the traceback of one that passes through.
import contextlib


@contextlib.contextmanager
def guard(name):
    print("enter", name)
    try:
        yield name.upper()
    except KeyError as e:
        print("guard caught", repr(e))
    finally:
        print("leave", name)


@contextlib.contextmanager
def reraiser():
    try:
        yield
    except ValueError:
        print("saw it, raising another")
        raise RuntimeError("converted")


@contextlib.contextmanager
def plain():
    yield 1
    print("after yield (only on success)")


with guard("a") as g:
    print("body", g)
with guard("b"):
    {}["missing"]
print("after b")
try:
    with guard("c"):
        raise ValueError("not caught by guard")
except ValueError as e:
    print("outside caught", e)
try:
    with reraiser():
        raise ValueError("x")
except RuntimeError as e:
    print("RuntimeError", e, "context", repr(e.__context__))
try:
    with plain():
        raise IndexError("i")
except IndexError as e:
    print("IndexError", e)


def deep():
    with plain():
        1 / 0


deep()
