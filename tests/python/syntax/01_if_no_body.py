# The statements under 'if __name__ == "__main__":' were not indented.
import threading

def worker():
    print("working")

if __name__ == "__main__":
t = threading.Thread(target=worker)
t.start()
