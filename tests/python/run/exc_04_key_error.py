# Uncaught KeyError from a dict lookup inside a function (after a handled one).
scores = {"ann": 90, "bob": 72}


def grade(name):
    return "pass" if scores[name] >= 60 else "fail"


try:
    grade("zed")
except KeyError as e:
    print("handled KeyError:", e)
for name in ["ann", "bob"]:
    print(name, scores[name], grade(name))
print("cid", grade("cid"))
