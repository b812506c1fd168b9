# Shared memory: Value and Array updated by children under their built-in lock.
from multiprocessing import Process, Value, Array


def add_to(counter, arr, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1
    with arr.get_lock():
        for i in range(len(arr)):
            arr[i] += 100


if __name__ == '__main__':
    counter = Value('i', 0)
    arr = Array('i', [1, 2, 3, 4])
    procs = [Process(target=add_to, args=(counter, arr, 50)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(counter.value)
    print(arr[:], list(arr), len(arr), arr[0])
    f = Value('d', 1.5)
    print(f.value)
    zeros = Array('i', 3)
    print(zeros[:])
    c = Array('c', b"hi")
    print(c.value, c.raw)
