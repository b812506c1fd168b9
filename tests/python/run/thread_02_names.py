# Thread names: explicit names, Thread-N (target) defaults, renaming, and ident.
import threading


def work():
    pass


class Custom(threading.Thread):
    def run(self):
        pass


a = threading.Thread(target=work)
b = threading.Thread(target=work, name="worker-b")
c = threading.Thread(target=work)
d = Custom()
e = threading.Thread(target=lambda: None)
f = threading.Thread()
for t in [a, b, c, d, e, f]:
    print(t.name)
c.name = "renamed"
print(c.name)
print(a.ident, a.native_id)
a.start()
a.join()
print(type(a.ident).__name__, a.ident != threading.get_ident())
print(threading.Thread(target=work, name=7).name, threading.Thread(target=work).name)
