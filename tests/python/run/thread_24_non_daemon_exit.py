# The interpreter waits for non-daemon threads at exit, even without join().
import threading

main_done = threading.Event()


def finisher():
    main_done.wait()
    print("worker: main has finished, I still get to run")
    print("worker: done")


t = threading.Thread(target=finisher)
t.start()
print("main: last statement")
main_done.set()
