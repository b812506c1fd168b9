# dir() in a module and in a function, dir() of a user class and its instance; a bound method's __name__, __qualname__ and __self__.
import threading
x = 1
print(dir())
def f(a, b=2):
    c = 3
    def g(): return c
    print(dir())
    del a
    print(dir())
f(1)
class Base:
    kind = "base"
    def hello(self): pass
class Settings(Base):
    level = 1
    def __init__(self):
        self.mode = "fast"
s = Settings()
print([n for n in dir(s) if not n.startswith("__")], "level" in dir(Settings), "mode" in dir(Settings))
print(dir(Settings) == sorted(dir(Settings)), "__init__" in dir(Settings), "__dict__" in dir(s))
print(len(dir(s)) - len(dir(Settings)))
try:
    dir(1, 2)
except TypeError as e:
    print(e)
class A:
    def hello(self): pass
a = A()
print(a.hello.__name__, a.hello.__qualname__, a.hello.__self__ is a, [].append.__name__, [].append.__qualname__)
