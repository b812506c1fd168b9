"""the balance updates under a Lock: always 0

Topic: locks
Expected: balance = 0

What to watch for:
With the lock around both updates no switch can separate a load from its store: the balance ends at
0 whatever the switch points, cores or seed. The lock lane shows the two threads taking turns, and
the time it costs.
"""
import threading

balance = 0
lock = threading.Lock()

def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n

def run_thread(n):
    for _ in range(500_000):
        with lock:
            change_it(n)

if __name__ == "__main__":
    t1 = threading.Thread(target=run_thread, args=(5,))
    t2 = threading.Thread(target=run_thread, args=(8,))
    t1.start(); t2.start(); t1.join(); t2.join()
    print("balance =", balance)   # always 0
