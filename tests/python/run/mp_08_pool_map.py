# Pool.map, starmap and imap keep input order; Pool as a context manager.
from multiprocessing import Pool


def square(x):
    return x * x


def power(base, exp):
    return base ** exp


if __name__ == '__main__':
    with Pool(3) as pool:
        print(pool.map(square, range(10)))
        print(pool.starmap(power, [(2, 3), (3, 2), (10, 0)]))
        print(list(pool.imap(square, [5, 6, 7])))
        print(sorted(pool.imap_unordered(square, [1, 2, 3])))
        print(pool.map(len, ["a", "bb", ""], chunksize=2))
