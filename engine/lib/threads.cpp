// threading.Thread and Timer, queue.Queue, thread-local storage, lists and dicts.
#include <algorithm>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/text.hpp"

namespace il {

// [SECTION] Thread

bool ThreadObject::alive(const Kernel& sim) const {
  return tid != kNone && sim.threads()[tid].state != ThreadState::Done;
}

void ThreadObject::owners(const Kernel& sim, std::vector<ThreadId>& out) const {
  if (alive(sim)) out.push_back(tid);
}

std::string_view ThreadObject::class_name(const Kernel& sim) const {
  if (tid != kNone && sim.threads()[tid].is_main) return "_MainThread";
  if (tid != kNone && sim.threads()[tid].low_level) return "_DummyThread";
  return kind();
}

std::string ThreadObject::repr(const Kernel& sim) const {
  std::string status = !started ? "initial" : alive(sim) ? "started" : "stopped";
  if (daemon) status += " daemon";
  if (tid != kNone) status += " " + std::to_string(thread_ident(tid));
  std::string cls_name(class_name(sim));
  if (cls != kNone)
    if (const auto* c = dynamic_cast<const ClassObject*>(sim.object(cls))) cls_name = c->cls_name;
  return "<" + cls_name + "(" + name + ", " + status + ")>";
}

std::vector<Value> ThreadObject::arguments(Kernel& sim, std::vector<StrId>& kwnames) const {
  std::vector<Value> a;
  if (auto* l = sim.as<ListObject>(args)) a = l->items;
  if (auto* d = sim.as<DictObject>(kwargs))
    for (std::size_t i = 0; i < d->keys.size(); ++i)
      if (d->keys[i].tag == Tag::Str) kwnames.push_back(d->keys[i].as_str()), a.push_back(d->vals[i]);
  return a;
}

Outcome ThreadObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  switch (m) {
  case Sym::start: {
    if (started) return sim.raise(c.t, "RuntimeError", "threads can only be started once");
    started = true;
    std::vector<Value> a;
    std::vector<StrId> kwnames;
    Value fn = target;
    if (!run_override.is_none()) {
      fn = run_override;
      a.push_back(Value::obj(id));
    } else {
      a = arguments(sim, kwnames);
    }
    if (ran) fn = Value::none(); // Thread.run() deletes _target when it ends: the thread fails (below)
    tid = sim.create_thread(c.t.proc, name, fn, a, id, daemon, kwnames);
    if (ran) {
      Thread& nt = sim.thread(tid);
      nt.exc = {sim.intern("AttributeError"), sim.intern("'Thread' object has no attribute '_target'")};
      nt.raise_pending = true;
    }
    // Creating the OS thread takes thread_create_ns; like CPython, start() then waits (GIL released) until
    // the new thread has begun to run, which is why the new thread usually gets going first.
    sim.start_thread(tid, sim.config().thread_create_ns);
    return sim.park(c.t, *this, starters, -1, Value::none());
  }
  case Sym::run: {
    // Called directly, run() executes in the caller's thread, like any method.
    if (!run_override.is_none()) {
      Value self = Value::obj(id);
      return sim.invoke(c.t, run_override, {&self, 1});
    }
    if (ran) return sim.raise(c.t, "AttributeError", "'Thread' object has no attribute '_target'");
    ran = run_override.is_none(); // the default run() drops its target when it returns
    if (target.is_none()) return Outcome::Done;
    std::vector<StrId> kwnames;
    const std::vector<Value> a = arguments(sim, kwnames);
    return sim.invoke(c.t, target, a, kwnames);
  }
  case Sym::join: {
    if (!started) return sim.raise(c.t, "RuntimeError", "cannot join thread before it is started");
    if (tid == c.t.id) return sim.raise(c.t, "RuntimeError", "cannot join current thread");
    Ns timeout = seconds_to_ns(c.arg(0), -1);
    if (!alive(sim) || timeout == 0) return Outcome::Done;
    return sim.park(c.t, *this, joiners, timeout, Value::none());
  }
  case Sym::is_alive: c.ret = Value::boolean(alive(sim)); return Outcome::Done;
  default: return Object::call(c, m);
  }
}

bool ThreadObject::get_attr(Kernel& sim, Thread& t, StrId n, Value& out) {
  (void)t;
  switch (static_cast<Sym>(n)) {
  case Sym::name: out = Value::str(sim.intern(name)); return true;
  case Sym::daemon: out = Value::boolean(daemon); return true;
  case Sym::ident:
  case Sym::native_id:
    // Like CPython, a thread has no ident until it has been started.
    out = tid == kNone ? Value::none() : Value::integer(thread_ident(tid));
    return true;
  default: return false;
  }
}

bool ThreadObject::set_attr(Kernel& sim, Thread& t, StrId n, Value v) {
  switch (static_cast<Sym>(n)) {
  case Sym::name:
    name = sim.display(v); // str(), not repr(): no quotes around a string name
    if (tid != kNone) sim.thread(tid).name = name;
    return true;
  case Sym::daemon:
    if (started) {
      sim.raise(t, "RuntimeError", "cannot set daemon status of active thread");
      return false;
    }
    daemon = Interp::truthy(sim, v);
    return true;
  default: return false;
  }
}

Outcome TimerObject::call(Call& c, Sym m) {
  if (m == Sym::cancel) {
    static_cast<EventObject*>(c.sim.object(finished))->set(c.sim, c.t.id);
    return Outcome::Done;
  }
  return ThreadObject::call(c, m);
}

// [SECTION] queue.Queue

std::unique_ptr<Object> QueueObject::clone() const {
  if (shared) return nullptr;
  auto q = std::make_unique<QueueObject>();
  q->order = order;
  q->items = items;
  q->maxsize = maxsize;
  q->unfinished = unfinished;
  return q;
}

Outcome QueueObject::put(Call& c, Value item, bool block, Ns timeout) {
  Kernel& sim = c.sim;
  if (order == Order::Priority) { // the heap compares in C++: items that compare by their methods are refused
    sim.user_compare = false;
    for (Value other : items) {
      bool ok = true;
      compare_values(sim, item, other, ok);
    }
    if (sim.user_compare || compares_by_methods(sim, item))
      return sim.raise(c.t, "NotImplementedError", "a PriorityQueue of items that compare by __lt__ is not supported by the simulator");
  }
  ++unfinished;
  if (!waiters.empty()) { // a getter is waiting: hand the item over directly
    sim.wake(waiters.q.front(), item, c.t.id, id);
    sim.note_progress();
    return Outcome::Done;
  }
  if (!full()) {
    items.push_back(item);
    sim.count(*this);
    sim.note_progress();
    return Outcome::Done;
  }
  --unfinished;
  if (!block || timeout == 0) return sim.raise(c.t, "Full", "");
  c.t.pending_item = item;
  return sim.park(c.t, *this, putters, timeout, Value::none());
}

Value QueueObject::take(const Kernel& sim) {
  std::size_t at = 0;
  if (order == Order::Lifo) at = items.size() - 1;
  if (order == Order::Priority)
    for (std::size_t i = 1; i < items.size(); ++i) {
      bool ok = true;
      if (compare_values(sim, items[i], items[at], ok) < 0 && ok) at = i;
    }
  const Value v = items[at];
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(at));
  return v;
}

Outcome QueueObject::get(Call& c, bool block, Ns timeout) {
  Kernel& sim = c.sim;
  if (!items.empty()) {
    c.ret = take(sim);
    if (!putters.empty()) { // room now: the longest-waiting producer's item goes in
      ThreadId p = putters.q.front();
      items.push_back(sim.thread(p).pending_item);
      ++unfinished;
      sim.wake(p, Value::none(), c.t.id, id);
    }
    sim.count(*this);
    sim.note_progress();
    return Outcome::Done;
  }
  if (!block || timeout == 0) return sim.raise(c.t, "Empty", "");
  return sim.park(c.t, *this, waiters, timeout, Value::none());
}

bool QueueObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)t;
  if (attr == sym_id(Sym::maxsize)) out = Value::integer(maxsize);
  else if (sim.str(attr) == "unfinished_tasks" && !shared) out = Value::integer(unfinished);
  else return false;
  return true;
}

Outcome QueueObject::call(Call& c, Sym m) {
  switch (m) {
  case Sym::put:
  case Sym::get: {
    bool put_call = m == Sym::put;
    Value block = c.arg(put_call ? 1 : 0), timeout = c.arg(put_call ? 2 : 1);
    bool blocking = block.is_none() || Interp::truthy(c.sim, block);
    if (blocking && timeout.is_number() && timeout.as_double() < 0)
      return c.sim.raise(c.t, "ValueError", "'timeout' must be a non-negative number");
    Ns to = seconds_to_ns(timeout, -1);
    return put_call ? put(c, c.arg(0), blocking, to) : get(c, blocking, to);
  }
  case Sym::put_nowait: return put(c, c.arg(0), false, 0);
  case Sym::get_nowait: return get(c, false, 0);
  case Sym::qsize: c.ret = Value::integer(static_cast<std::int64_t>(items.size())); return Outcome::Done;
  case Sym::empty: c.ret = Value::boolean(items.empty()); return Outcome::Done;
  case Sym::full: c.ret = Value::boolean(full()); return Outcome::Done;
  case Sym::task_done:
    if (order == Order::Simple) return Object::call(c, m);
    if (unfinished <= 0) return c.sim.raise(c.t, "ValueError", "task_done() called too many times");
    if (--unfinished == 0)
      while (!joiners.empty()) c.sim.wake(joiners.q.front(), Value::none(), c.t.id, id);
    return Outcome::Done;
  case Sym::join:
    if (unfinished == 0) return Outcome::Done;
    return c.sim.park(c.t, *this, joiners, -1, Value::none());
  default: return Object::call(c, m);
  }
}

void QueueObject::on_timeout(Kernel& sim, Thread& t) {
  bool putter = t.wait_queue == &putters;
  if (t.wait_queue) t.wait_queue->remove(t.id);
  t.wait_queue = nullptr;
  sim.wake_raise(t.id, putter ? "Full" : "Empty", "", kNone, id);
}

// [SECTION] threading.local

bool LocalObject::get_attr(Kernel& sim, Thread& t, StrId n, Value& out) {
  for (const Slot& s : slots)
    if (s.t == t.id && s.name == n) {
      out = s.v;
      return true;
    }
  sim.raise(t, "AttributeError", "'_thread._local' object has no attribute '" + sim.str(n) + "'");
  return false;
}

bool LocalObject::set_attr(Kernel&, Thread& t, StrId n, Value v) {
  for (Slot& s : slots)
    if (s.t == t.id && s.name == n) {
      s.v = v;
      return true;
    }
  slots.push_back({t.id, n, v});
  return true;
}

// [SECTION] list and dict

Outcome ListObject::call(Call& c, Sym m) {
  auto index = [&](Value v, std::size_t& out) {
    std::int64_t i = v.i, n = static_cast<std::int64_t>(items.size());
    if (i < 0) i += n;
    if (v.tag != Tag::Int || i < 0 || i >= n) return false;
    out = static_cast<std::size_t>(i);
    return true;
  };
  std::size_t i = 0;
  switch (m) {
  case Sym::append:
    if (c.args.size() != 1) [[unlikely]] return method_arity(c, "list.append", 1, 1, Arity::Exact), Outcome::Raised;
    items.push_back(c.arg(0));
    return Outcome::Done;
  case Sym::len: c.ret = Value::integer(length()); return Outcome::Done;
  case Sym::pop:
    if (!method_arity(c, "pop", 0, 1, Arity::Fast)) return Outcome::Raised;
    if (items.empty()) return c.sim.raise(c.t, "IndexError", "pop from empty list");
    if (!c.args.empty()) { // pop(i)
      if (!index(c.arg(0), i)) return c.sim.raise(c.t, "IndexError", "pop index out of range");
      c.ret = items[i];
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
      return Outcome::Done;
    }
    c.ret = items.back();
    items.pop_back();
    return Outcome::Done;
  case Sym::getitem:
    if (!index(c.arg(0), i)) // list index out of range, tuple index ..., range object index ...
      return c.sim.raise(c.t, "IndexError", std::string(kind()) + (kind() == "range" ? " object" : "") + " index out of range");
    c.ret = items[i];
    return Outcome::Done;
  case Sym::setitem:
    if (!index(c.arg(0), i)) return c.sim.raise(c.t, "IndexError", "list assignment index out of range");
    items[i] = c.arg(1);
    return Outcome::Done;
  default: return Object::call(c, m);
  }
}

Outcome ListObject::call_named(Call& c, StrId method) {
  Kernel& sim = c.sim;
  const std::string m = sim.str(method);
  const bool tuple = kind() == "tuple";
  auto position = [&](Value x, std::size_t from) {
    for (std::size_t i = from; i < items.size(); ++i)
      if (interp_detail::equal(sim, items[i], x)) return static_cast<std::int64_t>(i);
    return std::int64_t{-1};
  };
  if ((m == "count" || m == "index" || m == "remove") && c.args.size() >= 1 &&
      (compares_by_methods(sim, c.arg(0)) || std::any_of(items.begin(), items.end(), [&](Value v) { return compares_by_methods(sim, v); })))
    return sim.raise(c.t, "NotImplementedError", std::string(kind()) + "." + m + "() among instances that define __eq__ is not supported by the simulator");
  auto arity = [&](std::size_t n) {
    if (c.args.size() == n) return true;
    sim.raise(c.t, "TypeError", std::string(kind()) + "." + m + "() takes " + (n == 0 ? "no arguments" : n == 1 ? "exactly one argument" : std::to_string(n) + " arguments") +
                                    " (" + std::to_string(c.args.size()) + " given)");
    return false;
  };
  if (m == "count") {
    if (!arity(1)) return Outcome::Raised;
    std::int64_t k = 0;
    for (Value v : items) k += interp_detail::equal(sim, v, c.arg(0));
    c.ret = Value::integer(k);
    return Outcome::Done;
  }
  if (m == "index") { // index(x[, start[, stop]]), the bounds clamped as a slice's
    if (!method_arity(c, "index", 1, 3, Arity::Fast)) return Outcome::Raised;
    const auto n = static_cast<std::int64_t>(items.size());
    auto bound = [&](std::size_t k, std::int64_t fallback) {
      if (c.args.size() <= k || c.arg(k).tag != Tag::Int) return fallback;
      const std::int64_t b = c.arg(k).i < 0 ? c.arg(k).i + n : c.arg(k).i;
      return std::clamp<std::int64_t>(b, 0, n);
    };
    const std::int64_t stop = bound(2, n);
    std::int64_t at = position(c.arg(0), static_cast<std::size_t>(bound(1, 0)));
    if (at >= stop) at = -1;
    if (at < 0) return sim.raise(c.t, "ValueError", tuple ? "tuple.index(x): x not in tuple" : sim.repr(c.arg(0)) + " is not in list");
    c.ret = Value::integer(at);
    return Outcome::Done;
  }
  if (tuple) {
    if (m == "$delitem") return sim.raise(c.t, "TypeError", "'tuple' object doesn't support item deletion");
    return Object::call_named(c, method);
  }
  if (m == "$delitem") { // del l[i]
    const Value k = c.arg(0);
    if (k.tag != Tag::Int && k.tag != Tag::Bool)
      return sim.raise(c.t, "TypeError", "list indices must be integers or slices, not " + type_name(sim, k));
    const auto n = static_cast<std::int64_t>(items.size());
    const std::int64_t i = k.i < 0 ? k.i + n : k.i;
    if (i < 0 || i >= n) return sim.raise(c.t, "IndexError", "list assignment index out of range");
    items.erase(items.begin() + i);
    return Outcome::Done;
  }
  if (m == "extend") { // any iterable: a generator's items are drained first (extend_items)
    if (!arity(1)) return Outcome::Raised;
    const Value a[3] = {c.arg(0), Value::obj(id), Value::integer(0)};
    Call inner{sim, c.t, a};
    const Outcome o = sim.dispatch_native(Native::extend_items, inner);
    c.ret = inner.ret;
    return o;
  }
  if (m == "insert") {
    if (c.args.size() != 2) return sim.raise(c.t, "TypeError", "insert expected 2 arguments, got " + std::to_string(c.args.size()));
    if (c.arg(0).tag != Tag::Int && c.arg(0).tag != Tag::Bool)
      return sim.raise(c.t, "TypeError", "'" + type_name(sim, c.arg(0)) + "' object cannot be interpreted as an integer");
    const auto n = static_cast<std::int64_t>(items.size());
    std::int64_t i = c.arg(0).i < 0 ? c.arg(0).i + n : c.arg(0).i;
    i = std::clamp<std::int64_t>(i, 0, n);
    items.insert(items.begin() + i, c.arg(1));
    return Outcome::Done;
  }
  if (m == "remove") {
    if (!arity(1)) return Outcome::Raised;
    const std::int64_t at = position(c.arg(0), 0);
    if (at < 0) return sim.raise(c.t, "ValueError", "list.remove(x): x not in list");
    items.erase(items.begin() + at);
    return Outcome::Done;
  }
  if (m == "clear" || m == "copy" || m == "reverse") {
    if (!arity(0)) return Outcome::Raised;
    if (m == "clear") items.clear();
    if (m == "reverse") std::reverse(items.begin(), items.end());
    if (m == "copy") {
      auto l = std::make_unique<ListObject>();
      l->items = items;
      c.ret = Value::obj(sim.add_object(std::move(l), c.t.proc));
    }
    return Outcome::Done;
  }
  if (m == "sort") { // sort(reverse=...): a key function would be Python code called from C, not simulated yet
    if (c.npos() > 0) return sim.raise(c.t, "TypeError", "sort() takes no positional arguments");
    bool reverse = false;
    Value key = Value::none();
    for (std::size_t k = 0; k < c.kwnames.size(); ++k) {
      const std::string& name = sim.str(c.kwnames[k]);
      if (name == "key") key = c.args[k];
      else if (name == "reverse") reverse = Interp::truthy(sim, c.args[k]);
      else return sim.raise(c.t, "TypeError", "'" + name + "' is an invalid keyword argument for sort()");
    }
    if (!key.is_none()) { // the keys come from calling key: the $keyed helper, which sorts this list in place
      const FuncId keyed = sim.prelude("$keyed");
      if (keyed == kNone) return sim.raise(c.t, "RuntimeError", "the sorting helper is missing");
      auto copy = std::make_unique<ListObject>();
      copy->items = items;
      const Value a[4] = {Value::obj(sim.add_object(std::move(copy), c.t.proc)), key, Value::integer(reverse), Value::obj(id)};
      return sim.invoke(c.t, Value::func(keyed), a);
    }
    std::string err;
    sim.user_compare = false;
    std::vector<Value> sorted = items;
    const bool ok = sort_values(sim, sorted, reverse, err);
    if (sim.user_compare) { // instances with __lt__: sorted by Python's comparisons, in place
      auto copy = std::make_unique<ListObject>();
      copy->items = items;
      const Value list = Value::obj(sim.add_object(std::move(copy), c.t.proc));
      return sort_by_methods(c, list, list, reverse, Value::obj(id));
    }
    if (!ok) return sim.raise(c.t, "TypeError", err);
    items = std::move(sorted);
    return Outcome::Done;
  }
  return Object::call_named(c, method);
}

std::string RangeObject::repr(const Kernel& sim) const {
  (void)sim;
  return "range(" + std::to_string(start) + ", " + std::to_string(stop) + (step == 1 ? "" : ", " + std::to_string(step)) + ")";
}

Outcome TupleObject::call(Call& c, Sym m) {
  switch (m) {
  case Sym::getitem:
  case Sym::len: return ListObject::call(c, m);
  case Sym::setitem: return c.sim.raise(c.t, "TypeError", "'tuple' object does not support item assignment");
  default: return Object::call(c, m);
  }
}

std::string TupleObject::repr(const Kernel& sim) const {
  std::string s = "(";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + sim.repr(items[i]);
  return s + (items.size() == 1 ? ",)" : ")");
}

std::string ListObject::repr(const Kernel& sim) const {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + sim.repr(items[i]);
  return s + "]";
}

void DictObject::put(const Kernel& sim, Value k, Value v) {
  const int at = find(sim, k);
  if (at >= 0) vals[static_cast<std::size_t>(at)] = v;
  else keys.push_back(k), vals.push_back(v);
}

void DictObject::merge(const Kernel& sim, const DictObject& other) {
  for (std::size_t i = 0; i < other.keys.size(); ++i) put(sim, other.keys[i], other.vals[i]);
}

bool DictObject::reads_keywords(const Kernel& sim, StrId m) const { return sim.str(m) == "update"; }

bool ListObject::reads_keywords(const Kernel& sim, StrId m) const { return kind() == "list" && sim.str(m) == "sort"; }

int DictObject::find(const Kernel& sim, Value k) const {
  // Keys match as Python's do: the same value (1 == 1.0 == True), tuples and frozensets item by item.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Value a = keys[i];
    if (a.tag == k.tag && a.i == k.i) return static_cast<int>(i);
    if (a.tag == Tag::Str && k.tag == Tag::Str ? sim.str(a.as_str()) == sim.str(k.as_str())
        : (a.is_number() && k.is_number()) || (a.is_obj() && k.is_obj()) ? interp_detail::equal(sim, a, k)
                                                                        : false)
      return static_cast<int>(i);
  }
  return -1;
}

Outcome DictObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  const std::string meth = sim.str(m);
  auto checked_put = [&](Value k, Value v) {
    std::int64_t h = 0;
    if (k.is_obj() && !hash_value(sim, c.t, k, h)) return false;
    put(sim, k, v);
    return true;
  };
  if (meth == "update") { // update(mapping or pairs, **kw)
    if (c.npos() > 1) return sim.raise(c.t, "TypeError", "update expected at most 1 argument, got " + std::to_string(c.npos()));
    if (c.npos() == 1) {
      Call inner{sim, c.t, c.args.first(1)};
      if (call_native(Native::dict_of, inner) == Outcome::Raised) return Outcome::Raised;
      merge(sim, *sim.as<DictObject>(inner.ret)); // (dict() checked the keys)
    }
    for (std::size_t k = 0; k < c.kwnames.size(); ++k) checked_put(Value::str(c.kwnames[k]), c.args[c.npos() + k]);
    return Outcome::Done;
  }
  if (!c.kwnames.empty()) return sim.raise(c.t, "TypeError", "dict." + meth + "() takes no keyword arguments");
  if (meth == "setdefault") {
    if (!method_arity(c, "setdefault", 1, 2, Arity::Fast)) return Outcome::Raised;
    const int at = find(sim, c.arg(0));
    if (at >= 0) {
      c.ret = vals[static_cast<std::size_t>(at)];
      return Outcome::Done;
    }
    c.ret = c.args.size() > 1 ? c.arg(1) : Value::none();
    return checked_put(c.arg(0), c.ret) ? Outcome::Done : Outcome::Raised;
  }
  if ((meth == "popitem" || meth == "clear") && !method_arity(c, "dict." + meth, 0, 0, Arity::Exact)) return Outcome::Raised;
  if (meth == "popitem") {
    if (keys.empty()) return sim.raise(c.t, "KeyError", "'popitem(): dictionary is empty'");
    auto pair = std::make_unique<TupleObject>();
    pair->items = {keys.back(), vals.back()};
    keys.pop_back(), vals.pop_back();
    c.ret = Value::obj(sim.add_object(std::move(pair), c.t.proc));
    return Outcome::Done;
  }
  if (meth == "clear") {
    keys.clear(), vals.clear();
    return Outcome::Done;
  }
  if (meth != "$delitem") return Object::call_named(c, m);
  const int i = find(c.sim, c.arg(0));
  if (i < 0) return raise_with_args(c, "KeyError", {c.arg(0)});
  keys.erase(keys.begin() + i);
  vals.erase(vals.begin() + i);
  return Outcome::Done;
}

Outcome DictObject::call(Call& c, Sym m) {
  switch (m) { // the methods' counts of arguments (the instructions' getitem and setitem are always right)
  case Sym::get:
    if (!method_arity(c, "get", 1, 2, Arity::Fast)) return Outcome::Raised;
    break;
  case Sym::pop:
    if (!method_arity(c, "pop", 1, 2, Arity::Fast)) return Outcome::Raised;
    break;
  case Sym::keys: case Sym::values: case Sym::items: case Sym::copy:
    if (!c.args.empty()) return method_arity(c, "dict." + std::string(kSymbolNames[static_cast<int>(m)]), 0, 0, Arity::Exact), Outcome::Raised;
    break;
  default: break;
  }
  int at = find(c.sim, c.arg(0));
  switch (m) {
  case Sym::getitem:
  case Sym::get:
    if (at < 0) {
      if (m == Sym::get) { // d.get(key, default=None)
        c.ret = c.args.size() > 1 ? c.arg(1) : Value::none();
        return Outcome::Done;
      }
      return raise_with_args(c, "KeyError", {c.arg(0)});
    }
    c.ret = vals[at];
    return Outcome::Done;
  case Sym::keys:
  case Sym::values:
  case Sym::items: { // lists here (CPython's views print as dict_keys([...]))
    auto out = std::make_unique<ListObject>();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (m == Sym::keys) out->items.push_back(keys[i]);
      else if (m == Sym::values) out->items.push_back(vals[i]);
      else {
        auto pair = std::make_unique<TupleObject>();
        pair->items = {keys[i], vals[i]};
        out->items.push_back(Value::obj(c.sim.add_object(std::move(pair), c.t.proc)));
      }
    }
    c.ret = Value::obj(c.sim.add_object(std::move(out), c.t.proc));
    return Outcome::Done;
  }
  case Sym::setitem:
    if (at < 0) {
      std::int64_t h = 0;
      if (c.arg(0).is_obj() && !hash_value(c.sim, c.t, c.arg(0), h)) return Outcome::Raised; // d[[1]] = ...
      keys.push_back(c.arg(0));
      vals.push_back(c.arg(1));
    } else {
      vals[at] = c.arg(1);
    }
    return Outcome::Done;
  case Sym::len: c.ret = Value::integer(length()); return Outcome::Done;
  case Sym::pop: // d.pop(key[, default])
    if (at < 0) {
      if (c.args.size() == 2) {
        c.ret = c.arg(1);
        return Outcome::Done;
      }
      return raise_with_args(c, "KeyError", {c.arg(0)});
    }
    c.ret = vals[static_cast<std::size_t>(at)];
    keys.erase(keys.begin() + at), vals.erase(vals.begin() + at);
    return Outcome::Done;
  case Sym::copy: {
    auto d = std::make_unique<DictObject>();
    d->keys = keys, d->vals = vals;
    c.ret = Value::obj(c.sim.add_object(std::move(d), c.t.proc));
    return Outcome::Done;
  }
  default: return Object::call(c, m);
  }
}

std::string DictObject::repr(const Kernel& sim) const {
  std::string s = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) s += (i ? ", " : "") + sim.repr(keys[i]) + ": " + sim.repr(vals[i]);
  return s + "}";
}

} // namespace il
