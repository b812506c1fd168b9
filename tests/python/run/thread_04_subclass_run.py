# Subclassing Thread: __init__ calling super().__init__(), run() override, results.
import threading


class SquareWorker(threading.Thread):
    def __init__(self, number):
        super().__init__()
        self.number = number
        self.result = None

    def run(self):
        self.result = self.number * self.number


class NamedWorker(threading.Thread):
    def __init__(self, name, items):
        super(NamedWorker, self).__init__(name=name)
        self.items = items
        self.total = 0

    def run(self):
        for x in self.items:
            self.total += x


workers = [SquareWorker(n) for n in range(1, 5)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print([w.result for w in workers])
print([w.name for w in workers])
n = NamedWorker("summer", [1, 2, 3])
n.start()
n.join()
print(n.name, n.total)
s = SquareWorker(9)
s.run()
print("run() called directly:", s.result, s.is_alive())
