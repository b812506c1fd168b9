"""a tree of 7 processes, each printing getpid() and getppid()

Topic: processes

What to watch for:
Every process starts two children until depth 2: seven in all. The printed getppid() of each names
the pid of the process that started it, and the lanes are grouped by process.
"""
import multiprocessing as mp
import os

def node(depth):
    print("pid", os.getpid(), "parent", os.getppid(), "depth", depth)
    if depth < 2:
        children = [mp.Process(target=node, args=(depth + 1,)) for _ in range(2)]
        for c in children: c.start()
        for c in children: c.join()

if __name__ == "__main__":
    node(0)                      # 1 + 2 + 4 processes: getppid() links each to its parent
