# if / elif / else, conditional expressions, truthiness, and/or values.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"


for n in [-5, 0, 3, 10, 99]:
    print(n, classify(n))

for value in [0, 1, "", "a", [], [0], None, {}, 0.0]:
    if value:
        print(repr(value), "is truthy")
    else:
        print(repr(value), "is falsy")

x = 7
parity = "even" if x % 2 == 0 else "odd"
print(parity)
print(0 or "default", 5 or "default", "" and "never", 3 and 4)
print(None or [] or 0)
print(not 0, not "x")

temp = 25
if temp > 30:
    print("hot")
elif temp > 20:
    if temp > 24:
        print("warm, nearly hot")
    else:
        print("warm")
else:
    pass
print("done")
