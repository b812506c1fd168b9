"""the same counter under a Lock: always 2,000,000, and slower

Topic: locks
Expected: number = 2000000

What to watch for:
The lock makes the load, add and store one step that no other thread can split: the count is exact
on every machine and every seed. Compare the elapsed time with race-counter: each acquire and
release is work, and a thread switched out while holding the lock makes the other one wait.
"""
import threading

number = 0
lock = threading.Lock()

def add():
    global number
    for _ in range(1_000_000):
        with lock:
            number += 1

if __name__ == "__main__":
    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("number =", number)     # always 2000000
