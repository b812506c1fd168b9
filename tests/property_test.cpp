// Property test: 1,000 random programs on random machines, stepped one scheduler event at a time, with the
// machine's invariants checked after every event and over the whole trace.
#include <doctest/doctest.h>

#include <map>

#include "vm/builder_shorthands.hpp"
#include "test_util.hpp"

using namespace il;
using namespace il::test;
using namespace il::scn;

namespace {

// A random program: 2-6 threads, each looping over random steps on a few shared primitives. Every blocking
// call that could wait forever has a timeout, so most programs finish; the rest must end in a report.
Program random_program(Rng& r) {
  ModuleBuilder m("random");
  for (const char* g : {"lock", "rlock", "sem", "ev", "cond", "q", "counter"}) m.global(g);
  int nthreads = 2 + static_cast<int>(r.below(5));
  for (int k = 0; k < nthreads; ++k) {
    auto& f = m.def("w" + std::to_string(k));
    int steps = 1 + static_cast<int>(r.below(6));
    std::int64_t iters = 1 + static_cast<std::int64_t>(r.below(4));
    std::vector<int> ops;
    for (int i = 0; i < steps; ++i) ops.push_back(static_cast<int>(r.below(10)));
    std::vector<double> ds;
    for (int i = 0; i < steps; ++i) ds.push_back(static_cast<double>(1 + r.below(20)) / 1000.0);
    f.for_range("_", iters, [&] {
      for (int i = 0; i < steps; ++i) {
        double d = ds[i];
        switch (ops[i]) {
        case 0: f.with_([&] { f.load("lock"); }, [&] { f.add_to("counter", 1); f.push_float(d).native_stmt(Native::sleep); }); break;
        case 1: f.with_([&] { f.load("rlock"); }, [&] { f.with_([&] { f.load("rlock"); }, [&] { f.add_to("counter", 1); }); }); break;
        case 2: f.with_([&] { f.load("sem"); }, [&] { f.push_float(d).native_stmt(Native::cpu); }); break;
        case 3: f.load("ev").method_stmt("set", 0).load("ev").method_stmt("clear", 0); break;
        case 4: f.load("ev").push_float(d).method_stmt("wait", 1); break;
        case 5: f.with_([&] { f.load("cond"); }, [&] { f.load("cond").push_float(d).method_stmt("wait", 1); }); break;
        case 6: f.with_([&] { f.load("cond"); }, [&] { f.load("cond").method_stmt("notify_all", 0); }); break;
        case 7:
          f.try_except([&] { f.load("q").push(1).push_bool(true).push_float(d).method_stmt("put", 3); }, "Full", [&] {});
          break;
        case 8:
          f.try_except([&] { f.load("q").push_bool(true).push_float(d).method_stmt("get", 2); }, "Empty", [&] {});
          break;
        default: f.push_float(d).native_stmt(r.chance(1, 2) ? Native::cpu : Native::io); break;
        }
      }
    });
  }
  auto& f = m.main();
  f.push(0).store("counter");
  f.native(Native::lock_new).store("lock");
  f.native(Native::rlock_new).store("rlock");
  f.push(static_cast<std::int64_t>(1 + r.below(3))).native(Native::bounded_semaphore_new).store("sem");
  f.native(Native::event_new).store("ev");
  f.push_none().native(Native::condition_new).store("cond");
  f.push(static_cast<std::int64_t>(r.below(3))).native(Native::queue_new).store("q");
  f.native(Native::list).store("ts");
  for (int k = 0; k < nthreads; ++k) {
    f.load("ts");
    new_thread(f, "w" + std::to_string(k)).method_stmt("append", 1);
  }
  start_all(f, "ts");
  join_all(f, "ts");
  return m.finish();
}

Config random_config(Rng& r) {
  Config c;
  c.cores = 1 + static_cast<int>(r.below(4));
  c.smt = 1 + static_cast<int>(r.below(2));
  c.slice_ns = (1 + static_cast<Ns>(r.below(20))) * kMilli;
  c.switch_interval_ns = (1 + static_cast<Ns>(r.below(10))) * kMilli;
  c.gil = static_cast<GilMode>(r.below(3));
  c.switch_points = r.chance(1, 2) ? SwitchPoints::Any : SwitchPoints::Py311;
  c.seed = r.next();
  c.max_time_ns = 120 * kSecond;
  return c;
}

// Checks the state invariants after one event; returns a description of the first violation.
std::string check_state(const Kernel& s) {
  std::vector<int> on_cpu(s.cpus().size(), 0);
  for (const Thread& t : s.threads()) {
    if (t.state == ThreadState::Running) {
      if (t.cpu < 0) return t.name + " running without a CPU";
      if (s.cpus()[t.cpu].cur != t.id) return t.name + " not the current thread of its CPU";
      if (++on_cpu[t.cpu] > 1) return "two threads on CPU " + std::to_string(t.cpu);
    } else if (t.cpu >= 0) {
      return t.name + " holds a CPU while " + std::string(to_string(t.state));
    }
  }
  for (std::size_t i = 0; i < s.object_count(); ++i) {
    const Object* o = s.object(static_cast<ObjId>(i));
    if (auto* l = dynamic_cast<const LockObject*>(o)) {
      if (l->holder == kNone && !l->waiters.empty() && l->in_flight == 0)
        return o->name + " free with waiters left behind";
      if (l->holder != kNone && s.threads()[l->holder].state == ThreadState::Done && !l->reentrant)
        continue; // a finished thread may legally leave a Lock locked
    }
    if (auto* sem = dynamic_cast<const SemaphoreObject*>(o)) {
      if (sem->value < 0 || (sem->bounded && sem->value > sem->initial)) return o->name + " out of bounds";
      if (sem->value > 0 && !sem->waiters.empty() && sem->in_flight == 0) return o->name + " has permits and nobody woken";
      if (sem->stats.holders > sem->initial) return o->name + " has too many holders";
    }
    if (auto* e = dynamic_cast<const EventObject*>(o))
      if (e->flag && !e->waiters.empty()) return o->name + " set with waiters left behind";
    if (auto* q = dynamic_cast<const QueueObject*>(o)) {
      if (!q->items.empty() && !q->waiters.empty()) return o->name + " has items and waiting getters";
      if (!q->full() && !q->putters.empty()) return o->name + " has room and waiting putters";
    }
  }
  for (std::size_t i = 0; i < s.object_count(); ++i) {
    const Object* o = s.object(static_cast<ObjId>(i));
    if (!o) continue; // freed by the collector
    int woken = 0;
    for (const Thread& t : s.threads()) woken += t.retry_on == o;
    if (woken != o->in_flight) return o->name + " in-flight count wrong";
  }
  for (const Process& p : s.processes()) {
    if (p.gil.holder != kNone && s.threads()[p.gil.holder].proc != p.id) return "GIL held across processes";
  }
  return {};
}

// Checks the whole trace: time never goes back, one GIL holder per process, one owner per Lock.
std::string check_trace(const Kernel& s) {
  Ns last = 0;
  std::map<ObjId, ThreadId> gil_holder;
  for (const TraceRec& r : s.trace().recs) {
    if (r.t < last) return "time went back";
    last = r.t;
    if (r.kind == Ev::Gil) {
      ThreadId& h = gil_holder.try_emplace(r.obj, kNone).first->second;
      if (r.thread != kNone && h != kNone && h != r.thread) return "two GIL holders";
      h = r.thread;
    }
  }
  return {};
}

} // namespace

TEST_CASE("Property: 1,000 random programs keep every invariant on every event") {
  Rng r(20261123);
  int finished = 0, deadlocked = 0;
  for (int i = 0; i < 1000; ++i) {
    Program p = random_program(r);
    Config c = random_config(r);
    Sim s(c, p);
    std::string bad;
    std::int64_t steps = 0;
    while (s.step_event()) {
      if (++steps % 7 == 0 || s.events_processed() < 200) bad = check_state(s);
      if (!bad.empty()) break;
    }
    if (bad.empty()) bad = check_trace(s);
    CAPTURE(i);
    CHECK_MESSAGE(bad.empty(), bad);
    if (!bad.empty()) break;
    CHECK(s.end() != RunEnd::TimeLimit);
    finished += s.end() == RunEnd::Finished;
    deadlocked += s.end() == RunEnd::Deadlock;
    if (s.end() == RunEnd::Finished)
      for (const Thread& t : s.threads()) CHECK(t.state == ThreadState::Done);
  }
  MESSAGE("finished " << finished << ", deadlocked " << deadlocked);
  CHECK(finished > 900);
}
