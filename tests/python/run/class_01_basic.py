# A plain class with __init__, methods, and attributes.
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        self.balance += amount
        self.history.append(("deposit", amount))
        return self.balance

    def withdraw(self, amount):
        if amount > self.balance:
            print("insufficient funds for", self.owner)
            return False
        self.balance -= amount
        self.history.append(("withdraw", amount))
        return True

    def summary(self):
        return "%s: %d after %d operations" % (self.owner, self.balance, len(self.history))


a = Account("Ann")
b = Account("Bob", 100)
a.deposit(50)
print(a.withdraw(80))
print(b.withdraw(30))
print(a.summary())
print(b.summary())
print(b.history)
method = a.deposit
print(method(5), a.balance)
print(Account.deposit(b, 1), b.balance)
a.nickname = "A"
print(a.nickname, hasattr(b, "nickname"))
print(sorted(vars(b)))
print(type(a).__name__, type(a) is Account)
