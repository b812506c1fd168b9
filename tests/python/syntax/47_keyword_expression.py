# An attribute assignment written inside the Thread(...) call.
import threading

def worker():
    pass

t = threading.Thread(target=worker, t.daemon=True)
