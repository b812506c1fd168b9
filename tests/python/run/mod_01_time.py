# time.sleep, time.time, perf_counter and monotonic: only comparisons are printed.
import time

t0 = time.time()
p0 = time.perf_counter()
m0 = time.monotonic()
time.sleep(0.01)
t1 = time.time()
p1 = time.perf_counter()
m1 = time.monotonic()
print(t1 >= t0, p1 > p0, m1 > m0)
print(p1 - p0 >= 0.009, m1 - m0 >= 0.009)
print(type(t0).__name__, type(time.time_ns()).__name__)
print(t0 > 1600000000)
time.sleep(0)
print(time.sleep(0.001))
start = time.perf_counter()
elapsed = time.perf_counter() - start
print("elapsed is small:", 0 <= elapsed < 1)
print("Using time is a float:", isinstance(elapsed, float))
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    time.sleep("1")
except TypeError as e:
    print("TypeError:", e)
