# Condition.notify_all, wait_for with a predicate, and a Condition around an RLock.
import threading

cond = threading.Condition()
ready = False
woken = []


def waiter(name):
    with cond:
        cond.wait_for(lambda: ready)
        woken.append(name)


threads = [threading.Thread(target=waiter, args=(n,)) for n in "xyz"]
for t in threads:
    t.start()
with cond:
    ready = True
    cond.notify_all()
for t in threads:
    t.join()
print(sorted(woken))
with cond:
    print(cond.wait_for(lambda: False, timeout=0.01))
    print(cond.wait_for(lambda: 42))

counter = {"n": 0}
rcond = threading.Condition(threading.RLock())


def bump():
    with rcond:
        with rcond:
            counter["n"] += 1
            rcond.notify()


with rcond:
    b = threading.Thread(target=bump)
    b.start()
    rcond.wait_for(lambda: counter["n"] == 1)
    print("bumped:", counter["n"])
b.join()
