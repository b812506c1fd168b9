# User-defined exception classes: raising, catching by base class, printing.
class AppError(Exception):
    pass


class NotFound(AppError):
    pass


class Timeout(AppError):
    def __init__(self, seconds):
        super().__init__("timed out after %d s" % seconds)
        self.seconds = seconds


def fetch(key):
    if key == "missing":
        raise NotFound("no such key: " + key)
    if key == "slow":
        raise Timeout(3)
    if key == "multi":
        raise AppError("code", 42)
    if key == "empty":
        raise AppError
    return key.upper()


for key in ["ok", "missing", "slow", "multi", "empty"]:
    try:
        print("got", fetch(key))
    except NotFound as e:
        print("NotFound:", e)
    except Timeout as e:
        print("Timeout:", e, "| seconds =", e.seconds)
    except AppError as e:
        print("AppError:", e, "| args =", e.args, "| repr =", repr(e))

print(issubclass(NotFound, AppError), issubclass(Timeout, Exception))
print(NotFound.__mro__[1].__name__, NotFound.__mro__[-2].__name__)
try:
    raise NotFound("x")
except Exception as e:
    print(type(e).__name__, isinstance(e, AppError))
