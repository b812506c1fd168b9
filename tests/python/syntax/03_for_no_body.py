# The loop body that creates the threads is not indented under 'for'.
import threading

def worker(n):
    print(n)

threads = []
for i in range(4):
threads.append(threading.Thread(target=worker, args=(i,)))
