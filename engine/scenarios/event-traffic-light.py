"""an Event as a traffic light: set() releases every waiting car at once

Topic: locks

What to watch for:
Cars that arrive while the light is red park on the Event. Each set() wakes every one of them at the
same moment (the arrows from the light to the cars), unlike a lock or a semaphore, which lets
waiters through one at a time.
"""
import threading, time

green = threading.Event()

def light():
    for _ in range(3):
        green.set(); print("green")      # every waiting car goes at once
        time.sleep(1)
        green.clear(); print("red")
        time.sleep(2)
    green.set()

def car(n):
    time.sleep(n * 0.4)                  # cars arrive one by one
    if not green.is_set():
        print("car", n, "waits")
    green.wait()
    print("car", n, "passes")

if __name__ == "__main__":
    threads = [threading.Thread(target=light)]
    threads += [threading.Thread(target=car, args=(n,)) for n in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
