# A shared counter protected by a Lock used as a context manager.
import threading

counter = 0
lock = threading.Lock()


def add(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


threads = [threading.Thread(target=add, args=(1000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter:", counter)
print("locked after use:", lock.locked())
with lock:
    print("inside with:", lock.locked())
print(type(lock).__name__)
