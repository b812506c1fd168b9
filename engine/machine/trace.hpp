// The trace: every state change, acquire, release, wake-up, counter and GIL hand-off, in time order.
// Records are small PODs; text, JSON and Perfetto forms are derived from them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vm/value.hpp"

namespace il {

enum class ThreadState : std::uint8_t { New, Ready, Running, WaitGil, Blocked, Sleeping, Io, Done, count_ };
std::string_view to_string(ThreadState s);

// The program's output streams (a Print event's value).
enum class Stream : std::uint8_t { Stdout, Stderr };

enum class Ev : std::uint8_t {
  ThreadNew,  // thread, obj = process
  State,      // thread, state, cpu (Running), obj (Blocked on)
  Acquire,    // thread, obj, value = 1 if it had to wait
  Release,    // thread, obj
  Wake,       // thread = wakee, other = waker (or -1 for a timer), obj = cause
  Counter,    // obj, value
  Gil,        // obj = process, thread = new holder (-1 = free), value = 1 for a forced drop
  Exception,  // thread, obj = type string, other = message string
  Print,      // thread, obj = the text of one write, value = its Stream
  ProcStart,  // obj = process, other = parent process
  ProcExit,   // obj = process, value = exit code
  WorkBegin,  // thread, value = duration requested (opaque CPU work)
  WorkEnd,    // thread
  count_
};

struct TraceRec {
  Ns t = 0;
  Ev kind = Ev::State;
  ThreadState state = ThreadState::New;
  std::int16_t cpu = -1;
  std::int32_t thread = kNone;
  std::int32_t obj = kNone;
  std::int32_t other = kNone;
  std::int64_t value = 0;
};

struct Trace {
  bool enabled = true;
  std::vector<TraceRec> recs;
  void add(const TraceRec& r) {
    if (enabled) recs.push_back(r);
  }
};

} // namespace il
