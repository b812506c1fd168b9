# The body was pasted from a web page and is indented with no-break spaces (U+00A0).
import threading

def worker():
    print("hello from", threading.current_thread().name)
