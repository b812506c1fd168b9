# global and nonlocal declarations.
counter = 0


def bump():
    global counter
    counter += 1


for _ in range(5):
    bump()
print("counter", counter)


def make_counter():
    count = 0

    def step(by=1):
        nonlocal count
        count += by
        return count
    return step


c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(10), c2())


def set_later():
    global late
    late = "defined inside a function"


set_later()
print(late)

def broken():
    try:
        print(y_local)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    y_local = 1


broken()


def loop_global():
    for i in range(3):
        global total
        total = i * 10


loop_global()
print("total", total)
