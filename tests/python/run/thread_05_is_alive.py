# start/join/is_alive, join(timeout) on a blocked thread, errors for misuse.
import threading

go = threading.Event()


def wait_for_go():
    go.wait()


t = threading.Thread(target=wait_for_go)
print("before start:", t.is_alive())
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
t.start()
print("after start:", t.is_alive())
t.join(timeout=0.01)
print("after join(timeout):", t.is_alive())
go.set()
t.join()
print("after join:", t.is_alive())
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
t.join()
print("joining a finished thread again is fine")
