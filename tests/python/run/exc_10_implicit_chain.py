# Uncaught exception raised while handling another: "During handling" chaining.
def cleanup(resource):
    return resource["handle"]


def process(data):
    try:
        return data[10]
    except IndexError:
        print("index failed, cleaning up")
        cleanup({})


process([1, 2, 3])
