# Uncaught AttributeError on an instance, with the "Did you mean" suggestion.
class Counter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1


c = Counter()
c.increment()
print("value", c.value)
c.incremnet()
