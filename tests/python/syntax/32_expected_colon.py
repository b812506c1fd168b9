# The colon at the end of the def line is missing.
import threading

def worker(lock)
    with lock:
        print("locked")
