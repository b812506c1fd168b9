"""a daemon heartbeat dies when the main thread and the non-daemon job finish

Topic: threads

What to watch for:
The main thread reaches its end at once, but Python waits for the non-daemon job before it exits.
The daemon heartbeat beats meanwhile and is simply stopped, in the middle of a sleep, when the
interpreter exits.
"""
import threading, time

def heartbeat():
    while True:
        print("beat")
        time.sleep(0.5)

def job():
    time.sleep(2)
    print("job done")

if __name__ == "__main__":
    threading.Thread(target=heartbeat, daemon=True).start()
    threading.Thread(target=job).start()
    print("main returns; Python still waits for the non-daemon job")
    # at exit the daemon heartbeat is killed mid-sleep
