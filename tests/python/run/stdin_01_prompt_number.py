# input() with a prompt (printed without a newline) and int() of the answer.
name = input("Your name: ")
count = int(input("How many workers? "))
print()
print("Hello, %s! Starting %d workers." % (name, count))
for i in range(count):
    print("worker", i, "ready")
print(repr(name), type(count).__name__)
answer = input()
print("empty line gives", repr(answer))
