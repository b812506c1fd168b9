// real_runtime: scenarios on real OS threads. Properties only (final counts, holders, rough makespans, the
// deadlock cycle, exceptions like the simulator's), never an exact interleaving; every run is bounded by the
// runtime's own watchdog and joins all its threads before returning.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "../../tests/test_util.hpp"
#include "python/compiler.hpp"
#include "real_runtime.hpp"
#include "trace/report.hpp"
#include "vm/builder_shorthands.hpp"

using namespace il;
using il::real::RealOptions;
using il::scn::new_thread;
using il::real::RealRuntime;

namespace {

std::unique_ptr<RealRuntime> run_real(Program p, double scale, Config cfg = {}) {
  RealOptions opt;
  opt.time_scale = scale;
  opt.wall_limit_ns = 20'000'000'000; // far above any of these runs: a hang fails as a time limit
  auto rt = std::make_unique<RealRuntime>(cfg, std::move(p), opt);
  rt->run();
  return rt;
}

std::unique_ptr<RealRuntime> run_real(std::string_view name, double scale, Config cfg = {}) {
  const Scenario* sc = find_scenario(name);
  REQUIRE(sc);
  return run_real(sc->build(), scale, cfg);
}

double nominal_s(const Kernel& k) { return static_cast<double>(k.now()) / 1e9; }

std::int64_t global_int(const Kernel& k, std::string_view name) {
  Value v = test::global(k, name);
  REQUIRE(v.tag == Tag::Int);
  return v.i;
}

const PrimitiveRow* primitive(const Stats& st, std::string_view name) {
  for (const PrimitiveRow& p : st.primitives)
    if (p.name == name) return &p;
  return nullptr;
}

// (type, message) of every exception, sorted: the thread that raised it and when are the schedule's business.
std::vector<std::pair<std::string, std::string>> exception_kinds(const Kernel& k) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const ExceptionRow& e : compute_stats(k).exceptions) out.emplace_back(e.type, e.message);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("RealRuntime: locked counters are exact") {
  SUBCASE("race-counter-locked") {
    auto rt = run_real("race-counter-locked", 0.01);
    CHECK(rt->end() == RunEnd::Finished);
    CHECK(global_int(*rt, "number") == 2'000'000);
  }
  SUBCASE("balance-locked") {
    auto rt = run_real("balance-locked", 0.01);
    CHECK(rt->end() == RunEnd::Finished);
    CHECK(global_int(*rt, "balance") == 0);
  }
}

TEST_CASE("RealRuntime: semaphore-batches never lets more than 5 in and takes ~4 s") {
  auto rt = run_real("semaphore-batches", 0.1); // 20 thread starts cost real time: keep them small
  CHECK(rt->end() == RunEnd::Finished);
  Stats st = compute_stats(*rt);
  const PrimitiveRow* sem = primitive(st, "sem");
  REQUIRE(sem);
  CHECK(sem->max_holders == 5);
  CHECK(sem->acquisitions == 20);
  CHECK(nominal_s(*rt) > 3.9);
  CHECK(nominal_s(*rt) < 6.0);
}

TEST_CASE("RealRuntime: barrier runners leave together") {
  auto rt = run_real("barrier", 0.1);
  CHECK(rt->end() == RunEnd::Finished);
  std::vector<double> left;
  for (const TraceRec& r : rt->trace().recs)
    if (r.kind == Ev::Print && rt->str(r.obj).rfind("runner", 0) == 0) left.push_back(static_cast<double>(r.t) / 1e9);
  REQUIRE(left.size() == 3);
  auto [lo, hi] = std::minmax_element(left.begin(), left.end());
  CHECK(*lo > 2.9);            // the last runner arrives after sleeping 3 s
  CHECK(*hi - *lo < 0.5);      // 50 ms of real time at this scale: generous for a loaded machine
}

TEST_CASE("RealRuntime: the watchdog reports deadlock's lock_a/lock_b cycle and joins every thread") {
  // Its 0.1 s sleep must outlast starting the other thread on a busy machine: 50 ms of real time.
  auto rt = run_real("deadlock", 0.5);
  REQUIRE(rt->end() == RunEnd::Deadlock);
  const DeadlockReport& d = rt->deadlock();
  CHECK(d.found);
  REQUIRE(d.cycle_threads.size() == 2);
  std::vector<std::string> objs;
  for (ObjId o : d.cycle_objs) objs.push_back(rt->object(o)->name);
  std::sort(objs.begin(), objs.end());
  CHECK(objs == std::vector<std::string>{"lock_a", "lock_b"});
  auto sim = test::run_scenario("deadlock");
  CHECK(d.text == sim->deadlock().text); // same wait-for graph, same words
  CHECK(rt->os_threads_joinable() == 0);
}

TEST_CASE("RealRuntime: race-counter without a GIL loses updates on 2+ CPUs") {
  if (real::usable_cpus() < 2) {
    MESSAGE("skipped: fewer than 2 usable CPUs");
    return;
  }
  Config cfg;
  cfg.gil = GilMode::None;
  int lossy = 0;
  for (int i = 0; i < 5; ++i) {
    auto rt = run_real("race-counter", 0.01, cfg);
    REQUIRE(rt->end() == RunEnd::Finished);
    const std::int64_t n = global_int(*rt, "number");
    CHECK(n <= 2'000'000);
    CHECK(n >= 1'000'000); // each thread's own increments are never lost to itself
    lossy += n < 2'000'000;
  }
  CHECK(lossy >= 3);
}

TEST_CASE("RealRuntime: exceptions match the simulator's") {
  SUBCASE("rlock: a non-owner's release") {
    auto rt = run_real("rlock", 0.01);
    CHECK(rt->end() == RunEnd::Finished);
    auto kinds = exception_kinds(*rt);
    CHECK(kinds == exception_kinds(*test::run_scenario("rlock")));
    CHECK(kinds == decltype(kinds){{"RuntimeError", "cannot release un-acquired lock"}});
  }
  SUBCASE("a timed-out barrier breaks for everyone") {
    auto build = [] {
      return test::program([](ModuleBuilder& m, FnBuilder& f) {
        m.global("b");
        auto& w = m.def("w");
        w.load("b").method_stmt("wait", 0);
        f.push(3).push_none().push_float(0.5).native(Native::barrier_new).store("b");
        new_thread(f, "w").store("t");
        f.load("t").method_stmt("start", 0);
        f.try_except([&] { f.load("b").method_stmt("wait", 0); }, "RuntimeError",
                     [&] { f.push_str("broken").print(1); });
        f.load("t").method_stmt("join", 0);
      });
    };
    auto rt = run_real(build(), 0.02);
    CHECK(rt->end() == RunEnd::Finished);
    CHECK(exception_kinds(*rt) == exception_kinds(*test::run(build())));
    CHECK(exception_kinds(*rt).size() == 2);
  }
  SUBCASE("queue timeouts raise Empty and Full") {
    auto build = [] {
      return test::program([](ModuleBuilder&, FnBuilder& f) {
        f.push(1).native(Native::queue_new).store("q");
        f.try_except([&] { f.load("q").push_bool(true).push_float(0.1).method_stmt("get", 2); }, "Empty", [&] {});
        f.load("q").push(7).method_stmt("put", 1);
        f.load("q").push(8).push_bool(true).push_float(0.1).method_stmt("put", 3); // uncaught Full
      });
    };
    auto rt = run_real(build(), 0.02);
    CHECK(rt->end() == RunEnd::Finished);
    CHECK(exception_kinds(*rt) == exception_kinds(*test::run(build())));
    CHECK(rt->output() == test::run(build())->output());
  }
}

TEST_CASE("RealRuntime: download-threads is sleep-bound like the simulator's ~9 s") {
  auto rt = run_real("download-threads", 0.1);
  CHECK(rt->end() == RunEnd::Finished);
  const double sim_s = nominal_s(*test::run_scenario("download-threads"));
  CHECK(nominal_s(*rt) == doctest::Approx(sim_s).epsilon(0.10));
}

TEST_CASE("RealRuntime: cpu-threads under the GIL takes about twice one worker's time") {
  // At scale 1: the work is interpreted bytecode, which runs at the real interpreter's speed whatever the scale.
  auto rt = run_real("cpu-threads", 1.0);
  CHECK(rt->end() == RunEnd::Finished);
  // The two workers compute one at a time under the GIL, so the run takes at least their running times added
  // up, however many CPUs (without the GIL, on 2+ CPUs, about one of them). The top only catches a runaway
  // (a sanitizer build interprets ~10x slower; a machine busy with other work stretches each GIL hand-off).
  Ns running = 0;
  for (const Thread& t : rt->threads())
    if (!t.is_main) running += t.in_state[static_cast<int>(ThreadState::Running)];
  CHECK(running > 0);
  CHECK(nominal_s(*rt) > 0.9 * static_cast<double>(running) / 1e9);
  CHECK(nominal_s(*rt) < 60.0);
  Stats st = compute_stats(*rt);
  CHECK(st.gil_handoffs > 2);
}

TEST_CASE("RealRuntime: the watchdog ends runs that stop progressing or run too long") {
  RealOptions opt;
  opt.time_scale = 0.01;
  SUBCASE("a spin loop that stores nothing: no progress") {
    opt.no_progress_ns = 200'000'000;
    auto rt = std::make_unique<RealRuntime>(Config{}, test::program([](ModuleBuilder&, FnBuilder& f) {
                                              f.while_([&] { f.push_bool(true); }, [&] { f.push(1).pop(); });
                                            }),
                                            opt);
    CHECK(rt->run() == RunEnd::TimeLimit);
    CHECK(rt->os_threads_joinable() == 0);
  }
  SUBCASE("a sleep longer than the no-progress window is not a livelock") {
    opt.time_scale = 1.0;
    opt.no_progress_ns = 100'000'000;
    auto rt = std::make_unique<RealRuntime>(Config{}, test::program([](ModuleBuilder&, FnBuilder& f) {
                                              f.push_float(0.3).native_stmt(Native::sleep);
                                            }),
                                            opt);
    CHECK(rt->run() == RunEnd::Finished);
  }
  SUBCASE("a sleep longer than the wall-clock cap") {
    opt.wall_limit_ns = 200'000'000;
    auto rt = std::make_unique<RealRuntime>(Config{}, test::program([](ModuleBuilder& m, FnBuilder& f) {
                                              auto& w = m.def("w");
                                              w.push_float(1e4).native_stmt(Native::sleep);
                                              new_thread(f, "w").store("t");
                                              f.load("t").method_stmt("start", 0);
                                              f.load("t").method_stmt("join", 0);
                                            }),
                                            opt);
    CHECK(rt->run() == RunEnd::TimeLimit);
    CHECK(rt->os_threads_joinable() == 0);
  }
}

TEST_CASE("RealRuntime: every threads-only scenario runs to its end with the simulator's exceptions") {
  // The heavy counters, the CPU-bound scenarios (tens of millions of real instructions, slow under the
  // sanitizers) and stress-256 have their own tests or only measure speed; deadlock ends stuck.
  for (const char* name : {"download-sequential", "download-threads", "race-counter", "balance",
                           "daemon", "join-timeout", "thread-local", "thread-pool",
                           "semaphore-batches", "event-traffic-light", "condition-pingpong", "barrier", "timer",
                           "rlock", "queue-producer-consumer"}) {
    CAPTURE(name);
    auto rt = run_real(name, 0.02);
    CHECK(rt->end() == RunEnd::Finished);
    CHECK(exception_kinds(*rt) == exception_kinds(*test::run_scenario(name)));
    CHECK(rt->os_threads_joinable() == 0);
    for (const Thread& t : rt->threads()) CHECK(t.state == ThreadState::Done);
  }
}

TEST_CASE("RealRuntime: a Lock-protected counter in 4 threads is exact under every GIL") {
  auto build = [] {
    return test::program([](ModuleBuilder& m, FnBuilder& f) {
      m.global("lock");
      m.global("counter");
      auto& w = m.def("w");
      w.for_range("_", 20'000, [&] { w.with_([&] { w.load("lock"); }, [&] { w.add_to("counter", 1); }); });
      f.native(Native::lock_new).store_global("lock");
      f.push(0).store_global("counter");
      f.list(0).store("ts");
      f.for_range("i", 4, [&] { f.load("ts"); new_thread(f, "w").method_stmt("append", 1); });
      f.for_each("t", [&] { f.load("ts"); }, [&] { f.load("t").method_stmt("start", 0); });
      f.for_each("t", [&] { f.load("ts"); }, [&] { f.load("t").method_stmt("join", 0); });
    });
  };
  for (GilMode g : {GilMode::New, GilMode::Old, GilMode::None}) {
    CAPTURE(to_string(g));
    Config cfg;
    cfg.gil = g;
    auto rt = run_real(build(), 0.01, cfg);
    CHECK(rt->end() == RunEnd::Finished);
    CHECK(global_int(*rt, "counter") == 80'000);
  }
}

TEST_CASE("RealRuntime: a Python program compiled from source runs on real threads as python3 runs it") {
  // What python3 printed for this program (CPython 3.11.7): the joins and the queue fix the order.
  const char* program = R"PY(import threading, queue

class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.n = 0

    def add(self, k):
        with self.lock:
            self.n += k

def worker(c, q, wid):
    for i in range(500):
        c.add(1)
    q.put(f"worker {wid} done")

c = Counter()
q = queue.Queue()
threads = [threading.Thread(target=worker, args=(c, q, w)) for w in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(q.get() for _ in range(4)))
print("total", c.n)
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
)PY";
  py::CompileResult r = py::compile_program(program, "prog.py");
  REQUIRE_MESSAGE(r.ok(), r.error.format("prog.py"));
  REQUIRE_FALSE(RealRuntime::unsupported(r.program));
  auto rt = run_real(std::move(r.program), 0.1);
  CHECK(rt->end() == RunEnd::Finished);
  CHECK(rt->stream(Stream::Stdout) ==
        "['worker 0 done', 'worker 1 done', 'worker 2 done', 'worker 3 done']\ntotal 2000\nKeyError 'missing'\n");
  CHECK(rt->stream(Stream::Stderr) == "");
  CHECK(rt->processes().front().exit_code == 0);
}
