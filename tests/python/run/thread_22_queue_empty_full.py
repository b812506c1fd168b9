# queue.Empty and queue.Full from non-blocking and timed get/put; SimpleQueue.
import queue

q = queue.Queue(maxsize=2)
q.put("a")
q.put_nowait("b")
print(q.full(), q.qsize(), q.maxsize)
try:
    q.put("c", block=False)
except queue.Full:
    print("Full (non-blocking)")
try:
    q.put("c", timeout=0.01)
except queue.Full as e:
    print("Full (timeout)", repr(e))
print(q.get(), q.get_nowait())
try:
    q.get_nowait()
except queue.Empty:
    print("Empty (get_nowait)")
try:
    q.get(timeout=0.01)
except queue.Empty as e:
    print("Empty (timeout)", type(e).__name__)

sq = queue.SimpleQueue()
sq.put(1)
sq.put(2)
print(sq.qsize(), sq.get(), sq.get(), sq.empty())
try:
    sq.get(block=False)
except queue.Empty:
    print("SimpleQueue Empty")
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))
try:
    q.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
