# The lock release under 'finally:' is not indented.
import threading

lock = threading.Lock()
lock.acquire()
try:
    print("in critical section")
finally:
lock.release()
