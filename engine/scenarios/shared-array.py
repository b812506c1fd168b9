"""4 processes update one Value (under its lock) and one Array in shared memory

Topic: ipc
Expected: counter = 400

What to watch for:
Unlike ordinary globals, a Value and an Array live in memory every process shares: all four workers
update the same counter (taking its lock around each read and write) and fill one slot each of the
same array.
"""
import multiprocessing as mp

def work(counter, squares, index):
    for _ in range(100):
        with counter.get_lock():     # += on shared memory is a read and a write: keep them together
            counter.value += 1
    squares[index] = index * index

if __name__ == "__main__":
    counter = mp.Value("i", 0)
    squares = mp.Array("i", 4)
    workers = [mp.Process(target=work, args=(counter, squares, i)) for i in range(4)]
    for p in workers: p.start()
    for p in workers: p.join()
    print("counter =", counter.value)    # 400: every process updated the same memory
    print("squares =", squares[:])      # [0, 1, 4, 9]
