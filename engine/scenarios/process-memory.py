"""children append to a global list; the parent's copy stays empty

Topic: processes

What to watch for:
Each child process appends to `items`, but each appends to its own copy of the parent's memory:
every child sees only its own three numbers, and the parent's list is still empty at the end.
"""
import multiprocessing as mp

items = []

def add(n):
    for i in range(n):
        items.append(i)          # the child's own copy of the list
    print(mp.current_process().name, "sees", items)

if __name__ == "__main__":
    workers = [mp.Process(target=add, args=(3,)) for _ in range(2)]
    for p in workers: p.start()
    for p in workers: p.join()
    print("parent sees", items)  # [] : each process has its own memory
