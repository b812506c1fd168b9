# Binding a call's arguments when it runs: keywords, defaults, *args, **kwargs, keyword-only parameters, f(*a, **k),
# closures with nonlocal, decorators, a class and a bound method called with keywords, and CPython's TypeErrors.
def counter():
    n = 0
    def bump(step=1):
        nonlocal n
        n += step
        return n
    return bump

c = counter()
print(c(), c(), c(5))
d = counter()
print(d(), c())

def make_adders():
    return [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in make_adders()])

def outer(a):
    def mid(b):
        def inner(c):
            return a + b + c
        return inner
    return mid
print(outer(1)(2)(3))

def late():
    fs = []
    for i in range(3):
        def g():
            return i
        fs.append(g)
    return [f() for f in fs]
print(late())

def kw(a, b=2, *args, c, d=4, **rest):
    return (a, b, args, c, d, sorted(rest.items()))
print(kw(1, c=3))
print(kw(1, 5, 6, 7, c=8, z=9, y=10))
args = (1, 2)
opts = {'c': 3, 'e': 5}
print(kw(*args, **opts))
print(kw(0, *[1, 2], c=1, **{'q': 0}))
for call in [lambda: kw(), lambda: kw(1), lambda: kw(1, c=1, a=2), lambda: kw(1, 2, c=3, b=4), lambda: counter()(1, 2)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)

def unbound_cell():
    def show():
        return v
    try:
        show()
    except NameError as e:
        print("NameError:", e)
    v = 1
    return show()
print(unbound_cell())

def deco(fn):
    def wrapper(*a, **k):
        print("calling", fn.__name__, a, k)
        return fn(*a, **k)
    return wrapper

@deco
def add(x, y=0):
    return x + y
print(add(1, y=2))
print(add.__name__)

class Greeter:
    def __init__(self, name, *, punct="!"):
        self.name = name
        self.punct = punct
    def greet(self, greeting="Hello", **extra):
        return f"{greeting}, {self.name}{self.punct}" + ("" if not extra else str(sorted(extra)))
g = Greeter("Li", punct="?")
print(g.greet(), g.greet(greeting="Hi"), g.greet("Yo", x=1))
make = Greeter
print(make(name="Wang").greet())
print("{a}-{b}".format(a=1, b="two"), "{0}{x}".format(9, x=8))
