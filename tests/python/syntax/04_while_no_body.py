# The body of the polling loop is at the same indentation as 'while'.
import queue

q = queue.Queue()
while not q.empty():
item = q.get()
print(item)
