"""Timer(2) rings; Timer(5) is cancelled after 1 s and never does

Topic: threads

What to watch for:
A Timer is a thread that waits, then calls its function. The first rings after 2 s; the second is
cancelled after 1 s, so its thread ends without ringing, long before its 5 s were up.
"""
import threading, time

def ring(what):
    print("ring:", what)

if __name__ == "__main__":
    alarm = threading.Timer(2, ring, args=("wake up",))
    snooze = threading.Timer(5, ring, args=("snoozed",))
    alarm.start(); snooze.start()
    time.sleep(1)
    snooze.cancel()                      # never rings
    alarm.join(); snooze.join()
    print("done")
