# The replacement field in the f-string is not closed with '}'.
import threading

t = threading.Thread(target=print)
print(f"{t.name is done")
