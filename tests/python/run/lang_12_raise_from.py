# raise, re-raise, raise ... from, and exception chaining attributes.
class ConfigError(Exception):
    pass


def parse_port(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError("bad port: " + text) from e


try:
    parse_port("80a")
except ConfigError as e:
    print("error:", e)
    print("cause:", type(e.__cause__).__name__, e.__cause__)
    print("suppress_context:", e.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("while handling")
except KeyError as e:
    print("context:", type(e.__context__).__name__, e.__context__)
    print("cause is None:", e.__cause__ is None)

try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("hidden") from None
except ValueError as e:
    print("from None:", e.__cause__, e.__suppress_context__)


def reraiser():
    try:
        raise OSError("disk")
    except OSError:
        print("logging and re-raising")
        raise


try:
    reraiser()
except OSError as e:
    print("re-raised:", e)

err = TypeError("made first")
try:
    raise err
except TypeError as e:
    print(e is err)
