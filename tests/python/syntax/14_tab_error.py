# worker() mixes a tab-indented line with space-indented lines.
def worker(lock):
    lock.acquire()
	print("in the critical section")
    lock.release()
