# subprocess: call, check_call, run, Popen, os.system, and their errors, with commands whose output does
# not depend on the machine (echo, true, false, sleep). print(..., flush=True) before a child writes:
# python3's stdout to a file is block-buffered, the child's is its own.
import os
import subprocess

print("call:", subprocess.call(["echo", "hello", "from", "echo"]), flush=True)
print("false:", subprocess.call(["false"]), "true:", subprocess.call("true"), flush=True)
print("shell:", subprocess.call("echo  one   two", shell=True), flush=True)
r = subprocess.run(["echo", "run"])
print(r, r.returncode, r.args, r.stdout, flush=True)
print(subprocess.run(["false"]), flush=True)
try:
    subprocess.run(["false"], check=True)
except subprocess.CalledProcessError as e:
    print("CalledProcessError:", e)
try:
    subprocess.check_call(["false"])
except subprocess.SubprocessError as e:
    print(type(e).__name__ + ":", e)
print("check_call:", subprocess.check_call(["true"]))
p = subprocess.Popen(["sleep", "0.2"])
print(p.returncode, p.poll(), p.args)
print("wait:", p.wait(), p.returncode, p.poll())
p = subprocess.Popen(["sleep", "1"])
try:
    p.wait(timeout=0.05)
except subprocess.TimeoutExpired as e:
    print("TimeoutExpired:", e)
p.kill()
print("killed:", p.wait())
try:
    subprocess.call(["sleep", "5"], timeout=0.1)
except subprocess.TimeoutExpired as e:
    print("TimeoutExpired:", e)
print("sleep bad:", subprocess.call(["sleep", "x"]), flush=True)
print("system:", os.system("echo system"), os.system("false"), flush=True)
try:
    subprocess.call("echo hi")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
try:
    subprocess.call(5)
except TypeError as e:
    print("TypeError:", e)
