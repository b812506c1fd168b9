# Empty braces in an f-string, as if it were a str.format() template.
counter = 10
print(f"counter = {}", counter)
