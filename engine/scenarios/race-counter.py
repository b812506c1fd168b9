"""2 threads x 1,000,000 `number += 1`: exact on 3.11, lost updates with --switch-points any or --gil none

Topic: GIL
Expected: number = 2000000

What to watch for:
On CPython 3.11 a thread gives up the GIL only at a few places (a call, a backward jump), never
between the load and the store of `number += 1`, so the count comes out exact. Switch the switch
points to `any` or turn the GIL off: a switch can now land inside the three steps, updates are lost,
and the seed decides how many.
"""
import threading

number = 0

def add():
    global number
    for _ in range(1_000_000):
        number += 1               # load, add, store: three steps

if __name__ == "__main__":
    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("number =", number)     # 2000000 on CPython 3.11; less where a switch splits the steps
