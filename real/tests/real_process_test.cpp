// real_process: multiprocessing.Process as real OS processes (fork). Properties only: real pids and parent
// links, copied memory, exit codes and signals, output from every process, makespans like the simulator's;
// every child is reaped (no zombies) and every OS thread joined.
#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "../../tests/test_util.hpp"
#include "real_runtime.hpp"
#include "trace/report.hpp"
#include "vm/builder_shorthands.hpp"

using namespace il;
using il::real::RealOptions;
using il::real::RealRuntime;
using il::scn::new_process;

namespace {

std::unique_ptr<RealRuntime> run_real(Program p, double scale) {
  RealOptions opt;
  opt.time_scale = scale;
  opt.wall_limit_ns = 20'000'000'000; // far above any of these runs: a hang fails as a time limit
  auto rt = std::make_unique<RealRuntime>(Config{}, std::move(p), opt);
  rt->run();
  return rt;
}

std::unique_ptr<RealRuntime> run_real(std::string_view name, double scale) {
  const Scenario* sc = find_scenario(name);
  REQUIRE(sc);
  return run_real(sc->build(), scale);
}

double nominal_s(const Kernel& k) { return static_cast<double>(k.now()) / 1e9; }

// How many CPUs sat idle over the last 200 ms (from /proc/stat): parallel speed-ups need idle CPUs.
double idle_cpus() {
  auto sample = [] {
    std::ifstream in("/proc/stat");
    std::string cpu;
    std::uint64_t v[8] = {}, total = 0;
    in >> cpu;
    for (std::uint64_t& x : v) in >> x, total += x;
    return std::pair<std::uint64_t, std::uint64_t>{v[3] + v[4], total}; // idle + iowait, all
  };
  const auto a = sample();
  ::usleep(200'000);
  const auto b = sample();
  if (b.second <= a.second) return 0;
  return static_cast<double>(b.first - a.first) / static_cast<double>(b.second - a.second) *
         static_cast<double>(il::real::online_cpus());
}

bool no_children_left() { // every child was reaped: waitpid has nobody to wait for
  errno = 0;
  return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

void check_clean_end(const RealRuntime& rt) {
  CHECK(rt.end() == RunEnd::Finished);
  CHECK(rt.os_threads_joinable() == 0);
  CHECK(no_children_left());
  for (const Thread& t : rt.threads()) CHECK(t.state == ThreadState::Done);
  for (const Process& p : rt.processes()) CHECK_FALSE(p.alive);
}

// A Process(target=fn, daemon=...) started and kept in `var`.
void start_process(FnBuilder& f, std::string_view fn, std::string_view var, bool daemon) {
  f.push_func(fn).list(0).push_none().push_bool(daemon).native(Native::process_new).store(var);
  f.load(var).method_stmt("start", 0);
}

} // namespace

TEST_CASE("Real processes: every built-in scenario can run for real") {
  for (const Scenario& sc : scenarios()) {
    CAPTURE(sc.name);
    CHECK_FALSE(RealRuntime::unsupported(sc.build()));
  }
}

TEST_CASE("Real processes: process-memory's children change their own copy of the list") {
  auto rt = run_real("process-memory", 0.02);
  check_clean_end(*rt);
  const std::vector<std::string>& out = rt->output();
  REQUIRE(out.size() == 3);
  CHECK(out.back() == "parent sees []");
  std::multiset<std::string> children(out.begin(), out.end() - 1);
  CHECK(children == std::multiset<std::string>{"Process-1 sees [0, 1, 2]", "Process-2 sees [0, 1, 2]"});
  REQUIRE(rt->processes().size() == 3);
  std::set<int> pids;
  for (const Process& p : rt->processes()) pids.insert(p.pid);
  CHECK(pids.size() == 3);
  CHECK(rt->processes()[0].pid == static_cast<int>(::getpid())); // the first process is this one
  for (const Process& p : rt->processes()) CHECK(p.exit_code == 0);
}

TEST_CASE("Real processes: fork-tree's getppid() links every process to the one that started it") {
  auto rt = run_real("fork-tree", 0.02);
  check_clean_end(*rt);
  // "pid P parent Q depth D" from each of the 7 processes, in whatever order they printed.
  std::map<int, std::set<int>> pids_at_depth;
  std::map<int, int> parent_of;
  for (const std::string& line : rt->output()) {
    std::istringstream in(line);
    std::string pid_word, parent_word, depth_word;
    int pid = 0, parent = 0, depth = 0;
    in >> pid_word >> pid >> parent_word >> parent >> depth_word >> depth;
    REQUIRE_MESSAGE(in, line);
    pids_at_depth[depth].insert(pid);
    parent_of[pid] = parent;
  }
  CHECK(pids_at_depth[0].size() == 1);
  CHECK(pids_at_depth[1].size() == 2);
  CHECK(pids_at_depth[2].size() == 4);
  CHECK(parent_of[*pids_at_depth[0].begin()] == static_cast<int>(::getppid()));
  for (int depth : {1, 2})
    for (int pid : pids_at_depth[depth]) CHECK(pids_at_depth[depth - 1].count(parent_of[pid]) == 1);
  // The report knows the same tree: 7 processes, each ppid the pid of its parent entry.
  Stats st = compute_stats(*rt);
  REQUIRE(st.processes.size() == 7);
  for (const ProcessStats& p : st.processes) {
    CAPTURE(p.name);
    CHECK(parent_of.count(p.pid) == 1);
    if (p.ppid != 0) CHECK(parent_of[p.pid] == p.ppid);
  }
}

TEST_CASE("Real processes: process-crash's child exits with 1 and its sibling carries on") {
  auto rt = run_real("process-crash", 0.02);
  check_clean_end(*rt);
  CHECK(rt->output().back() == "exit codes: 1 0");
  // The same lines as the simulator's; the crash and the first tick both come at 0.5 s, in either order.
  auto sim = test::run_scenario("process-crash");
  CHECK(std::multiset<std::string>(rt->output().begin(), rt->output().end()) ==
        std::multiset<std::string>(sim->output().begin(), sim->output().end()));
  Stats st = compute_stats(*rt);
  REQUIRE(st.exceptions.size() == 1);
  CHECK(st.exceptions[0].type == "ValueError");
  CHECK(st.exceptions[0].message == "something went wrong in the child");
}

TEST_CASE("Real processes: spawn runs the module's top level again in the child") {
  auto rt = run_real("spawn-reimport", 0.02);
  check_clean_end(*rt);
  const std::vector<std::string>& out = rt->output();
  REQUIRE(out.size() == 3);
  const std::string top = "module top level runs in ";
  REQUIRE(out[0].rfind(top, 0) == 0);
  REQUIRE(out[1].rfind(top, 0) == 0);
  CHECK(out[0] != out[1]); // two processes, two pids
  CHECK(out[2] == "hello from " + out[1].substr(top.size()));
}

TEST_CASE("Real processes: terminate() is SIGTERM (exitcode -15); daemonic children die when the parent exits") {
  auto build = [] {
    return test::program([](ModuleBuilder& m, FnBuilder& f) {
      auto& w = m.def("forever");
      w.push_float(100).native_stmt(Native::sleep);
      start_process(f, "forever", "p", false);
      f.push_float(0.5).native_stmt(Native::sleep);
      f.load("p").method_stmt("terminate", 0);
      f.load("p").method_stmt("join", 0);
      f.load("p").attr("exitcode").print(1);
      start_process(f, "forever", "d", true); // never joined: killed at exit
    });
  };
  auto rt = run_real(build(), 0.02);
  check_clean_end(*rt);
  CHECK(rt->output() == std::vector<std::string>{"-15"});
  CHECK(rt->output() == test::run(build())->output());
  REQUIRE(rt->processes().size() == 3);
  CHECK(rt->processes()[2].exit_code == -15);
  CHECK(nominal_s(*rt) < 50); // the 100 s sleeps were cut short
}

TEST_CASE("Real processes: download-processes is sleep-bound like the simulator's ~9 s") {
  auto rt = run_real("download-processes", 0.05);
  check_clean_end(*rt);
  CHECK(nominal_s(*rt) == doctest::Approx(nominal_s(*test::run_scenario("download-processes"))).epsilon(0.10));
}

TEST_CASE("Real processes: CPU-bound processes run in parallel, threads take turns on one GIL") {
  if (il::real::usable_cpus() < 2) return; // one CPU: both shapes are ~2x
  if (const double idle = idle_cpus(); idle < 1.6) { // other work on the CPUs: no parallelism to measure
    MESSAGE("skipped: only " << idle << " CPUs idle");
    return;
  }
  auto procs = run_real("cpu-processes", 0.1);
  check_clean_end(*procs);
  auto threads = run_real("cpu-threads", 0.1);
  CHECK(threads->end() == RunEnd::Finished);
  // Each worker computes ~1 s: processes ~1 s in all, threads ~2 s. A loaded machine stretches both.
  CAPTURE(nominal_s(*procs));
  CAPTURE(nominal_s(*threads));
  CHECK(nominal_s(*procs) < 0.8 * nominal_s(*threads));
}

TEST_CASE("Real processes: pipe-pingpong passes the counter back and forth over a real socket") {
  auto rt = run_real("pipe-pingpong", 0.02);
  check_clean_end(*rt);
  CHECK(rt->output() == test::run_scenario("pipe-pingpong")->output()); // one order: each side waits for the other
}

TEST_CASE("Real processes: mp-queue's consumer gets every item once, in order") {
  auto rt = run_real("mp-queue", 0.02);
  check_clean_end(*rt);
  // Producer and consumer print through different pipes: compare as sets, and the gets in FIFO order.
  auto sim = test::run_scenario("mp-queue");
  CHECK(std::multiset<std::string>(rt->output().begin(), rt->output().end()) ==
        std::multiset<std::string>(sim->output().begin(), sim->output().end()));
  std::vector<std::string> gets;
  for (const std::string& line : rt->output())
    if (line.rfind("got ", 0) == 0) gets.push_back(line);
  CHECK(gets == std::vector<std::string>{"got 0", "got 1", "got 2", "got 3", "got 4"});
}

TEST_CASE("Real processes: shared-array's four processes update one Value and one Array in shared memory") {
  for (int run = 0; run < 3; ++run) { // the lock keeps the count exact however the processes interleave
    auto rt = run_real("shared-array", 0.02);
    check_clean_end(*rt);
    CHECK(rt->output() == std::vector<std::string>{"counter = 400", "squares = [0, 1, 4, 9]"});
    // One lock, whichever process took it: the children's acquisitions are added to the parent's counts.
    std::int64_t taken = 0;
    for (const PrimitiveRow& p : compute_stats(*rt).primitives) taken += p.kind == "mp.RLock" ? p.acquisitions : 0;
    CHECK(taken == 400);
  }
}

TEST_CASE("RealRuntime: IPC misuse in one process raises what python3 3.11 raises, as the simulator does") {
  auto build = [] {
    return test::program([](ModuleBuilder&, FnBuilder& f) {
      f.push_str("i").push(0).push_none().native(Native::mp_value_new).store("v");
      f.try_except([&] { f.load("v").method("get_lock", 0).method_stmt("release", 0); }, "AssertionError",
                   [&] { f.push_str("rlock").print(1); });
      f.native(Native::mp_lock_new).store("m");
      f.load("m").method_stmt("acquire", 0);
      f.load("m").method_stmt("release", 0);
      f.try_except([&] { f.load("m").method_stmt("release", 0); }, "ValueError",
                   [&] { f.push_str("lock").print(1); });
      f.push_none().native(Native::mp_queue_new).store("q");
      f.try_except([&] { f.load("q").push_bool(true).push_float(0.1).method_stmt("get", 2); }, "Empty",
                   [&] { f.push_str("queue").print(1); });
      f.push_none().native(Native::pipe_new).store("p");
      f.load("p").push(1).method("getitem", 1).method_stmt("close", 0);
      f.try_except([&] { f.load("p").push(0).method("getitem", 1).method_stmt("recv", 0); }, "EOFError",
                   [&] { f.push_str("pipe").print(1); });
    });
  };
  auto rt = run_real(build(), 0.02);
  CHECK(rt->end() == RunEnd::Finished);
  CHECK(rt->output() == std::vector<std::string>{"rlock", "lock", "queue", "pipe"});
  auto sim = test::run(build());
  CHECK(rt->output() == sim->output());
  auto kinds = [](const Kernel& k) {
    std::multiset<std::pair<std::string, std::string>> out;
    for (const ExceptionRow& e : compute_stats(k).exceptions) out.emplace(e.type, e.message);
    return out;
  };
  CHECK(kinds(*rt) == kinds(*sim));
  CHECK(kinds(*rt) == std::multiset<std::pair<std::string, std::string>>{
                          {"AssertionError", "attempt to release recursive lock not owned by thread"},
                          {"EOFError", ""},
                          {"Empty", ""},
                          {"ValueError", "semaphore or lock released too many times"}});
}

TEST_CASE("Real processes: Pool scenarios take the simulator's time with the same results") {
  // 30 one-second tasks on 5 workers (~6 s), the same one at a time (~30 s), 4 three-second tasks on 3 (~6 s).
  // Forking the workers and each task's round trip are real costs, x20 in nominal time at this scale.
  for (const char* name : {"pool-async", "pool-apply", "pool-uneven"}) {
    CAPTURE(std::string(name));
    auto rt = run_real(name, 0.05);
    check_clean_end(*rt);
    auto sim = test::run_scenario(name);
    CHECK(nominal_s(*rt) == doctest::Approx(nominal_s(*sim)).epsilon(0.15));
    // Lines name the worker that ran each task, which the schedule decides: compare what does not depend on it.
    auto last = [](const Kernel& k, std::string_view prefix) {
      std::string found;
      for (const std::string& line : k.output())
        if (line.rfind(prefix, 0) == 0) found = line;
      return found;
    };
    CHECK(last(*rt, "[") == last(*sim, "[")); // the results list, in submission order
    CHECK(rt->output().size() == sim->output().size());
  }
}

TEST_CASE("Real processes: Pool.map, a task's exception re-raised in the caller, terminate()") {
  auto build = [] {
    return test::program([](ModuleBuilder& m, FnBuilder& f) {
      auto& sq = m.def("square", {"x"});
      sq.load("x").load("x").op(Op::Mul).ret();
      auto& bad = m.def("bad");
      bad.raise("ValueError", "task failed");
      auto& slow = m.def("slow");
      slow.push_float(100).native_stmt(Native::sleep);
      f.push(2).native(Native::pool_new).store("pool");
      f.load("pool").push_func("square").push(1).push(2).push(3).list(3).method("map", 2).print(1);
      f.try_except([&] { f.load("pool").push_func("bad").list(0).method_stmt("apply", 2); }, "ValueError",
                   [&] { f.push_str("caught").print(1); });
      f.load("pool").push_func("slow").list(0).method_stmt("apply_async", 2);
      f.push_float(0.2).native_stmt(Native::sleep);
      f.load("pool").method_stmt("terminate", 0); // the sleeping worker is killed
      f.load("pool").method_stmt("join", 0);
      f.push_str("joined").print(1);
    });
  };
  auto rt = run_real(build(), 0.02);
  check_clean_end(*rt);
  CHECK(rt->output() == std::vector<std::string>{"[1, 4, 9]", "caught", "joined"});
  auto sim = test::run(build());
  CHECK(rt->output() == sim->output());
  CHECK(nominal_s(*rt) < 50); // the 100 s task was cut short
}

TEST_CASE("Real processes: manager-dict's four processes write into one dict in the server process") {
  auto rt = run_real("manager-dict", 0.02);
  check_clean_end(*rt);
  REQUIRE(rt->output().size() == 1);
  const std::string& d = rt->output()[0]; // in the order the writes arrived
  for (const char* entry : {"'worker-0': 0", "'worker-1': 1", "'worker-2': 4", "'worker-3': 9"})
    CHECK_MESSAGE(d.find(entry) != std::string::npos, d);
  CHECK(d.size() == test::run_scenario("manager-dict")->output()[0].size());
  bool server = false;
  for (const ProcessStats& p : compute_stats(*rt).processes) server |= p.name == "SyncManager-1" && p.exit_code == 0;
  CHECK(server); // shutdown() let it exit by itself
}

TEST_CASE("Real processes: Manager's Namespace, Lock, Queue and dict proxies, errors included, as simulated") {
  auto build = [] {
    return test::program([](ModuleBuilder&, FnBuilder& f) {
      f.native(Native::manager_new).store("m");
      f.load("m").method("Namespace", 0).store("ns");
      f.load("ns").push(5).set_attr("x");
      f.load("ns").attr("x").print(1);
      f.try_except([&] { f.load("ns").attr("y").print(1); }, "AttributeError", [&] { f.push_str("no y").print(1); });
      f.load("m").method("Lock", 0).store("lk");
      f.load("lk").method_stmt("acquire", 0);
      f.load("lk").method_stmt("release", 0);
      f.load("m").method("Queue", 0).store("q");
      f.load("q").push(7).method_stmt("put", 1);
      f.load("q").method("get", 0).print(1);
      f.load("m").method("dict", 0).store("d");
      f.load("d").push_str("a").push(1).method_stmt("setitem", 2);
      f.load("d").method("copy", 0).print(1);
      f.try_except([&] { f.load("d").push_str("zz").method_stmt("getitem", 1); }, "KeyError",
                   [&] { f.push_str("no zz").print(1); });
      f.load("m").method_stmt("shutdown", 0);
    });
  };
  auto rt = run_real(build(), 0.02);
  check_clean_end(*rt);
  CHECK(rt->output() == std::vector<std::string>{"5", "no y", "7", "{'a': 1}", "no zz"});
  CHECK(rt->output() == test::run(build())->output());
}

TEST_CASE("Real processes: a child that deadlocks is stopped by its own watchdog and the parent learns why") {
  auto build = [] {
    return test::program([](ModuleBuilder& m, FnBuilder& f) {
      auto& stuck = m.def("stuck");
      stuck.native(Native::lock_new).store("l");
      stuck.load("l").method_stmt("acquire", 0);
      stuck.load("l").method_stmt("acquire", 0); // a Lock is not reentrant: blocked forever
      start_process(f, "stuck", "p", false);
      f.load("p").method_stmt("join", 0);
      f.load("p").attr("exitcode").print(1);
    });
  };
  RealOptions opt;
  opt.time_scale = 0.02;
  opt.wall_limit_ns = 20'000'000'000;
  auto rt = std::make_unique<RealRuntime>(Config{}, build(), opt);
  const RunEnd end = rt->run();
  CHECK(end == RunEnd::Deadlock);
  CHECK(rt->os_threads_joinable() == 0);
  CHECK(no_children_left());
  const DeadlockReport& d = rt->deadlock();
  REQUIRE(d.found);
  REQUIRE(d.cycle_threads.size() == 1); // the child's main thread, waiting for itself
  const Thread& t = rt->threads()[d.cycle_threads[0]];
  CHECK(rt->processes()[t.proc].name == "Process-1");
  CHECK(t.is_main);
  // The lock the child made after its fork is known here by its name and kind, with the child's counts.
  REQUIRE(d.cycle_objs.size() == 1);
  REQUIRE(d.cycle_objs[0] != kNone);
  const Object* l = rt->object(d.cycle_objs[0]);
  CHECK(l->name == "l");
  CHECK(l->kind() == "Lock");
  CHECK(l->stats.acquisitions == 1);
  // The simulator says the same: the child's main thread waits on its own lock forever.
  auto sim = test::run(build());
  CHECK(sim->end() == RunEnd::Deadlock);
  CHECK(d.text == sim->deadlock().text);
}

TEST_CASE("Real processes: a host that runs many (the app) keeps no descriptor of a finished run") {
  auto open_fds = [] {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) n += e.exists() || true;
    return n;
  };
  const std::size_t before = open_fds();
  for (const char* name : {"pipe-pingpong", "mp-queue", "shared-array", "manager-dict", "pool-uneven"}) {
    CAPTURE(std::string(name));
    auto rt = run_real(name, 0.01);
    check_clean_end(*rt);
  }
  CHECK(open_fds() == before);
}
