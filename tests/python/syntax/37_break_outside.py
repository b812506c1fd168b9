# The 'if ... break' was dedented out of the while loop.
def worker(q):
    while True:
        item = q.get()
    if item is None:
        break
    print(item)
