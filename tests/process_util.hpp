// Helpers the multiprocessing tests share: reading exceptions, processes and states back from a run.
#pragma once
#include <doctest/doctest.h>

#include "vm/builder_shorthands.hpp"
#include "test_util.hpp"

namespace il::test {
using scn::Body;

// Raised in the first process's main thread (not only in a worker or a server).
inline bool raised_in_main(const Kernel& s, std::string_view type, std::string_view message) {
  for (const TraceRec& r : s.trace().recs)
    if (r.kind == Ev::Exception && r.thread == 0 && s.str(r.obj) == type && s.str(r.other) == message) return true;
  return false;
}

// try: body  except <any>: pass  -- the exception is read back from the trace.
inline void attempt(FnBuilder& f, const Body& body) { f.try_except(body, "", [] {}); }

inline void start_join(FnBuilder& f, std::string_view p) { f.load(p).method_stmt("start", 0).load(p).method_stmt("join", 0); }

inline const Process* process_named(const Kernel& s, std::string_view name) {
  for (const Process& p : s.processes())
    if (p.name == name) return &p;
  return nullptr;
}

inline Ns time_in(const Kernel& s, ThreadId t, ThreadState st) { return s.threads()[t].in_state[static_cast<int>(st)]; }

inline Config one_core() {
  Config c;
  c.cores = 1;
  c.smt = 1;
  return c;
}

inline Config spawn() {
  Config c;
  c.start_method = StartMethod::Spawn;
  return c;
}

inline void check_clean_end(const Kernel& s) {
  CHECK(s.end() == RunEnd::Finished);
  CHECK_FALSE(s.deadlock().found);
  for (const Thread& t : s.threads()) CHECK(t.state == ThreadState::Done);
  for (const Process& p : s.processes()) CHECK_FALSE(p.alive);
}

} // namespace il::test
