"""set_start_method('spawn'): the child boots and runs the module top again

Topic: processes

What to watch for:
A spawned child starts a fresh interpreter and imports this file again: its top-level print runs a
second time, in the child, while the guarded block does not. Starting it takes far longer than a
fork.
"""
import multiprocessing as mp
import os

print("module top level runs in", os.getpid())   # again in every spawned child

def hello():
    print("hello from", os.getpid())

if __name__ == "__main__":
    mp.set_start_method("spawn")   # a fresh interpreter imports this file again: hence the guard above
    p = mp.Process(target=hello)
    p.start()
    p.join()
