// What the timeline draws, built once per run from the engine's trace: per-thread state segments (with the
// reason for each wait), per-CPU occupancy, the GIL holder per process, lock state in Tracy's colours,
// counters and wake-up arrows. No ImGui here: the UI smoke test and the benchmarks build it headless.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "machine/kernel.hpp"

namespace il::ui {

// A thread's state over an interval; `on` is the primitive it waits on, `holder` who held it when it blocked.
struct Segment {
  Ns t0 = 0, t1 = 0;
  ThreadState state = ThreadState::New;
  std::int16_t cpu = -1;  // Running: the logical CPU
  ObjId on = kNone;       // Blocked: the primitive
  ThreadId holder = kNone; // Blocked: its owner at that moment, if it has one
};

struct ThreadLane {
  ThreadId thread = kNone;
  ProcId proc = kNone;
  std::string label;
  std::vector<Segment> segments; // in time order, non-overlapping
  // waits_before[i]: how many of segments[0..i) wait on a primitive or the GIL. A zoomed-out timeline folds
  // thousands of segments into one pixel and still marks a wait among them, in O(1).
  std::vector<std::uint32_t> waits_before;
};

// Who occupied a CPU (thread) or held a GIL (thread), or a lock's state, over an interval.
struct Span {
  Ns t0 = 0, t1 = 0;
  ThreadId thread = kNone;
};

struct CpuLane {
  int cpu = 0, core = 0, hyperthread = 0;
  std::string label; // "core 1 / ht 0"
  std::vector<Span> spans;
};

struct GilLane {
  ProcId proc = kNone;
  std::string label;
  std::vector<Span> spans; // thread = holder
};

// Lock state in Tracy's colour language: held with nobody waiting, held while others wait, waited for
// while free (a woken waiter has not run yet).
enum class LockState : std::uint8_t { Held, Contended, Waiting };
struct LockSpan {
  Ns t0 = 0, t1 = 0;
  LockState state = LockState::Held;
  std::int32_t holders = 0, waiters = 0;
  ThreadId holder = kNone; // one holder, for tooltips
};
struct LockLane {
  ObjId obj = kNone;
  std::string label; // "lock_a (Lock)"
  std::vector<LockSpan> spans;
  std::vector<std::uint32_t> contended_before; // like ThreadLane::waits_before, for spans not simply Held
};

struct CounterLane {
  ObjId obj = kNone;
  std::string label;
  std::vector<std::pair<Ns, std::int64_t>> samples; // value from each time on
  std::int64_t max = 0;
};

// A release (or notify, put, timer) at t_from in thread `from` let `to` run again at t_to.
struct WakeArrow {
  Ns t_from = 0, t_to = 0;
  ThreadId from = kNone, to = kNone;
  ObjId cause = kNone;
};

// An exception raised in a simulated thread (caught or not).
struct RaisedAt {
  Ns t = 0;
  ThreadId thread = kNone;
  std::string type, message;
};

struct Model {
  Ns makespan = 0;
  std::vector<ThreadLane> threads; // grouped by process, in thread order within it
  std::vector<CpuLane> cpus;       // grouped by core
  std::vector<GilLane> gils;       // one per process that ever had a GIL holder
  std::vector<LockLane> locks;     // primitives that were ever held
  std::vector<CounterLane> counters;
  std::vector<WakeArrow> wakes;    // by t_from
  std::vector<Ns> times;           // distinct trace record times, ascending (for stepping)
  std::vector<Ns> wake_times;      // distinct wake-up times, ascending
  std::vector<RaisedAt> raised;    // in time order
};

Model build_model(const Kernel& sim);

// A line the program wrote, as it reached its stream: each process's stdout and stderr are line-buffered, so a
// line is whole once its newline is written (or its process flushes what is left when it exits). The threads
// of one process share the buffer, so pieces of one line may come from several of them.
struct ConsoleLine {
  Ns t = 0;                // when it was complete
  ThreadId thread = kNone; // who wrote its first piece
  bool mixed = false;      // other threads wrote pieces of it too
  Stream stream = Stream::Stdout;
  std::string text;        // without its newline
};
// The run's output from its trace's Print records, in the order the streams received it.
std::vector<ConsoleLine> console_lines(const Kernel& sim);

// An exception that ended a thread (SystemExit aside): the line of the program it was raised at, when, and
// "Type: message" as the traceback's last line says it. In the order they were raised.
struct UncaughtMark {
  ThreadId thread = kNone;
  int line = 0;
  Ns t = 0;
  std::string text;
};
std::vector<UncaughtMark> uncaught_marks(const Kernel& sim);

// The segment (or span) covering t, or nullptr.
const Segment* segment_at(const ThreadLane& lane, Ns t);
const Span* span_at(const std::vector<Span>& spans, Ns t);
const LockSpan* lock_span_at(const LockLane& lane, Ns t);
std::int64_t counter_at(const CounterLane& lane, Ns t); // value at t (0 before the first sample)

// Stepping: the first time strictly after / before t in a sorted list; t itself when there is none.
Ns next_time(const std::vector<Ns>& times, Ns t);
Ns prev_time(const std::vector<Ns>& times, Ns t);

} // namespace il::ui
