# random.choice/shuffle/sample (seeded by the run, so only properties are printed), time.process_time and
# thread_time (CPU time: a sleep adds none), threading.get_native_id, and os._exit ending the process at once.
import os
import random
import threading
import time

cards = list(range(10))
random.shuffle(cards)
print(sorted(cards) == list(range(10)), random.choice(cards) in cards)
hand = random.sample(cards, 3)
print(len(hand), len(set(hand)), all(c in cards for c in hand), len(set(random.sample(range(100), 50))))
print(random.choice("abc") in "abc", random.choice((7,)))
for bad in [lambda: random.choice([]), lambda: random.sample([1, 2], 3), lambda: random.sample({1, 2}, 1),
            lambda: random.shuffle((1, 2))]:
    try:
        bad()
    except (IndexError, ValueError, TypeError) as e:
        print(type(e).__name__, e)


def spin():
    x = 0
    for i in range(20000):
        x += i
    return x


p0, t0 = time.process_time(), time.thread_time()
spin()
print(time.process_time() > p0, time.thread_time() > t0)
before = time.thread_time()
time.sleep(0.05)
print("sleeping is not CPU time:", time.thread_time() - before < 0.01)
ids = []
t = threading.Thread(target=lambda: ids.append(threading.get_native_id()))
t.start()
t.join()
# (flushed before the fork: a child would write out again what its copy of the buffer still holds)
print(ids[0] == t.native_id, threading.get_native_id() == threading.main_thread().native_id, flush=True)

pid = os.fork()
if pid == 0:
    print("child exits with 7", flush=True)
    os._exit(7)
time.sleep(0.05)
try:
    print("parent exits with 4, its finally block never runs", flush=True)
    os._exit(4)
finally:
    print("never")
