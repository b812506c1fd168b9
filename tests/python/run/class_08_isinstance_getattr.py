# isinstance and issubclass with user classes, builtin classes, exceptions, tuples and threading.Thread;
# getattr (with and without a default), hasattr, setattr, and their TypeErrors.
import threading
import queue

class Base:
    kind = "base"
    def __init__(self):
        self.x = 1

class Child(Base):
    pass

class AppError(ValueError):
    pass

c = Child()
print(isinstance(c, Child), isinstance(c, Base), isinstance(c, object), isinstance(c, int))
print(isinstance(1, int), isinstance(True, int), isinstance(1, bool), isinstance(1.5, (int, float)), isinstance("s", str))
print(isinstance([], list), isinstance((), list), isinstance((), tuple), isinstance({}, dict), isinstance(None, object))
print(issubclass(Child, Base), issubclass(Base, Child), issubclass(bool, int), issubclass(AppError, ValueError), issubclass(AppError, Exception), issubclass(AppError, KeyError))
try:
    raise AppError("bad")
except Exception as e:
    print(isinstance(e, AppError), isinstance(e, ValueError), isinstance(e, LookupError), isinstance(e, Child))
try:
    {}["k"]
except Exception as e:
    print(isinstance(e, KeyError), isinstance(e, LookupError), isinstance(e, (TypeError, IndexError)))
t = threading.Thread(target=len)
print(isinstance(t, threading.Thread), isinstance(threading.Lock(), threading.Thread), isinstance(queue.Queue(), queue.Queue))
class Worker(threading.Thread):
    pass
print(isinstance(Worker(), threading.Thread), issubclass(Worker, threading.Thread))
print(getattr(c, "x"), getattr(c, "kind"), getattr(c, "nope", 42), hasattr(c, "x"), hasattr(c, "nope"))
setattr(c, "y", 5)
print(c.y, getattr(c, "y"))
for bad in [lambda: getattr(c, "nope"), lambda: isinstance(c, 5), lambda: issubclass(c, Base), lambda: getattr(c, 1), lambda: setattr(5, "x", 1)]:
    try:
        bad()
    except (AttributeError, TypeError) as e:
        print(type(e).__name__ + ":", e)
