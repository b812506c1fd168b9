# Annotations: an annotated assignment binds, an annotation alone binds nothing, and a branch that holds only
# an annotation falls through to the function's end (it returns None).
def classify(n):
    if n < 0:
        note: "negative numbers are not classified"
    elif n == 0:
        return "zero"
    else:
        return "positive"


for n in [-1, 0, 5]:
    print(n, classify(n))

count: int = 3
label: str
print(count)
try:
    print(label)
except NameError as e:
    print("NameError:", e)


def scale(x: float, factor: float = 2.0) -> float:
    result: float = x * factor
    return result


print(scale(1.5), scale(2, factor=3))


def only_annotated():
    value: int


print(only_annotated())


class Point:
    x: int = 0
    y: int

    def __init__(self, y: int) -> None:
        self.y = y


p = Point(4)
print(p.x, p.y)
