// threading's primitives with CPython's semantics and exception messages: Lock, RLock, Semaphore,
// BoundedSemaphore, Event, Condition, Barrier. Waiters are FIFO and every hand-off is a recorded wake-up.
#include <cassert>
#include <cmath>

#include "interp.hpp"
#include "objects.hpp"

namespace il {

Ns seconds_to_ns(Value v, Ns if_none) {
  if (v.is_none()) return if_none;
  if (!v.is_number()) return if_none;
  double s = v.as_double();
  if (s < 0) return if_none == -1 ? -1 : 0;
  return static_cast<Ns>(std::llround(s * 1e9));
}

namespace {
// acquire(blocking=True, timeout=-1) as threading.Lock parses it.
bool parse_acquire(Call& c, bool& blocking, Ns& timeout, Outcome& err) {
  blocking = c.arg(0).is_none() ? true : Interp::truthy(c.sim, c.arg(0));
  Value to = c.arg(1);
  timeout = -1;
  if (!to.is_none() && to.is_number() && to.as_double() != -1) {
    if (!blocking) {
      err = c.sim.raise(c.t, "ValueError", "can't specify a timeout for a non-blocking call");
      return false;
    }
    if (to.as_double() < 0) {
      err = c.sim.raise(c.t, "ValueError", "timeout value must be a non-negative number");
      return false;
    }
    timeout = seconds_to_ns(to, -1);
  }
  return true;
}
} // namespace

// [SECTION] Lock and RLock

void LockObject::grant(Sim& sim, ThreadId t, bool waited) {
  assert(holder == kNone || holder == t); // one owner per lock
  holder = t;
  count = 1;
  stats.enter(waited);
  sim.record({.t = sim.now(), .kind = Ev::Acquire, .thread = t, .obj = id, .value = waited});
}

Outcome LockObject::acquire(Call& c, bool blocking, Ns timeout) {
  if (reentrant && holder == c.t.id) {
    ++count;
    c.ret = Value::boolean(true);
    return Outcome::Done;
  }
  if (holder == kNone) {
    grant(c.sim, c.t.id, false);
    c.sim.note_progress();
    c.ret = Value::boolean(true);
    return Outcome::Done;
  }
  if (!blocking || timeout == 0) {
    c.ret = Value::boolean(false);
    return Outcome::Done;
  }
  c.t.wake_value = Value::boolean(true);
  c.t.rlock_restore = 1;
  return c.sim.park(c.t, *this, waiters, timeout, Value::boolean(false));
}

void LockObject::hand_off(Sim& sim, ThreadId releaser) {
  holder = kNone;
  count = 0;
  if (waiters.empty()) return;
  ThreadId w = waiters.q.front();
  Thread& wt = sim.thread(w);
  grant(sim, w, true);
  count = wt.rlock_restore > 0 ? wt.rlock_restore : 1;
  sim.wake(w, wt.wake_value, releaser, id);
}

Outcome LockObject::call(Call& c, Sym m) {
  switch (m) {
  case Sym::acquire: {
    bool blocking;
    Ns timeout;
    Outcome err;
    if (!parse_acquire(c, blocking, timeout, err)) return err;
    return acquire(c, blocking, timeout);
  }
  case Sym::release:
    if (reentrant) {
      if (holder != c.t.id) return c.sim.raise(c.t, "RuntimeError", "cannot release un-acquired lock");
      if (--count > 0) return Outcome::Done;
    } else if (holder == kNone) {
      return c.sim.raise(c.t, "RuntimeError", "release unlocked lock");
    }
    // Any thread may release a plain Lock, not only its owner.
    stats.leave();
    c.sim.record({.t = c.sim.now(), .kind = Ev::Release, .thread = c.t.id, .obj = id});
    hand_off(c.sim, c.t.id);
    c.sim.note_progress();
    return Outcome::Done;
  case Sym::locked: c.ret = Value::boolean(holder != kNone); return Outcome::Done;
  default: return Object::call(c, m);
  }
}

void LockObject::owners(const Sim&, std::vector<ThreadId>& out) const {
  if (holder != kNone) out.push_back(holder);
}

std::unique_ptr<Object> LockObject::clone() const {
  // fork() copies a lock's state but not its waiters, which are threads of the parent.
  auto l = std::make_unique<LockObject>();
  l->holder = holder;
  l->count = count;
  return l;
}

std::unique_ptr<Object> RLockObject::clone() const {
  auto l = std::make_unique<RLockObject>();
  l->holder = holder;
  l->count = count;
  return l;
}

// [SECTION] Semaphore and BoundedSemaphore

Outcome SemaphoreObject::call(Call& c, Sym m) {
  switch (m) {
  case Sym::acquire: {
    bool blocking;
    Ns timeout;
    Outcome err;
    if (!parse_acquire(c, blocking, timeout, err)) return err;
    if (value > 0) {
      --value;
      stats.enter(false);
      c.sim.record({.t = c.sim.now(), .kind = Ev::Acquire, .thread = c.t.id, .obj = id});
      c.sim.count(*this);
      c.sim.note_progress();
      c.ret = Value::boolean(true);
      return Outcome::Done;
    }
    if (!blocking || timeout == 0) {
      c.ret = Value::boolean(false);
      return Outcome::Done;
    }
    return c.sim.park(c.t, *this, waiters, timeout, Value::boolean(false));
  }
  case Sym::release: {
    std::int64_t n = c.arg(0).is_none() ? 1 : c.arg(0).i;
    if (n < 1) return c.sim.raise(c.t, "ValueError", "n must be one or more");
    if (bounded && value + n > initial) return c.sim.raise(c.t, "ValueError", "Semaphore released too many times");
    c.sim.record({.t = c.sim.now(), .kind = Ev::Release, .thread = c.t.id, .obj = id});
    for (std::int64_t i = 0; i < n; ++i) {
      if (stats.holders > 0) stats.leave();
      if (!waiters.empty()) {
        // The permit passes straight to the longest waiter.
        ThreadId w = waiters.q.front();
        stats.enter(true);
        c.sim.record({.t = c.sim.now(), .kind = Ev::Acquire, .thread = w, .obj = id, .value = 1});
        c.sim.wake(w, Value::boolean(true), c.t.id, id);
      } else {
        ++value;
      }
    }
    c.sim.count(*this);
    c.sim.note_progress();
    return Outcome::Done;
  }
  default: return Object::call(c, m);
  }
}

// [SECTION] Event

void EventObject::set(Sim& sim, ThreadId by) {
  flag = true;
  while (!waiters.empty()) sim.wake(waiters.q.front(), Value::boolean(true), by, id);
}

Outcome EventObject::call(Call& c, Sym m) {
  switch (m) {
  case Sym::set:
    set(c.sim, c.t.id);
    c.sim.note_progress();
    return Outcome::Done;
  case Sym::clear: flag = false; return Outcome::Done;
  case Sym::is_set: c.ret = Value::boolean(flag); return Outcome::Done;
  case Sym::wait:
    if (flag) {
      c.ret = Value::boolean(true);
      return Outcome::Done;
    }
    return c.sim.park(c.t, *this, waiters, seconds_to_ns(c.arg(0), -1), Value::boolean(false));
  default: return Object::call(c, m);
  }
}

// [SECTION] Condition

void ConditionObject::reacquire(Sim& sim, ThreadId t, Value result, ThreadId waker) {
  // A notified (or timed-out) waiter must own the lock again before wait() returns.
  auto* l = dynamic_cast<LockObject*>(sim.object(lock));
  Thread& th = sim.thread(t);
  if (th.wait_queue) th.wait_queue->remove(t);
  if (l->holder == kNone) {
    l->grant(sim, t, true);
    l->count = th.rlock_restore;
    th.wait_queue = &l->waiters; // wake() removes from here (already absent)
    sim.wake(t, result, waker, id);
    return;
  }
  l->waiters.q.push_back(t);
  th.waiting_on = l;
  th.wait_queue = &l->waiters;
  th.wake_value = result;
  sim.record({.t = sim.now(), .kind = Ev::State, .state = ThreadState::Blocked, .thread = t, .obj = l->id});
}

Outcome ConditionObject::call(Call& c, Sym m) {
  auto* l = dynamic_cast<LockObject*>(c.sim.object(lock));
  bool owned = l->holder == c.t.id;
  switch (m) {
  case Sym::acquire:
  case Sym::release: return l->call(c, m);
  case Sym::wait: {
    if (!owned) return c.sim.raise(c.t, "RuntimeError", "cannot wait on un-acquired lock");
    c.t.rlock_restore = l->count;
    l->stats.leave();
    c.sim.record({.t = c.sim.now(), .kind = Ev::Release, .thread = c.t.id, .obj = l->id});
    l->hand_off(c.sim, c.t.id);
    return c.sim.park(c.t, *this, waiters, seconds_to_ns(c.arg(0), -1), Value::boolean(false));
  }
  case Sym::notify:
  case Sym::notify_all: {
    if (!owned) return c.sim.raise(c.t, "RuntimeError", "cannot notify on un-acquired lock");
    std::int64_t n = m == Sym::notify_all ? static_cast<std::int64_t>(waiters.size())
                                          : (c.arg(0).is_none() ? 1 : c.arg(0).i);
    for (std::int64_t i = 0; i < n && !waiters.empty(); ++i) {
      ThreadId w = waiters.q.front();
      waiters.q.pop_front();
      Thread& wt = c.sim.thread(w);
      wt.wait_queue = nullptr;
      ++wt.wait_gen; // its timeout no longer applies
      c.sim.record({.t = c.sim.now(), .kind = Ev::Wake, .thread = w, .obj = id, .other = c.t.id});
      reacquire(c.sim, w, Value::boolean(true), c.t.id);
    }
    c.sim.note_progress();
    return Outcome::Done;
  }
  default: return Object::call(c, m);
  }
}

void ConditionObject::on_timeout(Sim& sim, Thread& t) {
  waiters.remove(t.id);
  t.wait_queue = nullptr;
  reacquire(sim, t.id, Value::boolean(false), kNone);
}

void ConditionObject::owners(const Sim& sim, std::vector<ThreadId>& out) const {
  (void)sim;
  (void)out; // waiting for a notify: nobody in particular
}

// [SECTION] Barrier

bool BarrierObject::get_attr(Sim& sim, Thread& t, StrId attr, Value& out) {
  (void)sim;
  (void)t;
  switch (static_cast<Sym>(attr)) {
  case Sym::parties: out = Value::integer(parties); return true;
  case Sym::n_waiting: out = Value::integer(static_cast<std::int64_t>(waiters.size())); return true;
  case Sym::broken: out = Value::boolean(broken); return true;
  default: return false;
  }
}

void BarrierObject::break_barrier(Sim& sim, ThreadId by) {
  broken = true;
  count = 0;
  while (!waiters.empty()) sim.wake_raise(waiters.q.front(), "BrokenBarrierError", "", by, id);
  sim.count(*this);
}

Outcome BarrierObject::call(Call& c, Sym m) {
  switch (m) {
  case Sym::wait: {
    if (broken) return c.sim.raise(c.t, "BrokenBarrierError", "");
    std::int64_t index = count++;
    c.sim.count(*this);
    if (index + 1 == parties) {
      // The last arrival releases everyone; each wait() returns its own arrival index.
      std::int64_t k = 0;
      while (!waiters.empty()) c.sim.wake(waiters.q.front(), Value::integer(k++), c.t.id, id);
      count = 0;
      c.sim.count(*this);
      c.sim.note_progress();
      c.ret = Value::integer(index);
      if (!action.is_none()) {
        Value a[] = {action, Value::integer(index)};
        return c.sim.invoke(c.t, Value::func(c.sim.prelude("$barrier_action")), a);
      }
      return Outcome::Done;
    }
    Ns to = c.arg(0).is_none() ? timeout : seconds_to_ns(c.arg(0), -1);
    return c.sim.park(c.t, *this, waiters, to, Value::none());
  }
  case Sym::abort: break_barrier(c.sim, c.t.id); return Outcome::Done;
  case Sym::reset:
    if (!waiters.empty()) break_barrier(c.sim, c.t.id);
    broken = false;
    count = 0;
    return Outcome::Done;
  default: return Object::call(c, m);
  }
}

void BarrierObject::on_timeout(Sim& sim, Thread& t) {
  // A timed-out waiter breaks the barrier for everyone, itself included.
  waiters.remove(t.id);
  t.wait_queue = nullptr;
  sim.wake_raise(t.id, "BrokenBarrierError", "", kNone, id);
  break_barrier(sim, t.id);
}

} // namespace il
