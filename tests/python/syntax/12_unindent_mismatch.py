# The last line is dedented to a column that matches no enclosing block.
import threading

lock = threading.Lock()

def worker():
    with lock:
        print("locked")
      print("done")
