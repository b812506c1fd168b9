# The body of worker() is not indented under the def line.
import threading

def worker():
print("worker running")

t = threading.Thread(target=worker)
t.start()
