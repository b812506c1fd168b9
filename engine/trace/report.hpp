// What a finished run reports: the text trace (golden files, hashing), statistics, the JSON summary the CLI
// prints with --json, and a short human-readable summary. Everything here only reads a Kernel (the simulator or a real-thread run).
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "machine/kernel.hpp"

namespace il {

std::string_view to_string(RunEnd e); // finished, deadlock, livelock, time_limit, instruction_limit, stopped
// Why a run ended before its program did, in a sentence ("it ran 1000000000 instructions, the budget
// --max-instructions sets"); empty when the program ended (or deadlocked) by itself.
std::string stop_reason(const Kernel& sim);

// Receives a long text piece by piece (a file writer, or appending to a string).
using TextSink = std::function<void(std::string_view)>;

// A thread's name for reports; qualified as "Process-1/MainThread" once there is more than one process,
// because every process has a MainThread.
std::string thread_label(const Kernel& sim, ThreadId t);

// [SECTION] text trace

// One line per trace record, e.g. "0.012345678 Thread-1 (worker) acquire lock_a waited". Byte-for-byte
// deterministic: golden files compare it and trace_sha256 hashes it.
std::string text_trace(const Kernel& sim);
void write_text_trace(const Kernel& sim, const TextSink& sink);
std::string trace_line(const Kernel& sim, const TraceRec& r);
std::string trace_sha256(const Kernel& sim);

// [SECTION] statistics

constexpr int kStateCount = static_cast<int>(ThreadState::count_);

struct ThreadStats {
  std::string name;
  int pid = 0;
  std::string process_name;
  ThreadState state = ThreadState::New;
  std::array<Ns, kStateCount> ns{}; // time spent in each ThreadState
  std::int64_t voluntary_switches = 0, involuntary_switches = 0;
  std::string uncaught; // "Type: message" of the exception that ended it; empty if none
};

struct ProcessStats {
  int pid = 0;
  int ppid = 0; // 0 for the first process
  std::string name;
  bool exited = false;
  int exit_code = 0;
};

struct CpuStats {
  int cpu = 0, core = 0;
  Ns busy_ns = 0, switch_ns = 0;
  std::int64_t utilization_e4 = 0; // busy / makespan in units of 1/10000
};

struct PrimitiveRow {
  std::string name, kind;
  std::int64_t acquisitions = 0, contended = 0, max_holders = 0;
};

struct ExceptionRow {
  std::string thread, type, message;
};

// A final value of the first process's globals: JSON for the summary, Python repr for people.
struct SharedVar {
  std::string name, json, repr;
};

struct Stats {
  Ns makespan_ns = 0;
  RunEnd end = RunEnd::Finished;
  std::vector<ThreadStats> threads;
  std::vector<ProcessStats> processes;
  std::vector<CpuStats> cpus;
  std::vector<SharedVar> shared;
  std::vector<PrimitiveRow> primitives;
  std::vector<ExceptionRow> exceptions;
  std::int64_t voluntary_switches = 0, involuntary_switches = 0;
  std::int64_t gil_handoffs = 0;
};

// Valid after run() and also mid-run (time in the current state counts up to now()).
Stats compute_stats(const Kernel& sim);

// [SECTION] summaries

// One JSON object with a fixed key order (see report.cpp for the schema); stable across runs and builds.
std::string summary_json(const Kernel& sim, std::string_view scenario_name);
std::string summary_json(const Kernel& sim, const Stats& st, std::string_view scenario_name);
// The CLI's default output: makespan, time per state for each thread, shared values, deadlock, output.
std::string text_summary(const Kernel& sim, std::string_view scenario_name);

} // namespace il
