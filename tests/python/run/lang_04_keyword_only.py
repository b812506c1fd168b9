# Keyword-only parameters after * or *args, and positional-only with /.
def connect(host, *, port=80, timeout=None):
    return "%s:%d timeout=%s" % (host, port, timeout)


print(connect("example"))
print(connect("example", port=8080))
print(connect("example", timeout=1.5, port=22))
try:
    connect("example", 8080)
except TypeError as e:
    print("TypeError:", e)


def log(*messages, sep=" | ", upper=False):
    text = sep.join(messages)
    if upper:
        text = text.upper()
    print(text)


log("a", "b", "c")
log("a", "b", sep="-")
log("x", "y", upper=True)


def need(*, key):
    return key * 2


print(need(key=21))
try:
    need()
except TypeError as e:
    print("TypeError:", e)


def pos_only(a, b, /, c):
    return a + b + c


print(pos_only(1, 2, 3), pos_only(1, 2, c=4))
try:
    pos_only(1, b=2, c=3)
except TypeError as e:
    print("TypeError:", e)
