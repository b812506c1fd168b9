# The except clause has no indented body.
import queue

q = queue.Queue()
try:
    item = q.get_nowait()
except queue.Empty:
print("nothing to do")
