# functools.partial: fixing positional and keyword arguments, used as a thread target.
import functools
import threading


def power(base, exp, mod=None):
    if mod is None:
        return base ** exp
    return pow(base, exp, mod)


square = functools.partial(power, exp=2)
cube_mod7 = functools.partial(power, exp=3, mod=7)
two_to = functools.partial(power, 2)
print(square(5), cube_mod7(3), two_to(10), square(3, exp=3))
print(square.func is power, square.args, square.keywords, two_to.args)

results = []
record = functools.partial(results.append)
threads = [threading.Thread(target=functools.partial(record, i * i)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
print(list(map(functools.partial(int, base=2), ["101", "11"])))
print(type(square).__name__)
