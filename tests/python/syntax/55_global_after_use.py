# The global declaration comes after the name is already used in worker().
counter = 0

def worker():
    print(counter)
    global counter
    counter += 1
