"""two downloads (5 s and 9 s) one after the other: ~14 s

Topic: threads

What to watch for:
One thread does everything. It sleeps through the first download and only then starts the second, so
the CPU lane stays idle for almost all of the 14 seconds: the waiting is what a second thread could
overlap.
"""
import time

def download(name, seconds):
    print("start", name)
    time.sleep(seconds)          # stands for waiting on the network
    print("finished", name)

if __name__ == "__main__":
    start = time.time()
    download("movie.mp4", 5)
    download("album.zip", 9)
    print("elapsed", time.time() - start)
