# A lambda body cannot be an augmented assignment statement.
import threading

counter = 0
t = threading.Thread(target=lambda: counter += 1)
