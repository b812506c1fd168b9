# A stray ']' after the list comprehension of threads.
import threading

threads = [threading.Thread(target=print, args=(i,)) for i in range(3)]]
