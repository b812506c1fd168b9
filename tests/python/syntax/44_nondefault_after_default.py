# A parameter without a default follows one with a default.
import queue

def worker(lock=None, q):
    q.put(1)
