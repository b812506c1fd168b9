"""an I/O thread beside a CPU-bound one waits for the GIL after every request

Topic: GIL

What to watch for:
The I/O thread asks for only 50 ms of sleeping, but every time a sleep ends it must wait for the
CPU-bound thread to drop the GIL, up to a whole switch interval. Watch its lane go from sleeping to
waiting for the GIL after each request: its total time is several times what it asked for.
"""
import threading, time

def work(rounds):
    # pure Python computation: holds the GIL until asked to drop it
    for _ in range(rounds):
        sum(i * i for i in range(10_000))

def io_loop():
    start = time.time()
    for _ in range(50):
        time.sleep(0.001)        # a quick request...
        sum(range(100))          # ...a little Python to handle the reply
    print("I/O thread took", time.time() - start, "for 50 ms of waiting")

if __name__ == "__main__":
    cpu = threading.Thread(target=work, args=(500,))
    io = threading.Thread(target=io_loop)
    cpu.start(); io.start(); cpu.join(); io.join()
