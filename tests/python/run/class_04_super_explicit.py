# super(Class, self) in the old two-argument form, and calling Base.method(self).
class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return "%s with area %.2f" % (self.name, self.area())


class Rect(Shape):
    def __init__(self, w, h):
        super(Rect, self).__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, side):
        Rect.__init__(self, side, side)
        self.name = "square"

    def describe(self):
        return "[" + Shape.describe(self) + "]"


class Circle(Shape):
    def __init__(self, r):
        super(Circle, self).__init__("circle")
        self.r = r

    def area(self):
        return 3.14159 * self.r ** 2


shapes = [Shape("blob"), Rect(2, 3), Square(4), Circle(1)]
for s in shapes:
    print(s.describe())
print(sorted(s.name for s in shapes))
print(max(shapes, key=lambda s: s.area()).name)
