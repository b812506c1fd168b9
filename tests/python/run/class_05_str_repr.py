# __str__ and __repr__: print, str(), repr(), containers and f-strings.
class Job:
    def __init__(self, jid, owner):
        self.jid = jid
        self.owner = owner

    def __repr__(self):
        return "Job(%r, %r)" % (self.jid, self.owner)

    def __str__(self):
        return "job #%d of %s" % (self.jid, self.owner)


class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"


class OnlyStr:
    def __str__(self):
        return "only str"


j = Job(7, "ann")
print(j)
print(str(j), "|", repr(j))
print([j, Job(8, "bob")])
print({"k": j})
print((j,))
print(f"{j} / {j!r}")
print("%s / %r" % (j, j))
print("{} / {!r}".format(j, j))
print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()])
print(OnlyStr(), str(OnlyStr()))
print(repr(OnlyStr()).startswith("<__main__.OnlyStr object at 0x"))
print(repr(Job).startswith("<class '__main__.Job'>"), Job)
