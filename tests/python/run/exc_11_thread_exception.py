# An exception inside a thread prints "Exception in thread ..." and the program continues.
import threading

results = []


def worker(n):
    results.append(10 // n)


t1 = threading.Thread(target=worker, args=(2,))
t1.start()
t1.join()
t2 = threading.Thread(target=worker, args=(0,))
t2.start()
t2.join()
t3 = threading.Thread(target=worker, args=(5,), name="third")
t3.start()
t3.join()
print("results", results)
print("main thread still running; exit code is 0")
