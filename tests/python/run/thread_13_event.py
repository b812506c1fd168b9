# Event: set, clear, is_set, wait with and without timeout, waking several waiters.
import threading

ev = threading.Event()
print(ev.is_set(), ev.wait(timeout=0.01))
ev.set()
print(ev.is_set(), ev.wait(), ev.wait(0))
ev.clear()
print(ev.is_set())

start = threading.Event()
woke = []
lock = threading.Lock()


def runner(name):
    start.wait()
    with lock:
        woke.append(name)


threads = [threading.Thread(target=runner, args=("car%d" % i,)) for i in range(3)]
for t in threads:
    t.start()
print("before set:", woke)
start.set()
for t in threads:
    t.join()
print("after set:", sorted(woke))

ping = threading.Event()
pong = threading.Event()


def responder():
    for i in range(3):
        ping.wait()
        ping.clear()
        print("pong", i)
        pong.set()


r = threading.Thread(target=responder)
r.start()
for i in range(3):
    print("ping", i)
    ping.set()
    pong.wait()
    pong.clear()
r.join()
