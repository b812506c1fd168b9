# The Thread constructor signature from the docs was pasted as a call ('*' marker).
import threading

t = threading.Thread(group=None, target=print, name="w1",
                     args=(), kwargs=None, *, daemon=None)
