# delattr() and del obj.attr on instances and classes: the class attribute shows through again, and CPython's AttributeErrors and TypeErrors.
class Settings:
    level = 1

s = Settings()
s.mode = "fast"
setattr(s, "extra", [1, 2])
print(s.level, s.mode, s.extra, hasattr(s, "extra"))
delattr(s, "extra")
del s.mode
print(hasattr(s, "extra"), hasattr(s, "mode"), s.level)
s.level = 5
del s.level
print(s.level)
Settings.k = 3
print(Settings.k, s.k)
del Settings.k
print(hasattr(Settings, "k"), hasattr(s, "k"))
for attempt in ("again", "missing", "name", "class", "args"):
    try:
        if attempt == "again":
            del s.mode
        elif attempt == "missing":
            delattr(s, "nope")
        elif attempt == "name":
            delattr(s, 5)
        elif attempt == "class":
            del Settings.k
        else:
            delattr(s)
    except (AttributeError, TypeError) as e:
        print(type(e).__name__, e)
