# threading.local: each thread sees its own attributes.
import threading

local = threading.local()
local.name = "main value"
out = {}
lock = threading.Lock()


def show():
    with lock:
        out[threading.current_thread().name] = local.name


def set_and_show(value):
    local.name = value
    show()


def read_unset():
    try:
        local.name
    except AttributeError as e:
        with lock:
            out["unset"] = str(e)


threads = [threading.Thread(target=set_and_show, args=(v,), name=v) for v in ["Sharon", "Jack"]]
threads.append(threading.Thread(target=read_unset))
for t in threads:
    t.start()
for t in threads:
    t.join()
for k in sorted(out):
    print(k, "->", out[k])
print("main still sees:", local.name)


class Context(threading.local):
    def __init__(self):
        self.depth = 0


ctx = Context()
ctx.depth = 5
seen = []
t = threading.Thread(target=lambda: seen.append(ctx.depth))
t.start()
t.join()
print("subclass __init__ runs per thread:", seen, ctx.depth)
