# multiprocessing.Process: target, args, name, start, join, exitcode, is_alive.
import multiprocessing


def work(n, label):
    total = sum(range(n))
    if total < 0:
        print("never")


if __name__ == '__main__':
    p = multiprocessing.Process(target=work, args=(10, "a"))
    print(p.name, p.exitcode, p.is_alive())
    p.start()
    p.join()
    print(p.name, p.exitcode, p.is_alive())
    q = multiprocessing.Process(target=work, args=(5, "b"), name="custom")
    q.start()
    q.join()
    print(q.name, q.exitcode)
    procs = [multiprocessing.Process(target=work, args=(i, "c")) for i in range(3)]
    for pr in procs:
        pr.start()
    for pr in procs:
        pr.join()
    print([pr.name for pr in procs], [pr.exitcode for pr in procs])
    print(multiprocessing.current_process().name)
    print(p.pid != multiprocessing.current_process().pid)
