# A full-width Chinese comma (U+FF0C) separates the Thread arguments.
import threading

def worker(n):
    print("线程", n)

t = threading.Thread(target=worker，args=(1,))
