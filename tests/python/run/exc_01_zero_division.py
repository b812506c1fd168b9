# Uncaught ZeroDivisionError in nested calls: stdout first, traceback on stderr, rc 1.
def average(values):
    return sum(values) / len(values)


def report(groups):
    for name in groups:
        print(name, average(groups[name]))


report({"a": [1, 2, 3], "b": [10], "empty": [], "never": [5]})
print("not reached")
