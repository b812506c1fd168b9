# os.cpu_count, os.getpid and os.getppid: only comparisons are printed.
import os
import multiprocessing

n = os.cpu_count()
print(n > 0, type(n).__name__)
pid = os.getpid()
ppid = os.getppid()
print(pid > 0, ppid > 0, pid != ppid, pid == os.getpid())
print(multiprocessing.cpu_count() == n)
print(os.sep, os.path.join("a", "b", "c.py"), os.path.basename("/x/y/z.txt"))
print(os.path.splitext("report.tar.gz"), os.path.dirname("/x/y/z.txt"))
print(os.name)
