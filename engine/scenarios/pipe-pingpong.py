"""parent and child pass a counter back and forth over a Pipe 5 times

Topic: ipc

What to watch for:
Each side blocks in recv() until the other has sent: the counter goes back and forth five times, and
every message crosses from one process to the other.
"""
import multiprocessing as mp

def player(conn, rounds):
    for _ in range(rounds):
        n = conn.recv()          # blocks until the other side sends
        conn.send(n + 1)
    conn.close()

if __name__ == "__main__":
    here, there = mp.Pipe()      # two ends, both can send and receive
    p = mp.Process(target=player, args=(there, 5))
    p.start()
    n = 0
    for _ in range(5):
        here.send(n)
        n = here.recv()
        print("parent got", n)
    p.join()
