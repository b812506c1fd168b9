# A positional args tuple passed after the target= keyword.
import threading

def worker(n):
    print(n)

t = threading.Thread(target=worker, (1,))
