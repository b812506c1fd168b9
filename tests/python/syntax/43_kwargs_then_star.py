# *args unpacked after **kwargs in a call.
import threading

def worker(n, name=None):
    print(n, name)

args = (1,)
kwargs = {"name": "w1"}
t = threading.Thread(target=worker, **kwargs, *args)
