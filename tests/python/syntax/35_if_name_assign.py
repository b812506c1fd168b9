# '=' instead of '==' in the __main__ guard.
import multiprocessing

def worker():
    print("child")

if __name__ = "__main__":
    p = multiprocessing.Process(target=worker)
    p.start()
