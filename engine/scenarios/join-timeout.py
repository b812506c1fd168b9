"""join(timeout=1) returns while the thread is still alive; ident is None before start

Topic: threads

What to watch for:
A thread has no ident until it starts. join(timeout=1) gives up after a second and returns with the
thread still alive; only the second, unbounded join() waits for the end of its three-second sleep.
"""
import threading, time

def slow():
    time.sleep(3)

if __name__ == "__main__":
    t = threading.Thread(target=slow)
    print("ident before start:", t.ident)
    t.start()
    t.join(timeout=1)
    print("after join(1): alive =", t.is_alive())
    t.join()
    print("after join(): alive =", t.is_alive())
