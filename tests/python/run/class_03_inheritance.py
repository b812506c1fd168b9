# Single inheritance: overriding, super(), and method resolution.
class Animal:
    sound = "..."

    def __init__(self, name):
        self.name = name

    def speak(self):
        return "%s says %s" % (self.name, self.sound)

    def intro(self):
        return "I am " + self.name + ". " + self.speak()


class Dog(Animal):
    sound = "woof"


class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        base = super().speak()
        return base + " (age %d)" % self.age


for pet in [Animal("thing"), Dog("Rex"), Puppy("Bit", 1)]:
    print(pet.intro())

print(Puppy.__mro__ == (Puppy, Dog, Animal, object))
print([c.__name__ for c in Puppy.__mro__])
print(Puppy.__bases__[0].__name__, Dog.__base__.__name__)
p = Puppy("Max", 2)
print(p.sound, p.name, p.age)


class Base:
    def __init__(self):
        print("Base.__init__")
        self.ready = True


class Child(Base):
    def __init__(self):
        print("Child.__init__ before super")
        super().__init__()
        print("Child.__init__ after super")


c = Child()
print(c.ready)


class NoInit(Base):
    pass


print(NoInit().ready)
