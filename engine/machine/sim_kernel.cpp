// The simulator's kernel services: the GIL protocol, parking and waking threads, sleeps, opaque work,
// exceptions, thread and process lifecycles, and the deadlock report at the end of a run.
#include <algorithm>
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "machine/sim.hpp"

namespace il {

// [SECTION] GIL

bool Sim::take_gil(Thread& t) {
  Gil& g = procs_[t.proc].gil;
  if (g.holder != kNone) return g.holder == t.id;
  g.holder = t.id;
  if (g.last_holder != t.id) { // CPython counts a switch only when the holder changes
    g.last_holder = t.id;
    ++g.switch_number;
    ++g.handoffs;
  }
  g.drop_request = false;
  g.ticks = 0;
  std::erase(g.waiters, t.id);
  record({.t = now_, .kind = Ev::Gil, .thread = t.id, .obj = t.proc});
  return true;
}

void Sim::drop_gil(Thread& t, bool forced) {
  Gil& g = procs_[t.proc].gil;
  assert(g.holder == t.id); // one GIL holder per process
  g.holder = kNone;
  if (forced) g.drop_request = false;
  record({.t = now_, .kind = Ev::Gil, .thread = kNone, .obj = t.proc, .value = forced ? 1 : 0});
  if (!g.waiters.empty()) {
    // drop_gil signals the condition variable: one waiter wakes and competes for a CPU, then the GIL.
    ThreadId w = g.waiters.front();
    g.waiters.pop_front();
    Thread& wt = threads_[w];
    if (wt.state == ThreadState::WaitGil) {
      record({.t = now_, .kind = Ev::Wake, .thread = w, .obj = kNone, .other = t.id, .value = 1});
      wt.woken = true;
      make_ready(wt);
    }
  }
}

void Sim::wait_gil(Thread& t) {
  Gil& g = procs_[t.proc].gil;
  if (std::find(g.waiters.begin(), g.waiters.end(), t.id) == g.waiters.end()) g.waiters.push_back(t.id);
  t.needs_gil = true;
  t.gil_switch_seen = g.switch_number;
  leave_cpu(t, ThreadState::WaitGil);
  if (cfg_.gil == GilMode::New)
    push_event(now_ + cfg_.switch_interval_ns, Event::GilTimeout, t.id, ++t.gil_gen);
}

// [SECTION] parking, waking, sleeping, working

void Sim::release_gil_for_blocking(Thread& t) {
  // Every blocking call releases the GIL first and must take it again before the next instruction.
  if (gil_enabled() && procs_[t.proc].gil.holder == t.id) drop_gil(t, false);
  t.needs_gil = gil_enabled();
}

Outcome Sim::park(Thread& t, Object& o, WaitQueue& q, Ns timeout, Value timeout_value, ThreadState st) {
  assert(t.state == ThreadState::Running);
  q.q.push_back(t.id);
  t.waiting_on = &o;
  t.wait_queue = &q;
  t.timeout_value = timeout_value;
  t.wait_deadline = timeout >= 0 ? now_ + timeout : -1;
  ++t.wait_gen;
  release_gil_for_blocking(t);
  leave_cpu(t, st, o.id);
  if (timeout >= 0) push_event(now_ + timeout, Event::Wakeup, t.id, t.wait_gen);
  count(o);
  return Outcome::Blocked;
}

void Sim::make_woken_ready(Thread& t) {
  t.woken = true; // it pays the wake-up latency if an idle CPU takes it
  make_ready(t);
}

Outcome Sim::sleep(Thread& t, Ns d, ThreadState st) {
  ++t.wait_gen;
  release_gil_for_blocking(t);
  leave_cpu(t, st);
  Ns slack = cfg_.timer_slack_ns > 0 ? static_cast<Ns>(rng_.below(cfg_.timer_slack_ns + 1)) : 0;
  push_event(now_ + std::max<Ns>(0, d) + slack, Event::Wakeup, t.id, t.wait_gen);
  return Outcome::Blocked;
}

Outcome Sim::work(Thread& t, Ns d, Value result) {
  if (d <= 0) return Outcome::Done;
  t.work_units = d * 1000;
  t.work_speed = 0;
  t.stack.push_back(result); // the C call\'s result, there when its work is done
  record({.t = now_, .kind = Ev::WorkBegin, .thread = t.id, .value = d});
  return Outcome::Worked;
}

bool WaitQueue::remove(ThreadId t) {
  auto it = std::find(q.begin(), q.end(), t);
  if (it == q.end()) return false;
  q.erase(it);
  return true;
}

// [SECTION] threads

void Sim::start_thread(ThreadId t, Ns delay) { push_event(now_ + delay, Event::Ready, t, 0); }

void Sim::thread_finished(Thread& t) {
  if (join_before_exit(t)) return;
  Process& p = procs_[t.proc];
  if (gil_enabled() && p.gil.holder == t.id) drop_gil(t, false);
  if (t.cpu >= 0) leave_cpu(t, ThreadState::Done);
  else set_state(t, ThreadState::Done);
  wake_joiners(t);
  if (t.is_main) check_process_exit(p);
}

void Sim::kill_thread(Thread& d) {
  // A thread that dies with its process (a daemon at exit, or terminate()) leaves every queue it is in.
  if (d.state == ThreadState::Done) return;
  leave_wait(d);
  if (d.retry_on) --d.retry_on->in_flight;
  d.retry_on = nullptr;
  std::erase(run_queue_, d.id);
  Gil& g = procs_[d.proc].gil;
  std::erase(g.waiters, d.id);
  if (g.holder == d.id) g.holder = kNone;
  d.work_units = 0;
  if (d.cpu >= 0) leave_cpu(d, ThreadState::Done);
  else set_state(d, ThreadState::Done);
}

void Sim::check_process_exit(Process& p) {
  // Daemon threads die with the main thread (kill_process ends every thread still alive). The interpreter's
  // exit flushes sys.stdout and sys.stderr; os._exit() and a signal (kill_process alone) do not.
  flush(p.id);
  kill_process(p.id, p.exit_code == kNone ? 0 : p.exit_code);
}

void Sim::kill_process(ProcId id, int exit_code) {
  Process& p = procs_[id];
  if (!p.alive) return;
  p.alive = false;
  p.exit_code = exit_code;
  record({.t = now_, .kind = Ev::ProcExit, .obj = id, .value = exit_code});
  note_progress();
  for (ThreadId o : p.threads) kill_thread(threads_[o]);
  if (p.obj != kNone) {
    if (auto* po = dynamic_cast<ProcessObject*>(objects_[p.obj].get())) {
      while (!po->joiners.empty()) wake(po->joiners.q.front(), Value::none(), p.main, p.obj);
    }
  }
  // Daemonic children are terminated when their parent exits.
  for (Process& child : procs_) {
    if (child.parent == id && child.alive && child.obj != kNone) {
      auto* po = dynamic_cast<ProcessObject*>(objects_[child.obj].get());
      if (po && po->daemon) kill_process(child.id, -15);
    }
  }
}

// [SECTION] end of run

void Sim::finish_stats() {
  if (finished_) return;
  finished_ = true;
  for (const Process& p : procs_) // a run stopped by a deadlock or a budget: what was printed so far shows
    if (p.alive) flush(p.id);
  for (Thread& t : threads_) {
    t.in_state[static_cast<int>(t.state)] += now_ - t.state_since;
    t.state_since = now_;
  }
  for (Cpu& c : cpus_)
    if (c.cur != kNone) {
      c.busy_ns += now_ - c.busy_since;
      c.busy_since = now_;
    }
  bool stuck = std::any_of(threads_.begin(), threads_.end(),
                           [](const Thread& t) { return t.state != ThreadState::Done; });
  if (stuck && end_ == RunEnd::Finished) {
    end_ = RunEnd::Deadlock;
    detect_deadlock();
  }
}

std::string_view to_string(ThreadState s) {
  static constexpr std::string_view names[] = {"new",      "ready", "running", "waiting_gil",
                                               "blocked",  "sleeping", "io", "done"};
  return names[static_cast<int>(s)];
}

} // namespace il
