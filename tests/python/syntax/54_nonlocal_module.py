# 'nonlocal' used at module level (inside the __main__ block, not a function).
import threading

if __name__ == "__main__":
    nonlocal counter
    counter = 0
    lock = threading.Lock()
