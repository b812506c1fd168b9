# One closing parenthesis too many at the end of the print call.
import time

start = time.time()
print("elapsed:", time.time() - start))
