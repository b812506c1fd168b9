# try / except / else / finally, and the order in which they run.
def attempt(x):
    try:
        print("  try", x)
        result = 10 / x
    except ZeroDivisionError as e:
        print("  except:", e)
        return "failed"
    except TypeError:
        print("  type error")
        return "bad type"
    else:
        print("  else:", result)
        return "ok"
    finally:
        print("  finally for", repr(x))


for value in [2, 0, "s"]:
    print(attempt(value))


def finally_wins():
    try:
        return "from try"
    finally:
        print("finally runs before return")


print(finally_wins())

try:
    try:
        [][1]
    except KeyError:
        print("not this")
    finally:
        print("inner finally")
except IndexError as e:
    print("outer caught", type(e).__name__, e)

try:
    int("nope")
except (TypeError, ValueError) as e:
    print("tuple of classes:", e)

try:
    raise RuntimeError("boom")
except Exception as e:
    print("caught", repr(e), e.args)

try:
    {}["k"]
except LookupError as e:
    print("base class catches", type(e).__name__, e)
