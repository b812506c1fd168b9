# Manager().dict() and Manager().list() shared with child processes.
from multiprocessing import Manager, Process


def fill(shared_dict, shared_list, i):
    shared_dict["num%d" % i] = 100 + i
    shared_list.append(i * i)


if __name__ == '__main__':
    with Manager() as manager:
        d = manager.dict()
        lst = manager.list([0])
        procs = [Process(target=fill, args=(d, lst, i)) for i in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        print(sorted(d.items()))
        print(sorted(lst))
        print(len(d), d.get("num2"), d.get("zz", "none"), "num0" in d)
        plain = dict(d)
        print(type(plain).__name__, sorted(plain))
        ns = manager.Namespace()
        ns.x = 5
        print(ns.x)
