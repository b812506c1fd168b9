// Engine throughput: simulated events per second for the reference workload (bench/reference_workload.py,
// compiled by the front end: 16 cores x SMT2, 256 threads, the GIL on, locks + sleeps + C calls + Python loops,
// 10 simulated seconds), with tracing on and off, beside the same workload written with the builder; and a
// compiled Python loop that allocates (strings and lists) every iteration.
// Prints figures; it is a benchmark, not a test. Built natively and as wasm (run under node).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "machine/sim.hpp"
#include "python/compiler.hpp"
#include "vm/builder_shorthands.hpp"
#include "vm/builder.hpp"

using namespace il;

namespace {

struct Embedded {
  const char* name;
  const char* source;
};
constexpr Embedded kWorkload[] = { // bench/reference_workload.py, embedded at build time
#include "bench_sources.inc"
};

// The same workload as the builder wrote it before it was a Python file: the C call is an opaque 0.2 ms of
// work, as sum(range(13_000)) is in the compiled program. Kept to hold the compiled one against.
Program builder_workload() {
  ModuleBuilder m("bench");
  m.global("locks");
  m.global("counter");
  auto& w = m.def("worker", {"k"});
  w.push(0).store("x");
  w.while_([&] { w.native(Native::time).push(10).op(Op::Lt); }, [&] {
    w.with_([&] { w.load("locks").load("k").push(8).op(Op::Mod).method("getitem", 1); },
            [&] { w.add_to("counter", 1); });
    w.for_range("i", 50, [&] { w.load("x").load("i").op(Op::Add).store("x"); }); // a Python loop
    w.push_float(0.0002).native_stmt(Native::cpu);                                 // a C call
    w.push_float(0.002).native_stmt(Native::sleep);                                // I/O
  });
  auto& f = m.main();
  f.push(0).store("counter");
  f.native(Native::list).store("locks");
  f.for_range("i", 8, [&] { f.load("locks").native(Native::lock_new).method_stmt("append", 1); });
  f.native(Native::list).store("ts");
  f.for_range("k", 256, [&] { f.load("ts"); scn::new_thread(f, "worker", {scn::var("k", f)}).method_stmt("append", 1); });
  scn::start_all(f, "ts");
  scn::join_all(f, "ts");
  return m.finish();
}

void measure(const char* label, const Program& p, const Config& cfg) {
  for (bool tracing : {true, false}) {
    double best = 0;
    std::int64_t events = 0, instrs = 0, recs = 0;
    Ns sim_ns = 0;
    for (int rep = 0; rep < 3; ++rep) {
      Sim s(cfg, p);
      s.trace().enabled = tracing;
      auto t0 = std::chrono::steady_clock::now();
      s.run();
      double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      events = s.events_processed();
      instrs = s.instructions();
      recs = static_cast<std::int64_t>(s.trace().recs.size());
      sim_ns = s.now();
      double rate = static_cast<double>(events) / wall;
      if (rate > best) best = rate;
    }
    std::printf("%-8s tracing %-3s  simulated %.2f s  events %lld  instructions %lld  trace records %lld  "
                "best of 3: %.1f M events/s\n",
                label, tracing ? "on" : "off", static_cast<double>(sim_ns) / 1e9, static_cast<long long>(events),
                static_cast<long long>(instrs), static_cast<long long>(recs), best / 1e6);
  }
}

} // namespace

int main() {
  Config cfg;
  cfg.cores = 16;
  cfg.smt = 2;
  py::CompileResult workload = py::compile_program(kWorkload[0].source, "reference_workload.py");
  if (!workload.ok()) {
    std::fprintf(stderr, "%s", workload.error.format("reference_workload.py").c_str());
    return 1;
  }
  measure("python", workload.program, cfg);
  measure("builder", builder_workload(), cfg);
  // A user program that makes a new string and a new list every iteration: the string table and the object
  // table on the hot path (each distinct string interned once, each list an object of its own).
  const int n = 200'000;
  const std::string src = "for i in range(" + std::to_string(n) + "):\n    s = f\"item {i}\"\n    row = [i, s]\n";
  py::CompileResult compiled = py::compile_program(src, "alloc.py");
  if (!compiled.ok()) return 1;
  double best = 0;
  std::size_t objects = 0;
  for (int rep = 0; rep < 3; ++rep) {
    Sim s(cfg, compiled.program);
    auto t0 = std::chrono::steady_clock::now();
    s.run();
    best = std::max(best, n / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    objects = s.object_count();
  }
  std::printf("strings and lists  %d iterations of s = f\"item {i}\"; row = [i, s]  objects %zu  best of 3: %.2f M "
              "iterations/s\n", n, objects, best / 1e6);
  return 0;
}
