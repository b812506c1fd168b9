# Timer: runs its function once after a delay; cancel() before it fires.
import threading

calls = []


def hello(who, punct="!"):
    calls.append("hello " + who + punct)


t = threading.Timer(0.01, hello, args=("world",), kwargs={"punct": "?"})
print(type(t).__name__, isinstance(t, threading.Thread))
t.start()
t.join()
print(calls)

c = threading.Timer(10, hello, args=("never",))
c.start()
c.cancel()
c.join()
print(calls, c.is_alive())

quick = threading.Timer(0, hello, ["zero"])
quick.start()
quick.join()
print(calls[-1])
print(threading.Timer(1, hello).name.startswith("Thread-"))
