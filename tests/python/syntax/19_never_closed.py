# The Thread(...) call is still open when the file ends.
import threading

def worker(n):
    print(n)

t = threading.Thread(target=worker, args=(1,)
