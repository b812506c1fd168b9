# for over lists, tuples, dicts, strings and ranges, with break/continue/else.
for fruit in ["apple", "pear", "plum"]:
    print(fruit, end=" ")
print()
for pair in (1, "two", 3.0):
    print(type(pair).__name__, end=" ")
print()
ages = {"ann": 3, "bob": 5, "cid": 7}
for key in ages:
    print(key, ages[key])
for key, value in ages.items():
    print(key + "=" + str(value), end=";")
print()
for ch in "线程abc":
    print(ch, end=",")
print()
for i in range(10, 0, -3):
    print(i, end=" ")
print()

for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")

for x in []:
    print("never")
else:
    print("empty loop else")

for i in range(6):
    if i % 2:
        continue
    if i == 4:
        pass
    print("even", i)

for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)
print("last i", i)
