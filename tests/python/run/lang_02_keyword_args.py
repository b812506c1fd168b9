# Calling with keyword arguments, mixing positional and keyword, ** unpacking.
def describe(name, age, city="Beijing"):
    print("%s is %d and lives in %s" % (name, age, city))


describe("Li", 30)
describe(age=25, name="Wang")
describe("Zhao", city="Shanghai", age=41)
opts = {"age": 19, "city": "Xi'an"}
describe("Sun", **opts)
args = ("Qian", 52)
describe(*args)
describe(*args, city="Wuhan")


def order(first, second, third):
    return [first, second, third]


print(order(3, third=1, second=2))
print(order(*[1], **{"third": 3, "second": 2}))

try:
    describe("Li", 30, name="Li")
except TypeError as e:
    print("TypeError:", e)

try:
    describe("Li", agee=3)
except TypeError as e:
    print("TypeError:", e)

try:
    order(1, 2)
except TypeError as e:
    print("TypeError:", e)
