# Uncaught TypeError: calling a function with a missing argument.
import threading


def task(name, delay):
    print(name, delay)


task("first", 0)
t = threading.Thread(target=task, args=("a", 1))
t.start()
t.join()
task("second")
