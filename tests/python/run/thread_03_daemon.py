# The daemon flag: default, inherited from the creating thread, set before start.
import threading

release = threading.Event()
seen = {}


def check():
    inner = threading.Thread(target=lambda: None)
    seen["inner daemon"] = inner.daemon


def blocker():
    release.wait()


t = threading.Thread(target=check)
print("default daemon:", t.daemon)
d = threading.Thread(target=check, daemon=True)
print("daemon=True:", d.daemon)
d.start()
d.join()
print(seen)
t.daemon = True
print("after setting:", t.daemon)
b = threading.Thread(target=blocker, daemon=True)
b.start()
try:
    b.daemon = False
except RuntimeError as e:
    print("RuntimeError:", e)
print("main thread daemon:", threading.current_thread().daemon)
print("exiting with a daemon thread still blocked")
