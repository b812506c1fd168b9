// multiprocessing, part 2: communication between processes. multiprocessing.Queue and Pipe connections copy
// every message (pickling) and cost both sides a little CPU; Value and Array are shared memory that every
// process sees at once; multiprocessing.Lock is one lock for all processes.
//
// [SECTION] multiprocessing.Queue and Lock
// [SECTION] Pipe connections
// [SECTION] Value and Array
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

// A received message: the sender's snapshot, copied again unless it already lives in the receiver.
Value receive(Kernel& sim, Value v, ProcId receiver) {
  if (!v.is_obj() || sim.object(v.as_obj())->owner == receiver) return v;
  return Copier(sim, receiver).copy(v);
}

} // namespace

// [SECTION] multiprocessing.Queue and Lock

Outcome MpQueueObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  switch (m) {
  case Sym::put:
  case Sym::put_nowait: {
    const bool block = m == Sym::put && (c.arg(1).is_none() || Interp::truthy(sim, c.arg(1)));
    const Ns timeout = m == Sym::put ? seconds_to_ns(c.arg(2), -1) : 0;
    // Pickled now: later changes to the object do not travel. A waiting getter gets it straight away.
    const ThreadId getter = waiters.empty() ? kNone : waiters.q.front();
    Value item = Copier(sim, getter == kNone ? c.t.proc : sim.thread(getter).proc).copy(c.arg(0));
    Outcome o = put(c, item, block, timeout);
    if (o != Outcome::Done) return o;
    if (getter != kNone) work_on_resume(sim, getter, kIpcNs); // it reads and unpickles the item
    return work_then(c, kIpcNs, Value::none());
  }
  case Sym::get:
  case Sym::get_nowait: {
    const bool block = m == Sym::get && (c.arg(0).is_none() || Interp::truthy(sim, c.arg(0)));
    const Ns timeout = m == Sym::get ? seconds_to_ns(c.arg(1), -1) : 0;
    Outcome o = get(c, block, timeout);
    if (o != Outcome::Done) return o;
    return work_then(c, kIpcNs, receive(sim, c.ret, c.t.proc));
  }
  case Sym::task_done:
  case Sym::join: // only JoinableQueue has them
    return sim.raise(c.t, "AttributeError",
                     "'Queue' object has no attribute '" + std::string(kSymbolNames[static_cast<int>(m)]) + "'");
  case Sym::close: return Outcome::Done;
  default: return QueueObject::call(c, m);
  }
}

Outcome MpLockObject::call(Call& c, Sym m) {
  // A semaphore underneath: releasing an unlocked one is a ValueError, not threading's RuntimeError.
  if (m == Sym::release && holder == kNone)
    return c.sim.raise(c.t, "ValueError", "semaphore or lock released too many times");
  return LockObject::call(c, m);
}

Outcome MpRLockObject::call(Call& c, Sym m) {
  // A SemLock underneath: a release by a thread that does not own it is an AssertionError (python3 3.11).
  if (m == Sym::release && holder != c.t.id)
    return c.sim.raise(c.t, "AssertionError", "attempt to release recursive lock not owned by thread");
  return RLockObject::call(c, m);
}

// [SECTION] Pipe connections

std::string ConnectionObject::repr(const Kernel&) const {
  return "<Connection " + name + (closed ? " closed" : "") + ">";
}

bool connection_usable(Call& c, bool closed, bool readable, bool writable, bool reading) {
  const char* why = closed                   ? "handle is closed"
                    : reading && !readable   ? "connection is write-only"
                    : !reading && !writable  ? "connection is read-only"
                                             : nullptr;
  if (why) c.sim.raise(c.t, "OSError", why);
  return why == nullptr;
}

Outcome ConnectionObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  auto* p = dynamic_cast<ConnectionObject*>(sim.object(peer));
  assert(p); // both ends are made together
  auto check = [&](bool need_read) { return connection_usable(c, closed, readable, writable, need_read); };
  switch (m) {
  case Sym::send: {
    if (!check(false)) return Outcome::Raised;
    if (p->closed) return sim.raise(c.t, "BrokenPipeError", "[Errno 32] Broken pipe");
    const bool waiting = !p->receivers.empty();
    Value v = Copier(sim, waiting ? sim.thread(p->receivers.q.front()).proc : c.t.proc).copy(c.arg(0));
    if (waiting) {
      const ThreadId r = p->receivers.q.front();
      sim.wake(r, v, c.t.id, peer);
      work_on_resume(sim, r, kIpcNs); // it reads and unpickles the message
    } else {
      p->inbox.push_back(v);
      sim.count(*p);
      while (!p->pollers.empty()) sim.wake(p->pollers.q.front(), Value::boolean(true), c.t.id, peer);
    }
    sim.note_progress();
    return work_then(c, kIpcNs, Value::none());
  }
  case Sym::recv: {
    if (!check(true)) return Outcome::Raised;
    if (!inbox.empty()) {
      Value v = inbox.front();
      inbox.pop_front();
      sim.count(*this);
      sim.note_progress();
      return work_then(c, kIpcNs, receive(sim, v, c.t.proc));
    }
    if (p->closed) return sim.raise(c.t, "EOFError", "");
    return sim.park(c.t, *this, receivers, -1, Value::none());
  }
  case Sym::poll: {
    if (!check(true)) return Outcome::Raised;
    if (!inbox.empty() || p->closed) {
      c.ret = Value::boolean(true);
      return Outcome::Done;
    }
    // poll() and poll(0) only look; poll(t) waits up to t seconds for data (or the other end closing).
    const Ns timeout = seconds_to_ns(c.arg(0), 0);
    if (timeout == 0) {
      c.ret = Value::boolean(false);
      return Outcome::Done;
    }
    return sim.park(c.t, *this, pollers, timeout, Value::boolean(false));
  }
  case Sym::close: {
    if (closed) return Outcome::Done;
    closed = true;
    // The other end reads the end of the stream; threads still reading this end find it closed.
    while (!p->receivers.empty()) sim.wake_raise(p->receivers.q.front(), "EOFError", "", c.t.id, id);
    while (!p->pollers.empty()) sim.wake(p->pollers.q.front(), Value::boolean(true), c.t.id, id);
    while (!receivers.empty()) sim.wake_raise(receivers.q.front(), "OSError", "handle is closed", c.t.id, id);
    while (!pollers.empty()) sim.wake_raise(pollers.q.front(), "OSError", "handle is closed", c.t.id, id);
    sim.note_progress();
    return Outcome::Done;
  }
  default: return Object::call(c, m);
  }
}

// [SECTION] Value and Array

namespace {

struct CType {
  char code;
  const char* name;
  int bits;  // 0 = floating point
  bool is_signed;
};

constexpr CType kCTypes[] = {
    {'b', "c_byte", 8, true},       {'B', "c_ubyte", 8, false},  {'h', "c_short", 16, true},
    {'H', "c_ushort", 16, false},   {'i', "c_int", 32, true},    {'I', "c_uint", 32, false},
    {'l', "c_long", 64, true},      {'L', "c_ulong", 64, false}, {'q', "c_longlong", 64, true},
    {'Q', "c_ulonglong", 64, false}, {'f', "c_float", 0, true},  {'d', "c_double", 0, true},
};

const CType* ctype(char code) {
  for (const CType& t : kCTypes)
    if (t.code == code) return &t;
  return nullptr;
}

std::string show(const Kernel& sim, Value v) { return sim.repr(v); }

// The RLock a Value or Array is made with (lock=True), created on first use.
Object& lock_of(Kernel& sim, ObjId& lock, ProcId owner) {
  if (lock == kNone) lock = sim.add_object(std::make_unique<MpRLockObject>(), owner);
  return *sim.object(lock);
}

Outcome get_lock(Call& c, ObjId& lock, ProcId owner) {
  c.ret = Value::obj(lock_of(c.sim, lock, owner).id);
  return Outcome::Done;
}

} // namespace

bool coerce_ctype(Kernel& sim, Thread& t, char typecode, Value v, Value& out) {
  const CType* ct = ctype(typecode);
  if (!ct) {
    sim.raise(t, "TypeError", "this type has no size");
    return false;
  }
  if (ct->bits == 0) {
    if (!v.is_number()) {
      sim.raise(t, "TypeError", "must be real number, not " + type_name(sim, v));
      return false;
    }
    out = Value::real(v.as_double());
    return true;
  }
  if (v.tag != Tag::Int && v.tag != Tag::Bool) {
    sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object cannot be interpreted as an integer");
    return false;
  }
  // ctypes keeps the low bits silently, like C.
  std::int64_t x = v.i;
  if (ct->bits < 64) {
    const std::uint64_t mask = (std::uint64_t{1} << ct->bits) - 1;
    std::uint64_t u = static_cast<std::uint64_t>(x) & mask;
    const bool negative = ct->is_signed && (u >> (ct->bits - 1)) != 0;
    x = negative ? static_cast<std::int64_t>(u) - static_cast<std::int64_t>(mask) - 1 : static_cast<std::int64_t>(u);
  }
  out = Value::integer(x);
  return true;
}

// The ctypes name CPython shows for an unsynchronized Value or Array of this typecode.
static std::string ctype_name(char typecode) {
  switch (typecode) {
  case 'd': return "c_double";
  case 'f': return "c_float";
  case 'l': return "c_long";
  case 'b': return "c_byte";
  case 'c': return "c_char";
  case 'u': return "c_wchar";
  case 'h': return "c_short";
  case 'I': return "c_uint";
  default: return "c_int";
  }
}

Outcome SharedValueObject::call(Call& c, Sym m) {
  if ((m == Sym::acquire || m == Sym::release) && synchronized) return lock_of(c.sim, lock, owner).call(c, m); // Synchronized
  if (m == Sym::acquire || m == Sym::release)
    return c.sim.raise(c.t, "AttributeError", "'" + ctype_name(typecode) + "' object has no attribute '" + std::string(kSymbolNames[static_cast<int>(m)]) + "'");
  return Object::call(c, m);
}

Outcome SharedValueObject::call_named(Call& c, StrId m) {
  if (c.sim.str(m) == "get_lock") {
    if (!synchronized) return c.sim.raise(c.t, "AttributeError", "'" + ctype_name(typecode) + "' object has no attribute 'get_lock'");
    return get_lock(c, lock, owner);
  }
  return Object::call_named(c, m);
}

bool SharedValueObject::get_attr(Kernel& sim, Thread&, StrId n, Value& out) {
  (void)sim;
  if (n != sym_id(Sym::value)) return false;
  out = value;
  return true;
}

bool SharedValueObject::set_attr(Kernel& sim, Thread& t, StrId n, Value v) {
  if (n != sym_id(Sym::value)) return false;
  if (!coerce_ctype(sim, t, typecode, v, value)) return false;
  sim.count(*this);
  sim.note_progress();
  return true;
}

std::string shared_memory_repr(const Kernel& sim, char typecode, std::span<const Value> items, bool array) {
  const CType* ct = ctype(typecode);
  const std::string type = ct ? ct->name : "?";
  if (!array) return "<Synchronized wrapper for " + type + "(" + (items.empty() ? "" : show(sim, items[0])) + ")>";
  std::string s = "<SynchronizedArray wrapper for " + type + "_Array_" + std::to_string(items.size()) + " [";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + show(sim, items[i]);
  return s + "]>";
}

std::string SharedValueObject::repr(const Kernel& sim) const {
  return shared_memory_repr(sim, typecode, {&value, 1}, false);
}

Outcome SharedArrayObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  auto index = [&](Value v, std::size_t& out) {
    if (v.tag != Tag::Int && v.tag != Tag::Bool) {
      sim.raise(c.t, "TypeError", "indices must be integers");
      return false;
    }
    std::int64_t i = v.i, n = static_cast<std::int64_t>(items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
      sim.raise(c.t, "IndexError", "invalid index");
      return false;
    }
    out = static_cast<std::size_t>(i);
    return true;
  };
  std::size_t i = 0;
  switch (m) {
  case Sym::getitem:
    if (!index(c.arg(0), i)) return Outcome::Raised;
    c.ret = items[i];
    return Outcome::Done;
  case Sym::setitem: {
    if (!index(c.arg(0), i)) return Outcome::Raised;
    Value x;
    if (!coerce_ctype(sim, c.t, typecode, c.arg(1), x)) return Outcome::Raised;
    items[i] = x;
    sim.note_progress();
    return Outcome::Done;
  }
  case Sym::len: c.ret = Value::integer(length()); return Outcome::Done;
  case Sym::copy: { // arr[:] : a list copy in the caller's memory
    auto l = std::make_unique<ListObject>();
    l->items = items;
    c.ret = Value::obj(sim.add_object(std::move(l), c.t.proc));
    return Outcome::Done;
  }
  case Sym::acquire:
  case Sym::release: return lock_of(sim, lock, owner).call(c, m);
  default: return Object::call(c, m);
  }
}

Outcome SharedArrayObject::call_named(Call& c, StrId m) {
  if (c.sim.str(m) == "get_lock" && !synchronized)
    return c.sim.raise(c.t, "AttributeError", "'" + ctype_name(typecode) + "_Array_" + std::to_string(items.size()) + "' object has no attribute 'get_lock'");
  if (c.sim.str(m) == "get_lock") return get_lock(c, lock, owner);
  return Object::call_named(c, m);
}

std::string SharedArrayObject::repr(const Kernel& sim) const { return shared_memory_repr(sim, typecode, items, true); }

} // namespace il
