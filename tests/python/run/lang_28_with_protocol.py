# with on user context managers: exceptions inside __exit__, the traceback of what goes through,
# a class without the protocol, and a lock beside a user manager.
import threading


class Tx:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("begin")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.log.append("rollback" if exc_type else "commit")
        print("exit sees", exc_type, repr(exc), type(tb).__name__ if tb else tb)
        return False


class Loud:
    def __enter__(self):
        return 1

    def __exit__(self, *args):
        raise RuntimeError("exit failed")


log = []
lock = threading.Lock()
with lock, Tx(log) as tx:
    print("holding", lock.locked(), tx is not None)
print(log, lock.locked())

try:
    with Tx(log):
        {}["missing"]
except KeyError as e:
    print("KeyError", e, log)

try:
    with Loud():
        raise ValueError("body")
except RuntimeError as e:
    print("RuntimeError", e, "context:", repr(e.__context__))


class NoProtocol:
    pass


try:
    with NoProtocol():
        print("never")
except TypeError as e:
    print("TypeError:", e)


def loop():
    for i in range(3):
        with Tx(log):
            if i == 1:
                continue
            if i == 2:
                break
    return len(log)


print("loop", loop(), log[-4:])


def crash():
    with Tx([]):
        raise ValueError("uncaught")


crash()
