# Uncaught IndexError from a list index in a loop that goes one too far.
results = [3, 1, 4]
print("last:", results[-1], "first:", results[-len(results)])
print("slices never raise:", results[5:], results[-10:1])
i = 0
while i <= len(results):
    print("result", i, results[i])
    i += 1
print("not reached")
for r in results:
    print(r)
