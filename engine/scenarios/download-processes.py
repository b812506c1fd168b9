"""two downloads (5 s and 9 s) in two processes: ~9 s plus process start

Topic: processes

What to watch for:
The same overlap as with threads, in two processes: about 9 s, plus the time to start each process,
which is far more than a thread start costs.
"""
import multiprocessing as mp
import time

def download(name, seconds):
    print("start", name)
    time.sleep(seconds)          # stands for waiting on the network
    print("finished", name)

if __name__ == "__main__":
    start = time.time()
    a = mp.Process(target=download, args=("movie.mp4", 5))
    b = mp.Process(target=download, args=("album.zip", 9))
    a.start(); b.start()
    a.join(); b.join()
    print("elapsed", time.time() - start)   # ~9 s, plus a little for starting two processes
