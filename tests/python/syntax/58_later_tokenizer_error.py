# Two mistakes: a missing comma on line 4 and an unclosed string on line 7 (CPython reports the later one).
import threading

t = threading.Thread(target=print args=("hi",))
t.start()
t.join()
print("all threads finished)
