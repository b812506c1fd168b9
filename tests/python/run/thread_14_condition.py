# Condition with wait/notify: a one-slot producer/consumer handoff.
import threading

cond = threading.Condition()
slot = []
DONE = "done"


def producer():
    for item in ["a", "b", "c", DONE]:
        with cond:
            while slot:
                cond.wait()
            slot.append(item)
            print("produced", item)
            cond.notify()


def consumer():
    while True:
        with cond:
            while not slot:
                cond.wait()
            item = slot.pop()
            if item != DONE:
                print("consumed", item)
            cond.notify()
        if item == DONE:
            break


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print("slot empty:", slot == [])
try:
    cond.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
with cond:
    print("wait with timeout returns", cond.wait(timeout=0.01))
