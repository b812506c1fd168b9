# getattr, setattr, hasattr, delattr, type(x).__name__, callable, dir membership.
class Settings:
    mode = "fast"

    def __init__(self):
        self.level = 1


s = Settings()
print(getattr(s, "level"), getattr(s, "mode"), getattr(s, "missing", "fallback"))
setattr(s, "level", 5)
setattr(s, "extra", [1, 2])
print(s.level, s.extra, hasattr(s, "extra"), hasattr(s, "nope"))
delattr(s, "extra")
print(hasattr(s, "extra"))
for field in ["level", "mode"]:
    print(field, "=", getattr(s, field))
try:
    getattr(s, "missing")
except AttributeError as e:
    print("AttributeError:", e)
try:
    s.levl
except AttributeError as e:
    print("AttributeError:", e)
print(getattr("abc", "upper")(), getattr([], "append").__name__)
for v in [1, 1.0, "s", None, True, [1], (1,), {1: 1}, {1}, len, Settings, s, range(2)]:
    print(type(v).__name__, end=" ")
print()
print(callable(len), callable(s), callable(Settings), callable(None))
print("level" in dir(s), "mode" in dir(s), "__init__" in dir(Settings))
print(type(type(1)).__name__, type(s) is Settings, s.__class__.__name__)
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print("AttributeError:", e)
