# A docstring whose closing triple quote is missing.
import threading

def worker(q):
    """Take items from the queue and process them.

    item = q.get()
    print(item)
