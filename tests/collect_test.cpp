// The collector (machine/collect.cpp): what nothing reaches is reclaimed, what anything reaches is not, a run
// behaves the same whether it collects after every allocation or not at all, and a program that holds too
// much raises MemoryError instead of exhausting the machine.
#include <doctest/doctest.h>

#include <string>

#include "machine/sim.hpp"
#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "test_util.hpp"

using namespace il;
using il::test::run_source;

namespace {

std::size_t live_objects(const Sim& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.object_count(); ++i) n += s.object(static_cast<ObjId>(i)) != nullptr;
  return n;
}

} // namespace

TEST_CASE("Collector: a loop that makes a string and a list per iteration runs in bounded memory") {
  auto s = run_source("for i in range(200000):\n    s = f\"item {i}\"\n    row = [i, s]\nprint(row)\n");
  CHECK(s->stream(Stream::Stdout) == "[199999, 'item 199999']\n");
  const Kernel::MemoryStats& m = s->memory();
  CHECK(m.collections >= 2);
  CHECK(m.objects_freed > 190'000);
  CHECK(m.strings_freed > 190'000);
  CHECK(m.peak_bytes < 4 << 20);     // what is live at a time is a few rows, not 200,000 of them
  CHECK(s->object_count() < 100'000); // freed ids are taken again
}

TEST_CASE("Collector: what the program still reaches survives, through every kind of holder") {
  // Each structure keeps the only reference to lists and run-time strings while the loop below makes
  // enough garbage to collect many times over.
  const char* program = R"PY(import threading, queue

class Box:
    def __init__(self, v):
        self.v = v

def make_closure(tag):
    data = [tag + "!"]
    return lambda: data[0]

d = {f"key{i}": [i, f"val{i}"] for i in range(50)}
st = {f"member{i}" for i in range(20)}
boxes = [Box([i, str(i) * 3]) for i in range(30)]
funcs = [make_closure(f"c{i}") for i in range(10)]
q = queue.Queue()
for i in range(10):
    q.put([i, f"queued{i}"])
gen = (f"gen{i}" for i in range(5))
first = next(gen)
attrs = Box(0)
setattr(attrs, "dyn" + str(7), ["dynamic"])
results = []
def worker(items, prefix):
    results.append(prefix + str(len(items)))
t = threading.Thread(target=worker, args=([f"arg{i}" for i in range(4)], "pre" + "fix"))
for i in range(100000):
    garbage = [i, f"junk{i}"]
t.start()
t.join()
print(d["key49"], len(d), sorted(st)[:2])
print(boxes[29].v, funcs[9](), q.get(), first, list(gen))
print(getattr(attrs, "dyn7"), results)
)PY";
  auto s = run_source(program);
  CHECK(s->memory().collections >= 1);
  CHECK(s->stream(Stream::Stderr) == "");
  CHECK(s->stream(Stream::Stdout) ==
        "[49, 'val49'] 50 ['member0', 'member1']\n"
        "[29, '292929'] c9! [0, 'queued0'] gen0 ['gen1', 'gen2', 'gen3', 'gen4']\n"
        "['dynamic'] ['prefix4']\n");
}

TEST_CASE("Collector: collecting after every allocation changes nothing a run shows") {
  for (const Scenario& sc : scenarios()) {
    CAPTURE(sc.name);
    Config quiet, eager;
    eager.collect_always = true;
    Sim a(quiet, sc.build()), b(eager, sc.build());
    a.run();
    b.run();
    CHECK(a.end() == b.end());
    CHECK(a.now() == b.now());
    CHECK(a.stream(Stream::Stdout) == b.stream(Stream::Stdout));
    CHECK(a.stream(Stream::Stderr) == b.stream(Stream::Stderr));
    CHECK(a.trace().recs.size() == b.trace().recs.size());
    CHECK(a.instructions() == b.instructions());
    CHECK(live_objects(b) <= live_objects(a));
  }
}

TEST_CASE("Collector: a program that holds too much raises MemoryError, which it may catch") {
  Config cfg;
  cfg.max_memory_mb = 4;
  auto s = run_source(R"PY(held = []
try:
    while True:
        held.append([len(held), "x" * 100])
except MemoryError as e:
    n = len(held)
    held = None
    print("MemoryError after", n > 10000, str(e).startswith("the program holds about"))
print("done")
)PY",
                      cfg);
  CHECK(s->stream(Stream::Stdout) == "MemoryError after True True\ndone\n");
  CHECK(s->end() == RunEnd::Finished);

  auto u = run_source("held = []\nwhile True:\n    held.append([1, 2, 3])\n", cfg);
  CHECK(u->processes().front().exit_code == 1);
  const std::string err = u->stream(Stream::Stderr);
  CHECK(err.find("Traceback (most recent call last):\n  File \"prog.py\", line 3, in <module>\n") == 0);
  CHECK(err.find("MemoryError: the program holds about ") != std::string::npos);
  CHECK(err.find("past the simulator's memory budget (--max-memory 4)") != std::string::npos);
}

TEST_CASE("Collector: strings and lists too large to make raise MemoryError") {
  auto s = run_source("try:\n    s = 'ab' * 10**10\nexcept MemoryError as e:\n    print('MemoryError:', e)\n"
                      "t = 'x' * 1000\nprint(len(t + t))\n");
  CHECK(s->stream(Stream::Stdout) ==
        "MemoryError: the simulator does not make strings of more than 10^8 characters\n2000\n");
}
