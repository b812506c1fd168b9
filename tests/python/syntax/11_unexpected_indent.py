# The second statement of worker() is indented one level too deep.
def worker(q):
    item = q.get()
        print("got", item)
    q.task_done()
