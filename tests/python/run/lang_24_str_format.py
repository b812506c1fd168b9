# str.format with automatic, numbered and named fields and format specs.
print("{} and {}".format("threads", "processes"))
print("{0} {1} {0}".format("a", "b"))
print("{name} is {age}".format(name="Ann", age=30))
print("{0[0]} {0[1]} {1[key]}".format(["x", "y"], {"key": "v"}))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(3, 4)
print("({0.x}, {0.y})".format(p))
print("{:>8}|{:<8}|{:^8}|".format("r", "l", "c"))
print("{:08.3f} {:.1%} {:,}".format(3.14159, 0.256, 10 ** 6))
print("{:#06x} {:b} {:o}".format(255, 5, 64))
print("{!r} {!s}".format("q", "s"))
print("{:{w}.{p}f}".format(2.718281, w=9, p=2))
print("{{}} {}".format("braces"))
values = {"host": "localhost", "port": 8080}
print("{host}:{port}".format(**values))
print("{}-{}".format(*"xy"))
print("Process {0} got {1}".format(1, [1, 2]))
print(format(3.5, ".2f"), format(42, "x"), format("s", ">3"))
try:
    "{} {}".format("one")
except IndexError as e:
    print("IndexError:", e)
try:
    "{missing}".format(there=1)
except KeyError as e:
    print("KeyError:", e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print("ValueError:", e)
