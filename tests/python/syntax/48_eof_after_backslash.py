# The file ends right after a line-continuation backslash.
import threading

t1 = threading.Thread(target=print)
t2 = threading.Thread(target=print)
threads = [t1, t2] + \
