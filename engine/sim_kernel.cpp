// The simulator's kernel services: the GIL protocol, parking and waking threads, sleeps, opaque work,
// exceptions, thread and process lifecycles, and the deadlock report at the end of a run.
#include <algorithm>
#include <cassert>

#include "interp.hpp"
#include "objects.hpp"
#include "sim.hpp"

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

void Sim::wake(ThreadId id, Value result, ThreadId waker, ObjId cause) {
  Thread& t = threads_[id];
  assert(t.state == ThreadState::Blocked);
  if (t.wait_queue) t.wait_queue->remove(id);
  t.waiting_on = nullptr;
  t.wait_queue = nullptr;
  ++t.wait_gen; // cancels its timeout
  t.stack.push_back(result);
  record({.t = now_, .kind = Ev::Wake, .thread = id, .obj = cause, .other = waker});
  note_progress();
  make_ready(t);
  if (cause != kNone) count(*objects_[cause]);
}

void Sim::wake_to_retry(ThreadId id, Object& o, ThreadId waker, ObjId cause) {
  Thread& t = threads_[id];
  assert(t.state == ThreadState::Blocked && !t.retry_on);
  if (t.wait_queue) t.wait_queue->remove(id);
  t.waiting_on = nullptr;
  t.wait_queue = nullptr;
  ++t.wait_gen; // a timeout no longer applies while it runs; retry() re-arms what is left of it
  t.retry_on = &o;
  ++o.in_flight;
  record({.t = now_, .kind = Ev::Wake, .thread = id, .obj = cause, .other = waker});
  note_progress();
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

Outcome Sim::work(Thread& t, Ns d) {
  if (d <= 0) return Outcome::Done;
  t.work_units = d * 1000;
  t.work_speed = 0;
  t.stack.push_back(Value::none());
  record({.t = now_, .kind = Ev::WorkBegin, .thread = t.id, .value = d});
  return Outcome::Worked;
}

Outcome Sim::invoke(Thread& t, Value callee, std::span<const Value> args) {
  if (callee.tag != Tag::Func) return raise(t, "TypeError", "'" + type_name(*this, callee) + "' object is not callable");
  const Function& f = prog_.functions[callee.i];
  if (static_cast<int>(args.size()) != f.nparams)
    return raise(t, "TypeError", arity_error(f, static_cast<int>(args.size())));
  for (Value a : args) t.stack.push_back(a);
  Interp::push_frame(*this, t, static_cast<FuncId>(callee.i), static_cast<int>(args.size()));
  return Outcome::Invoked;
}

bool WaitQueue::remove(ThreadId t) {
  auto it = std::find(q.begin(), q.end(), t);
  if (it == q.end()) return false;
  q.erase(it);
  return true;
}

// [SECTION] threads

ThreadId Sim::create_thread(ProcId p, std::string name, Value target, std::vector<Value> args, ObjId obj,
                            bool daemon) {
  ThreadId id = static_cast<ThreadId>(threads_.size());
  Thread& t = threads_.emplace_back();
  t.id = id;
  t.proc = p;
  t.globals = &procs_[p].globals;
  t.name = std::move(name);
  t.obj = obj;
  t.daemon = daemon;
  t.state_since = now_;
  t.needs_gil = gil_enabled();
  procs_[p].threads.push_back(id);
  record({.t = now_, .kind = Ev::ThreadNew, .thread = id, .obj = p});
  if (target.tag == Tag::Func) {
    const Function& f = prog_.functions[target.i];
    if (static_cast<int>(args.size()) == f.nparams) {
      for (Value a : args) t.stack.push_back(a);
      Interp::push_frame(*this, t, static_cast<FuncId>(target.i), static_cast<int>(args.size()));
    } else { // raised in the new thread when it runs, as Thread.run() would
      t.exc = {intern("TypeError"), intern(arity_error(f, static_cast<int>(args.size())))};
      t.raise_pending = true;
    }
  } else if (!target.is_none()) {
    t.exc = {intern("TypeError"), intern("'" + type_name(*this, target) + "' object is not callable")};
    t.raise_pending = true;
  }
  return id;
}

void Sim::start_thread(ThreadId t, Ns delay) { push_event(now_ + delay, Event::Ready, t, 0); }

void Sim::thread_finished(Thread& t) {
  Process& p = procs_[t.proc];
  if (t.uncaught.active() && t.state != ThreadState::Done && !t.frames.empty()) t.frames.clear();
  if (t.is_main && !p.exiting) {
    p.exiting = true;
    if (t.uncaught.active()) p.exit_code = exit_status(*this, t.uncaught); // 1, or sys.exit's code
  }
  if (t.is_main) {
    // threading._shutdown: the main thread joins every non-daemon thread; multiprocessing's exit handler
    // joins non-daemon children.
    for (ThreadId o : p.threads) {
      Thread& other = threads_[o];
      if (o != t.id && !other.daemon && other.state != ThreadState::Done && other.obj != kNone) {
        auto* th = dynamic_cast<ThreadObject*>(objects_[other.obj].get());
        park(t, *th, th->joiners, -1, Value::none());
        return;
      }
    }
    for (Process& child : procs_) {
      if (child.parent == p.id && child.alive && child.obj != kNone) {
        auto* po = dynamic_cast<ProcessObject*>(objects_[child.obj].get());
        if (po && !po->daemon) {
          park(t, *po, po->joiners, -1, Value::none());
          return;
        }
      }
    }
  }
  if (gil_enabled() && p.gil.holder == t.id) drop_gil(t, false);
  if (t.cpu >= 0) leave_cpu(t, ThreadState::Done);
  else set_state(t, ThreadState::Done);
  if (t.obj != kNone) {
    auto* th = dynamic_cast<ThreadObject*>(objects_[t.obj].get());
    while (th && !th->joiners.empty()) wake(th->joiners.q.front(), Value::none(), t.id, t.obj);
  }
  if (t.is_main) check_process_exit(p);
}

void Sim::kill_thread(Thread& d) {
  // A thread that dies with its process (a daemon at exit, or terminate()) leaves every queue it is in.
  if (d.state == ThreadState::Done) return;
  if (d.wait_queue) d.wait_queue->remove(d.id);
  if (d.retry_on) --d.retry_on->in_flight;
  d.retry_on = nullptr;
  d.waiting_on = nullptr;
  d.wait_queue = nullptr;
  ++d.wait_gen;
  std::erase(run_queue_, d.id);
  Gil& g = procs_[d.proc].gil;
  std::erase(g.waiters, d.id);
  if (g.holder == d.id) g.holder = kNone;
  d.work_units = 0;
  if (d.cpu >= 0) leave_cpu(d, ThreadState::Done);
  else set_state(d, ThreadState::Done);
}

void Sim::check_process_exit(Process& p) {
  // Daemon threads die with the main thread (kill_process ends every thread still alive).
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

void Sim::detect_deadlock() {
  // Wait-for graph: thread -> primitive it is parked on -> the primitive's owners. A cycle is a deadlock;
  // without one, threads still wait for something nobody will ever do.
  DeadlockReport& r = deadlock_;
  r.found = true;
  std::vector<std::vector<ThreadId>> edges(threads_.size());
  for (const Thread& t : threads_) {
    if (t.state == ThreadState::Done) continue;
    r.stuck.push_back(t.id);
    if (t.waiting_on) t.waiting_on->owners(*this, edges[t.id]);
  }
  std::vector<int> color(threads_.size(), 0), parent(threads_.size(), -1);
  std::vector<ThreadId> cycle;
  auto dfs = [&](auto&& self, ThreadId u) -> bool {
    color[u] = 1;
    for (ThreadId v : edges[u]) {
      if (color[v] == 1) {
        cycle.push_back(v);
        for (ThreadId x = u; x != v; x = parent[x]) cycle.push_back(x);
        std::reverse(cycle.begin(), cycle.end());
        return true;
      }
      if (color[v] == 0) {
        parent[v] = u;
        if (self(self, v)) return true;
      }
    }
    color[u] = 2;
    return false;
  };
  for (ThreadId s : r.stuck)
    if (color[s] == 0 && dfs(dfs, s)) break;
  r.cycle_threads = cycle;
  for (ThreadId t : cycle) r.cycle_objs.push_back(threads_[t].waiting_on ? threads_[t].waiting_on->id : kNone);
  if (!cycle.empty()) {
    r.text = "deadlock:";
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      const Thread& t = threads_[cycle[i]];
      const Thread& n = threads_[cycle[(i + 1) % cycle.size()]];
      r.text += " " + t.name + " waits for " + (t.waiting_on ? t.waiting_on->name : "?") + " held by " + n.name +
                (i + 1 < cycle.size() ? ";" : "");
    }
  } else {
    r.text = "all remaining threads are blocked forever:";
    for (ThreadId t : r.stuck) r.text += " " + threads_[t].name + " (" + describe_wait(t) + ")";
  }
}

std::string Sim::describe_wait(ThreadId id) const {
  const Thread& t = threads_[id];
  switch (t.state) {
  case ThreadState::WaitGil: {
    const Gil& g = procs_[t.proc].gil;
    return "waiting for the GIL" + (g.holder != kNone ? ", held by " + threads_[g.holder].name : std::string());
  }
  case ThreadState::Blocked: {
    if (!t.waiting_on) return "blocked";
    std::string s = "blocked on " + t.waiting_on->name;
    std::vector<ThreadId> own;
    t.waiting_on->owners(*this, own);
    for (std::size_t i = 0; i < own.size(); ++i) s += (i ? ", " : ", held by ") + threads_[own[i]].name;
    return s;
  }
  case ThreadState::Running: return "running on CPU " + std::to_string(t.cpu);
  default: return std::string(to_string(t.state));
  }
}

std::string_view to_string(ThreadState s) {
  static constexpr std::string_view names[] = {"new",      "ready", "running", "waiting_gil",
                                               "blocked",  "sleeping", "io", "done"};
  return names[static_cast<int>(s)];
}

} // namespace il
