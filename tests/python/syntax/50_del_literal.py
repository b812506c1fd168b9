# del applied to a string literal instead of a dict item.
results = {"worker-1": 1, "worker-2": 2}
del "worker-1"
