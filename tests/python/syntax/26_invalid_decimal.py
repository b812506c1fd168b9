# A variable name that starts with a digit.
import threading

def worker():
    pass

2nd_worker = threading.Thread(target=worker)
