# current_thread(), main_thread() and their names seen from several threads.
import threading

seen = []
lock = threading.Lock()


def who():
    me = threading.current_thread()
    with lock:
        seen.append((me.name, me is threading.main_thread(), me.daemon))


print(threading.current_thread().name)
print(threading.main_thread().name)
print(threading.current_thread() is threading.main_thread())
threads = [threading.Thread(target=who, name="t%d" % i) for i in range(3)]
threads.append(threading.Thread(target=who))
for t in threads:
    t.start()
for t in threads:
    t.join()
for entry in sorted(seen):
    print(entry)
who()
print(seen[-1])
print(type(threading.current_thread()).__name__)
print(threading.main_thread().is_alive())
