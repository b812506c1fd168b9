# sys.exit() inside a thread only ends that thread, silently; exit code stays 0.
import sys
import threading


def quitter():
    print("thread calling sys.exit(5)")
    sys.exit(5)
    print("not reached")


t = threading.Thread(target=quitter)
t.start()
t.join()
print("main continues, thread alive:", t.is_alive())
