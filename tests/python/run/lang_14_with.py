# with statements: one item, several items, "as", and exceptions inside.
class Resource:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else None
        print("exit", self.name, kind)
        return self.swallow


with Resource("a") as r:
    print("body with", r)

with Resource("b") as rb, Resource("c") as rc:
    print("body with", rb, rc)

with Resource("d"), Resource("e"):
    print("no as")

try:
    with Resource("f"), Resource("g"):
        raise ValueError("inside")
except ValueError as e:
    print("propagated", e)

with Resource("h", swallow=True):
    raise KeyError("swallowed")
print("after swallow")

with (Resource("i") as ri,
      Resource("j") as rj):
    print("parenthesised", ri, rj)


def early():
    with Resource("k"):
        return "returned"


print(early())
