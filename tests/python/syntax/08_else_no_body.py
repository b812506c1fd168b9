# The else branch after the join check has no indented body.
import threading

def worker():
    pass

t = threading.Thread(target=worker)
t.start()
t.join(timeout=1)
if t.is_alive():
    print("still running")
else:
print("finished")
