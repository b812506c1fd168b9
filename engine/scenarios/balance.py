"""balance += n; balance -= n in two threads: drifts from 0 when a switch splits them

Topic: GIL
Expected: balance = 0

What to watch for:
Each call adds n and takes it away again, so the balance should stay 0. Between a load of `balance`
and its store the other thread may run; with `--switch-points any` its update is overwritten and the
balance drifts, by a different amount for each seed.
"""
import threading

balance = 0

def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n

def run_thread(n):
    for _ in range(500_000):
        change_it(n)

if __name__ == "__main__":
    t1 = threading.Thread(target=run_thread, args=(5,))
    t2 = threading.Thread(target=run_thread, args=(8,))
    t1.start(); t2.start(); t1.join(); t2.join()
    print("balance =", balance)   # 0 unless a switch lands between a load and its store
