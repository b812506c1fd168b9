# Uncaught NameError with CPython 3.11's "Did you mean" suggestion.
def worker(count):
    total = 0
    for i in range(count):
        total += i
    return totl


print("starting")
print(worker(3))
