// The Python compiler: programs compiled from source print what CPython 3.11 prints for them, the built-in
// scenario files read and compile, and what the compiler does not support is
// refused by name and position (NotImplementedError), never run differently from CPython.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>

#include "machine/sim.hpp"
#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "test_util.hpp"
#include "trace/report.hpp"

using namespace il;
using il::test::run_source;

namespace {

std::string printed(const Sim& s) {
  std::string out;
  for (const std::string& l : s.output()) out += l + "\n";
  return out;
}

} // namespace

TEST_CASE("Compiler: a program prints exactly what python3 printed for it") {
  // Expected output: what `python3 prog.py` printed (CPython 3.11.7), kept verbatim.
  const char* program = R"PY(import threading, time
from time import sleep

def greet(name, greeting):
    return greeting + ", " + name

print(greet(greeting="hi", name="bob"))
x = 3
if 1 < x <= 3:
    print("chained", x)
total = 0
for i in range(6):
    if i == 3:
        continue
    if i == 5:
        break
    total += i
print("total", total)
names = [n.upper() for n in ["a", "b", "c"] if n != "b"]
print(names, len(names), "a" in names, "A" in names)
a, b = (1, 2)
print(a, b, (a, b), (a,), [a, [b]])
d = {"k": 1}
d["k"] += 5
print(d["k"], "k" in d, "z" not in d, d)
print(f"{x} items, {x!r:>4}|{total:05d}|{2/3:.3f}|{'中文':*^6}|")
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 / 2, 0.1 + 0.2)
print("%s has %d items (%.2f%%)" % ("box", 3, 12.3456), "{} and {}".format(1, "two"))
print(", ".join(["a", "b"]), "a-b-c".split("-"), "  pad  ".strip(), "x" * 3)
lock = threading.Lock()
counter = 0
def work(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1
ts = [threading.Thread(target=work, args=(1000,), name="w%d" % i) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter", counter, ts[0].name, threading.current_thread().name)
start = time.time()
sleep(0.5)
print("slept", time.time() - start >= 0.5)
y = 1
print(None is None, y is not None, not [], not [0], True and 0, 0 or "x")
)PY";
  const char* cpython = R"PY(hi, bob
chained 3
total 7
['A', 'C'] 2 False True
1 2 (1, 2) (1,) [1, [2]]
6 True True {'k': 6}
3 items,    3|00007|0.667|**中文**|
3 -4 1 2 3.5 0.30000000000000004
box has 3 items (12.35%) 1 and two
a, b ['a', 'b', 'c'] pad xxx
counter 3000 w0 MainThread
slept True
True True True False 0 x
)PY";
  auto s = run_source(program);
  CHECK(s->end() == RunEnd::Finished);
  CHECK(printed(*s) == cpython);
}

TEST_CASE("Compiler: classes, Thread subclasses, super() and bound methods as python3 runs them") {
  const char* program = R"PY(import threading

class Counter:
    step = 2
    def __init__(self, start):
        self.value = start
    def bump(self, times=1):
        for _ in range(times):
            self.value += self.step
        return self.value

class Worker(threading.Thread):
    def __init__(self, counter, n):
        super().__init__(name="worker-%d" % n)
        self.counter = counter
        self.n = n
    def run(self):
        with lock:
            self.counter.bump(self.n)

class Loud(Counter):
    def bump(self, times=1):
        v = super().bump(times)
        print("bumped to", v)
        return v

lock = threading.Lock()
c = Counter(10)
ws = [Worker(c, i) for i in range(1, 4)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print(c.value, ws[2].name, Counter.step)
loud = Loud(0)
loud.bump(2)
t = threading.Thread(target=loud.bump, args=(1,))
t.start()
t.join()
print(loud.value)
)PY";
  const char* cpython = R"PY(22 worker-3 2
bumped to 4
bumped to 6
6
)PY";
  auto s = run_source(program);
  CHECK(s->end() == RunEnd::Finished);
  CHECK(printed(*s) == cpython);
}

TEST_CASE("Scenarios: every built-in file has its header and compiles, and its counted variables are globals") {
  for (const Scenario& sc : scenarios()) {
    CAPTURE(sc.name);
    CHECK(!sc.topic.empty());
    CHECK(!sc.description.empty());
    CHECK(sc.watch.size() > 80); // a paragraph, not a word
    py::CompileResult r = py::compile_program(sc.source, sc.name + ".py");
    REQUIRE_MESSAGE(r.ok(), r.error.format(sc.name + ".py"));
    CHECK(r.program.source == sc.source);
    for (const auto& [var, value] : sc.expected) CHECK(r.program.global_slot(var) >= 0);
  }
}

TEST_CASE("Scenarios: every .py file in engine/scenarios is a built-in scenario, and the other way round") {
  std::set<std::string> files, listed;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(INTERLEAVE_SOURCE_DIR) / "engine/scenarios"))
    if (e.path().extension() == ".py") files.insert(e.path().stem().string());
  for (const Scenario& sc : scenarios()) listed.insert(sc.name);
  CHECK(files == listed); // CMakeLists.txt's INTERLEAVE_SCENARIOS names each file once
  CHECK(listed.size() == scenarios().size());
}

TEST_CASE("Scenarios: a header the table cannot read says what is wrong with it") {
  struct Case {
    const char* source;
    const char* why;
  };
  for (const Case& c : {
           Case{"import time\n", "the file does not open with a \"\"\" docstring"},
           Case{"\"\"\"summary\n\nTopic: GIL\n", "the docstring is not closed"},
           Case{"\"\"\"summary\n\nWhat to watch for:\nthe lanes\n\"\"\"\n", "no Topic: line"},
           Case{"\"\"\"summary\n\nTopic: GIL\n\"\"\"\n", "no What to watch for: paragraph"},
           Case{"\"\"\"summary\nTopic: GIL\nExpected: n = many\n\"\"\"\n",
                "an Expected: value is not an integer: Expected: n = many"},
           Case{"\"\"\"summary\nTopic: GIL\nSee also: x\n\"\"\"\n", "unexpected line in the docstring: See also: x"},
       }) {
    Scenario sc;
    CHECK(parse_scenario_header(c.source, sc) == c.why);
  }
  Scenario sc;
  CHECK(parse_scenario_header("\"\"\"Two threads.\n\nTopic: locks\nExpected: a = 3\nExpected: b = -4\n\n"
                              "What to watch for:\nthe lock\nlane.\n\nThen the end.\n\"\"\"\nx = 1\n",
                              sc)
            .empty());
  CHECK(sc.description == "Two threads.");
  CHECK(sc.topic == "locks");
  CHECK(sc.expected == std::vector<std::pair<std::string, std::int64_t>>{{"a", 3}, {"b", -4}});
  CHECK(sc.watch == "the lock lane.\n\nThen the end.");
}

TEST_CASE("Compiler: the same program, machine and seed give the same trace") {
  const Scenario* sc = find_scenario("race-counter-locked");
  const std::string src(sc->source);
  Config cfg;
  cfg.cores = 2;
  auto a = run_source(src, cfg);
  auto b = run_source(src, cfg);
  CHECK(text_trace(*a) == text_trace(*b));
}

TEST_CASE("Compiler: mistakes inside the program raise CPython's exceptions when they run") {
  struct Case {
    const char* src;
    const char* line; // the uncaught exception's report
  };
  for (const Case& c : {
           Case{"print(undefined)\n", "NameError: name 'undefined' is not defined"},
           Case{"import threading\nt = threading.Thread(target=print, color=1)\n",
                "TypeError: Thread.__init__() got an unexpected keyword argument 'color'"},
           Case{"import time\ntime.sleep()\n", "TypeError: sleep() missing 1 required positional argument: 'secs'"},
           Case{"def f(a, b):\n    pass\nf(1)\n", "TypeError: f() missing 1 required positional argument: 'b'"},
           Case{"import numpy\n", "ModuleNotFoundError: No module named 'numpy' (the simulator provides: threading, "
                                  "_thread, queue, multiprocessing, os, time, random, sys, contextlib, "
                                  "concurrent.futures, functools, subprocess)"},
           Case{"x = 1 + 'a'\n", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"},
           Case{"a, b = [1, 2, 3]\n", "ValueError: too many values to unpack (expected 2)"},
           Case{"print('%d' % 'x')\n", "TypeError: %d format: a real number is required, not str"},
           Case{"assert 1 > 2, 'no'\n", "AssertionError: no"},
       }) {
    CAPTURE(c.src);
    auto s = run_source(c.src);
    const std::string& err = s->stream(Stream::Stderr);
    CHECK(err.rfind("Traceback (most recent call last):\n", 0) == 0);
    CHECK(err.find("\n" + std::string(c.line) + "\n") != std::string::npos); // the traceback's last line
    CHECK(s->processes().front().exit_code == 1);
  }
}

TEST_CASE("Compiler: stdout, stderr and the exit status are CPython's, tracebacks and all") {
  // Each program's stdout, stderr and exit status as python3 3.11 wrote them (run from the file's folder; the
  // stdlib's path shown as <stdlib>/): carets under the failing part of a line, ~ and ^ for an operator or a
  // subscript, "Did you mean", unbound names, loops' else blocks, print's sep, end and file, user exception
  // classes (raised, caught by a base or a tuple, args and repr), try/except/else/finally, exception chains
  // (raise ... from, from None, raised while handling), return/break/continue out of with and try, slices, **,
  // lambdas (a thread's target too), nested functions, enumerate/zip/reversed, dict methods, str lengths in
  // code points.
  struct Case {
    const char* src;
    const char* out;
    const char* err;
    int exit_code;
  };
  for (const Case& c : std::initializer_list<Case>{
      {"def f(x):\n    return x[1]   \nf([])\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 3, in <module>\n    f([])\n  File \"prog.py\", line 2, in f\n    return x[1]   \n           ~^^^\nIndexError: list index out of range\n", 1},
      {"x = {}\nprint( (x) [\"k\"] )\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 2, in <module>\n    print( (x) [\"k\"] )\n           ~~~~^^^^^\nKeyError: 'k'\n", 1},
      {"a = 1\nb = 0\nc = (a) / b\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 3, in <module>\n    c = (a) / b\n        ~~~~^~~\nZeroDivisionError: division by zero\n", 1},
      {"print(x)\nx = 1\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 1, in <module>\n    print(x)\n          ^\nNameError: name 'x' is not defined\n", 1},
      {"def f():\n    print(y)\n    y = 2\nf()\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 4, in <module>\n    f()\n  File \"prog.py\", line 2, in f\n    print(y)\n          ^\nUnboundLocalError: cannot access local variable 'y' where it is not associated with a value\n", 1},
      {"pirnt('x')\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 1, in <module>\n    pirnt('x')\n    ^^^^^\nNameError: name 'pirnt' is not defined. Did you mean: 'print'?\n", 1},
      {"v = [1, 2]\nfor i in range(3):\n    print(i)\nelse:\n    print('done', v[i])\n",
       "0\n1\n2\n",
       "Traceback (most recent call last):\n  File \"prog.py\", line 5, in <module>\n    print('done', v[i])\n                  ~^^^\nIndexError: list index out of range\n", 1},
      {"import threading\ndef work(n):\n    print('in', n)\n    return 10 // n\nt = threading.Thread(target=work, args=(0,))\nt.start()\nt.join()\nprint('main goes on')\n",
       "in 0\nmain goes on\n",
       "Exception in thread Thread-1 (work):\nTraceback (most recent call last):\n  File \"<stdlib>/threading.py\", line 1045, in _bootstrap_inner\n    self.run()\n  File \"<stdlib>/threading.py\", line 982, in run\n    self._target(*self._args, **self._kwargs)\n  File \"prog.py\", line 4, in work\n    return 10 // n\n           ~~~^^~~\nZeroDivisionError: integer division or modulo by zero\n", 0},
      {"class Counter:\n    def __init__(self):\n        self.count = 0\n    def increment(self):\n        self.count += 1\nc = Counter()\nc.incremnet()\n",
       "",
       "Traceback (most recent call last):\n  File \"prog.py\", line 7, in <module>\n    c.incremnet()\n    ^^^^^^^^^^^\nAttributeError: 'Counter' object has no attribute 'incremnet'. Did you mean: 'increment'?\n", 1},
      {"import sys\nprint('a', 'b', sep='-', end='!')\nprint()\nprint('x', file=sys.stderr)\n",
       "a-b!\n",
       "x\n", 0},
      {"d = {'a': 1, 'b': 2}\nfor k in d:\n    print(k, d[k])\nwhile len(d) > 5:\n    pass\nelse:\n    print('no break')\n",
       "a 1\nb 2\nno break\n",
       "", 0},
      {"class AppError(Exception):\n    pass\n\n\nclass NotFound(AppError):\n    pass\n\n\nclass Timeout(AppError):\n    def __init__(self, seconds):\n        super().__init__(\"timed out after %d s\" % seconds)\n        self.seconds = seconds\n\n\ndef fetch(key):\n    if key == \"missing\":\n        raise NotFound(\"no such key: \" + key)\n    if key == \"slow\":\n        raise Timeout(3)\n    if key == \"multi\":\n        raise AppError(\"code\", 42)\n    if key == \"empty\":\n        raise AppError\n    if key == \"lookup\":\n        return {}[\"k\"]\n    return key.upper()\n\n\nfor key in [\"ok\", \"missing\", \"slow\", \"multi\", \"empty\", \"lookup\"]:\n    try:\n        print(\"got\", fetch(key))\n    except NotFound as e:\n        print(\"NotFound:\", e)\n    except Timeout as e:\n        print(\"Timeout:\", e, \"| seconds =\", e.seconds)\n    except (AppError, KeyError) as e:\n        print(\"AppError:\", e, \"| args =\", e.args, \"| repr =\", repr(e))\n    else:\n        print(\"no error\")\n    finally:\n        print(\"finally\", key)\ntry:\n    [][1]\nexcept LookupError as e:\n    print(\"lookup\", e)\nraise Timeout(5)\n",
       "got OK\nno error\nfinally ok\nNotFound: no such key: missing\nfinally missing\nTimeout: timed out after 3 s | seconds = 3\nfinally slow\nAppError: ('code', 42) | args = ('code', 42) | repr = AppError('code', 42)\nfinally multi\nAppError:  | args = () | repr = AppError()\nfinally empty\nAppError: 'k' | args = ('k',) | repr = KeyError('k')\nfinally lookup\nlookup list index out of range\n",
       "Traceback (most recent call last):\n  File \"prog.py\", line 46, in <module>\n    raise Timeout(5)\nTimeout: timed out after 5 s\n", 1},
      {"class Low(Exception):\n    pass\n\n\ndef f():\n    raise Low('deep')\n\n\ntry:\n    f()\nexcept (KeyError, Low) as e:\n    print('caught', repr(e), e.args)\ntry:\n    {}['x']\nexcept Exception as e:\n    print(type(e).__name__, e, e.args)\nf()\n",
       "caught Low('deep') ('deep',)\nKeyError 'x' ('x',)\n",
       "Traceback (most recent call last):\n  File \"prog.py\", line 17, in <module>\n    f()\n  File \"prog.py\", line 6, in f\n    raise Low('deep')\nLow: deep\n", 1},
      {"import threading\nclass E(Exception):\n    pass\ndef a():\n    try:\n        {}[\"x\"]\n    except KeyError:\n        raise E(\"no x\") from None\ndef b():\n    try:\n        a()\n    except E as e:\n        print(\"caught\", e, repr(e))\n    try:\n        try:\n            1 / 0\n        except ZeroDivisionError as z:\n            raise ValueError(\"bad\") from z\n    except ValueError as v:\n        print(\"v\", v)\n    try:\n        [][0]\n    except IndexError:\n        pass\n    raise RuntimeError(\"end\")\ndef worker():\n    try:\n        b()\n    except RuntimeError:\n        raise E(\"in thread\")\nt = threading.Thread(target=worker)\nt.start(); t.join()\ntry:\n    int(\"z\")\nexcept ValueError:\n    raise E(\"main\")\n",
       "caught no x E('no x')\nv bad\n",
       "Exception in thread Thread-1 (worker):\nTraceback (most recent call last):\n  File \"prog.py\", line 28, in worker\n    b()\n  File \"prog.py\", line 25, in b\n    raise RuntimeError(\"end\")\nRuntimeError: end\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"<stdlib>/threading.py\", line 1045, in _bootstrap_inner\n    self.run()\n  File \"<stdlib>/threading.py\", line 982, in run\n    self._target(*self._args, **self._kwargs)\n  File \"prog.py\", line 30, in worker\n    raise E(\"in thread\")\nE: in thread\nTraceback (most recent call last):\n  File \"prog.py\", line 34, in <module>\n    int(\"z\")\nValueError: invalid literal for int() with base 10: 'z'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"prog.py\", line 36, in <module>\n    raise E(\"main\")\nE: main\n", 1},
      {"import threading\nlock = threading.Lock()\ndef get(d, k):\n    with lock:\n        if k in d:\n            return d[k]\n    return None\ndef f(n):\n    try:\n        if n > 1:\n            return \"big\"\n        return \"small\"\n    finally:\n        print(\"finally\", n, lock.locked())\ndef g():\n    for i in range(5):\n        with lock:\n            if i == 2:\n                break\n            if i == 0:\n                continue\n            print(\"in\", i)\n    print(\"after\", lock.locked())\n    try:\n        try:\n            return 1 // 0\n        except ZeroDivisionError:\n            return \"handled\"\n        finally:\n            print(\"inner finally\")\n    finally:\n        print(\"outer finally\")\nprint(get({\"a\": 1}, \"a\"), get({}, \"b\"), lock.locked())\nprint(f(1), f(2))\nprint(g(), lock.locked())\n",
       "1 None False\nfinally 1 False\nfinally 2 False\nsmall big\nin 1\nafter False\ninner finally\nouter finally\nhandled False\n",
       "", 0},
      {"s = \"h\u00e9llo world\"\nl = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nt = (1, 2, 3)\nprint(s[1:4], s[::-1], s[-3:], s[:100], s[5:2], s[::2])\nprint(l[2:5], l[::-2], l[-3:-1], l[8:2:-2], l[:], l[-100:3], l[5:-100:-1])\nprint(t[1:], t[::-1], type(t[1:]).__name__)\nprint(2 ** 10, 2 ** -1, 2.0 ** 0.5, (-2) ** 3, 10 ** 18, 0 ** 0)\nprint((1, 2) + (3,), [1] + [2])\ntry:\n    l[::0]\nexcept ValueError as e:\n    print(e)\n",
       "\u00e9ll dlrow oll\u00e9h rld h\u00e9llo world  hlowrd\n[2, 3, 4] [9, 7, 5, 3, 1] [7, 8] [8, 6, 4] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] [0, 1, 2] [5, 4, 3, 2, 1, 0]\n(2, 3) (3, 2, 1) tuple\n1024 0.5 1.4142135623730951 -8 1000000000000000000 1\n(1, 2, 3) [1, 2]\nslice step cannot be zero\n",
       "", 0},
      {"import threading\nsquare = lambda x: x * x\nadd = lambda a, b=10: a + b\nprint(square(5), add(1), add(1, 2), (lambda: \"anon\")())\ndef apply(fn, v):\n    return fn(v)\nprint(apply(lambda s: s.upper(), \"hi\"))\nt = threading.Thread(target=lambda: print(\"in thread\", threading.current_thread().name))\nt.start(); t.join()\nclass Counter:\n    def __init__(self):\n        self.n = 0\n    def bump(self):\n        self.n += 1\nc = Counter()\nt2 = threading.Thread(target=c.bump)\nprint(t2.name)\ndef outer():\n    f = lambda q: q + 1\n    return f(41)\nprint(outer())\nbad = lambda: 1 / 0\nbad()\n",
       "25 11 3 anon\nHI\nin thread Thread-1 (<lambda>)\nThread-2 (bump)\n42\n",
       "Traceback (most recent call last):\n  File \"prog.py\", line 23, in <module>\n    bad()\n  File \"prog.py\", line 22, in <lambda>\n    bad = lambda: 1 / 0\n                  ~~^~~\nZeroDivisionError: division by zero\n", 1},
      {"names = [\"a\", \"b\", \"c\"]\nfor i, n in enumerate(names):\n    print(i, n)\nfor i, n in enumerate(names, start=1):\n    print(i, n)\nfor a, b in zip(names, range(10)):\n    print(a, b)\nprint(list(reversed(names)), list(enumerate(\"xy\", 5)), list(zip([1, 2], \"ab\", (True, False, None))))\nfor x in reversed(range(3)):\n    print(x)\nprint(sum(i * v for i, v in enumerate([3, 4, 5])))\nprint([k for k in zip(names)])\n",
       "0 a\n1 b\n2 c\n1 a\n2 b\n3 c\na 0\nb 1\nc 2\n['c', 'b', 'a'] [(5, 'x'), (6, 'y')] [(1, 'a', True), (2, 'b', False)]\n2\n1\n0\n14\n[('a',), ('b',), ('c',)]\n",
       "", 0},
      {"d = {'b': 2, 'a': 1}\nfor k, v in d.items():\n    print(k, v, d.get(k), d.get('z', 0))\nprint(sorted(d.keys()), sum(d.values()), len('线程abc'))\nfor ch in '线程':\n    print(ch)\n",
       "b 2 2 0\na 1 1 0\n['a', 'b'] 3 5\n线\n程\n",
       "", 0},
      {"def outer():\n    def helper(x):\n        y = x + 1\n        return y\n    return helper(1) + helper(2)\nprint(outer())\ndef bad():\n    def inner():\n        return 1 / 0\n    inner()\nbad()\n",
       "5\n",
       "Traceback (most recent call last):\n  File \"prog.py\", line 11, in <module>\n    bad()\n  File \"prog.py\", line 10, in bad\n    inner()\n  File \"prog.py\", line 9, in inner\n    return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero\n", 1},
  }) {
    CAPTURE(c.src);
    auto s = run_source(c.src);
    CHECK(s->stream(Stream::Stdout) == c.out);
    CHECK(s->stream(Stream::Stderr) == c.err);
    CHECK(s->processes().front().exit_code == c.exit_code);
  }
}

TEST_CASE("Compiler: what it does not support is refused by name and position") {
  struct Case {
    const char* src;
    const char* msg;
    int line, offset;
  };
  for (const Case& c : {
           Case{"class A(B, C):\n    pass\n", "multiple inheritance is not supported by the simulator (line 1, column 12)", 1, 12},
           Case{"class E(Exception):\n    def __add__(self, other):\n        return 'e'\n", "the special method '__add__' is not supported by the simulator (line 2, column 5)", 2, 5},
           Case{"Lock = 1\nfrom threading import *\n", "'from threading import *' replacing 'Lock', bound before it is not supported by the simulator (line 2, column 23)", 2, 23},
           Case{"if True:\n    from queue import *\n", "'from queue import *' below the top level is not supported by the simulator (line 2, column 23)", 2, 23},
           Case{"from threading import *\nsettrace(None)\n", "'threading.settrace()' is not supported by the simulator (line 2, column 1)", 2, 1},
           Case{"x = 1\nmatch x:\n    case 1:\n        pass\n", "the 'match' statement is not supported by the simulator (line 2, column 1)", 2, 1},
           Case{"def f():\n    return [lambda: i for i in range(3)]\n", "a function using the comprehension variable 'i' (a closure) is not supported by the simulator (line 2, column 13)", 2, 13},
           Case{"def f(a, /):\n    pass\n", "a positional-only parameter is not supported by the simulator (line 1, column 7)", 1, 7},
           Case{"dict(**{'a': 1})\n", "'*' or '**' unpacking in a call of the builtin 'dict()' is not supported by the simulator (line 1, column 1)", 1, 1},
           Case{"import threading\nx = threading.excepthook\n", "using 'threading.excepthook' without calling it is not supported by the simulator (line 2, column 5)", 2, 5},
       }) {
    CAPTURE(c.src);
    py::CompileResult r = py::compile_program(c.src, "prog.py");
    CHECK(r.error.type == "NotImplementedError");
    CHECK(r.error.msg == c.msg);
    CHECK(r.error.lineno == c.line);
    CHECK(r.error.offset == c.offset);
  }
  // A syntax error is CPython's, not a refusal.
  py::CompileResult r = py::compile_program("x = (1,\n", "prog.py");
  CHECK(r.error.type == "SyntaxError");
  CHECK(r.error.msg == "'(' was never closed");
}

TEST_CASE("Compiler: a runaway program ends at its instruction budget or time limit, saying which") {
  Config cfg;
  cfg.max_instructions = 200'000;
  auto spin = run_source("n = 0\nwhile True:\n    n += 1\n", cfg);
  CHECK(spin->end() == RunEnd::InstructionLimit);
  CHECK(spin->instructions() > 200'000);
  // It stops after the event that went past it: one CPU's run up to its next switch (at most one 5 ms switch
  // interval of 30 ns instructions, jitter included).
  CHECK(spin->instructions() < 200'000 + 5 * kMilli / 30 * 12 / 10);
  CHECK(std::string(to_string(spin->end())) == "instruction_limit");
  Config slow;
  slow.max_time_ns = 2 * kSecond;
  auto sleeper = run_source("import time\nwhile True:\n    time.sleep(0.5)\n", slow);
  CHECK(sleeper->end() == RunEnd::TimeLimit);
  CHECK(sleeper->now() <= 2 * kSecond);
  Config bad;
  bad.max_instructions = 0;
  CHECK(bad.validate() == std::optional<std::string>("instruction budget must be at least 1"));
}
