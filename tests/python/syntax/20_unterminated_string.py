# The closing quote of the message is missing.
import threading

def worker():
    print("worker started)
