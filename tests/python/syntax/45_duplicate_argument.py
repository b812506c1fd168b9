# The same parameter name appears twice; the symbol table rejects it.
import threading

def worker(lock, counter, lock):
    with lock:
        print(counter)
