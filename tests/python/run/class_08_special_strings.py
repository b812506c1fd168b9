# __str__ and __repr__ called back from the runtime: nesting, side effects, errors.
import threading


class Node:
    def __init__(self, name, children=()):
        self.name = name
        self.children = list(children)

    def __repr__(self):
        print("  (repr of", self.name + ")")
        return "Node(%s, %r)" % (self.name, self.children)


tree = Node("root", [Node("a"), Node("b", [Node("c")])])
print(tree)
print("tree is", repr(tree))
text = f"{tree!r:.12}"
print(text)


class Bad:
    def __str__(self):
        return 42


class Raises:
    def __repr__(self):
        raise ValueError("no repr for you")


try:
    print(Bad())
except TypeError as e:
    print("TypeError:", e)
try:
    str(Bad())
except TypeError as e:
    print("TypeError:", e)
try:
    print([Raises()])
except ValueError as e:
    print("ValueError:", e)
try:
    print(f"{Node('x'):>10}")
except TypeError as e:
    print("TypeError:", e)


class AppError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code

    def __str__(self):
        return "application error %d" % self.code


try:
    raise AppError(7)
except AppError as e:
    print("caught:", e)
    print("as repr:", repr(e))


class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name="w%d" % n)
        self.n = n

    def __repr__(self):
        return "<Worker %d>" % self.n

    def run(self):
        print("running", self)


w = Worker(3)
w.start()
w.join()
print([w], "{} and {!s}".format(w, w))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)


class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


p = Point3(1, 2, 3)
print(p, str(p), "%s|%5s|" % (p, "ab"))
print("joined: " + ", ".join(str(q) for q in [Point(0, 0), p]))
d = {str(Point(1, 1)): Point(2, 2)}
print(len(d), list(d))
