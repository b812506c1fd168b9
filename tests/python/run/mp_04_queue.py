# multiprocessing.Queue: children put results, the parent gets and sorts them.
from multiprocessing import Process, Queue


def square_all(numbers, out):
    for n in numbers:
        out.put((n, n * n))
    out.put(None)


if __name__ == '__main__':
    q = Queue()
    chunks = [[1, 2, 3], [4, 5], [6]]
    procs = [Process(target=square_all, args=(c, q)) for c in chunks]
    for p in procs:
        p.start()
    results = []
    finished = 0
    while finished < len(procs):
        item = q.get()
        if item is None:
            finished += 1
        else:
            results.append(item)
    for p in procs:
        p.join()
    print(sorted(results))
    print([p.exitcode for p in procs])
    q.put(["a", {"b": 2}])
    print(q.get())
