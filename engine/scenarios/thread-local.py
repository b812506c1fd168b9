"""threading.local(): each thread sees its own value

Topic: threads

What to watch for:
Both threads write the same attribute of one threading.local() object, and both sleep before reading
it back; each still reads the value it wrote itself, because each thread has its own copy.
"""
import threading, time

data = threading.local()

def visit(user):
    data.user = user
    time.sleep(0.1)               # the other thread sets its own data.user meanwhile
    print(threading.current_thread().name, "sees", data.user)

if __name__ == "__main__":
    a = threading.Thread(target=visit, args=("alice",))
    b = threading.Thread(target=visit, args=("bob",))
    a.start(); b.start(); a.join(); b.join()
