# The old camelCase aliases still work on 3.11 but print DeprecationWarnings.
import threading


def run():
    pass


t = threading.Thread(target=run, name="old-style")
t.setDaemon(True)
print(t.isDaemon())
print(t.getName())
t.setName("renamed")
print(t.name)
t.start()
t.join()
print(threading.currentThread().getName())
print(threading.activeCount())
print(t.is_alive())
ev = threading.Event()
print(ev.isSet())
cond = threading.Condition()
with cond:
    cond.notifyAll()
print("done")
