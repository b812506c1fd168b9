// Module-level runtime calls (print, time.sleep, blocking I/O, CPU work, threading's constructors and
// queries), the Object defaults, and value display.
#include <cmath>
#include <cstdio>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

// [SECTION] Object defaults

Outcome Object::call(Call& c, Sym m) { return call_named(c, sym_id(m)); }

Outcome Object::call_named(Call& c, StrId m) {
  return c.sim.raise(c.t, "AttributeError", "'" + std::string(kind()) + "' object has no attribute '" + c.sim.str(m) + "'");
}

Outcome Object::call_self(Call& c) {
  return c.sim.raise(c.t, "TypeError", "'" + std::string(kind()) + "' object is not callable");
}

bool Object::get_attr(Kernel&, Thread&, StrId, Value&) { return false; }
bool Object::set_attr(Kernel&, Thread&, StrId, Value) { return false; }

void Object::on_timeout(Kernel& sim, Thread& t) {
  if (t.wait_queue) t.wait_queue->remove(t.id);
  t.wait_queue = &waiters; // wake() removes from a queue; the thread already left it
  sim.wake(t.id, t.timeout_value, kNone, kNone);
}

void Object::owners(const Kernel&, std::vector<ThreadId>&) const {}

bool Object::retry(Kernel&, Thread& t) {
  t.stack.push_back(t.wake_value);
  return true;
}

std::string Object::repr(const Kernel&) const { return "<" + std::string(kind()) + " " + name + ">"; }

// [SECTION] Kernel helpers that belong to the runtime library

std::string Kernel::repr(Value v) const {
  switch (v.tag) {
  case Tag::None: return "None";
  case Tag::Bool: return v.i ? "True" : "False";
  case Tag::Int: return std::to_string(v.i);
  case Tag::Float: {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v.f);
    std::string s = buf;
    if (s.find_first_of(".einn") == std::string::npos) s += ".0";
    return s;
  }
  case Tag::Str: return "'" + strings_[v.as_str()] + "'";
  case Tag::Obj: return objects_[v.as_obj()]->repr(*this);
  case Tag::Func: return "<function " + prog_.functions[v.i].name + ">";
  }
  return "?";
}

std::string Kernel::display(Value v) const { return v.tag == Tag::Str ? strings_[v.as_str()] : repr(v); }

// [SECTION] natives

namespace {

ObjId thread_object_of(Kernel& sim, Thread& t) {
  if (t.obj == kNone) { // the main thread's object is made on first use, like threading._MainThread
    auto o = std::make_unique<ThreadObject>();
    o->name = t.name;
    o->named = true;
    o->started = true;
    o->tid = t.id;
    t.obj = sim.add_object(std::move(o), t.proc);
  }
  return t.obj;
}

std::string default_thread_name(Kernel& sim, Thread& t, Value target, std::string_view prefix) {
  Process& p = sim.process(t.proc);
  std::string n = std::string(prefix) + std::to_string(++p.thread_counter);
  if (target.tag == Tag::Func) n += " (" + sim.program().functions[target.i].name + ")";
  return n;
}

Outcome new_object(Call& c, std::unique_ptr<Object> o) {
  c.ret = Value::obj(c.sim.add_object(std::move(o), c.t.proc));
  return Outcome::Done;
}

} // namespace

Outcome call_native(Native n, Call& c) {
  Kernel& sim = c.sim;
  Thread& t = c.t;
  switch (n) {
  case Native::print: {
    std::string line;
    for (std::size_t i = 0; i < c.args.size(); ++i) line += (i ? " " : "") + sim.display(c.args[i]);
    sim.print_line(t, std::move(line));
    return Outcome::Done;
  }
  case Native::sleep:
  case Native::io:
  case Native::cpu: {
    Value v = c.arg(0);
    if (!v.is_number()) return sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object cannot be interpreted as an integer");
    if (v.as_double() < 0) return sim.raise(t, "ValueError", "sleep length must be non-negative");
    Ns d = seconds_to_ns(v, 0);
    if (d == kForever) d = sim.config().max_time_ns + 1; // longer than any run: the run ends at its limit
    if (n == Native::cpu) return sim.work(t, d);
    return sim.sleep(t, d, n == Native::sleep ? ThreadState::Sleeping : ThreadState::Io);
  }
  case Native::time: c.ret = Value::real(static_cast<double>(sim.now()) / 1e9); return Outcome::Done;
  case Native::len: {
    Value v = c.arg(0);
    std::int64_t len = v.is_obj() ? sim.object(v.as_obj())->length()
                       : v.tag == Tag::Str ? static_cast<std::int64_t>(sim.str(v.as_str()).size()) : -1;
    if (len < 0) return sim.raise(t, "TypeError", "object has no len()");
    c.ret = Value::integer(len);
    return Outcome::Done;
  }
  case Native::str: c.ret = Value::str(sim.intern(sim.display(c.arg(0)))); return Outcome::Done;
  case Native::list: return new_object(c, std::make_unique<ListObject>());
  case Native::dict: return new_object(c, std::make_unique<DictObject>());
  case Native::call_with: {
    auto* l = sim.as<ListObject>(c.arg(1));
    std::vector<Value> a = l ? l->items : std::vector<Value>{};
    return sim.invoke(t, c.arg(0), a);
  }

  // threading
  case Native::thread_new: {
    auto o = std::make_unique<ThreadObject>();
    o->target = c.arg(0);
    o->args = c.arg(1);
    o->run_override = c.arg(4);
    Value shown = o->run_override.is_none() ? o->target : Value::none();
    o->name = c.arg(2).is_none() ? default_thread_name(sim, t, shown, "Thread-") : sim.display(c.arg(2));
    o->named = true;
    o->daemon = c.arg(3).is_none() ? t.daemon : Interp::truthy(sim, c.arg(3));
    return new_object(c, std::move(o));
  }
  case Native::timer_new: {
    auto ev = std::make_unique<EventObject>();
    ObjId ev_id = sim.add_object(std::move(ev), t.proc);
    auto o = std::make_unique<TimerObject>();
    o->finished = ev_id;
    auto args = std::make_unique<ListObject>();
    args->items = {Value::obj(ev_id), c.arg(0), c.arg(1), c.arg(2)};
    o->args = Value::obj(sim.add_object(std::move(args), t.proc));
    o->target = Value::func(sim.prelude("$timer_run"));
    o->name = default_thread_name(sim, t, Value::none(), "Thread-");
    o->named = true;
    o->daemon = t.daemon;
    return new_object(c, std::move(o));
  }
  case Native::lock_new: return new_object(c, std::make_unique<LockObject>());
  case Native::rlock_new: return new_object(c, std::make_unique<RLockObject>());
  case Native::semaphore_new:
  case Native::bounded_semaphore_new: {
    std::int64_t v = c.arg(0).is_none() ? 1 : c.arg(0).i;
    if (v < 0) return sim.raise(t, "ValueError", "semaphore initial value must be >= 0");
    auto o = std::make_unique<SemaphoreObject>();
    o->value = o->initial = v;
    o->bounded = n == Native::bounded_semaphore_new;
    return new_object(c, std::move(o));
  }
  case Native::event_new: return new_object(c, std::make_unique<EventObject>());
  case Native::condition_new: {
    auto o = std::make_unique<ConditionObject>();
    if (c.arg(0).is_none()) {
      o->lock = sim.add_object(std::make_unique<RLockObject>(), t.proc); // Condition() defaults to an RLock
    } else if (sim.as<LockObject>(c.arg(0))) {
      o->lock = c.arg(0).as_obj();
    } else {
      return sim.raise(t, "TypeError", "Condition() needs a Lock or RLock");
    }
    ObjId lock = o->lock;
    new_object(c, std::move(o));
    sim.object(lock)->name = sim.object(c.ret.as_obj())->name + ".lock";
    return Outcome::Done;
  }
  case Native::barrier_new: {
    std::int64_t parties = c.arg(0).i;
    if (c.arg(0).tag != Tag::Int || parties < 1) return sim.raise(t, "ValueError", "parties must be > 0");
    auto o = std::make_unique<BarrierObject>();
    o->parties = parties;
    o->action = c.arg(1);
    o->timeout = seconds_to_ns(c.arg(2), -1);
    return new_object(c, std::move(o));
  }
  case Native::queue_new: {
    auto o = std::make_unique<QueueObject>();
    o->maxsize = c.arg(0).is_none() ? 0 : c.arg(0).i;
    return new_object(c, std::move(o));
  }
  case Native::local_new: return new_object(c, std::make_unique<LocalObject>());
  case Native::current_thread: c.ret = Value::obj(thread_object_of(sim, t)); return Outcome::Done;
  case Native::main_thread: {
    Thread& m = sim.thread(sim.process(t.proc).main);
    c.ret = Value::obj(thread_object_of(sim, m));
    return Outcome::Done;
  }
  case Native::get_ident: {
    Value self = Value::obj(thread_object_of(sim, t));
    return sim.object(self.as_obj())->get_attr(sim, t, sym_id(Sym::ident), c.ret) ? Outcome::Done : Outcome::Raised;
  }
  case Native::active_count: {
    std::int64_t k = 0;
    for (ThreadId id : sim.process(t.proc).threads) {
      const Thread& o = sim.thread(id);
      k += o.state != ThreadState::Done && o.state != ThreadState::New;
    }
    c.ret = Value::integer(k);
    return Outcome::Done;
  }
  default: return call_mp_native(n, c);
  }
}

} // namespace il
