"""two locks taken in opposite order with a sleep between: a 2-thread cycle

Topic: locks

What to watch for:
Each thread takes its first lock, sleeps, then waits for the lock the other one holds. Neither can
ever go on: the run stops with a deadlock, and the inspector draws the wait-for cycle through lock_a
and lock_b.
"""
import threading, time

lock_a = threading.Lock()
lock_b = threading.Lock()

def transfer(first, second):
    with first:
        time.sleep(0.1)                  # long enough for the other thread to take its first lock
        with second:
            print("never printed")

if __name__ == "__main__":
    t1 = threading.Thread(target=transfer, args=(lock_a, lock_b))
    t2 = threading.Thread(target=transfer, args=(lock_b, lock_a))
    t1.start(); t2.start()
    t1.join(); t2.join()                 # hangs forever
