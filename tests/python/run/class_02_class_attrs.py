# Class attributes versus instance attributes, shadowing, shared mutables.
class Worker:
    count = 0
    kind = "thread"
    tags = []

    def __init__(self, name):
        self.name = name
        Worker.count += 1
        self.id = Worker.count


w1 = Worker("w1")
w2 = Worker("w2")
print(Worker.count, w1.count, w2.id)
w1.kind = "process"
print(w1.kind, w2.kind, Worker.kind)
del w1.kind
print(w1.kind)
w1.tags.append("shared")
print(w2.tags, Worker.tags)
w2.tags = ["own"]
print(w2.tags, Worker.tags)
Worker.kind = "greenlet"
print(w1.kind, w2.kind)
print("kind" in vars(w1), "name" in vars(w1))


class Config:
    DEFAULTS = {"retries": 3}

    @classmethod
    def create(cls, **kw):
        obj = cls()
        obj.settings = dict(cls.DEFAULTS, **kw)
        return obj

    @staticmethod
    def describe():
        return "static method, no self"


print(Config.create(retries=5).settings, Config.create().settings)
print(Config.describe(), Config().describe())
