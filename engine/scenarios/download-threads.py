"""the same downloads in two threads overlap: ~9 s, even on one core

Topic: threads

What to watch for:
Both threads start at once and both sleep at the same time; the run ends when the longer download
does (9 s). Set the machine to one core: the time does not change, because a sleeping thread needs
no CPU and does not hold the GIL.
"""
import threading, time

def download(name, seconds):
    print("start", name)
    time.sleep(seconds)          # the GIL is released while waiting
    print("finished", name)

if __name__ == "__main__":
    start = time.time()
    a = threading.Thread(target=download, args=("movie.mp4", 5))
    b = threading.Thread(target=download, args=("album.zip", 9))
    a.start(); b.start()
    a.join(); b.join()
    print("elapsed", time.time() - start)
