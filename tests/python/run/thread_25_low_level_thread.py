# The _thread module: start_new_thread, allocate_lock, get_ident, locked().
import _thread
import threading

done = _thread.allocate_lock()
done.acquire()
box = []


def worker(a, b):
    box.append(a + b)
    box.append(_thread.get_ident() != main_ident)
    done.release()


main_ident = _thread.get_ident()
print(main_ident == threading.get_ident())
print(done.locked())
_thread.start_new_thread(worker, (2, 3))
print(done.acquire(timeout=5))
print(box)
done.release()
print(done.locked(), type(done).__name__)
print(_thread.TIMEOUT_MAX > 0, _thread.TIMEOUT_MAX == threading.TIMEOUT_MAX)
print(_thread.LockType is type(threading.Lock()))
