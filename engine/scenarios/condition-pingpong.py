"""two threads take turns through a Condition, counting 0..5 and back

Topic: locks

What to watch for:
Each thread prints only when `turn` is its own, otherwise it waits on the condition, which releases
the lock while it is parked. notify() wakes the other player, who must take the lock again before it
can go on: the turns alternate strictly.
"""
import threading

cond = threading.Condition()
turn = "up"

def player(me, other, numbers):
    global turn
    for n in numbers:
        with cond:
            while turn != me:
                cond.wait()      # releases the lock while parked
            print(me, n)
            turn = other
            cond.notify()

if __name__ == "__main__":
    up = threading.Thread(target=player, args=("up", "down", range(0, 6)))
    down = threading.Thread(target=player, args=("down", "up", range(5, -1, -1)))
    up.start(); down.start(); up.join(); down.join()
