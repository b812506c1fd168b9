# An uncaught user-defined exception, raised from a method.
class InsufficientFunds(Exception):
    pass


class Wallet:
    def __init__(self, amount):
        self.amount = amount

    def spend(self, cost):
        if cost > self.amount:
            raise InsufficientFunds("need %d, have %d" % (cost, self.amount))
        self.amount -= cost
        print("spent", cost, "left", self.amount)


w = Wallet(10)
w.spend(4)
w.spend(7)
