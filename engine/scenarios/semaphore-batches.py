"""BoundedSemaphore(5): 20 one-second visitors go in batches of five, ~4 s

Topic: locks

What to watch for:
All twenty threads start together, but the semaphore lets only five inside; the others queue on it
and are let in as visitors leave. The semaphore's counter shows the value going to 0 and the waves
of five, one per second.
"""
import threading, time

sem = threading.BoundedSemaphore(5)

def visit(n):
    with sem:                     # at most five inside at once
        print("visitor", n, "in")
        time.sleep(1)

if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=visit, args=(n,)) for n in range(20)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("20 visitors in batches of 5:", time.time() - start)
