# super() calls with *args, **kwargs and keywords: a Thread subclass passing its arguments on to Thread.__init__, and a user base's method
import threading
class T(threading.Thread):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = 1
    def run(self):
        print("run", self.name)
t = T(name="w1")
t.start(); t.join()
class Base:
    def hello(self, *a):
        return ("base",) + a
class Kid(Base):
    def hello(self, *a):
        return super().hello(*a) + ("kid",)
print(Kid().hello(1, 2))
class K2(Base):
    def hello(self, *a, **k):
        return super().hello(*a, **k)
print(K2().hello(3))
try:
    K2().hello(z=1)
except TypeError as e:
    print(e)
class T2(threading.Thread):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, daemon=True, **kwargs)
def say(x):
    print(x)
t = T2(target=say, args=("target ran",), name="w2")
print(t.name, t.daemon)
t.start(); t.join()
