# sys.exit("message"): the message goes to stderr and the exit code is 1.
import sys


def check(config):
    if config["threads"] < 1:
        sys.exit("error: need at least one thread, got %d" % config["threads"])
    print("config ok:", config)


print("checking config")
check({"threads": 4})
check({"threads": 0})
print("not reached")
