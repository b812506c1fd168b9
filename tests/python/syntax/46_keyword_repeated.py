# The args keyword is given twice in the same call; the compiler rejects it.
import threading

def worker(n):
    print(n)

t = threading.Thread(target=worker, args=(1,), daemon=True, args=(2,))
