# multiprocessing.Lock passed to children, guarding a shared counter and appends.
from multiprocessing import Process, Lock, Value, Array


def record(lock, counter, log, idx):
    with lock:
        pos = counter.value
        log[pos] = idx
        counter.value = pos + 1


if __name__ == '__main__':
    lock = Lock()
    counter = Value('i', 0, lock=False)
    log = Array('i', [-1] * 5, lock=False)
    procs = [Process(target=record, args=(lock, counter, log, i)) for i in range(5)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(counter.value, sorted(log[:]))
    print(lock.acquire(), lock.acquire(timeout=0.01))
    lock.release()
    print(lock.acquire(False))
    lock.release()
