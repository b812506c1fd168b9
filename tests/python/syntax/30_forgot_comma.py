# A comma is missing between two keyword arguments.
import threading

def worker(n):
    print(n)

t = threading.Thread(target=worker args=(1,))
