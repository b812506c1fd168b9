"""Barrier(3): runners arriving at 1, 2 and 3 s all leave at 3 s

Topic: locks

What to watch for:
The runners reach the barrier at 1, 2 and 3 seconds; the first two wait there, and when the third
arrives all three leave at the same moment, each with its own arrival index.
"""
import threading, time

gate = threading.Barrier(3)

def runner(seconds):
    time.sleep(seconds)                  # runners arrive at different times
    index = gate.wait()                  # all leave together
    print("runner", seconds, "left at", round(time.time() - start, 3), "arrival index", index)

if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=runner, args=(s,)) for s in (1, 2, 3)]
    for t in threads: t.start()
    for t in threads: t.join()
