# contextlib.contextmanager: setup/teardown around yield, exceptions, yielded values.
import contextlib
import threading


@contextlib.contextmanager
def tag(name):
    print("<%s>" % name)
    yield name.upper()
    print("</%s>" % name)


with tag("p") as value:
    print("body", value)


@contextlib.contextmanager
def guarded(lock, label):
    lock.acquire()
    try:
        print("acquired for", label, lock.locked())
        yield
    except KeyError as e:
        print("handled inside the manager:", e)
    finally:
        lock.release()
        print("released for", label, lock.locked())


lock = threading.Lock()
with guarded(lock, "normal"):
    pass
with guarded(lock, "keyerror"):
    raise KeyError("k")
try:
    with guarded(lock, "valueerror"):
        raise ValueError("v")
except ValueError as e:
    print("escaped:", e)

with contextlib.suppress(ZeroDivisionError):
    1 / 0
print("suppressed")
with tag("a"), tag("b"):
    print("nested")
