# return, break and continue through a finally with no except clause, nested in a try that catches: the outer handler still catches, the finally runs once.
def f(x):
    try:
        try:
            return 10 // x
        finally:
            print("inner finally", x)
    except ZeroDivisionError:
        print("caught in f")
        return -1

def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("g finally", i)
    return "g done"

print(f(2), f(0), g())
def finally_wins():
    try:
        return "from try"
    finally:
        prinreturnt("finally runs before return")

try:
    print(finally_wins())
except NameError as e:
    print("caught", e)
print("end")
