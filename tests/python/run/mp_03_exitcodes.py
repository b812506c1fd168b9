# Child exit codes: normal return, sys.exit(n), an uncaught exception, terminate().
import multiprocessing
import sys
import time


def ok():
    pass


def quits():
    sys.exit(7)


def crashes():
    raise ValueError("child failed")


def sleeps():
    time.sleep(30)


if __name__ == '__main__':
    for func in [ok, quits, crashes]:
        p = multiprocessing.Process(target=func)
        p.start()
        p.join()
        print(func.__name__, "exitcode", p.exitcode)
    s = multiprocessing.Process(target=sleeps)
    s.start()
    print("alive before terminate:", s.is_alive())
    s.terminate()
    s.join()
    print("terminated exitcode", s.exitcode, "alive:", s.is_alive())
