# Deterministic hashes: small ints, bools, floats equal to ints, tuples of ints.
print(hash(0), hash(1), hash(42), hash(-1), hash(-2), hash(True), hash(False))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)))
print(hash(1.0) == hash(1), hash(3.5), hash(0.5), hash(-0.0))
print(hash((1, 2)), hash(()), hash((0,)), hash((1, (2, 3))))
print(hash((1, 2)) == hash((1, 2)), hash("abc") == hash("abc"))
s = {5, 3, 1, 4, 2, 0}
print(s)
print({10, 2, 7, 3})
print(list({3: "c", 1: "a", 2: "b"}))
try:
    hash([1])
except TypeError as e:
    print("TypeError:", e)
try:
    hash({})
except TypeError as e:
    print("TypeError:", e)
