# active_count() and enumerate() while threads are blocked, and after they finish.
import threading

started = threading.Semaphore(0)
release = threading.Event()


def parked():
    started.release()
    release.wait()


print("at start:", threading.active_count())
threads = [threading.Thread(target=parked, name="parked-%d" % i) for i in range(3)]
for t in threads:
    t.start()
for _ in threads:
    started.acquire()
print("with 3 parked:", threading.active_count())
print(sorted(t.name for t in threading.enumerate()))
release.set()
for t in threads:
    t.join()
print("after join:", threading.active_count())
print([t.name for t in threading.enumerate()])
