# The loop variable was put in quotes, so the for target is a string literal.
import threading

threads = [threading.Thread(target=print) for _ in range(3)]
for "t" in threads:
    t.start()
