# The critical section under 'with lock:' is not indented.
import threading

lock = threading.Lock()
counter = 0

def worker():
    global counter
    with lock:
    counter += 1
