// The real-thread runtime: one OS thread per simulated thread running the shared interpreter, parking on
// condition variables under one kernel mutex, a real GIL, a watchdog for deadlocks and time limits.
#include "real_runtime.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <csignal>
#include <unistd.h>

#include "machine/interp.hpp"
#include "machine/interp_step.hpp"
#include "machine/objects.hpp"

namespace il::real {

// [SECTION] construction and the run

std::optional<std::string> RealRuntime::unsupported(const Program& prog) {
  // Every native has a real implementation (processes fork; IPC, pools and managers use sockets and shared
  // memory), so only a program whose bytecode names a native this build does not know is refused.
  for (const Function& f : prog.functions)
    for (const Instr& in : f.code)
      if (in.op == Op::Native && (in.a < 0 || in.a >= static_cast<int>(Native::count_)))
        return "not supported on real threads: unknown runtime call " + std::to_string(in.a);
      else if (in.op == Op::Native && in.a == static_cast<int>(Native::os_exit))
        return "not supported on real threads: os._exit()";
  return std::nullopt;
}

namespace {
GilKind gil_kind(GilMode m) {
  switch (m) {
  case GilMode::New: return GilKind::New;
  case GilMode::Old: return GilKind::Old;
  case GilMode::None: return GilKind::None;
  }
  return GilKind::New;
}
} // namespace

RealRuntime::RealRuntime(Config cfg, Program prog, RealOptions opt)
    : Kernel(cfg, std::move(prog)), opt_(opt), clock_(TimeScale(opt.time_scale)) {
  if (auto why = unsupported(prog_)) throw std::invalid_argument(*why);
  // Creating threads and processes costs what it really costs here: no modelled cost on top.
  cfg_.thread_create_ns = cfg_.fork_ns = cfg_.spawn_ns = 0;
  gil_ = make_gil();
  const int n = online_cpus();
  cpus_.resize(n);
  for (int k = 0; k < n; ++k) {
    cpus_[k].id = k;
    cpus_[k].core = k;
  }
  create_main_process();
  procs_[0].pid = static_cast<int>(::getpid());
  root_parent_pid_ = static_cast<int>(::getppid());
  // atomic_ref needs each 16-byte slot 16-aligned; operator new gives that on the platforms we build for.
  assert(procs_[0].globals.empty() ||
         reinterpret_cast<std::uintptr_t>(procs_[0].globals.data()) % std::atomic_ref<Value>::required_alignment == 0);
}

std::unique_ptr<RealGil> RealRuntime::make_gil() {
  GilOptions go{.kind = gil_kind(cfg_.gil), .interval_ns = real_switch_interval_ns(), .old_ticks = cfg_.old_gil_ticks};
  // Runs under the GIL's own mutex (so events arrive in order) and must not take the kernel mutex.
  return std::make_unique<RealGil>(go, [this](const GilEvent& e) {
    gil_events_.push_back({.t = clock_.scale().to_nominal(e.t - clock_.start_real()), .kind = Ev::Gil,
                           .thread = e.holder, .obj = self_, .value = e.forced ? 1 : 0});
  });
}

RealRuntime::~RealRuntime() {
  {
    std::lock_guard lk(mu_);
    if (!cancelled_) cancel(end_);
  }
  join_os_threads();
  if (watchdog_.joinable()) watchdog_.join();
}

void RealRuntime::join_os_threads() {
  // New threads may still be made while we join (and reapers wait for children), so sizes are read each time.
  auto join_all = [&](auto&& slot) {
    for (std::size_t i = 0;; ++i) {
      std::thread* os = nullptr;
      {
        std::lock_guard lk(mu_);
        os = slot(i);
        if (!os) break;
      }
      if (os->joinable()) os->join();
    }
  };
  join_all([&](std::size_t i) { // only this process's threads: a child's copy also lists its parent's
    return i < workers_.size() ? &workers_[i].os : nullptr;
  });
  join_all([&](std::size_t i) { return i < children_.size() ? &children_[i].reaper : nullptr; });
  join_all([&](std::size_t i) { return i < services_.size() ? &services_[i] : nullptr; });
}

RunEnd RealRuntime::run() {
  assert(!ran_); // one run per runtime
  ran_ = true;
  {
    std::unique_lock lk(mu_);
    // Time 0 is now, not construction: what the construction recorded happened at the start.
    clock_ = RealClock(clock_.scale());
    for (TraceRec& r : trace_.recs) r.t = 0;
    for (Thread& t : threads_) t.state_since = 0;
  }
  run_process();
  return end_;
}

void RealRuntime::run_process() {
  {
    std::unique_lock lk(mu_);
    start_thread(procs_[self_].main, 0);
    watchdog_ = std::thread(&RealRuntime::watchdog, this);
    done_cv_.wait(lk, [&] { return done_ || cancelled_.load(); });
    if (end_ns_.load() < 0) end_ns_.store(clock_.now());
    // The process is over: whatever still runs is a daemon killed at exit (or everything, cancelled).
    if (!cancelled_) cancel(end_);
  }
  join_os_threads();
  watchdog_.join();
  std::lock_guard lk(mu_);
  finish();
}

void RealRuntime::request_stop() {
  std::lock_guard lk(mu_);
  if (cancelled_) return;
  if (end_ns_.load() < 0) end_ns_.store(clock_.now());
  cancel(RunEnd::TimeLimit);
}

std::size_t RealRuntime::os_threads_joinable() const {
  std::lock_guard lk(mu_);
  std::size_t n = watchdog_.joinable() ? 1 : 0;
  for (const Worker& w : workers_) n += w.os.joinable();
  return n;
}

void RealRuntime::cancel(RunEnd why) {
  end_ = why;
  cancelled_ = true;
  for (Worker& w : workers_) {
    w.stop = true;
    w.cv.notify_all();
  }
  gil_->cancel_all(); // kernel mutex, then the GIL's: the agreed lock order
  // A run stopped early takes its children with it; their reapers see the pipes close and record the ends.
  // (At a normal end, kill_process already sent daemonic children SIGTERM, as CPython's exit handler does.)
  if (why != RunEnd::Finished) signal_children(SIGKILL);
  done_cv_.notify_all();
}

void RealRuntime::finish() {
  const Ns end = end_ns_.load();
  for (Thread& t : threads_) { // threads stopped mid-state (a deadlock, a time limit) count up to the end
    const Ns d = std::max<Ns>(0, end - t.state_since);
    t.in_state[static_cast<int>(t.state)] += d;
    if (t.state == ThreadState::Running && t.cpu >= 0 && t.cpu < static_cast<int>(cpus_.size()))
      cpus_[t.cpu].busy_ns += d;
    t.state_since = end;
  }
  procs_[self_].gil.handoffs = gil_->stats().handoffs;
  // GIL events were stamped by the GIL itself: merge them in time order (records are already in order).
  std::vector<TraceRec>& recs = trace_.recs;
  if (trace_.enabled) recs.insert(recs.end(), gil_events_.begin(), gil_events_.end());
  std::stable_sort(recs.begin(), recs.end(), [](const TraceRec& a, const TraceRec& b) { return a.t < b.t; });
  for (TraceRec& r : recs) r.t = std::min(r.t, end);
}

// [SECTION] the thread loop (Sim::run_cpu's, on a real thread)

void RealRuntime::thread_main(ThreadId id) {
  std::unique_lock lk(mu_);
  Thread& t = threads_[id];
  Worker& w = workers_[id];
  // lock() reports false once the thread was killed or the run cancelled: stop is only set under the mutex.
  auto lock = [&] {
    if (!lk.owns_lock()) lk.lock();
    return !w.stop.load(std::memory_order_relaxed);
  };
  auto unlock = [&] {
    if (lk.owns_lock()) lk.unlock();
  };
  const bool gil_on = gil_enabled();
  std::uint32_t since_cpu_check = 0;
  if (lock()) set_state(t, ThreadState::Running, current_cpu());
  while (!w.stop.load(std::memory_order_relaxed)) {
    if (t.work_units > 0) { // opaque CPU work: burn this thread's own CPU time, GIL held as CPython does
      const Ns d = t.work_units / 1000;
      unlock();
      const bool ok = spin_for(d, clock_.scale(), w.stop);
      if (!lock() || !ok) break;
      t.work_units = 0;
      record({.t = now(), .kind = Ev::WorkEnd, .thread = t.id});
      note_progress();
      if (const int cpu = current_cpu(); cpu != t.cpu) set_state(t, ThreadState::Running, cpu); // moved meanwhile
    }
    if (t.retry_on) { // woken by a release: compete for the primitive before taking the GIL, as CPython does
      if (!lock()) break;
      Object* o = t.retry_on;
      t.retry_on = nullptr;
      --o->in_flight;
      if (!o->retry(*this, t) && !wait_ready(lk, t, w)) break;
      continue;
    }
    if (t.frames.empty() && !t.raise_pending) { // the entry function returned, or a main thread waits at exit
      if (!lock()) break;
      thread_finished(t);
      if (t.state == ThreadState::Done) break;
      drop_gil(w, id);
      if (!wait_ready(lk, t, w)) break;
      continue;
    }
    if (gil_on) {
      if (!w.holds_gil) {
        if (!lock()) break;
        set_state(t, ThreadState::WaitGil);
        unlock(); // never wait for the GIL holding the kernel mutex
        if (!gil_->take(id)) break;
        w.holds_gil = true;
        if (!lock()) break;
        set_state(t, ThreadState::Running, current_cpu());
      } else {
        const bool at_sp = cfg_.switch_points == SwitchPoints::Any || Interp::at_switch_point(*this, t);
        const bool will_drop = gil_->kind() == GilKind::New && at_sp && gil_->should_drop();
        if (will_drop) {
          if (!lock()) break;
          set_state(t, ThreadState::WaitGil);
        }
        unlock();
        if (!gil_->poll(id, at_sp)) {
          w.holds_gil = false; // cancelled while retaking
          break;
        }
        if (will_drop) {
          if (!lock()) break;
          set_state(t, ThreadState::Running, current_cpu());
        }
      }
    }
    if (!t.announced) {
      if (!lock()) break;
      announce_started(t);
    }
    if (t.raise_pending) { // woken by an exception (broken barrier, queue timeout): raise it now
      if (!lock()) break;
      t.raise_pending = false;
      record({.t = now(), .kind = Ev::Exception, .thread = t.id, .obj = t.exc.type, .other = t.exc.message});
      Interp::unwind(*this, t);
      continue;
    }
    if (needs_kernel_lock(t)) {
      if (!lock()) break;
    } else {
      unlock();
    }
    const Step r = Interp::step(*this, t);
    ++t.instructions;
    if (r == Step::Left) { // parked or sleeping: the GIL goes first, then wait for the wake-up
      if (!lock()) break;
      drop_gil(w, id);
      if (w.os_call) { // a blocking OS call: neither the kernel mutex nor the GIL is held while it waits
        OsCall call = std::move(*w.os_call);
        w.os_call.reset();
        w.in_os_call = true;
        unlock();
        const bool ok = call.wait(w.stop);
        if (!lock() || !ok) break;
        w.in_os_call = false;
        record({.t = now(), .kind = Ev::Wake, .thread = t.id, .obj = kNone, .other = kNone});
        call.done(*this, t);
        note_progress();
        set_state(t, ThreadState::Running, current_cpu());
        continue;
      }
      if (!wait_ready(lk, t, w)) break;
      continue;
    }
    if (++since_cpu_check % 4096 == 0) { // the OS may have moved us: keep the CPU lane honest
      const int cpu = current_cpu();
      if (cpu != t.cpu) {
        if (!lock()) break;
        set_state(t, ThreadState::Running, cpu);
      }
    }
  }
  lock();
  drop_gil(w, id);
  if (auto sw = thread_switches()) {
    t.voluntary_switches = sw->voluntary;
    t.involuntary_switches = sw->involuntary;
  }
}

bool RealRuntime::wait_ready(std::unique_lock<std::mutex>& lk, Thread& t, Worker& w) {
  assert(lk.owns_lock());
  for (;;) {
    if (w.stop.load(std::memory_order_relaxed)) return false;
    const ThreadState s = t.state;
    if (s != ThreadState::Blocked && s != ThreadState::Sleeping && s != ThreadState::Io) break;
    const Ns deadline = s == ThreadState::Blocked ? t.wait_deadline : w.sleep_until;
    if (deadline < 0) {
      w.cv.wait(lk);
      continue;
    }
    if (now() < deadline) {
      w.cv.wait_until(lk, clock_.deadline(deadline));
      continue;
    }
    if (s != ThreadState::Blocked) { // a sleep or I/O ended
      w.sleep_until = -1;
      record({.t = now(), .kind = Ev::Wake, .thread = t.id, .obj = kNone, .other = kNone});
      t.stack.push_back(Value::none());
      note_progress();
      make_ready(t);
    } else {
      const std::uint32_t gen = t.wait_gen;
      if (t.waiting_on) t.waiting_on->on_timeout(*this, t);
      // Whatever on_timeout did, this deadline has been handled (a re-park sets a new one).
      if (t.state == ThreadState::Blocked && t.wait_gen == gen) t.wait_deadline = -1;
    }
  }
  set_state(t, ThreadState::Running, current_cpu());
  return true;
}

bool RealRuntime::needs_kernel_lock(const Thread& t) const {
  // Pure instructions touch only the thread's own frames and stack, globals (atomic slots) and numbers;
  // everything else (objects, strings, exceptions, other threads) runs under the kernel mutex.
  const Frame& f = t.frames.back();
  const Instr& in = prog_.functions[f.fn].code[f.pc];
  const std::vector<Value>& st = t.stack;
  auto number = [](Value v) { return v.tag == Tag::Int || v.tag == Tag::Bool || v.tag == Tag::Float; };
  auto plain = [](Value v) { return v.tag != Tag::Str && v.tag != Tag::Obj; };
  switch (in.op) {
  case Op::Nop:
  case Op::Const:
  case Op::LoadLocal:
  case Op::LoadGlobal:
  case Op::Pop:
  case Op::Dup:
  case Op::Swap:
  case Op::Jump:
  case Op::JumpBack:
  case Op::ForRange:
  case Op::Return:
  case Op::SetupTry:
  case Op::PopTry:
  case Op::ClearExc: return false;
  case Op::StoreLocal:
  case Op::StoreGlobal: return st.back().is_obj(); // an object gets its name from the variable
  case Op::Not:
  case Op::JumpIfFalse:
  case Op::JumpIfTrue: return !plain(st.back());
  case Op::Eq:
  case Op::Ne: return !(plain(st[st.size() - 1]) && plain(st[st.size() - 2]));
  case Op::Lt:
  case Op::Le:
  case Op::Gt:
  case Op::Ge: return !(number(st[st.size() - 1]) && number(st[st.size() - 2]));
  case Op::Add:
  case Op::Sub:
  case Op::Mul: {
    const Value a = st[st.size() - 2], b = st[st.size() - 1];
    if (!number(a) || !number(b)) return true;
    if (a.tag == Tag::Float || b.tag == Tag::Float) return false;
    std::int64_t r;
    // Overflow raises OverflowError, which interns its message.
    return in.op == Op::Add ? __builtin_add_overflow(a.i, b.i, &r)
           : in.op == Op::Sub ? __builtin_sub_overflow(a.i, b.i, &r)
                              : __builtin_mul_overflow(a.i, b.i, &r);
  }
  default: return true;
  }
}

// [SECTION] globals

Value RealRuntime::load_global(const Thread& t, int slot) {
  return std::atomic_ref<Value>((*t.globals)[slot]).load(std::memory_order_relaxed);
}

void RealRuntime::store_global(Thread& t, int slot, Value v) {
  std::atomic_ref<Value>((*t.globals)[slot]).store(v, std::memory_order_relaxed);
}

// [SECTION] states, GIL, start-up

void RealRuntime::set_state(Thread& t, ThreadState s, int cpu, ObjId on) {
  const Ns at = now();
  if (t.state == ThreadState::Running && t.cpu >= 0 && t.cpu < static_cast<int>(cpus_.size()))
    cpus_[t.cpu].busy_ns += at - t.state_since;
  t.in_state[static_cast<int>(t.state)] += at - t.state_since;
  t.state_since = at;
  t.state = s;
  t.cpu = s == ThreadState::Running ? cpu : -1;
  if (s != ThreadState::Ready && s != ThreadState::Running && s != ThreadState::WaitGil) note_progress();
  record({.t = at, .kind = Ev::State, .state = s, .cpu = static_cast<std::int16_t>(t.cpu), .thread = t.id,
          .obj = on});
}

void RealRuntime::make_ready(Thread& t) {
  set_state(t, ThreadState::Ready);
  workers_[t.id].cv.notify_one();
}

void RealRuntime::drop_gil(Worker& w, ThreadId id) {
  if (!w.holds_gil) return;
  gil_->drop(id, false); // an unforced drop never waits: allowed under the kernel mutex
  w.holds_gil = false;
}

void RealRuntime::announce_started(Thread& t) {
  // Thread._bootstrap_inner sets the `started` event before run(): whoever waits in start() wakes now.
  t.announced = true;
  if (t.obj == kNone) return;
  if (auto* th = dynamic_cast<ThreadObject*>(objects_[t.obj].get()))
    while (!th->starters.empty()) wake(th->starters.q.front(), Value::none(), t.id, t.obj);
}

// [SECTION] kernel services

Outcome RealRuntime::park(Thread& t, Object& o, WaitQueue& q, Ns timeout, Value timeout_value, ThreadState st) {
  assert(t.state == ThreadState::Running); // only a thread parks itself
  q.q.push_back(t.id);
  t.waiting_on = &o;
  t.wait_queue = &q;
  t.timeout_value = timeout_value;
  t.wait_deadline = timeout >= 0 ? now() + timeout : -1;
  ++t.wait_gen;
  t.needs_gil = gil_enabled();
  set_state(t, st, -1, o.id);
  count(o);
  return Outcome::Blocked; // thread_main drops the GIL and waits on the thread's condition variable
}

void RealRuntime::make_woken_ready(Thread& t) { make_ready(t); }

Outcome RealRuntime::os_call(Thread& t, Object& o, OsCall call) {
  assert(t.state == ThreadState::Running); // only a thread blocks itself
  workers_[t.id].os_call = std::move(call);
  t.needs_gil = gil_enabled();
  set_state(t, ThreadState::Blocked, -1, o.id);
  count(o);
  return Outcome::Blocked;
}

void RealRuntime::add_service(std::function<void(const std::atomic<bool>& stop)> body) {
  if (cancelled_) return;
  services_.emplace_back([this, body = std::move(body)] { body(cancelled_); });
}

void RealRuntime::with_kernel_lock(const std::function<void()>& f) {
  std::lock_guard lk(mu_);
  f();
}

Outcome RealRuntime::sleep(Thread& t, Ns d, ThreadState st) {
  ++t.wait_gen;
  workers_[t.id].sleep_until = now() + std::max<Ns>(0, d);
  set_state(t, st);
  return Outcome::Blocked;
}

Outcome RealRuntime::work(Thread& t, Ns d, Value result) {
  if (d <= 0) return Outcome::Done;
  t.work_units = d * 1000;
  t.work_speed = 0;
  t.stack.push_back(result); // the C call\'s result, there when its work is done
  record({.t = now(), .kind = Ev::WorkBegin, .thread = t.id, .value = d});
  return Outcome::Worked;
}

void RealRuntime::start_thread(ThreadId id, Ns delay) {
  (void)delay; // creating the OS thread takes what it takes
  if (threads_[id].proc != self_) return; // a child's main thread: its own process starts it (child_main)
  while (workers_.size() < threads_.size()) workers_.emplace_back();
  Worker& w = workers_[id];
  assert(!w.os.joinable()); // started once
  if (cancelled_) return;   // the run is over: it stays New
  w.os = std::thread(&RealRuntime::thread_main, this, id);
}

void RealRuntime::kill_thread(Thread& d) {
  // A daemon at exit: it leaves every queue now; its OS thread sees `stop` and ends at its next check.
  // Fields its own thread reads without the mutex (work_units, retry_on, the stack) are left alone.
  if (d.state == ThreadState::Done) return;
  leave_wait(d);
  set_state(d, ThreadState::Done);
  if (static_cast<std::size_t>(d.id) < workers_.size()) {
    workers_[d.id].stop = true;
    workers_[d.id].cv.notify_all();
  }
}

void RealRuntime::thread_finished(Thread& t) {
  if (join_before_exit(t)) return;
  const Process& p = procs_[t.proc];
  set_state(t, ThreadState::Done);
  wake_joiners(t);
  if (!t.is_main) return;
  flush(p.id); // a normal exit flushes the process's streams
  kill_process(p.id, p.exit_code == kNone ? 0 : p.exit_code); // daemons die with it
}

void RealRuntime::kill_process(ProcId id, int exit_code) {
  Process& p = procs_[id];
  if (!p.alive) return;
  if (id != self_) { // terminate()/kill() of a child: a real signal; its reaper records the end
    for (const Child& c : children_)
      if (c.proc == id) ::kill(c.pid, exit_code == -9 ? SIGKILL : SIGTERM);
    return;
  }
  p.alive = false;
  p.exit_code = exit_code;
  record({.t = now(), .kind = Ev::ProcExit, .obj = id, .value = exit_code});
  note_progress();
  for (ThreadId o : p.threads) kill_thread(threads_[o]);
  for (const Child& c : children_) { // daemonic children are terminated when their parent exits
    const Process& cp = procs_[c.proc];
    auto* po = cp.obj != kNone ? dynamic_cast<ProcessObject*>(objects_[cp.obj].get()) : nullptr;
    if (cp.alive && po && po->daemon) ::kill(c.pid, SIGTERM);
  }
  if (id == self_) { // the run ends with this runtime's process
    if (end_ns_.load() < 0) end_ns_.store(clock_.now());
    done_ = true;
    done_cv_.notify_all();
  }
}

// [SECTION] watchdog

bool RealRuntime::all_blocked_forever() const {
  if (live_children()) return false; // a child may still end, which wakes its joiner
  bool any = false;
  for (const Thread& t : threads_) {
    if (t.state == ThreadState::Done) continue;
    if (t.state != ThreadState::Blocked || t.wait_deadline >= 0 || t.retry_on) return false;
    if (static_cast<std::size_t>(t.id) < workers_.size() && workers_[t.id].in_os_call) return false; // another process may answer
    any = true;
  }
  return any;
}

bool RealRuntime::timed_pending() const {
  // Threads that compute, sleep or wait with a timeout make progress by themselves (Sim::progress_possible),
  // and so does a child process until it ends.
  if (live_children()) return true;
  for (const Thread& t : threads_)
    if (t.state == ThreadState::Blocked && static_cast<std::size_t>(t.id) < workers_.size() &&
        workers_[t.id].in_os_call)
      return true;
  for (const Thread& t : threads_) {
    if (t.work_units > 0 || t.state == ThreadState::Sleeping || t.state == ThreadState::Io ||
        t.state == ThreadState::New || (t.state == ThreadState::Blocked && t.wait_deadline >= 0))
      return true;
  }
  return false;
}

void RealRuntime::watchdog() {
  std::unique_lock lk(mu_);
  const Ns start = monotonic_ns();
  std::uint64_t seen = progress_.load();
  Ns last_change = start;
  while (!done_ && !cancelled_) {
    done_cv_.wait_for(lk, std::chrono::nanoseconds(opt_.watchdog_period_ns));
    if (done_ || cancelled_) break;
    // Under the kernel mutex the states are exact: nobody is between "released" and "woke a waiter".
    if (all_blocked_forever()) {
      if (end_ns_.load() < 0) end_ns_.store(clock_.now());
      detect_deadlock();
      cancel(RunEnd::Deadlock);
      break;
    }
    const Ns real = monotonic_ns();
    if (std::uint64_t p = progress_.load(); p != seen || timed_pending()) {
      seen = p;
      last_change = real;
    }
    if (real - start > opt_.wall_limit_ns || clock_.now() > cfg_.max_time_ns ||
        real - last_change > opt_.no_progress_ns) {
      if (end_ns_.load() < 0) end_ns_.store(clock_.now());
      cancel(RunEnd::TimeLimit);
      break;
    }
  }
}

} // namespace il::real
