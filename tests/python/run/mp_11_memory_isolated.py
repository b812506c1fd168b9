# Each process has its own memory: a child's changes to a global do not reach the parent.
import multiprocessing

data = ["parent"]
counter = 0


def child(q):
    global counter
    data.append("child")
    counter += 10
    q.put((list(data), counter))


if __name__ == '__main__':
    q = multiprocessing.Queue()
    for _ in range(2):
        p = multiprocessing.Process(target=child, args=(q,))
        p.start()
        print("child saw:", q.get())
        p.join()
    print("parent still has:", data, counter)
