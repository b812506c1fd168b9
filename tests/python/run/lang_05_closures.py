# Nested functions and closures that capture variables.
def make_multiplier(n):
    def multiply(x):
        return x * n
    return multiply


double = make_multiplier(2)
triple = make_multiplier(3)
print(double(5), triple(5), double(triple(2)))


def make_adders():
    adders = []
    for i in range(3):
        adders.append(lambda x: x + i)
    return adders


print([f(10) for f in make_adders()])


def make_adders_fixed():
    adders = []
    for i in range(3):
        adders.append(lambda x, i=i: x + i)
    return adders


print([f(10) for f in make_adders_fixed()])


def outer():
    msg = "outer value"

    def inner():
        return "inner sees " + msg
    msg = "changed before call"
    return inner


print(outer()())


def compose(f, g):
    def h(x):
        return f(g(x))
    return h


inc_then_double = compose(double, lambda x: x + 1)
print(inc_then_double(4))
print(double.__name__, make_multiplier.__name__)
print(double.__closure__[0].cell_contents)
