# Thread with target, args and kwargs; results collected and printed after join.
import threading

results = {}


def compute(name, a, b, op="add"):
    if op == "add":
        results[name] = a + b
    else:
        results[name] = a * b


t1 = threading.Thread(target=compute, args=("sum", 2, 3))
t2 = threading.Thread(target=compute, args=("product", 4, 5), kwargs={"op": "mul"})
t3 = threading.Thread(target=compute, kwargs={"name": "kw", "a": 1, "b": 1})
threads = [t1, t2, t3]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))
t4 = threading.Thread(target=compute, args=["list-args", 1, 2],)
t4.start()
t4.join()
print(results["list-args"])
t5 = threading.Thread()
t5.start()
t5.join()
print("a thread with no target does nothing")
