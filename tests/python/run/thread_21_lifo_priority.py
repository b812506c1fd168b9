# LifoQueue and PriorityQueue ordering, and FIFO order of Queue.
import queue

fifo = queue.Queue()
lifo = queue.LifoQueue()
prio = queue.PriorityQueue()
for x in [3, 1, 4, 1, 5]:
    fifo.put(x)
    lifo.put(x)
    prio.put(x)
print([fifo.get() for _ in range(5)])
print([lifo.get() for _ in range(5)])
print([prio.get() for _ in range(5)])

jobs = queue.PriorityQueue()
jobs.put((2, "write report"))
jobs.put((1, "fix bug"))
jobs.put((3, "lunch"))
jobs.put((1, "answer mail"))
while not jobs.empty():
    priority, name = jobs.get()
    print(priority, name)
print(isinstance(lifo, queue.Queue), isinstance(prio, queue.Queue))
print(type(fifo).__name__, type(lifo).__name__, type(prio).__name__)
