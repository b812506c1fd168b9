# Reading lines with input() until EOFError, then summarising them.
lines = []
while True:
    try:
        line = input()
    except EOFError:
        print("EOF after", len(lines), "lines")
        break
    lines.append(line)
words = [w for line in lines for w in line.split()]
print(lines)
print(len(words), sorted(set(words)))
numbers = [int(w) for w in words if w.isdigit()]
print("sum of numbers:", sum(numbers))
