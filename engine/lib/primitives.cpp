// threading's primitives with CPython's semantics and exception messages: Lock, RLock, Semaphore,
// BoundedSemaphore, Event, Condition, Barrier. Waiters are FIFO and every hand-off is a recorded wake-up.
#include <cassert>
#include <cmath>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

Ns seconds_to_ns(Value v, Ns if_none) {
  if (v.is_none() || !v.is_number()) return if_none;
  double s = v.as_double();
  if (s <= 0) return 0; // a negative timeout has already expired, as in CPython's wait() and join()
  if (s > 1e9) return kForever; // beyond any simulated run
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
      err = c.sim.raise(c.t, "ValueError", "timeout value must be positive");
      return false;
    }
    timeout = seconds_to_ns(to, -1);
  }
  return true;
}

// Semaphore.acquire(blocking=True, timeout=None): a timeout <= 0 gives up at once instead of raising.
bool parse_sem_acquire(Call& c, bool& blocking, Ns& timeout, Outcome& err) {
  blocking = c.arg(0).is_none() ? true : Interp::truthy(c.sim, c.arg(0));
  if (!blocking && !c.arg(1).is_none()) {
    err = c.sim.raise(c.t, "ValueError", "can't specify timeout for non-blocking acquire");
    return false;
  }
  timeout = seconds_to_ns(c.arg(1), -1);
  return true;
}
} // namespace

// [SECTION] Lock and RLock

void LockObject::grant(Kernel& sim, ThreadId t, bool waited) {
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

void LockObject::hand_off(Kernel& sim, ThreadId releaser) {
  // Like CPython's lock (a semaphore underneath), a release does not hand the lock over: it wakes the
  // longest waiter, which competes for it when it next gets a CPU. A running thread may take it first.
  holder = kNone;
  count = 0;
  if (!waiters.empty()) sim.wake_to_retry(waiters.q.front(), *this, releaser, id);
}

bool LockObject::retry(Kernel& sim, Thread& t) {
  if (holder == kNone) {
    grant(sim, t.id, true);
    count = t.rlock_restore > 0 ? t.rlock_restore : 1;
    t.stack.push_back(t.wake_value);
    sim.note_progress();
    return true;
  }
  return repark(sim, t, *this, waiters);
}

bool repark(Kernel& sim, Thread& t, Object& o, WaitQueue& q) {
  // Lost the race after a wake-up: wait again for whatever is left of the timeout.
  Ns remaining = -1;
  if (t.wait_deadline >= 0) {
    remaining = t.wait_deadline - sim.now();
    if (remaining <= 0) {
      t.stack.push_back(t.timeout_value);
      return true;
    }
  }
  sim.park(t, o, q, remaining, t.timeout_value);
  return false;
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
  case Sym::locked:
    if (reentrant) return Object::call(c, m); // RLock has no locked() in 3.11: AttributeError
    c.ret = Value::boolean(holder != kNone);
    return Outcome::Done;
  default: return Object::call(c, m);
  }
}

void LockObject::owners(const Kernel&, std::vector<ThreadId>& out) const {
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
    if (!parse_sem_acquire(c, blocking, timeout, err)) return err;
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
      ++value;
      // Semaphore.release notifies its Condition: a woken waiter re-checks the value when it runs.
      if (!waiters.empty()) c.sim.wake_to_retry(waiters.q.front(), *this, c.t.id, id);
    }
    c.sim.count(*this);
    c.sim.note_progress();
    return Outcome::Done;
  }
  default: return Object::call(c, m);
  }
}

bool SemaphoreObject::retry(Kernel& sim, Thread& t) {
  if (value > 0) {
    --value;
    stats.enter(true);
    sim.record({.t = sim.now(), .kind = Ev::Acquire, .thread = t.id, .obj = id, .value = 1});
    sim.count(*this);
    t.stack.push_back(Value::boolean(true));
    sim.note_progress();
    return true;
  }
  return repark(sim, t, *this, waiters);
}

// [SECTION] Event

void EventObject::set(Kernel& sim, ThreadId by) {
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
  case Sym::wait: {
    Ns timeout = seconds_to_ns(c.arg(0), -1);
    if (flag || timeout == 0) { // an expired timeout is a non-blocking check: the GIL stays held
      c.ret = Value::boolean(flag);
      return Outcome::Done;
    }
    return c.sim.park(c.t, *this, waiters, timeout, Value::boolean(false));
  }
  default: return Object::call(c, m);
  }
}

// [SECTION] Condition

void ConditionObject::reacquire(Kernel& sim, ThreadId t, Value result, ThreadId waker) {
  // A notified (or timed-out) waiter must own the lock again before wait() returns: it is woken to
  // compete for the lock, without a timeout, and wait() then returns `result`.
  Thread& th = sim.thread(t);
  th.wake_value = result;
  th.wait_deadline = -1;
  sim.wake_to_retry(t, *sim.object(lock), waker, id);
}

Outcome ConditionObject::call(Call& c, Sym m) {
  auto* l = dynamic_cast<LockObject*>(c.sim.object(lock));
  // Condition._is_owned: an RLock must be held by the caller; a plain Lock only has to be locked.
  bool owned = l->reentrant ? l->holder == c.t.id : l->holder != kNone;
  switch (m) {
  case Sym::acquire:
  case Sym::release: return l->call(c, m);
  case Sym::wait: {
    if (!owned) return c.sim.raise(c.t, "RuntimeError", "cannot wait on un-acquired lock");
    Ns timeout = seconds_to_ns(c.arg(0), -1);
    if (timeout == 0) { // gives up at once; the lock is released and re-taken without a switch
      c.ret = Value::boolean(false);
      return Outcome::Done;
    }
    c.t.rlock_restore = l->count;
    l->stats.leave();
    c.sim.record({.t = c.sim.now(), .kind = Ev::Release, .thread = c.t.id, .obj = l->id});
    l->hand_off(c.sim, c.t.id);
    return c.sim.park(c.t, *this, waiters, timeout, Value::boolean(false));
  }
  case Sym::notify:
  case Sym::notify_all: {
    if (!owned) return c.sim.raise(c.t, "RuntimeError", "cannot notify on un-acquired lock");
    std::int64_t n = m == Sym::notify_all ? static_cast<std::int64_t>(waiters.size())
                                          : (c.arg(0).is_none() ? 1 : c.arg(0).i);
    for (std::int64_t i = 0; i < n && !waiters.empty(); ++i) reacquire(c.sim, waiters.q.front(), Value::boolean(true), c.t.id);
    c.sim.note_progress();
    return Outcome::Done;
  }
  default: return Object::call(c, m);
  }
}

void ConditionObject::on_timeout(Kernel& sim, Thread& t) { reacquire(sim, t.id, Value::boolean(false), kNone); }

void ConditionObject::owners(const Kernel& sim, std::vector<ThreadId>& out) const {
  (void)sim;
  (void)out; // waiting for a notify: nobody in particular
}

// [SECTION] Barrier

bool BarrierObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)sim;
  (void)t;
  switch (static_cast<Sym>(attr)) {
  case Sym::parties: out = Value::integer(parties); return true;
  case Sym::n_waiting: out = Value::integer(static_cast<std::int64_t>(waiters.size())); return true;
  case Sym::broken: out = Value::boolean(broken); return true;
  default: return false;
  }
}

void BarrierObject::release_all(Kernel& sim, ThreadId by) {
  // Each wait() returns its own arrival index: the waiters arrived 0, 1, ... in queue order.
  std::int64_t k = 0;
  while (!waiters.empty()) sim.wake(waiters.q.front(), Value::integer(k++), by, id);
  count = 0;
  sim.count(*this);
  sim.note_progress();
}

Outcome ConditionObject::call_named(Call& c, StrId method) {
  if (c.sim.str(method) != "wait_for") return Object::call_named(c, method);
  if (c.args.empty() || c.args.size() > 2)
    return c.sim.raise(c.t, "TypeError", "Condition.wait_for() takes from 2 to 3 positional arguments but " +
                                             std::to_string(c.args.size() + 1) + " were given");
  const FuncId helper = c.sim.prelude("$condition_wait_for");
  if (helper == kNone) return c.sim.raise(c.t, "RuntimeError", "Condition.wait_for helper missing");
  const Value a[3] = {Value::obj(id), c.arg(0), c.arg(1)};
  return c.sim.invoke(c.t, Value::func(helper), a);
}

Outcome BarrierObject::call_named(Call& c, StrId method) {
  if (c.sim.str(method) == "$release") {
    release_all(c.sim, c.t.id);
    return Outcome::Done;
  }
  return Object::call_named(c, method);
}

void BarrierObject::break_barrier(Kernel& sim, ThreadId by) {
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
      c.ret = Value::integer(index);
      if (!action.is_none()) {
        // The last arrival runs the action before anyone leaves; if it raises, the barrier breaks.
        FuncId helper = c.sim.prelude("$barrier_action");
        if (helper == kNone) return c.sim.raise(c.t, "RuntimeError", "barrier action helper missing");
        Value a[] = {Value::obj(id), action, Value::integer(index)};
        return c.sim.invoke(c.t, Value::func(helper), a);
      }
      release_all(c.sim, c.t.id);
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

void BarrierObject::on_timeout(Kernel& sim, Thread& t) {
  // A timed-out waiter breaks the barrier for everyone, itself included.
  waiters.remove(t.id);
  t.wait_queue = nullptr;
  sim.wake_raise(t.id, "BrokenBarrierError", "", kNone, id);
  break_barrier(sim, t.id);
}

} // namespace il

namespace il {

// fork() copies a primitive's state but not its waiters: those are threads of the parent.
std::unique_ptr<Object> SemaphoreObject::clone() const {
  auto s = std::make_unique<SemaphoreObject>();
  s->value = value;
  s->initial = initial;
  s->bounded = bounded;
  return s;
}

std::unique_ptr<Object> EventObject::clone() const {
  auto e = std::make_unique<EventObject>();
  e->flag = flag;
  return e;
}

} // namespace il
