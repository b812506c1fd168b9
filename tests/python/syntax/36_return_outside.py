# The return statement was dedented out of worker(); the compiler rejects it.
def worker(q):
    item = q.get()
return item
