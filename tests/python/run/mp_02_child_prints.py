# A child process prints; the parent prints only after joining it.
from multiprocessing import Process, current_process
import os


def child(tag):
    print("child", tag, "running as", current_process().name)
    print("child has another pid:", os.getpid() != parent_pid)


if __name__ == '__main__':
    parent_pid = os.getpid()
    print("parent before start")
    for tag in ["one", "two"]:
        p = Process(target=child, args=(tag,))
        p.start()
        p.join()
        print("parent after joining", tag, "exitcode", p.exitcode)
