# The f-string ends at the end of the line: closing brace and quote are missing.
import threading

def worker(counter):
    print(f"counter is now {counter)
