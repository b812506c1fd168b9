# Python 2 print statement without parentheses.
import threading

def worker(n):
    print "worker", n
