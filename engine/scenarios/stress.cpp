// A stress scenario for the UI's frame-time benchmark: 256 threads contending for a few locks and the GIL,
// simulated in well under a second and recording over a million trace events.
#include "scenarios/common.hpp"
#include "scenarios/scenarios.hpp"

namespace il {
namespace {
using namespace scn;

// The numbers the source below spells out; its printed count, 256 * 250, is checked by tests/scenarios_test.
constexpr int kThreads = 256;
constexpr int kRounds = 250;
constexpr int kLocks = 4;

Program stress_256() {
  ModuleBuilder m("stress-256");
  m.source(R"PY(import threading, time

locks = [threading.Lock() for _ in range(4)]
counter = 0
counter_lock = threading.Lock()

def worker(n):
    global counter
    for i in range(250):
        with locks[(n + i) % 4]:       # 256 threads share four locks...
            time.sleep(0.0001)         # ...and hold one across a short wait, so the others queue up
        sum(range(100))                # a little work in between
        with counter_lock:
            counter += 1

if __name__ == "__main__":
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(256)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("counter =", counter)         # always 256 * 250 = 64000
)PY");
  m.global("locks");
  m.global("counter");
  m.global("counter_lock");
  auto& w = m.def("worker", {"n"});
  w.at("for i in range(250):").for_range("i", kRounds, [&] {
    w.at("with locks[(n + i) % 4]:").with_(
        [&] { w.load("locks").load("n").load("i").op(Op::Add).push(kLocks).op(Op::Mod).method("getitem", 1); },
        [&] { w.at("time.sleep(0.0001)").push_float(0.0001).native_stmt(Native::sleep); });
    w.at("sum(range(100))").push_float(0.000002).native_stmt(Native::cpu); // ~2 us in CPython 3.11
    w.at("with counter_lock:").with_([&] { w.load("counter_lock"); },
                                     [&] { w.at("counter += 1").add_to("counter", 1); });
  });

  auto& f = m.main();
  f.at("locks = [").native(Native::list).store("locks");
  f.for_range("_", kLocks, [&] { f.load("locks").native(Native::lock_new).method_stmt("append", 1); });
  f.at("counter = 0").push(0).store("counter");
  f.at("counter_lock = threading.Lock()").native(Native::lock_new).store("counter_lock");
  f.at("threads = [").native(Native::list).store("threads");
  f.for_range("n", kThreads, [&] {
    f.load("threads");
    new_thread(f, "worker", {var("n", f)}).method_stmt("append", 1);
  });
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  f.at("print(\"counter =\"").push_str("counter =").load("counter").print(2);
  return m.finish();
}

} // namespace

void add_stress_scenarios(std::vector<Scenario>& out) {
  out.push_back({"stress-256", "GIL",
                 "256 threads queue for four locks held across short sleeps: over a million trace events",
                 stress_256});
  out.back().expected = {{"counter", 256 * 250}};
}

} // namespace il
