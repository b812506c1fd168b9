"""a child raises and exits with code 1; the parent and its sibling carry on

Topic: processes

What to watch for:
The crashing child prints its traceback and ends with exit code 1; its sibling keeps ticking and the
parent reads both exit codes. A process that fails takes nobody else down with it.
"""
import multiprocessing as mp
import time

def crash():
    time.sleep(0.5)
    raise ValueError("something went wrong in the child")

def steady():
    for i in range(3):
        time.sleep(0.5)
        print("steady tick", i)

if __name__ == "__main__":
    bad = mp.Process(target=crash)
    good = mp.Process(target=steady)
    bad.start(); good.start()
    bad.join(); good.join()
    print("exit codes:", bad.exitcode, good.exitcode)   # 1 0: the parent and the other child carry on
