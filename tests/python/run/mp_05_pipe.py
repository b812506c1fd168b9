# multiprocessing.Pipe: duplex request/response between parent and child.
from multiprocessing import Process, Pipe


def server(conn):
    while True:
        msg = conn.recv()
        if msg == "quit":
            conn.send("bye")
            break
        conn.send(msg.upper())
    conn.close()


if __name__ == '__main__':
    parent_end, child_end = Pipe()
    p = Process(target=server, args=(child_end,))
    p.start()
    for word in ["hello", "pipe"]:
        parent_end.send(word)
        print(parent_end.recv())
    parent_end.send("quit")
    print(parent_end.recv())
    p.join()
    print("exitcode", p.exitcode)
    a, b = Pipe(duplex=False)
    b.send([1, 2, 3])
    print(a.poll(), a.recv(), a.poll())
