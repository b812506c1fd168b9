# Uncaught ValueError from int() on text that is not a number.
def parse_all(words):
    total = 0
    for w in words:
        total += int(w)
        print("running total", total)
    return total


print(parse_all(["1", "2"]))
print(parse_all(["12", " 7 ", "x", "5"]))
