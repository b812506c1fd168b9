# cpu_count, current_process, parent_process, and a Process subclass with run().
import multiprocessing


class Squarer(multiprocessing.Process):
    def __init__(self, n, q):
        super().__init__()
        self.n = n
        self.q = q

    def run(self):
        me = multiprocessing.current_process()
        parent = multiprocessing.parent_process()
        self.q.put((self.n * self.n, me.name, parent.name))


if __name__ == '__main__':
    print(multiprocessing.cpu_count() > 0)
    print(multiprocessing.current_process().name, multiprocessing.parent_process())
    q = multiprocessing.Queue()
    workers = [Squarer(n, q) for n in (2, 3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(sorted(q.get() for _ in workers))
    print(multiprocessing.active_children())
