# sys.argv as `python3 mod_13_sys_argv.py` starts it: the script's name alone; one list, however it is reached.
import sys
from sys import argv

print(sys.argv, argv is sys.argv, len(sys.argv))
script = sys.argv[0]
print(script.endswith(".py"), script.split("_")[0])
sys.argv.append("--verbose")
print(argv, sys.argv[1:])
verbose = "--verbose" in sys.argv[1:]
if verbose:
    print("verbose mode")
try:
    print(sys.argv[2])
except IndexError as e:
    print("IndexError:", e)
