# concurrent.futures: worker threads start as submissions need them and are reused once idle; as_completed
# yields in finishing order; wait() with FIRST_COMPLETED and a timeout; cancel(); callbacks; exception();
# shutdown(cancel_futures=True); an executor never shut down still finishes its work at exit.
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, FIRST_COMPLETED, FIRST_EXCEPTION, CancelledError


def nap(seconds, tag):
    time.sleep(seconds)
    return tag, threading.current_thread().name


ex = ThreadPoolExecutor(max_workers=3)
first = ex.submit(nap, 0.1, "a")
print(first.result())
time.sleep(0.05)
second = ex.submit(nap, 0.1, "b")
print(second.result(), threading.active_count())
futures = [ex.submit(nap, s, t) for s, t in [(0.3, "slow"), (0.1, "fast"), (0.2, "mid")]]
print([f.result()[0] for f in as_completed(futures)])
print(threading.active_count())
done, pending = wait([ex.submit(nap, 0.5, "x"), ex.submit(nap, 0.05, "y")], return_when=FIRST_COMPLETED)
print(len(done), len(pending), [f.result()[0] for f in done])
done, pending = wait(pending, timeout=0.1)
print(len(done), len(pending))
wait(pending)
blockers = [ex.submit(nap, 0.2, i) for i in range(3)]
queued = ex.submit(nap, 0.1, "queued")
print(queued.cancel(), queued.cancelled(), queued.done(), blockers[0].cancel(), blockers[0].running())
try:
    queued.result()
except CancelledError:
    print("CancelledError")
calls = []
blockers[1].add_done_callback(lambda f: calls.append(("cb", f.result()[0])))
wait(blockers)
blockers[1].add_done_callback(lambda f: calls.append(("late", f.done())))
print(calls)


def fail(n):
    raise KeyError(n)


bad = ex.submit(fail, 3)
print(repr(bad.exception()), bad.done(), first.exception())
done, pending = wait([bad, ex.submit(nap, 0.3, "z")], return_when=FIRST_EXCEPTION)
print(len(done), len(pending))
for f in as_completed([ex.submit(nap, 0.1 * k, k) for k in range(3)]):
    print("completed", f.result()[0])
it = ex.map(nap, [0.2, 0.1], ["m1", "m2"])
print("map returned")
for r in it:
    print("map", r[0])
ex.shutdown()
with ThreadPoolExecutor(1, thread_name_prefix="solo") as one:
    fs = [one.submit(nap, 0.1, i) for i in range(4)]
    one.shutdown(wait=False, cancel_futures=True)
    print([f.cancelled() for f in fs])
print(fs[0].result())
late = ThreadPoolExecutor(2)
late.submit(nap, 0.2, "at exit")
late.submit(len, "no output")
print("main done")
