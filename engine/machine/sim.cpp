// The OS model: logical CPUs, the run queue, time slices, SMT speed, context switches, and the event loop
// that orders everything by (time, sequence number).
#include "machine/sim.hpp"

#include <algorithm>
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

// [SECTION] construction

Sim::Sim(Config cfg, Program prog) : Kernel(cfg, std::move(prog)), rng_(cfg.seed) {
  // One instruction's cost alone on a core and beside a busy sibling, with its jitter range, computed once:
  // this is the interpreter's hottest path.
  for (int k = 0; k < 2; ++k) {
    Ns base = cfg_.bytecode_ns * 1000 / (k == 0 ? 1000 : static_cast<int>(cfg_.smt_gain * 500.0 + 0.5));
    instr_cost_[k] = {base, static_cast<Ns>(static_cast<double>(base) * cfg_.jitter)};
  }
  const int n = cfg_.logical_cpus();
  cpus_.resize(n);
  for (int k = 0; k < n; ++k) {
    // Linux numbers the first hardware thread of every core first, then the siblings.
    Cpu& c = cpus_[k];
    c.id = k;
    c.core = k % cfg_.cores;
    if (cfg_.smt == 2) c.sibling = k < cfg_.cores ? k + cfg_.cores : k - cfg_.cores;
  }
  start_thread(create_main_process(), 0);
  drop_stale_events();
}

Sim::~Sim() = default;

// [SECTION] event loop

void Sim::push_event(Ns t, Event::Kind k, std::int32_t target, std::uint32_t gen) {
  assert(t >= now_);
  events_q_.push(Event{t, seq_++, k, target, gen});
}

bool Sim::step_event() {
  if (finished_) return false;
  if (events_q_.empty()) {
    finish_stats();
    return false;
  }
  Event e = events_q_.top();
  events_q_.pop();
  assert(e.t >= now_); // time never goes back
  assert(!stale(e));   // drop_stale_events() ran after the last step (and construction)
  if (e.t > cfg_.max_time_ns) {
    end_ = RunEnd::TimeLimit;
    finish_stats();
    return false;
  }
  now_ = e.t;
  ++events_;
  handle(e);
  if (instructions_ > cfg_.max_instructions && !finished_) [[unlikely]] {
    end_ = RunEnd::InstructionLimit;
    finish_stats();
    return false;
  }
  drop_stale_events();
  return !finished_;
}

void Sim::stop() {
  if (finished_) return;
  end_ = RunEnd::Stopped;
  finish_stats();
}

void Sim::drop_stale_events() {
  // A cancelled timeout or superseded step never becomes live again (generations only grow, a started thread
  // is never New again), so dropping it now rather than when its time comes changes nothing but what
  // next_event_time() sees. Only the head is checked: stale events further back wait until they reach it.
  while (!events_q_.empty() && stale(events_q_.top())) events_q_.pop();
}

bool Sim::stale(const Event& e) const {
  switch (e.kind) {
  case Event::CpuStep: return e.gen != cpus_[e.target].gen || cpus_[e.target].cur == kNone;
  case Event::SliceEnd: return e.gen != cpus_[e.target].slice_gen || cpus_[e.target].cur == kNone;
  case Event::Wakeup: return e.gen != threads_[e.target].wait_gen;
  case Event::GilTimeout:
    return e.gen != threads_[e.target].gil_gen || threads_[e.target].state != ThreadState::WaitGil;
  case Event::Ready: return threads_[e.target].state != ThreadState::New;
  }
  return false;
}

RunEnd Sim::run() {
  while (step_event()) {
  }
  return end_;
}

void Sim::handle(const Event& e) {
  switch (e.kind) {
  case Event::CpuStep: {
    Cpu& c = cpus_[e.target];
    if (e.gen == c.gen && c.cur != kNone) run_cpu(c);
    break;
  }
  case Event::SliceEnd: {
    Cpu& c = cpus_[e.target];
    if (e.gen != c.slice_gen || c.cur == kNone) break;
    if (now_ - last_progress_ > cfg_.livelock_slices * cfg_.slice_ns && !progress_possible()) {
      end_ = RunEnd::Livelock;
      finish_stats();
      return;
    }
    if (run_queue_.empty()) {
      c.slice_end = now_ + cfg_.slice_ns;
      push_event(c.slice_end, Event::SliceEnd, c.id, ++c.slice_gen);
      break;
    }
    Thread& t = threads_[c.cur];
    ++t.involuntary_switches;
    if (t.work_units > 0) settle_work(t, 0);
    c.busy_ns += now_ - c.busy_since;
    c.cur = kNone;
    ++c.gen;
    t.cpu = -1;
    set_state(t, ThreadState::Ready);
    run_queue_.push_back(t.id);
    schedule_cpu(c);
    break;
  }
  case Event::Wakeup: {
    Thread& t = threads_[e.target];
    if (e.gen != t.wait_gen) break;
    if (t.state == ThreadState::Sleeping || t.state == ThreadState::Io) {
      record({.t = now_, .kind = Ev::Wake, .thread = t.id, .obj = kNone, .other = kNone});
      t.stack.push_back(Value::none());
      note_progress();
      make_ready(t);
    } else if (t.waiting_on) {
      t.waiting_on->on_timeout(*this, t);
    }
    break;
  }
  case Event::GilTimeout: {
    Thread& t = threads_[e.target];
    if (e.gen != t.gil_gen || t.state != ThreadState::WaitGil) break;
    Gil& g = procs_[t.proc].gil;
    // CPython's take_gil: a timed wait that saw no switch during a whole interval asks the holder to drop.
    if (g.holder != kNone && g.switch_number == t.gil_switch_seen) g.drop_request = true;
    t.gil_switch_seen = g.switch_number;
    push_event(now_ + cfg_.switch_interval_ns, Event::GilTimeout, t.id, ++t.gil_gen);
    break;
  }
  case Event::Ready: {
    Thread& t = threads_[e.target];
    if (t.state == ThreadState::New) make_ready(t);
    break;
  }
  }
}

void Sim::announce_started(Thread& t) {
  // Thread._bootstrap_inner sets the `started` event before run(): whoever waits in start() wakes now.
  t.announced = true;
  if (t.obj == kNone) return;
  if (auto* th = dynamic_cast<ThreadObject*>(objects_[t.obj].get()))
    while (!th->starters.empty()) wake(th->starters.q.front(), Value::none(), t.id, t.obj);
}

bool Sim::progress_possible() const {
  // Threads that compute, sleep or wait with a timeout will make progress by themselves; only when every
  // live thread spins or waits forever is "no progress for N slices" a livelock.
  for (const Thread& t : threads_) {
    if (t.work_units > 0 || t.state == ThreadState::Sleeping || t.state == ThreadState::Io ||
        t.state == ThreadState::New || (t.state == ThreadState::Blocked && t.wait_deadline >= 0))
      return true;
  }
  return false;
}

// [SECTION] reading state

Ns Sim::next_event_time() const {
  if (finished_ || events_q_.empty()) return -1;
  const Event& e = events_q_.top();
  assert(!stale(e) && e.t >= now_);
  return e.t <= cfg_.max_time_ns ? e.t : -1;
}

// [SECTION] CPUs and the run queue

int Sim::speed(const Cpu& c) const {
  if (c.sibling < 0 || cpus_[c.sibling].cur == kNone) return 1000;
  return static_cast<int>(cfg_.smt_gain * 500.0 + 0.5);
}

Ns Sim::jittered(Ns base) {
  if (cfg_.jitter <= 0 || base <= 0) return base;
  Ns spread = static_cast<Ns>(static_cast<double>(base) * cfg_.jitter);
  if (spread <= 0) return base;
  return base - spread + static_cast<Ns>(rng_.below(static_cast<std::uint64_t>(2 * spread + 1)));
}

void Sim::settle_work(Thread& t, int new_speed) {
  // Account the opaque work done since the segment began; new_speed 0 means "stopped".
  Ns ran = now_ - t.work_seg_start;
  if (ran > 0 && t.work_speed > 0) t.work_units = std::max<std::int64_t>(1, t.work_units - ran * t.work_speed);
  t.work_seg_start = now_;
  t.work_speed = new_speed;
  if (new_speed > 0 && t.cpu >= 0) {
    Cpu& c = cpus_[t.cpu];
    Ns left = (t.work_units + new_speed - 1) / new_speed;
    push_event(now_ + left, Event::CpuStep, c.id, ++c.gen);
  }
}

void Sim::sibling_changed(Cpu& c) {
  if (c.sibling < 0) return;
  Cpu& s = cpus_[c.sibling];
  if (s.cur == kNone) return;
  Thread& t = threads_[s.cur];
  if (t.work_units > 0 && t.work_speed > 0) settle_work(t, speed(s));
}

Cpu* Sim::pick_idle_cpu() {
  // An idle physical core first, then an idle sibling of a busy core; among equals the seed decides.
  Cpu* best[2] = {nullptr, nullptr};
  std::uint64_t seen[2] = {0, 0};
  for (Cpu& c : cpus_) {
    if (c.cur != kNone) continue;
    int cls = (c.sibling >= 0 && cpus_[c.sibling].cur != kNone) ? 1 : 0;
    // Reservoir sampling keeps the choice uniform without a temporary list.
    if (rng_.below(++seen[cls]) == 0) best[cls] = &c;
  }
  return best[0] ? best[0] : best[1];
}

void Sim::make_ready(Thread& t) {
  assert(t.cpu < 0);
  set_state(t, ThreadState::Ready);
  if (Cpu* c = pick_idle_cpu()) {
    dispatch(*c, t);
  } else {
    t.woken = false; // it waits for a CPU that switches to it directly, with no idle exit to wait for
    run_queue_.push_back(t.id);
  }
}

void Sim::dispatch(Cpu& c, Thread& t) {
  assert(c.cur == kNone && t.cpu < 0); // one thread per hardware thread
  Ns cost = c.last == t.id ? 0 : jittered(cfg_.ctx_switch_ns);
  if (t.woken) cost += jittered(cfg_.wake_latency_ns);
  t.woken = false;
  c.last = t.id;
  c.cur = t.id;
  c.busy_since = now_;
  c.switch_ns += cost;
  t.cpu = c.id;
  set_state(t, ThreadState::Running, c.id);
  c.slice_end = now_ + cost + cfg_.slice_ns;
  push_event(c.slice_end, Event::SliceEnd, c.id, ++c.slice_gen);
  t.work_speed = 0; // work resumes at the next CpuStep
  push_event(now_ + cost, Event::CpuStep, c.id, ++c.gen);
  sibling_changed(c);
}

void Sim::schedule_cpu(Cpu& c) {
  if (!run_queue_.empty()) {
    ThreadId next = run_queue_.front();
    run_queue_.pop_front();
    dispatch(c, threads_[next]);
  } else {
    sibling_changed(c);
  }
}

void Sim::leave_cpu(Thread& t, ThreadState s, ObjId on) {
  assert(t.cpu >= 0);
  Cpu& c = cpus_[t.cpu];
  if (t.work_units > 0 && t.work_speed > 0) settle_work(t, 0);
  c.busy_ns += now_ - c.busy_since;
  c.cur = kNone;
  ++c.gen;
  t.cpu = -1;
  if (s != ThreadState::Done) ++t.voluntary_switches;
  set_state(t, s, -1, on);
  schedule_cpu(c);
}

void Sim::set_state(Thread& t, ThreadState s, int cpu, ObjId on) {
  t.in_state[static_cast<int>(t.state)] += now_ - t.state_since;
  t.state_since = now_;
  t.state = s;
  if (s != ThreadState::Ready && s != ThreadState::Running && s != ThreadState::WaitGil) note_progress();
  record({.t = now_, .kind = Ev::State, .state = s, .cpu = static_cast<std::int16_t>(cpu), .thread = t.id,
          .obj = on});
}

// [SECTION] running a thread on a CPU

void Sim::run_cpu(Cpu& c) {
  Thread& t = threads_[c.cur];
  current_ = t.id;
  Gil& g = procs_[t.proc].gil;
  for (;;) {
    if (t.work_units > 0) {
      if (t.work_speed == 0) { // (re)start the opaque work segment on this CPU
        settle_work(t, speed(c));
        return;
      }
      t.work_units = 0; // this CpuStep is its completion
      t.work_speed = 0;
      record({.t = now_, .kind = Ev::WorkEnd, .thread = t.id});
      note_progress();
    }
    if (t.retry_on) { // woken by a release: compete for the primitive before taking the GIL, as CPython does
      Object* o = t.retry_on;
      t.retry_on = nullptr;
      --o->in_flight;
      if (!o->retry(*this, t)) return; // lost the race: parked again
    }
    if (t.frames.empty() && !t.raise_pending) { // the entry function returned, or a main thread waits at exit
      if (!t.announced) announce_started(t); // Thread() without a target: started, then done at once
      thread_finished(t);
      return;
    }
    if (gil_enabled()) {
      if (t.needs_gil) {
        if (!take_gil(t)) {
          wait_gil(t);
          return;
        }
        t.needs_gil = false;
      }
      if (cfg_.gil == GilMode::New) {
        if (g.drop_request && (cfg_.switch_points == SwitchPoints::Any || Interp::at_switch_point(*this, t))) {
          drop_gil(t, true);
          wait_gil(t);
          return;
        }
      } else if (++g.ticks >= cfg_.old_gil_ticks) {
        g.ticks = 0;
        if (!g.waiters.empty()) {
          // Python 2's check: release and immediately contend again. The head waiter is signalled; the
          // seed decides whether the releasing thread wins the race for the lock it just dropped.
          bool handoff = rng_.chance(1, 2);
          drop_gil(t, handoff);
          if (handoff) {
            wait_gil(t);
            return;
          }
          g.holder = t.id;
          record({.t = now_, .kind = Ev::Gil, .thread = t.id, .obj = t.proc});
        }
      }
    }
    if (!t.announced) announce_started(t);
    if (t.raise_pending) { // woken by an exception (broken barrier, queue timeout): raise it now
      t.raise_pending = false;
      record({.t = now_, .kind = Ev::Exception, .thread = t.id, .obj = t.exc.type, .other = t.exc.message});
      Interp::unwind(*this, t);
      continue;
    }
    Step r = Interp::step(*this, t);
    ++instructions_;
    ++t.instructions;
    // Between two instructions is a safe point for the collector: no native call is half done, and whatever
    // a thread carries from one instruction to the next lives in its frames, its stack or its objects.
    if (collect_due()) [[unlikely]] collect(t.id);
    if (r == Step::Left) return;
    if (r == Step::Worked) continue;
    const InstrCost& ic = instr_cost_[speed(c) == 1000 ? 0 : 1];
    Ns cost = ic.spread > 0 ? ic.base - ic.spread + static_cast<Ns>(rng_.below(2 * ic.spread + 1)) : ic.base;
    Ns next = now_ + cost;
    if ((events_q_.empty() || next < events_q_.top().t) && next <= cfg_.max_time_ns) {
      now_ = next; // nothing else can happen before: keep interpreting without a queue round trip
      ++events_;
      continue;
    }
    push_event(next, Event::CpuStep, c.id, ++c.gen);
    return;
  }
}

} // namespace il
