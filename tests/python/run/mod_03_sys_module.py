# sys: argv, stdout.write (and its return value), stderr, version_info, switch interval.
import sys

print(sys.argv)
print(len(sys.argv), sys.argv[0].endswith(".py"))
n = sys.stdout.write("written without newline")
sys.stdout.write("\n")
print("write returned", n)
sys.stdout.write("a" + "b" + "\n")
sys.stderr.write("this goes to stderr\n")
print(sys.version_info[:2] == (3, 11), sys.version_info.major)
print(sys.stdout.encoding.lower().replace("-", ""))
sys.stdout.flush()
print(type(sys.maxsize).__name__, sys.maxsize == 2 ** 63 - 1)
print("__main__" in sys.modules, __name__)
print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
try:
    sys.setswitchinterval(0)
except ValueError as e:
    print("ValueError:", e)
