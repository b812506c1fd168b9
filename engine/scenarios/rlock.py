"""RLock: the owner re-enters recursively; a non-owner's release raises RuntimeError

Topic: locks

What to watch for:
The RLock counts how many times its owner took it, so the recursive countdown can take it again at
every depth. Another thread that tries to release it, while the main thread holds it, gets a
RuntimeError instead.
"""
import threading

lock = threading.RLock()

def countdown(n):
    with lock:                           # the owner may take it again
        if n > 0:
            print(threading.current_thread().name, "depth", n)
            countdown(n - 1)

def intruder():
    try:
        lock.release()                   # not the owner
    except RuntimeError as e:
        print("intruder:", e)

if __name__ == "__main__":
    with lock:
        t = threading.Thread(target=intruder)
        t.start(); t.join()
    threads = [threading.Thread(target=countdown, args=(3,)) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
