# The args tuple is opened with '(' but closed with ']'.
import threading

def worker(n):
    print(n)

t = threading.Thread(target=worker, args=(1,])
