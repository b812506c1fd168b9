# The body of worker() is only a placeholder comment, which is not a statement.
import threading

def worker():
    # TODO: take the lock and update the counter

t = threading.Thread(target=worker)
t.start()
