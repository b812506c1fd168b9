# The run() method of a Thread subclass is not indented under the class line.
import threading

class Worker(threading.Thread):
def run(self):
    print("running", self.name)
