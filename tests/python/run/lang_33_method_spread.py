# *args and **kwargs spread into method calls: a user class's methods, a Thread subclass calling its stored
# function, and the builtin and simulated objects' methods
import queue
import threading


class Worker(threading.Thread):
    def __init__(self, func, *args, **kwargs):
        super().__init__()
        self.func, self.args, self.kwargs = func, args, kwargs

    def run(self):
        self.result = self.func(*self.args, **self.kwargs)


class Calc:
    def add(self, a, b, scale=1):
        return (a + b) * scale

    @staticmethod
    def mul(a, b):
        return a * b

    @classmethod
    def name(cls, *rest):
        return cls.__name__ + str(rest)


c = Calc()
print(c.add(*[1, 2]), c.add(*(1,), **{"b": 5, "scale": 2}), Calc.mul(*[3, 4]), c.name(*"ab"))
w = Worker(c.add, 2, 3, scale=10)
w.start()
w.join()
print(w.result)
items = []
items.append(*[7])
items.extend(*[[8, 9]])
print(items)
d = {}
d.update(**{"x": 1})
print(d)
q = queue.Queue()
q.put(*[5], **{"block": True})
print(q.get(*[], timeout=1))
print("-".join(*[["a", "b"]]), "{}+{}".format(*[1, 2]), "{a}".format(**{"a": 3}))
s = {1}
s.add(*[2])
print(sorted(s))
try:
    c.add(*[1])
except TypeError as e:
    print(e)
try:
    items.append(*[1, 2])
except TypeError as e:
    print(e)
ev = threading.Event()
print(ev.wait(*[0.01]))
