// The simulated machine's configuration: cores, SMT, scheduler slice, costs and the GIL. Defaults are the
// tutorials' "four cores, eight threads" machine with costs near real Linux and CPython 3.11.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "vm/value.hpp"

namespace il {

enum class GilMode : std::uint8_t { New, Old, None };
enum class SwitchPoints : std::uint8_t { Py311, Any };
enum class StartMethod : std::uint8_t { Fork, Spawn };

struct Config {
  int cores = 4;
  int smt = 2;                // hardware threads per core: 1 or 2
  double smt_gain = 1.25;     // two busy siblings together do this much of one thread's work
  Ns slice_ns = 10 * kMilli;  // OS time slice
  Ns switch_interval_ns = 5 * kMilli; // sys.setswitchinterval
  GilMode gil = GilMode::New;
  SwitchPoints switch_points = SwitchPoints::Py311;
  int old_gil_ticks = 100;    // `old` GIL: instructions between checks
  Ns ctx_switch_ns = 2 * kMicro;
  // A thread woken by another (a released lock, a set event, a dropped GIL) starts running this much later:
  // the futex wake-up and the idle CPU's exit. python3 measured 10-22 us (median) from release() to the
  // waiter's acquire() returning on this class of machine. Without it, a woken waiter beats the releaser to
  // the lock it just dropped and the simulator forms a convoy CPython does not.
  Ns wake_latency_ns = 10 * kMicro;
  Ns thread_create_ns = 80 * kMicro;
  Ns fork_ns = 1500 * kMicro;
  Ns spawn_ns = 40 * kMilli;
  Ns bytecode_ns = 30;        // one simulated Python instruction at full speed
  // One item of a loop that runs inside a C function (sum(range(n))): no instruction, no switch point. python3
  // 3.11 takes 8-14 ns an item here (sum(range(100)): 0.8 us, sum(range(3 * 10**8)): 4.2 s); per-operation
  // costs measured from python3 will replace this and bytecode_ns (issue 12).
  Ns c_item_ns = 15;
  Ns timer_slack_ns = 50 * kMicro; // a sleep or I/O wakes up to this much late (seeded)
  double jitter = 0.1;        // +-fraction applied to instruction and switch costs (seeded); 0 = none
  StartMethod start_method = StartMethod::Fork;
  std::uint64_t seed = 1;
  Ns max_time_ns = 3600 * kSecond; // a run stops here, reported as a time limit (--max-sim-seconds)
  std::int64_t max_instructions = 1'000'000'000; // a run stops after this many, reported (--max-instructions)
  // What the program's objects and strings may hold once the collector has reclaimed what nothing reaches, in
  // MiB (an estimate: machine/collect.cpp); past it the thread that allocated raises MemoryError (--max-memory).
  std::int64_t max_memory_mb = 1024;
  bool collect_always = false; // collect after every instruction that allocated (--collect-always: tests the collector)
  int livelock_slices = 200;  // no progress for this many slices while threads run: flagged

  int logical_cpus() const { return cores * smt; }
  // Empty if the configuration is possible, else a one-line reason.
  std::optional<std::string> validate() const;
};

std::string_view to_string(GilMode m);
std::string_view to_string(SwitchPoints s);
std::string_view to_string(StartMethod s);
std::optional<GilMode> parse_gil_mode(std::string_view s);
std::optional<SwitchPoints> parse_switch_points(std::string_view s);

} // namespace il
