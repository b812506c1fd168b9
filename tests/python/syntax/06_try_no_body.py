# Nothing is indented under 'try:' before the except clause.
import queue

q = queue.Queue()
try:
item = q.get(timeout=1)
except queue.Empty:
    print("queue is empty")
