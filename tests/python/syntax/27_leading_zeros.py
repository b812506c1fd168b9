# A join timeout written with a leading zero.
import threading

t = threading.Thread(target=print)
t.start()
t.join(timeout=05)
