// Interpreter speed on real OS threads (RealRuntime) beside the simulator's, for the same program: T threads
// each running a pure-Python loop (`for i in range(N): x = x + i`) under GIL new and none. Prints a table of
// bytecodes per second per thread; it is a benchmark, not a test. Then the costs real processes add: starting
// a process (fork, run, report, reap), a Pipe round trip between two processes, a Pool task's round trip and
// a Manager proxy call. Native only (real threads and processes).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "vm/builder.hpp"
#include "real_runtime.hpp"
#include "vm/builder_shorthands.hpp"
#include "machine/sim.hpp"

using namespace il;

namespace {

// main starts `threads` workers, each looping `iters` times over local arithmetic (no globals, no objects:
// on real threads these run without the kernel mutex, so only the GIL serializes them).
Program loop_program(int threads, std::int64_t iters) {
  ModuleBuilder m("real_bench");
  auto& w = m.def("worker", {});
  w.push(0).store("x");
  w.for_range("i", iters, [&] { w.load("x").load("i").op(Op::Add).store("x"); });
  auto& f = m.main();
  f.native(Native::list).store("ts");
  f.for_range("k", threads, [&] { f.load("ts"); scn::new_thread(f, "worker").method_stmt("append", 1); });
  scn::start_all(f, "ts");
  scn::join_all(f, "ts");
  return m.finish();
}

// Bytecodes run by the workers (every thread but main, thread 0).
std::int64_t worker_instructions(const Kernel& k) {
  std::int64_t n = 0;
  for (std::size_t i = 1; i < k.threads().size(); ++i) n += k.threads()[i].instructions;
  return n;
}

struct Row {
  double real_wall_s = 0, real_per_thread = 0; // real threads: wall time, bytecodes/s per worker
  double sim_nominal_s = 0, sim_per_thread = 0; // simulator: simulated time, simulated bytecodes/s per worker
  double sim_wall_rate = 0;                     // simulator: bytecodes it interprets per wall second
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Row measure(const Config& cfg, int threads, std::int64_t iters) {
  Row r;
  for (int rep = 0; rep < 3; ++rep) { // best of 3: the machine is shared
    real::RealRuntime rt(cfg, loop_program(threads, iters));
    auto t0 = std::chrono::steady_clock::now();
    const RunEnd end = rt.run();
    const double wall = seconds_since(t0);
    if (end != RunEnd::Finished) {
      std::fprintf(stderr, "real run did not finish\n");
      std::exit(1);
    }
    const double per_thread = static_cast<double>(worker_instructions(rt)) / wall / threads;
    if (per_thread > r.real_per_thread) r = Row{wall, per_thread};
  }
  Sim s(cfg, loop_program(threads, iters));
  s.trace().enabled = false;
  auto t0 = std::chrono::steady_clock::now();
  s.run();
  const double wall = seconds_since(t0);
  r.sim_nominal_s = static_cast<double>(s.now()) / 1e9;
  r.sim_per_thread = static_cast<double>(worker_instructions(s)) / r.sim_nominal_s / threads;
  r.sim_wall_rate = static_cast<double>(s.instructions()) / wall;
  return r;
}

// [SECTION] real processes

// Runs p on real threads and processes (best of 3) and returns the wall seconds.
double real_wall(const std::function<Program()>& p) {
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    real::RealRuntime rt(Config{}, p());
    auto t0 = std::chrono::steady_clock::now();
    if (rt.run() != RunEnd::Finished) {
      std::fprintf(stderr, "real run did not finish\n");
      std::exit(1);
    }
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

// n processes, one after another, each doing nothing: start, exit, report and reap.
Program process_starts(int n) {
  ModuleBuilder m("real_bench_processes");
  auto& w = m.def("nothing", {});
  w.ret_none();
  auto& f = m.main();
  f.for_range("k", n, [&] {
    scn::new_process(f, "nothing").store("p");
    f.load("p").method_stmt("start", 0);
    f.load("p").method_stmt("join", 0);
  });
  return m.finish();
}

// n round trips over a Pipe: the parent sends, a child process echoes.
Program pipe_round_trips(int n) {
  ModuleBuilder m("real_bench_pipe");
  auto& e = m.def("echo", {"conn", "n"});
  e.for_range("i", n, [&] { e.load("conn").load("conn").method("recv", 0).method_stmt("send", 1); });
  auto& f = m.main();
  f.push_none().native(Native::pipe_new).store("ends");
  f.load("ends").push(0).method("getitem", 1).store("here");
  f.load("ends").push(1).method("getitem", 1).store("there");
  scn::new_process(f, "echo", {scn::var("there", f), scn::num(n, f)}).store("p");
  f.load("p").method_stmt("start", 0);
  f.for_range("i", n, [&] {
    f.load("here").load("i").method_stmt("send", 1);
    f.load("here").method_stmt("recv", 0);
  });
  f.load("p").method_stmt("join", 0);
  return m.finish();
}

// n tasks through Pool(1).apply: each a round trip to the worker and back.
Program pool_round_trips(int n) {
  ModuleBuilder m("real_bench_pool");
  auto& sq = m.def("square", {"x"});
  sq.load("x").load("x").op(Op::Mul).ret();
  auto& f = m.main();
  f.push(1).native(Native::pool_new).store("pool");
  f.for_range("i", n, [&] { f.load("pool").push_func("square").load("i").list(1).method_stmt("apply", 2); });
  f.load("pool").method_stmt("close", 0);
  f.load("pool").method_stmt("join", 0);
  return m.finish();
}

// n proxy calls on a Manager dict: each a round trip to the server process.
Program manager_calls(int n) {
  ModuleBuilder m("real_bench_manager");
  auto& f = m.main();
  f.native(Native::manager_new).store("mgr");
  f.load("mgr").method("dict", 0).store("d");
  f.for_range("i", n, [&] { f.load("d").load("i").load("i").method_stmt("setitem", 2); });
  f.load("mgr").method_stmt("shutdown", 0);
  return m.finish();
}

void measure_processes() {
  std::printf("\nreal processes (wall time, best of 3; the fixed part is measured with n = 0 and taken off):\n");
  struct Case {
    const char* what;
    std::function<Program(int)> make;
    int n;
  };
  const Case cases[] = {{"process start + exit + reap", process_starts, 50},
                        {"Pipe round trip (2 processes)", pipe_round_trips, 2000},
                        {"Pool(1).apply round trip", pool_round_trips, 1000},
                        {"Manager dict proxy call", manager_calls, 1000}};
  for (const Case& c : cases) {
    const double base = real_wall([&] { return c.make(0); });
    const double all = real_wall([&] { return c.make(c.n); });
    const double each = std::max(0.0, all - base) / c.n;
    std::printf("  %-32s %6d in %7.3f s: %8.1f us each, %9.0f /s\n", c.what, c.n, all - base, each * 1e6,
                each > 0 ? 1.0 / each : 0.0);
    std::fflush(stdout);
  }
}

} // namespace

int main(int argc, char** argv) {
  const std::int64_t iters = argc > 1 ? std::atoll(argv[1]) : 2'000'000; // loop iterations per thread
  const int cpus = real::usable_cpus();
  Config cfg;
  cfg.cores = std::max(1, cpus); // the simulated machine: as many cores as this one lets us use, no SMT
  cfg.smt = 1;
  std::printf("%lld iterations of `x = x + i` per thread, %d usable CPUs, simulated bytecode %lld ns\n",
              static_cast<long long>(iters), cpus, static_cast<long long>(cfg.bytecode_ns));
  std::printf("%-4s %7s | %10s %18s | %10s %18s %16s\n", "GIL", "threads", "real wall", "real M bc/s/thread",
              "sim time", "sim M bc/s/thread", "sim M bc/wall s");
  for (GilMode g : {GilMode::New, GilMode::None}) {
    cfg.gil = g;
    for (int threads : {1, 2, 4}) {
      const Row r = measure(cfg, threads, iters);
      std::printf("%-4s %7d | %9.3fs %18.2f | %9.3fs %18.2f %16.2f\n", std::string(to_string(g)).c_str(), threads,
                  r.real_wall_s, r.real_per_thread / 1e6, r.sim_nominal_s, r.sim_per_thread / 1e6,
                  r.sim_wall_rate / 1e6);
      std::fflush(stdout);
    }
  }
  std::printf("real: wall time of RealRuntime::run (best of 3), workers' bytecodes / wall s / threads; sim: the\n"
              "simulated time and bytecodes per simulated second per thread, and bytecodes the simulator runs per\n"
              "wall second (tracing off)\n");
  measure_processes();
  return 0;
}
