"""4 processes write into a Manager dict: every access is a round trip to its server

Topic: ipc

What to watch for:
The dict lives in the manager's server process; every store from a worker is a message to that
server and a reply, so the workers' lanes show the round trips, and the entries appear in the order
they arrived.
"""
import multiprocessing as mp

def record(shared, key, value):
    shared[key] = value              # a round trip to the manager's server process

if __name__ == "__main__":
    manager = mp.Manager()           # starts the server process (SyncManager-1)
    shared = manager.dict()
    workers = [mp.Process(target=record, args=(shared, "worker-" + str(i), i * i)) for i in range(4)]
    for p in workers: p.start()
    for p in workers: p.join()
    print(shared.copy())             # every worker's entry, in the order they arrived
    manager.shutdown()
