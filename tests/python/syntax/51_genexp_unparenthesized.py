# A generator expression as one of several call arguments needs parentheses.
import threading

threads = [threading.Thread(target=print) for _ in range(3)]
print(t.name for t in threads, sep=", ")
