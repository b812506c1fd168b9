# staticmethod, classmethod and property: through the instance, through the class, and their errors
import threading


class Counter:
    instances = 0
    lock = threading.Lock()

    def __init__(self, start=0):
        self._value = start
        Counter.instances += 1

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        if v < 0:
            raise ValueError("negative")
        self._value = v

    @value.deleter
    def value(self):
        print("deleting")
        self._value = 0

    @property
    def doubled(self):
        "twice the value"
        return self._value * 2

    @staticmethod
    def describe(x, y=1):
        return f"describe({x}, {y})"

    @classmethod
    def make(cls, *args):
        return cls(*args)

    @classmethod
    def count(cls):
        return cls.__name__, cls.instances

    def _get_limit(self):
        return self._value + 100

    def _set_limit(self, v):
        self._value = v - 100

    limit = property(_get_limit, _set_limit, doc="a limit")


class Sub(Counter):
    @property
    def value(self):
        return -self._value


c = Counter(3)
print(c.value, c.doubled)
c.value = 5
print(c.value, c.doubled, c.limit)
c.limit = 150
print(c.value)
del c.value
print(c.value)
print(Counter.describe(1), c.describe(2, y=3), Counter.describe(*[4, 5]))
m = Counter.make(7)
print(type(m).__name__, m.value, Counter.count(), c.count())
s = Sub.make(4)
print(type(s).__name__, s.value, Sub.count())
f = c.describe
print(f("a"))
g = Sub.make
print(g(9).value)
print(type(Counter.value).__name__, type(Counter.make).__name__)
print(Counter.doubled.__doc__, Counter.limit.__doc__)
print(Counter.value.fget(c), Counter.value.fset is not None, Counter.doubled.fset)
print(getattr(c, "doubled"), hasattr(c, "value"))
setattr(c, "value", 11)
print(c.value)

try:
    c.value = -1
except ValueError as e:
    print("ValueError:", e)
try:
    c.doubled = 4
except AttributeError as e:
    print("AttributeError:", e)
try:
    del c.doubled
except AttributeError as e:
    print("AttributeError:", e)
try:
    s.value = 1
except AttributeError as e:
    print("AttributeError:", e)


def worker(counter, n):
    for _ in range(n):
        with Counter.lock:
            counter.value += 1


box = Counter()
threads = [threading.Thread(target=worker, args=(box, 100)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("total", box.value, Counter.instances)
c.doubled = 1
