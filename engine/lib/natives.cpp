// Module-level runtime calls (print, time.sleep, blocking I/O, CPU work, threading's constructors and
// queries), the Object defaults, and value display.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <optional>
#include <string>

#include "lib/format.hpp"
#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/suggest.hpp"
#include "vm/text.hpp"

namespace il {

// [SECTION] Object defaults

Outcome Object::call(Call& c, Sym m) { return call_named(c, sym_id(m)); }

namespace {

// Python 2's camelCase names that CPython 3.11 still has, each with its DeprecationWarning: a method that
// stands for another, or a getter or setter of an attribute.
struct Alias {
  std::string_view kind, old_name;
  Sym now;
  enum { Method, Getter, Setter } how;
  std::string_view message;
};
constexpr Alias kAliases[] = {
    {"Thread", "getName", Sym::name, Alias::Getter, "getName() is deprecated, get the name attribute instead"},
    {"Thread", "setName", Sym::name, Alias::Setter, "setName() is deprecated, set the name attribute instead"},
    {"Thread", "isDaemon", Sym::daemon, Alias::Getter, "isDaemon() is deprecated, get the daemon attribute instead"},
    {"Thread", "setDaemon", Sym::daemon, Alias::Setter, "setDaemon() is deprecated, set the daemon attribute instead"},
    {"Event", "isSet", Sym::is_set, Alias::Method, "isSet() is deprecated, use is_set() instead"},
    {"Condition", "notifyAll", Sym::notify_all, Alias::Method, "notifyAll() is deprecated, use notify_all() instead"},
};

} // namespace

Outcome Object::call_named(Call& c, StrId m) {
  const std::string method = c.sim.str(m); // a copy: raising interns strings, which may move the table
  std::string_view k = kind();
  if (k == "Timer") k = "Thread";
  for (const Alias& a : kAliases) {
    if (a.kind != k || a.old_name != method) continue;
    const int wanted = a.how == Alias::Setter ? 1 : 0;
    if (static_cast<int>(c.args.size()) != wanted)
      return c.sim.raise(c.t, "TypeError", std::string(a.old_name) + "() takes " + std::to_string(wanted + 1) +
                                               " positional argument" + (wanted ? "s" : "") + " but " +
                                               std::to_string(c.args.size() + 1) + " were given");
    c.sim.warn(c.t, "DeprecationWarning", a.message);
    if (a.how == Alias::Method) return call(c, a.now);
    if (a.how == Alias::Getter) {
      if (!get_attr(c.sim, c.t, sym_id(a.now), c.ret)) return Outcome::Raised;
      return Outcome::Done;
    }
    if (!set_attr(c.sim, c.t, sym_id(a.now), c.args[0])) return Outcome::Raised;
    c.ret = Value::none();
    return Outcome::Done;
  }
  if (Value attr; cls == kNone && get_attr(c.sim, c.t, m, attr)) return call_value(c, attr); // prop.fget(obj): called as it is
  if (c.t.exc.active()) return Outcome::Raised;
  c.sim.raise(c.t, "AttributeError", "'" + std::string(kind()) + "' object has no attribute '" + method + "'");
  c.t.exc.in_lookup = true;
  if (cls != kNone) { // a user class's instance: the traceback suggests the closest of its attributes
    std::string hint = suggest_name(method, attribute_names(c.sim, *this));
    if (!hint.empty()) c.t.exc.suggestion = c.sim.intern(hint);
  }
  return Outcome::Raised;
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

namespace {
// The containers whose repr is being made, innermost last (per OS thread: the real runtime's threads make
// reprs at once). A list that holds itself shows as [...] where it recurs, as CPython's Py_ReprEnter makes
// it; nesting past kMaxReprDepth shows as ... (CPython raises RecursionError there, near 1000).
thread_local std::vector<ObjId> repr_active;
constexpr std::size_t kMaxReprDepth = 500;
} // namespace

// repr(o) (or str(o), as_str) inside the guard above.
static std::string guarded_repr(const Kernel& sim, const Object& o, bool as_str) {
  if (std::find(repr_active.begin(), repr_active.end(), o.id) != repr_active.end()) {
    const std::string_view k = o.kind();
    return k == "list" ? "[...]" : k == "dict" ? "{...}" : k == "tuple" ? "(...)" : "...";
  }
  if (repr_active.size() >= kMaxReprDepth) return "...";
  repr_active.push_back(o.id);
  struct Leave {
    ~Leave() { repr_active.pop_back(); }
  } leave;
  if (o.cls != kNone) [[unlikely]]
    if (std::optional<std::string> s = user_string(sim, o, as_str)) return *std::move(s);
  return as_str ? o.str(sim) : o.repr(sim);
}

std::string Kernel::repr(Value v) const {
  if (v.tag == Tag::Obj) return guarded_repr(*this, *objects_[v.as_obj()], false);
  switch (v.tag) {
  case Tag::None: return "None";
  case Tag::Bool: return v.i ? "True" : "False";
  case Tag::Int: return std::to_string(v.i);
  case Tag::Float: return float_repr(v.f); // CPython's shortest round-trip repr
  case Tag::Str: return str_repr(strings_[v.as_str()]);
  case Tag::Obj: {
    const Object& o = *objects_[v.as_obj()];
    if (o.cls != kNone) [[unlikely]]
      if (std::optional<std::string> s = user_string(*this, o, false)) return *std::move(s);
    return o.repr(*this);
  }
  case Tag::Func: return "<function " + prog_.functions[v.i].name + ">";
  case Tag::Unbound: return "<unbound>"; // shown only by the tools (a variable not assigned yet)
  }
  return "?";
}

std::string Kernel::display(Value v) const {
  if (v.tag == Tag::Str) return strings_[v.as_str()];
  if (v.tag == Tag::Obj) return guarded_repr(*this, *objects_[v.as_obj()], true);
  return repr(v);
}

// [SECTION] natives

namespace {

ObjId thread_object_of(Kernel& sim, Thread& t) {
  if (t.obj == kNone) { // the main thread's object is made on first use, like threading._MainThread
    if (t.low_level) t.name = "Dummy-" + std::to_string(++sim.process(t.proc).thread_counter); // _DummyThread
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
  if (auto* m = sim.as<BoundMethodObject>(target)) target = m->fn; // Thread-3 (bump) for target=obj.bump
  if (target.tag == Tag::Func) { // the function's __name__: bump for Counter.bump, <lambda> for f.<locals>.<lambda>
    const std::string& full = sim.program().functions[target.i].name;
    n += " (" + full.substr(full.rfind('.') + 1) + ")";
  }
  return n;
}

// The items a for loop over v sees: a list's or tuple's, a dict's keys, a str's characters; false otherwise.
Outcome new_object(Call& c, std::unique_ptr<Object> o) {
  c.ret = Value::obj(c.sim.add_object(std::move(o), c.t.proc));
  return Outcome::Done;
}

} // namespace

// time.strftime(format) on the simulated clock, which starts at the epoch (UTC): %Y %m %d %H %M %S %j %y %%.
bool sort_values(const Kernel& sim, std::vector<Value>& items, bool reverse, std::string& error) {
  std::stable_sort(items.begin(), items.end(), [&](Value a, Value b) { // stable either way, as CPython's sort
    bool ok = true;
    const int cmp = reverse ? compare_values(sim, b, a, ok) : compare_values(sim, a, b, ok);
    if (!ok && error.empty())
      error = "'<' not supported between instances of '" + type_name(sim, reverse ? b : a) + "' and '" + type_name(sim, reverse ? a : b) + "'";
    return ok && cmp < 0;
  });
  return error.empty();
}

static Outcome strftime_native(Call& c) {
  if (c.arg(0).tag != Tag::Str) return c.sim.raise(c.t, "TypeError", "strftime() argument 1 must be str, not " + type_name(c.sim, c.arg(0)));
  std::int64_t secs = kWallClockStart + c.sim.now() / kSecond;
  std::int64_t days = secs / 86400, rem = secs % 86400;
  // civil_from_days (Howard Hinnant's algorithm): the date of a day count since 1970-01-01.
  std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  static constexpr int kCum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const std::int64_t yday = kCum[m - 1] + d + (leap && m > 2);
  const std::string& fmt = c.sim.str(c.arg(0).as_str());
  std::string out;
  char buf[16];
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 == fmt.size()) {
      out += fmt[i];
      continue;
    }
    char k = fmt[++i];
    switch (k) {
    case 'Y': std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(y)); break;
    case 'y': std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(y % 100)); break;
    case 'm': std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(m)); break;
    case 'd': std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(d)); break;
    case 'H': std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(rem / 3600)); break;
    case 'M': std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(rem / 60 % 60)); break;
    case 'S': std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(rem % 60)); break;
    case 'j': std::snprintf(buf, sizeof buf, "%03lld", static_cast<long long>(yday)); break;
    case '%': std::snprintf(buf, sizeof buf, "%%"); break;
    default: return c.sim.raise(c.t, "ValueError", std::string("strftime: %") + k + " is not supported by the simulator");
    }
    out += buf;
  }
  c.ret = Value::str(c.sim.intern(out));
  return Outcome::Done;
}

namespace {

// random.choice, shuffle and sample, drawing from the run's program generator as CPython's algorithms draw
// from theirs (one _randbelow per step), so the same seed gives the same picks.
Outcome random_items(Call& c, Native n) {
  Kernel& sim = c.sim;
  Thread& t = c.t;
  Rng& rng = sim.program_rng();
  const Value v = c.arg(0);
  if (n == Native::shuffle) {
    auto* l = sim.as<ListObject>(v);
    if (!l || l->kind() != "list")
      return sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object does not support item assignment");
    for (std::size_t i = l->items.size(); i-- > 1;) std::swap(l->items[i], l->items[rng.below(i + 1)]);
    return Outcome::Done;
  }
  std::vector<Value> items;
  const bool sequence = v.tag == Tag::Str || sim.as<ListObject>(v); // lists, tuples, ranges, strs
  if (!sequence) {
    if (n == Native::choice)
      return sim.raise(t, "TypeError", "object of type '" + type_name(sim, v) + "' has no len()");
    return sim.raise(t, "TypeError", "Population must be a sequence.  For dicts or sets, use sorted(d).");
  }
  if (!items_of(sim, t, v, items)) return Outcome::Raised;
  if (n == Native::choice) {
    if (items.empty()) return sim.raise(t, "IndexError", "Cannot choose from an empty sequence");
    c.ret = items[rng.below(items.size())];
    return Outcome::Done;
  }
  const Value k = c.arg(1);
  if (k.tag != Tag::Int) return sim.raise(t, "TypeError", "'" + type_name(sim, k) + "' object cannot be interpreted as an integer");
  if (k.i < 0 || static_cast<std::size_t>(k.i) > items.size())
    return sim.raise(t, "ValueError", "Sample larger than population or is negative");
  auto out = std::make_unique<ListObject>();
  std::size_t left = items.size();
  for (std::int64_t i = 0; i < k.i; ++i, --left) { // CPython's pool selection
    const std::size_t j = rng.below(left);
    out->items.push_back(items[j]);
    items[j] = items[left - 1];
  }
  c.ret = Value::obj(sim.add_object(std::move(out), t.proc));
  return Outcome::Done;
}

// A sort's items in their order: into list.sort()'s list (target; the result None), or a new list.
Outcome sorted_result(Call& c, std::vector<Value> sorted, Value target) {
  if (auto* list = c.sim.as<ListObject>(target)) {
    list->items = std::move(sorted);
    return Outcome::Done;
  }
  auto out = std::make_unique<ListObject>();
  out->items = std::move(sorted);
  return new_object(c, std::move(out));
}

// seq[a:b:c]'s bounds, arguments 1 to 3 of a call (None where left out): CPython's TypeError and ValueError,
// then slice.indices(len) and the indices the slice picks.
struct SliceArgs {
  std::int64_t bound[3] = {};
  bool has[3] = {};
  std::int64_t step = 1;

  bool read(Call& c) {
    for (int k = 0; k < 3; ++k) {
      const Value b = c.arg(k + 1);
      if (!b.is_none() && b.tag != Tag::Int && b.tag != Tag::Bool) {
        c.sim.raise(c.t, "TypeError", "slice indices must be integers or None or have an __index__ method");
        return false;
      }
      bound[k] = b.is_none() ? 0 : b.i;
      has[k] = !b.is_none();
    }
    step = has[2] ? bound[2] : 1;
    if (step != 0) return true;
    c.sim.raise(c.t, "ValueError", "slice step cannot be zero");
    return false;
  }
  std::int64_t clamp(std::int64_t v, bool given, std::int64_t if_missing, std::int64_t len) const {
    if (!given) return if_missing;
    if (v < 0) v += len;
    if (v < 0) return step < 0 ? std::int64_t{-1} : std::int64_t{0};
    if (v >= len) return step < 0 ? len - 1 : len;
    return v;
  }
  std::int64_t start(std::int64_t len) const { return clamp(bound[0], has[0], step < 0 ? len - 1 : 0, len); }
  std::int64_t stop(std::int64_t len) const { return clamp(bound[1], has[1], step < 0 ? -1 : len, len); }
  std::vector<std::int64_t> picked(std::int64_t len) const {
    std::vector<std::int64_t> out;
    for (std::int64_t i = start(len), end = stop(len); step > 0 ? i < end : i > end; i += step) out.push_back(i);
    return out;
  }
};

Outcome native_body(Native n, Call& c) {
  Kernel& sim = c.sim;
  Thread& t = c.t;
  // A generator where a list is taken (list(gen), sorted(gen), min(gen), enumerate(gen)): its items are drained
  // into a list first by the $drain helper, which then makes this same call with the list.
  if ((n == Native::list_of || n == Native::tuple_of || n == Native::sorted || n == Native::minmax || n == Native::extend_items ||
       n == Native::set_of || n == Native::frozenset_of || n == Native::dict_of) &&
      (sim.as<GeneratorObject>(c.arg(0)) || (c.arg(0).is_obj() && sim.object(c.arg(0).as_obj())->cls != kNone))) [[unlikely]] {
    // (a user class's instance: $drain_user takes its __iter__ first)
    const FuncId drain = sim.prelude(sim.as<GeneratorObject>(c.arg(0)) ? "$drain" : "$drain_user");
    if (drain == kNone) return sim.raise(t, "RuntimeError", "the generator-draining helper is missing");
    auto rest = std::make_unique<TupleObject>();
    rest->items.assign(c.args.begin() + 1, c.args.end());
    const Value a[3] = {c.arg(0), Value::integer(static_cast<std::int64_t>(n)), Value::obj(sim.add_object(std::move(rest), t.proc))};
    return sim.invoke(t, Value::func(drain), a);
  }
  switch (n) {
  case Native::print: {
    std::string line;
    for (std::size_t i = 0; i < c.args.size(); ++i) line += (i ? " " : "") + sim.display(c.args[i]);
    if (strings_pending(sim)) return Outcome::Done;
    sim.print_line(t, std::move(line));
    return Outcome::Done;
  }
  case Native::iterable: {
    Value v = c.arg(0);
    if (v.is_obj() && sim.object(v.as_obj())->cls != kNone) [[unlikely]] return user_iter(c, v); // __iter__
    if (auto* d = sim.as<DictObject>(v)) { // CPython's dict iterator; a dict changed meanwhile is not detected
      auto keys = std::make_unique<ListObject>();
      keys->items = d->keys;
      return new_object(c, std::move(keys));
    }
    if (v.tag == Tag::Str || (v.is_obj() && sim.object(v.as_obj())->length() >= 0) || sim.as<GeneratorObject>(v) ||
        sim.as<IteratorObject>(v)) {
      // indexed as it is, or resumed for each item
      c.ret = v;
      return Outcome::Done;
    }
    return sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object is not iterable");
  }
  case Native::raise_name_error: {
    const std::string name = sim.str(c.arg(0).as_str()), hint = sim.str(c.arg(1).as_str());
    sim.raise(t, "NameError", "name '" + name + "' is not defined");
    if (!hint.empty()) t.exc.suggestion = sim.intern(hint);
    return Outcome::Raised;
  }
  case Native::start_new_thread: {
    auto* args = sim.as<TupleObject>(c.arg(1));
    if (!args) return sim.raise(t, "TypeError", "2nd arg must be a tuple");
    const ThreadId id = sim.create_thread(t.proc, "Dummy", c.arg(0), args->items, kNone, true);
    sim.thread(id).low_level = true;
    sim.start_thread(id, sim.config().thread_create_ns);
    c.ret = Value::integer(thread_ident(id)); // its get_ident()
    return Outcome::Done;
  }
  case Native::type_of: return type_of(c, c.arg(0));
  case Native::isinstance_: return isinstance(c, c.arg(0), c.arg(1), c.arg(2).i != 0);
  case Native::getattr_: return getattr_(c, c.arg(0), c.arg(1), c.arg(2), "getattr");
  case Native::hasattr_: return getattr_(c, c.arg(0), c.arg(1), Value::none(), "hasattr");
  case Native::setattr_: {
    if (c.arg(1).tag != Tag::Str) return sim.raise(t, "TypeError", "attribute name must be string, not '" + type_name(sim, c.arg(1)) + "'");
    Value self = c.arg(0);
    if (const DescriptorObject* p = class_property(sim, self, c.arg(1).as_str()))
      return set_property(c, self, *p, c.arg(1).as_str(), c.arg(2), false, false);
    const bool stored = self.is_obj() && (sim.object(self.as_obj())->set_attr(sim, t, c.arg(1).as_str(), c.arg(2)) ||
                                          (!t.exc.active() && user_set_attr(sim, self, c.arg(1).as_str(), c.arg(2))));
    if (stored) return Outcome::Done;
    if (t.exc.active()) return Outcome::Raised;
    return sim.raise(t, "AttributeError", "'" + type_name(sim, self) + "' object has no attribute '" + sim.str(c.arg(1).as_str()) + "'");
  }
  case Native::dir_: { // dir(): the names bound where it is called; dir(obj) of a user class or its instance
    std::vector<std::string> names;
    const Value v = c.arg(0);
    if (v.tag == Tag::Unbound) {
      const Frame& f = t.frames.back();
      const Program& prog = sim.program();
      if (f.fn == prog.init || f.fn == prog.main) { // the module: its globals, and what CPython's script has
        names = {"__annotations__", "__builtins__", "__cached__", "__doc__", "__file__", "__loader__", "__name__",
                 "__package__", "__spec__"};
        const std::vector<Value>& g = sim.processes()[t.proc].globals;
        for (std::size_t i = 0; i < g.size() && i < prog.globals.size(); ++i)
          if (g[i].tag != Tag::Unbound && prog.globals[i][0] != '$') names.push_back(prog.globals[i]);
        if (const auto* imported = sim.as<TupleObject>(c.arg(1)))
          for (Value name : imported->items) names.push_back(sim.str(name.as_str()));
      } else { // a function: its bound locals (a cell's content for the ones inner functions share)
        const Function& fn = prog.functions[f.fn];
        for (std::size_t i = 0; i < fn.local_names.size(); ++i) {
          const std::string& local = fn.local_names[i];
          if (local.empty() || local[0] == '$') continue;
          Value x = t.stack[static_cast<std::size_t>(f.locals_base) + i];
          if (auto* cell = sim.as<CellObject>(x)) x = cell->value;
          if (x.tag != Tag::Unbound) names.push_back(local);
        }
      }
    } else {
      const Object* o = v.is_obj() ? sim.object(v.as_obj()) : nullptr;
      const auto* cls = sim.as<ClassObject>(v);
      const ClassObject* of = cls ? cls : o && o->cls != kNone ? sim.as<ClassObject>(Value::obj(o->cls)) : nullptr;
      for (const ClassObject* k = of; k; k = k->base == kNone ? nullptr : sim.as<ClassObject>(Value::obj(k->base)))
        if (k->thread || !k->exception.empty()) of = nullptr; // threading.Thread's or an exception's names: not listed
      if (!of) return sim.raise(t, "NotImplementedError", "dir() of a '" + type_name(sim, v) + "' object is not supported by the simulator");
      if (cls) {
        InstanceObject probe; // the class's names are an instance's without its own attributes
        probe.cls = v.as_obj();
        names = attribute_names(sim, probe);
      } else {
        names = attribute_names(sim, *o);
      }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    auto out = std::make_unique<ListObject>();
    for (const std::string& name : names) out->items.push_back(Value::str(sim.intern(name)));
    return new_object(c, std::move(out));
  }
  case Native::delattr_: { // an instance's own attribute, or a class's
    if (c.arg(1).tag != Tag::Str) return sim.raise(t, "TypeError", "attribute name must be string, not '" + type_name(sim, c.arg(1)) + "'");
    const StrId name = c.arg(1).as_str();
    if (const DescriptorObject* p = class_property(sim, c.arg(0), name)) return set_property(c, c.arg(0), *p, name, Value::none(), true, false);
    Object* o = c.arg(0).is_obj() ? sim.object(c.arg(0).as_obj()) : nullptr;
    auto drop = [&](auto& entries) {
      auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == name; });
      if (it == entries.end()) return false;
      entries.erase(it);
      return true;
    };
    if (auto* cls = sim.as<ClassObject>(c.arg(0))) {
      if (drop(cls->attrs)) return Outcome::Done;
      return sim.raise(t, "AttributeError", "type object '" + cls->cls_name + "' has no attribute '" + sim.str(name) + "'");
    }
    if (o && o->cls != kNone) {
      if (drop(o->dict)) return Outcome::Done;
      return sim.raise(t, "AttributeError", "'" + type_name(sim, c.arg(0)) + "' object has no attribute '" + sim.str(name) + "'");
    }
    Value found;
    if (o && o->get_attr(sim, t, name, found)) // a primitive's own attribute (a lock's acquire) cannot go
      return sim.raise(t, "AttributeError", "'" + type_name(sim, c.arg(0)) + "' object attribute '" + sim.str(name) + "' is read-only");
    if (t.exc.active()) return Outcome::Raised;
    return sim.raise(t, "AttributeError", "'" + type_name(sim, c.arg(0)) + "' object has no attribute '" + sim.str(name) + "'");
  }
  case Native::next_: {
    if (auto* g = sim.as<GeneratorObject>(c.arg(0))) return resume_generator(sim, t, *g, Value::none(), GenMode::Next, -1, c.arg(1));
    if (auto* it = sim.as<IteratorObject>(c.arg(0))) {
      const int got = interp_detail::iterator_next(sim, t, *it, c.ret);
      if (got > 0) return Outcome::Done;
      if (got < 0) return Outcome::Raised;
      if (c.arg(1).tag != Tag::Unbound) { // next(it, default)
        c.ret = c.arg(1);
        return Outcome::Done;
      }
      return sim.raise(t, "StopIteration", "");
    }
    if (c.arg(0).is_obj() && sim.object(c.arg(0).as_obj())->cls != kNone) return user_next(c, c.arg(0), c.arg(1));
    return sim.raise(t, "TypeError", "'" + type_name(sim, c.arg(0)) + "' object is not an iterator");
  }
  case Native::type_method: { // str.lower, list.append, dict.get as values
    const std::string type = sim.str(c.arg(0).as_str()), method = sim.str(c.arg(1).as_str());
    if (!has_native_method(type, method))
      return sim.raise(t, "NotImplementedError", "the attribute '" + type + "." + method + "' is not supported by the simulator");
    auto m = std::make_unique<BoundMethodObject>();
    m->native = c.arg(1).as_str();
    m->of_type = type;
    return new_object(c, std::move(m));
  }
  case Native::apply_native: { // (native, list of its arguments)
    const auto* l = sim.as<ListObject>(c.arg(1));
    const std::vector<Value> a = l ? l->items : std::vector<Value>{};
    Call inner{sim, t, a};
    const Outcome o = sim.dispatch_native(static_cast<Native>(c.arg(0).i), inner);
    c.ret = inner.ret;
    return o;
  }
  case Native::native_apply: { // (native, first argument, tuple of the others): the $drain helper's call
    auto* rest = sim.as<TupleObject>(c.arg(2));
    std::vector<Value> a{c.arg(1)};
    if (rest) a.insert(a.end(), rest->items.begin(), rest->items.end());
    Call inner{sim, t, a};
    const Outcome o = sim.dispatch_native(static_cast<Native>(c.arg(0).i), inner);
    c.ret = inner.ret;
    return o;
  }
  case Native::fork: return sim.fork_process(c);
  case Native::keyed: {
    auto* items = sim.as<ListObject>(c.arg(0));
    auto* keys = sim.as<ListObject>(c.arg(1));
    const std::int64_t op = c.arg(2).i;
    std::vector<std::size_t> order(items->items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::string err;
    sim.user_compare = false;
    auto less = [&](std::size_t a, std::size_t b) {
      bool ok = true;
      const int cmp = compare_values(sim, keys->items[a], keys->items[b], ok);
      if (!ok && err.empty())
        err = "'<' not supported between instances of '" + type_name(sim, keys->items[a]) + "' and '" + type_name(sim, keys->items[b]) + "'";
      return ok && cmp < 0;
    };
    if (op >= 2) { // min or max: the first item with the least or greatest key
      if (order.empty()) return sim.raise(t, "ValueError", std::string(op == 3 ? "max" : "min") + "() arg is an empty sequence");
      std::size_t best = 0;
      for (std::size_t i = 1; i < order.size(); ++i)
        if (op == 3 ? less(best, i) : less(i, best)) best = i;
      if (sim.user_compare) return sort_by_methods(c, c.arg(0), c.arg(1), op, c.arg(3));
      if (!err.empty()) return sim.raise(t, "TypeError", err);
      c.ret = items->items[best];
      return Outcome::Done;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return op == 1 ? less(b, a) : less(a, b); });
    if (sim.user_compare) return sort_by_methods(c, c.arg(0), c.arg(1), op, c.arg(3));
    if (!err.empty()) return sim.raise(t, "TypeError", err);
    std::vector<Value> sorted;
    for (std::size_t i : order) sorted.push_back(items->items[i]);
    return sorted_result(c, std::move(sorted), c.arg(3));
  }
  case Native::special_cmp:
  case Native::cmp_default:
  case Native::rich_compare: return compare_native(c, n);
  case Native::not_implemented: c.ret = not_implemented(sim); return Outcome::Done;
  case Native::sys_argv: { // as `python3 prog.py` starts: the script's name alone ('-' for `python3 -`)
    Process& p = sim.process(t.proc);
    if (p.argv == kNone) {
      auto l = std::make_unique<ListObject>();
      const std::string& name = sim.program().name;
      l->items.push_back(Value::str(sim.intern(name == "<stdin>" ? "-" : name)));
      p.argv = sim.add_object(std::move(l), t.proc);
    }
    c.ret = Value::obj(p.argv);
    return Outcome::Done;
  }
  case Native::subprocess_call:
  case Native::subprocess_check_call:
  case Native::subprocess_run:
  case Native::subprocess_popen:
  case Native::os_system: return subprocess_native(n, c);
  case Native::protocol_check: return protocol_check(c, c.arg(0), c.arg(1), static_cast<int>(c.arg(2).i));
  case Native::reorder: { // (items, order, target): as keyed() ends
    const auto* items = sim.as<ListObject>(c.arg(0));
    const auto* order = sim.as<ListObject>(c.arg(1));
    std::vector<Value> sorted;
    for (Value i : order->items) sorted.push_back(items->items[static_cast<std::size_t>(i.i)]);
    return sorted_result(c, std::move(sorted), c.arg(2));
  }
  case Native::object_new: { // a bare object: only its identity is of use (a sentinel)
    auto o = std::make_unique<InstanceObject>();
    o->cls_name = "object";
    return new_object(c, std::move(o));
  }
  case Native::contextmanager: {
    auto f = std::make_unique<ContextManagerFactory>();
    f->fn = c.arg(0);
    return new_object(c, std::move(f));
  }
  case Native::intrinsic: {
    auto v = std::make_unique<NativeFunctionObject>();
    v->intrinsic = static_cast<int>(c.arg(0).i);
    return new_object(c, std::move(v));
  }
  case Native::slice: {
    Value seq = c.arg(0);
    SliceArgs sl;
    if (!sl.read(c)) return Outcome::Raised;
    // The items: a list's or tuple's values, or a str's code points.
    std::vector<Value> items;
    std::vector<std::string> chars;
    auto* list = sim.as<ListObject>(seq);
    bool scalar = false;
    Object* o = seq.tag == Tag::Obj ? sim.object(seq.as_obj()) : nullptr;
    if (list) items = list->items;
    else if (o && o->shared_items(items, scalar) && !scalar) {} // Array[a:b] (simulated or real): a list
    else if (seq.tag == Tag::Str) chars = code_points(sim.str(seq.as_str()));
    else {
      return sim.raise(t, "TypeError", "'" + type_name(sim, seq) + "' object is not subscriptable");
    }
    const bool text = seq.tag == Tag::Str;
    const std::int64_t len = text ? static_cast<std::int64_t>(chars.size()) : static_cast<std::int64_t>(items.size());
    const std::int64_t start = sl.start(len), stop = sl.stop(len), step = sl.step;
    const std::vector<std::int64_t> picked = sl.picked(len);
    if (text) {
      std::string out;
      for (std::int64_t i : picked) out += chars[static_cast<std::size_t>(i)];
      c.ret = Value::str(sim.intern(out));
      return Outcome::Done;
    }
    if (const auto* r = sim.as<RangeObject>(seq)) { // a range's slice is a range
      auto out = std::make_unique<RangeObject>();
      out->start = r->start + start * r->step, out->stop = r->start + stop * r->step, out->step = r->step * step;
      for (std::int64_t i : picked) out->items.push_back(items[static_cast<std::size_t>(i)]);
      return new_object(c, std::move(out));
    }
    std::unique_ptr<ListObject> out = list && list->kind() == "tuple" ? std::make_unique<TupleObject>() : std::make_unique<ListObject>();
    for (std::int64_t i : picked) out->items.push_back(items[static_cast<std::size_t>(i)]);
    return new_object(c, std::move(out));
  }
  case Native::extend_items: { // list.extend(it), and [*it] / (*it,) / {*it} in a display
    auto* list = sim.as<ListObject>(c.arg(1));
    std::vector<Value> more;
    if (!list || !iterable_items(sim, c.arg(0), more))
      return sim.raise(t, "TypeError", c.arg(2).i == 1 ? "Value after * must be an iterable, not " + type_name(sim, c.arg(0))
                                                       : "'" + type_name(sim, c.arg(0)) + "' object is not iterable");
    list->items.insert(list->items.end(), more.begin(), more.end()); // (a copy first: a list may extend itself)
    return Outcome::Done;
  }
  case Native::slice_store: { // seq[a:b:c] = value / del seq[a:b:c]: CPython's list_ass_slice
    Value seq = c.arg(0), value = c.arg(4);
    const bool del = value.tag == Tag::Unbound;
    auto* list = sim.as<ListObject>(seq);
    if (!list || list->kind() != "list")
      return sim.raise(t, "TypeError", "'" + type_name(sim, seq) + "' object " +
                                           (del ? "does not support item deletion" : "does not support item assignment"));
    SliceArgs sl;
    if (!sl.read(c)) return Outcome::Raised;
    std::vector<Value> repl;
    if (!del && !items_of(sim, t, value, repl)) {
      if (t.exc.type == sim.intern("TypeError")) t.exc.message = sim.intern("can only assign an iterable");
      return Outcome::Raised;
    }
    std::vector<Value>& items = list->items;
    const std::int64_t len = static_cast<std::int64_t>(items.size());
    const std::int64_t start = sl.start(len);
    std::int64_t stop = sl.stop(len);
    if (sl.step == 1) { // a[i:j] = it: the items between are replaced, however many there are
      if (stop < start) stop = start;
      items.erase(items.begin() + start, items.begin() + stop);
      items.insert(items.begin() + start, repl.begin(), repl.end());
      return Outcome::Done;
    }
    std::vector<std::int64_t> picked = sl.picked(len);
    if (del) {
      std::sort(picked.begin(), picked.end());
      for (std::size_t k = picked.size(); k-- > 0;) items.erase(items.begin() + picked[k]);
      return Outcome::Done;
    }
    if (repl.size() != picked.size())
      return sim.raise(t, "ValueError", "attempt to assign sequence of size " + std::to_string(repl.size()) +
                                            " to extended slice of size " + std::to_string(picked.size()));
    for (std::size_t k = 0; k < picked.size(); ++k) items[static_cast<std::size_t>(picked[k])] = repl[k];
    return Outcome::Done;
  }
  case Native::raise_value: { // raise EXPR (mode 0), or a bare `raise` of the exception being handled (mode 1)
    Value v = c.arg(0);
    auto* e = sim.as<ExceptionObject>(v);
    if (!e) return sim.raise(t, "TypeError", "exceptions must derive from BaseException");
    std::vector<Exc::TbEntry> tb = e->tb;
    const Value kept_context = e->context;
    sim.raise(t, e->type, e->str(sim));
    t.exc.value = v;
    if (c.arg(1).i == 1 || (t.exc.context.is_obj() && t.exc.context.i == v.i)) t.exc.context = kept_context; // never itself
    if (!c.arg(2).is_none()) t.exc.cause = c.arg(2).tag == Tag::Unbound || sim.as<ExceptionObject>(c.arg(2)) ? c.arg(2) : Value{};
    if (c.arg(1).i == 1) t.exc.cause = e->cause;
    // Its traceback goes on: a bare raise as it was, `raise e` from here (the new entry is the outermost so far).
    if (!tb.empty()) {
      if (c.arg(1).i == 0) tb.push_back({t.frames.back().fn, t.frames.back().pc - 1, static_cast<int>(t.frames.size())});
      t.exc.tb = std::move(tb);
    }
    return Outcome::Raised;
  }
  case Native::handling: // an except block begins: what it handles is the context of what it raises
    t.handling.push_back(c.arg(0));
    return Outcome::Done;
  case Native::handled:
    if (!t.handling.empty()) t.handling.pop_back();
    return Outcome::Done;
  case Native::new_exception:
    c.ret = make_exception(c, sim.display(c.arg(0)), c.arg(1).is_none() ? std::vector<Value>{} : std::vector<Value>{c.arg(1)});
    return Outcome::Done;
  case Native::exception_of: {
    const auto* args = sim.as<TupleObject>(c.arg(1));
    c.ret = make_exception(c, sim.display(c.arg(0)), args ? args->items : std::vector<Value>{});
    return Outcome::Done;
  }
  case Native::exc_init: { // BaseException.__init__(self, *args) from a user exception's __init__
    auto* e = sim.as<ExceptionObject>(c.arg(0));
    if (!e) return sim.raise(t, "TypeError", "descriptor '__init__' requires a 'BaseException' object");
    e->args = c.arg(1);
    c.ret = Value::none();
    return Outcome::Done;
  }
  case Native::input: {
    if (!c.arg(0).is_none()) {
      const std::string prompt = sim.display(c.arg(0));
      if (strings_pending(sim)) return Outcome::Done;
      sim.write(t, Stream::Stdout, prompt);
      sim.flush(t.proc); // input() flushes stdout first, so the prompt shows before the line is read
    }
    std::string line;
    if (!sim.read_line(line)) return sim.raise(t, "EOFError", "EOF when reading a line");
    c.ret = Value::str(sim.intern(line));
    return Outcome::Done;
  }
  case Native::deprecated:
    sim.warn(t, "DeprecationWarning", sim.str(c.arg(0).as_str()));
    return Outcome::Done;
  case Native::write: {
    const std::string text = sim.display(c.arg(0));
    if (!strings_pending(sim)) sim.write(t, c.arg(1).i == 1 ? Stream::Stderr : Stream::Stdout, text);
    return Outcome::Done;
  }
  case Native::user_strings_replay: return replay_user_strings(c);
  case Native::with_exit:
  case Native::with_exit_raised: return with_exit(c, c.arg(0), n == Native::with_exit_raised);
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
  case Native::wall_time: c.ret = Value::real(static_cast<double>(kWallClockStart) + static_cast<double>(sim.now()) / 1e9); return Outcome::Done;
  case Native::time_ns: c.ret = Value::integer(kWallClockStart * kSecond + sim.now()); return Outcome::Done;
  case Native::perf_ns: c.ret = Value::integer(sim.now()); return Outcome::Done; // perf_counter_ns, monotonic_ns
  case Native::hex_:
  case Native::oct_:
  case Native::bin_: { // '-0x1f'
    Value v = c.arg(0);
    if (v.tag != Tag::Int && v.tag != Tag::Bool)
      return sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object cannot be interpreted as an integer");
    const int base = n == Native::hex_ ? 16 : n == Native::oct_ ? 8 : 2;
    std::uint64_t mag = v.i < 0 ? 0 - static_cast<std::uint64_t>(v.i) : static_cast<std::uint64_t>(v.i);
    std::string ds;
    do {
      ds.insert(ds.begin(), "0123456789abcdef"[mag % static_cast<std::uint64_t>(base)]);
      mag /= static_cast<std::uint64_t>(base);
    } while (mag > 0);
    c.ret = Value::str(sim.intern(std::string(v.i < 0 ? "-" : "") + (base == 16 ? "0x" : base == 8 ? "0o" : "0b") + ds));
    return Outcome::Done;
  }
  case Native::len: {
    Value v = c.arg(0);
    if (Value m; v.is_obj() && sim.object(v.as_obj())->cls != kNone && special_method(sim, *sim.object(v.as_obj()), "__len__", m)) {
      const Value a[1] = {v};
      return sim.invoke(t, Value::func(sim.prelude("$len_user")), a);
    }
    std::int64_t len = v.is_obj() ? sim.object(v.as_obj())->length() : -1;
    if (v.tag == Tag::Str) { // code points, not bytes
      len = 0;
      for (unsigned char ch : sim.str(v.as_str())) len += (ch & 0xC0) != 0x80;
    }
    if (len < 0) return sim.raise(t, "TypeError", "object of type '" + type_name(sim, v) + "' has no len()");
    c.ret = Value::integer(len);
    return Outcome::Done;
  }
  case Native::str: c.ret = Value::str(sim.intern(sim.display(c.arg(0)))); return Outcome::Done;
  case Native::list: return new_object(c, std::make_unique<ListObject>());
  case Native::dict: return new_object(c, std::make_unique<DictObject>());
  case Native::module_name: {
    // The first process runs the module as __main__; a spawned child re-runs its top level as __mp_main__.
    c.ret = Value::str(sim.intern(sim.process(t.proc).parent == kNone ? "__main__" : "__mp_main__"));
    return Outcome::Done;
  }
  case Native::format: {
    // An f-string field: the conversion (!s, !r, !a), then format(value, spec).
    Value v = c.arg(0);
    const std::int64_t conv = c.arg(2).is_none() ? 0 : c.arg(2).i;
    if (conv == 'r') v = Value::str(sim.intern(repr_value(sim, v)));
    else if (conv == 'a') v = Value::str(sim.intern(ascii_value(sim, v)));
    else if (conv == 's') v = Value::str(sim.intern(sim.display(v)));
    const std::string spec = c.arg(1).tag == Tag::Str ? sim.str(c.arg(1).as_str()) : std::string();
    std::string out;
    if (auto err = format_value(sim, v, spec, out)) return sim.raise(t, err->type, err->message);
    c.ret = Value::str(sim.intern(out));
    return Outcome::Done;
  }
  case Native::random: // random.random(): 53 random bits in [0, 1)
    c.ret = Value::real(static_cast<double>(sim.program_rng().next() >> 11) * 0x1.0p-53);
    return Outcome::Done;
  case Native::uniform: {
    if (!c.arg(0).is_number() || !c.arg(1).is_number()) return sim.raise(t, "TypeError", "uniform() needs numbers");
    const double a = c.arg(0).as_double(), b = c.arg(1).as_double();
    c.ret = Value::real(a + (b - a) * (static_cast<double>(sim.program_rng().next() >> 11) * 0x1.0p-53));
    return Outcome::Done;
  }
  case Native::randint: {
    Value a = c.arg(0), b = c.arg(1);
    if (a.tag != Tag::Int || b.tag != Tag::Int)
      return sim.raise(t, "TypeError", "'" + type_name(sim, a.tag != Tag::Int ? a : b) + "' object cannot be interpreted as an integer");
    if (b.i < a.i) return sim.raise(t, "ValueError", "empty range for randrange() (" + std::to_string(a.i) + ", " + std::to_string(b.i + 1) + ", " + std::to_string(b.i + 1 - a.i) + ")");
    c.ret = Value::integer(a.i + static_cast<std::int64_t>(sim.program_rng().below(static_cast<std::uint64_t>(b.i - a.i) + 1)));
    return Outcome::Done;
  }
  case Native::choice:
  case Native::shuffle:
  case Native::sample: return random_items(c, n);
  case Native::process_time:
  case Native::thread_time: { // the CPU time the simulator gave the thread, or every thread of its process
    Ns cpu = 0;
    for (const Thread& o : sim.threads())
      if (n == Native::process_time ? o.proc == t.proc : o.id == t.id) {
        cpu += o.in_state[static_cast<int>(ThreadState::Running)];
        if (o.state == ThreadState::Running) cpu += sim.now() - o.state_since;
      }
    c.ret = Value::real(static_cast<double>(cpu) / 1e9);
    return Outcome::Done;
  }
  case Native::native_id: c.ret = Value::integer(thread_ident(t.id)); return Outcome::Done;
  case Native::flush: sim.flush(t.proc); return Outcome::Done; // print(..., flush=True), sys.stdout.flush()
  case Native::stream_write: { // sys.stdout.write(s): a str only; returns how many characters it wrote
    if (c.arg(0).tag != Tag::Str)
      return sim.raise(t, "TypeError", "write() argument must be str, not " + // (Argument Clinic names None so)
                                           (c.arg(0).is_none() ? std::string("None") : type_name(sim, c.arg(0))));
    const std::string& text = sim.str(c.arg(0).as_str());
    if (!strings_pending(sim)) sim.write(t, c.arg(1).i == 1 ? Stream::Stderr : Stream::Stdout, text);
    std::int64_t chars = 0;
    for (unsigned char ch : text) chars += (ch & 0xC0) != 0x80;
    c.ret = Value::integer(chars);
    return Outcome::Done;
  }
  case Native::os_exit: { // the process ends at once: no finally blocks, no joins, no flushing of its threads
    if (c.arg(0).tag != Tag::Int && c.arg(0).tag != Tag::Bool)
      return sim.raise(t, "TypeError", "'" + type_name(sim, c.arg(0)) + "' object cannot be interpreted as an integer");
    sim.kill_process(t.proc, static_cast<int>(c.arg(0).i & 0xFF));
    return Outcome::Blocked;
  }
  case Native::strftime: return strftime_native(c);
  case Native::id: c.ret = Value::integer(identity_address(c.arg(0))); return Outcome::Done; // stable per object
  case Native::set_of:
  case Native::frozenset_of: {
    Value v = c.arg(0);
    if (auto* tup = sim.as<TupleObject>(v); tup && tup->items.empty() && !sim.as<RangeObject>(v)) v = Value::unbound(); // set()
    return make_set(sim, t, v, n == Native::frozenset_of, c.ret) ? Outcome::Done : Outcome::Raised;
  }
  case Native::divmod_: {
    Value a = c.arg(0), b = c.arg(1);
    if (!a.is_number() || !b.is_number())
      return sim.raise(t, "TypeError", "unsupported operand type(s) for divmod(): '" + type_name(sim, a) + "' and '" + type_name(sim, b) + "'");
    auto pair = std::make_unique<TupleObject>();
    if (a.tag != Tag::Float && b.tag != Tag::Float) {
      Value q, m;
      if (!interp_detail::arith(sim, t, Op::FloorDiv, a, b, q) || !interp_detail::arith(sim, t, Op::Mod, a, b, m)) return Outcome::Raised;
      pair->items = {q, m};
    } else { // float_divmod: the floored quotient and the remainder with the divisor's sign
      const double x = a.as_double(), y = b.as_double();
      if (y == 0) return sim.raise(t, "ZeroDivisionError", "float divmod()");
      double mod = std::fmod(x, y), div = (x - mod) / y;
      if (mod != 0) {
        if ((y < 0) != (mod < 0)) mod += y, div -= 1.0;
      } else {
        mod = std::copysign(0.0, y);
      }
      double floordiv = std::copysign(0.0, x / y);
      if (div != 0) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
      }
      pair->items = {Value::real(floordiv), Value::real(mod)};
    }
    return new_object(c, std::move(pair));
  }
  case Native::ord_: {
    Value v = c.arg(0);
    if (v.tag != Tag::Str) return sim.raise(t, "TypeError", "ord() expected string of length 1, but " + type_name(sim, v) + " found");
    const std::string& s = sim.str(v.as_str());
    const std::size_t len = code_points(s).size();
    if (len != 1) return sim.raise(t, "TypeError", "ord() expected a character, but string of length " + std::to_string(len) + " found");
    std::size_t i = 0;
    c.ret = Value::integer(static_cast<std::int64_t>(decode_utf8(s, i)));
    return Outcome::Done;
  }
  case Native::chr_: {
    Value v = c.arg(0);
    if (v.tag != Tag::Int && v.tag != Tag::Bool)
      return sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object cannot be interpreted as an integer");
    if (v.i < 0 || v.i > 0x10FFFF) return sim.raise(t, "ValueError", "chr() arg not in range(0x110000)");
    std::string s;
    const auto cp = static_cast<std::uint32_t>(v.i);
    if (cp < 0x80) s += static_cast<char>(cp);
    else if (cp < 0x800) s += static_cast<char>(0xC0 | cp >> 6), s += static_cast<char>(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
      s += static_cast<char>(0xE0 | cp >> 12), s += static_cast<char>(0x80 | (cp >> 6 & 0x3F)), s += static_cast<char>(0x80 | (cp & 0x3F));
    else
      s += static_cast<char>(0xF0 | cp >> 18), s += static_cast<char>(0x80 | (cp >> 12 & 0x3F)),
          s += static_cast<char>(0x80 | (cp >> 6 & 0x3F)), s += static_cast<char>(0x80 | (cp & 0x3F));
    c.ret = Value::str(sim.intern(s));
    return Outcome::Done;
  }
  case Native::callable_: c.ret = Value::boolean(is_callable(sim, c.arg(0))); return Outcome::Done;
  case Native::pow_: { // pow(base, exp[, mod])
    Value a = c.arg(0), b = c.arg(1), m = c.arg(2);
    if (m.is_none()) return interp_detail::arith(sim, t, Op::Pow, a, b, c.ret) ? Outcome::Done : Outcome::Raised;
    const auto is_int = [](Value x) { return x.tag == Tag::Int || x.tag == Tag::Bool; };
    if (!is_int(a) || !is_int(b) || !is_int(m))
      return sim.raise(t, "TypeError", "pow() 3rd argument not allowed unless all arguments are integers");
    if (m.i == 0) return sim.raise(t, "ValueError", "pow() 3rd argument cannot be 0");
    if (b.i < 0) return sim.raise(t, "ValueError", "the simulator's pow() takes no negative exponent with a modulus");
    const std::uint64_t mod = m.i < 0 ? 0 - static_cast<std::uint64_t>(m.i) : static_cast<std::uint64_t>(m.i);
    auto mulmod = [mod](std::uint64_t x, std::uint64_t y) { // x * y % mod without overflow (mod < 2**63)
      std::uint64_t r = 0;
      for (x %= mod; y > 0; y >>= 1, x = (x * 2) % mod)
        if (y & 1) r = (r + x) % mod;
      return r;
    };
    const std::uint64_t am = a.i >= 0 ? static_cast<std::uint64_t>(a.i) % mod
                                      : (mod - (0 - static_cast<std::uint64_t>(a.i)) % mod) % mod; // a mod m, in [0, m)
    std::uint64_t result = 1 % mod, base = am;
    for (std::int64_t e = b.i; e > 0; e >>= 1) {
      if (e & 1) result = mulmod(result, base);
      base = mulmod(base, base);
    }
    auto r = static_cast<std::int64_t>(result);
    if (m.i < 0 && r != 0) r -= static_cast<std::int64_t>(mod); // the result takes the modulus's sign
    c.ret = Value::integer(r);
    return Outcome::Done;
  }
  case Native::dict_of: { // dict(mapping) copies it; dict(iterable) takes key/value pairs
    Value v = c.arg(0);
    if (auto* p = sim.as<ProxyObject>(v)) v = Value::obj(p->referent); // a manager's dict, read without a round trip
    auto d = std::make_unique<DictObject>();
    if (auto* src = sim.as<DictObject>(v)) {
      d->keys = src->keys;
      d->vals = src->vals;
      return new_object(c, std::move(d));
    }
    std::vector<Value> items;
    if (v.tag != Tag::Unbound && !items_of(sim, t, v, items)) return Outcome::Raised;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::vector<Value> pair;
      if (!sim.as<ListObject>(items[i]) && items[i].tag != Tag::Str && !sim.as<SetObject>(items[i]))
        return sim.raise(t, "TypeError", "cannot convert dictionary update sequence element #" + std::to_string(i) + " to a sequence");
      iterable_items(sim, items[i], pair);
      if (pair.size() != 2)
        return sim.raise(t, "ValueError", "dictionary update sequence element #" + std::to_string(i) + " has length " +
                                              std::to_string(pair.size()) + "; 2 is required");
      std::int64_t h = 0;
      if (!hash_value(sim, t, pair[0], h)) return Outcome::Raised;
      d->put(sim, pair[0], pair[1]);
    }
    return new_object(c, std::move(d));
  }
  case Native::hash_: {
    std::int64_t h = 0;
    if (!hash_value(sim, t, c.arg(0), h)) return Outcome::Raised;
    c.ret = Value::integer(h);
    return Outcome::Done;
  }
  case Native::staticmethod_:
  case Native::classmethod_:
  case Native::property_: {
    auto d = std::make_unique<DescriptorObject>();
    d->which = n == Native::staticmethod_ ? DescriptorObject::Kind::Static
               : n == Native::classmethod_ ? DescriptorObject::Kind::Class : DescriptorObject::Kind::Property;
    d->fn = c.arg(0);
    if (n == Native::property_) d->fset = c.arg(1), d->fdel = c.arg(2), d->doc = c.arg(3);
    return new_object(c, std::move(d));
  }
  case Native::class_new: {
    auto k = std::make_unique<ClassObject>();
    k->cls_name = sim.display(c.arg(0));
    if (c.arg(1).is_obj()) {
      auto* base = sim.as<ClassObject>(c.arg(1));
      if (!base) return sim.raise(t, "TypeError", "a class can only derive from a class");
      k->base = c.arg(1).as_obj();
      k->thread = base->thread;
      k->exception = base->exception;
    }
    k->thread = k->thread || Interp::truthy(sim, c.arg(2));
    if (c.arg(3).tag == Tag::Str) k->exception = sim.str(c.arg(3).as_str());
    if (!k->exception.empty()) // `except Base` catches it: its parent is its user base, or the builtin
      sim.add_exception_class(k->cls_name, k->base != kNone ? sim.as<ClassObject>(c.arg(1))->cls_name : k->exception);
    k->name = k->cls_name;
    k->named = true;
    return new_object(c, std::move(k));
  }
  case Native::thread_init: { // threading.Thread.__init__ called by a subclass: the name it had is kept if none given
    auto* th = sim.as<ThreadObject>(c.arg(0));
    if (!th) return sim.raise(t, "TypeError", "Thread.__init__() needs a Thread");
    if (!c.arg(1).is_none()) th->target = c.arg(1);
    if (!c.arg(2).is_none()) th->args = c.arg(2);
    if (!c.arg(3).is_none()) th->name = sim.display(c.arg(3));
    if (!c.arg(4).is_none()) th->daemon = Interp::truthy(sim, c.arg(4));
    return Outcome::Done;
  }
  case Native::range_new: {
    const Value bounds[3] = {c.arg(0), c.arg(1), c.arg(2).is_none() ? Value::integer(1) : c.arg(2)};
    Call len{sim, t, bounds};
    if (call_native(Native::range_len, len) != Outcome::Done) return Outcome::Raised;
    constexpr std::int64_t kMax = 10'000'000; // its numbers are held: a range beyond this many is refused
    if (len.ret.i > kMax)
      return sim.raise(t, "MemoryError", "range() of more than 10,000,000 numbers as a value is not supported by the simulator");
    auto r = std::make_unique<RangeObject>();
    r->start = bounds[0].i, r->stop = bounds[1].i, r->step = bounds[2].i;
    for (std::int64_t k = 0; k < len.ret.i; ++k) r->items.push_back(Value::integer(r->start + k * r->step));
    return new_object(c, std::move(r));
  }
  case Native::sum_range: { // sum(range(a, b, step)): one C call, its loop costs c_item_ns an item
    for (std::size_t i = 0; i < 3; ++i)
      if (c.arg(i).tag != Tag::Int && c.arg(i).tag != Tag::Bool)
        return sim.raise(t, "TypeError", "'" + type_name(sim, c.arg(i)) + "' object cannot be interpreted as an integer");
    const std::int64_t a = c.arg(0).i, b = c.arg(1).i, st = c.arg(2).i;
    if (st == 0) return sim.raise(t, "ValueError", "range() arg 3 must not be zero");
    __extension__ using Wide = __int128; // (a GCC and Clang extension: the sum of a range may pass 64 bits)
    Wide count = 0;
    if (st > 0 && a < b) count = (static_cast<Wide>(b) - a - 1) / st + 1;
    if (st < 0 && a > b) count = (static_cast<Wide>(a) - b - 1) / -static_cast<Wide>(st) + 1;
    const Wide total = count * a + static_cast<Wide>(st) * (count * (count - 1) / 2);
    if (total > INT64_MAX || total < INT64_MIN)
      return sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
    c.ret = Value::integer(static_cast<std::int64_t>(total));
    return sim.work(t, static_cast<Ns>(count) * sim.config().c_item_ns, c.ret);
  }
  case Native::range_len: {
    for (std::size_t i = 0; i < 3; ++i)
      if (c.arg(i).tag != Tag::Int && c.arg(i).tag != Tag::Bool)
        return sim.raise(t, "TypeError", "'" + type_name(sim, c.arg(i)) + "' object cannot be interpreted as an integer");
    const std::int64_t a = c.arg(0).i, b = c.arg(1).i, st = c.arg(2).i;
    if (st == 0) return sim.raise(t, "ValueError", "range() arg 3 must not be zero");
    std::int64_t count = 0;
    if (st > 0 && a < b) count = (b - a - 1) / st + 1;
    if (st < 0 && a > b) count = (a - b - 1) / -st + 1;
    c.ret = Value::integer(count);
    return Outcome::Done;
  }
  case Native::current_exception: c.ret = exception_object(sim, t.exc, t.proc); return Outcome::Done; // the same one each time
  case Native::abs: {
    Value v = c.arg(0);
    if (v.tag == Tag::Float) c.ret = Value::real(std::fabs(v.f));
    else if (v.tag == Tag::Int || v.tag == Tag::Bool) {
      if (v.i == INT64_MIN) return sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
      c.ret = Value::integer(v.i < 0 ? -v.i : v.i);
    } else return sim.raise(t, "TypeError", "bad operand type for abs(): '" + type_name(sim, v) + "'");
    return Outcome::Done;
  }
  case Native::round: {
    Value v = c.arg(0), nd = c.arg(1);
    if (!v.is_number()) return sim.raise(t, "TypeError", "type " + type_name(sim, v) + " doesn't define __round__ method");
    if (nd.is_none()) { // to the nearest int, halves to even
      if (v.tag != Tag::Float) c.ret = Value::integer(v.i);
      else if (!std::isfinite(v.f)) return sim.raise(t, std::isnan(v.f) ? "ValueError" : "OverflowError", std::isnan(v.f) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
      else c.ret = Value::integer(static_cast<std::int64_t>(std::nearbyint(v.f)));
      return Outcome::Done;
    }
    if (nd.tag != Tag::Int) return sim.raise(t, "TypeError", "'" + type_name(sim, nd) + "' object cannot be interpreted as an integer");
    if (v.tag != Tag::Float) { c.ret = v; return Outcome::Done; }
    if (nd.i > 300 || !std::isfinite(v.f)) { c.ret = v; return Outcome::Done; }
    if (nd.i < -300) { c.ret = Value::real(0.0 * v.f); return Outcome::Done; }
    // Correctly rounded to nd decimal digits, halves to even (glibc's and musl's printf round exactly, as
    // CPython's dtoa does), then read back.
    char buf[512];
    if (nd.i >= 0) std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(nd.i), v.f);
    else {
      const double scale = std::pow(10.0, static_cast<double>(-nd.i));
      std::snprintf(buf, sizeof buf, "%.0f", v.f / scale);
      c.ret = Value::real(std::strtod(buf, nullptr) * scale);
      return Outcome::Done;
    }
    c.ret = Value::real(std::strtod(buf, nullptr));
    return Outcome::Done;
  }
  case Native::int_base: { // int(text, base): digits of that base (2 to 36, or 0: as a literal says), '_' between
    if (c.arg(1).is_none()) {
      Call one{sim, t, c.args.first(1)};
      const Outcome o = call_native(Native::int_, one);
      c.ret = one.ret;
      return o;
    }
    Value v = c.arg(0), bv = c.arg(1);
    if (bv.tag != Tag::Int && bv.tag != Tag::Bool)
      return sim.raise(t, "TypeError", "'" + type_name(sim, bv) + "' object cannot be interpreted as an integer");
    if (v.tag != Tag::Str) return sim.raise(t, "TypeError", "int() can't convert non-string with explicit base");
    std::int64_t base = bv.i;
    if (base != 0 && (base < 2 || base > 36)) return sim.raise(t, "ValueError", "int() base must be >= 2 and <= 36, or 0");
    const std::string& s = sim.str(v.as_str());
    const std::string bad = "invalid literal for int() with base " + std::to_string(base) + ": " + repr_value(sim, v);
    std::size_t b = s.find_first_not_of(" \t\n\r\f\v"), e = s.find_last_not_of(" \t\n\r\f\v");
    if (b == std::string::npos) return sim.raise(t, "ValueError", bad);
    std::string_view w = std::string_view(s).substr(b, e - b + 1);
    bool negative = false;
    if (!w.empty() && (w[0] == '+' || w[0] == '-')) negative = w[0] == '-', w.remove_prefix(1);
    if (w.size() > 1 && w[0] == '0') {
      const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(w[1])));
      const int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
      if (prefixed && (base == 0 || base == prefixed)) base = prefixed, w.remove_prefix(2);
      if (!w.empty() && w[0] == '_' && prefixed) w.remove_prefix(1);
    }
    if (base == 0) base = 10;
    std::uint64_t acc = 0;
    bool any = false, last_digit = false, overflow = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const auto ch = static_cast<unsigned char>(w[i]);
      if (ch == '_' && last_digit && i + 1 < w.size()) {
        last_digit = false;
        continue;
      }
      const int d = std::isdigit(ch) ? ch - '0' : std::isalpha(ch) ? std::tolower(ch) - 'a' + 10 : 99;
      if (d >= base) return sim.raise(t, "ValueError", bad);
      overflow = overflow || __builtin_mul_overflow(acc, static_cast<std::uint64_t>(base), &acc) ||
                 __builtin_add_overflow(acc, static_cast<std::uint64_t>(d), &acc);
      any = last_digit = true;
    }
    if (!any || !last_digit) return sim.raise(t, "ValueError", bad);
    if (overflow || acc > static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1 : 0))
      return sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
    c.ret = Value::integer(negative ? static_cast<std::int64_t>(0 - acc) : static_cast<std::int64_t>(acc));
    return Outcome::Done;
  }
  case Native::int_: {
    Value v = c.arg(0);
    if (v.tag == Tag::Int) c.ret = v;
    else if (v.tag == Tag::Bool) c.ret = Value::integer(v.i);
    else if (v.tag == Tag::Float) {
      if (!std::isfinite(v.f)) return sim.raise(t, std::isnan(v.f) ? "ValueError" : "OverflowError", std::isnan(v.f) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
      if (std::fabs(v.f) >= 9.2e18) return sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
      c.ret = Value::integer(static_cast<std::int64_t>(v.f));
    } else if (v.tag == Tag::Str) {
      const std::string& s = sim.str(v.as_str());
      std::string digits;
      std::size_t b = s.find_first_not_of(" \t\n\r\f\v"), e = s.find_last_not_of(" \t\n\r\f\v");
      bool ok = b != std::string::npos;
      if (ok) {
        std::string_view w = std::string_view(s).substr(b, e - b + 1);
        std::size_t i = 0;
        if (w[0] == '+' || w[0] == '-') digits += w[0], i = 1;
        bool last_digit = false;
        for (; i < w.size() && ok; ++i) {
          if (std::isdigit(static_cast<unsigned char>(w[i]))) digits += w[i], last_digit = true;
          else if (w[i] == '_' && last_digit && i + 1 < w.size()) last_digit = false;
          else ok = false;
        }
        ok = ok && last_digit;
      }
      if (!ok) return sim.raise(t, "ValueError", "invalid literal for int() with base 10: " + repr_value(sim, v));
      errno = 0;
      long long parsed = std::strtoll(digits.c_str(), nullptr, 10);
      if (errno == ERANGE) return sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
      c.ret = Value::integer(parsed);
    } else {
      return sim.raise(t, "TypeError", "int() argument must be a string, a bytes-like object or a real number, not '" + type_name(sim, v) + "'");
    }
    return Outcome::Done;
  }
  case Native::float_: {
    Value v = c.arg(0);
    if (v.is_number()) c.ret = Value::real(v.as_double());
    else if (v.tag == Tag::Str) {
      const std::string& s = sim.str(v.as_str());
      char* end = nullptr;
      std::size_t b = s.find_first_not_of(" \t\n\r\f\v");
      double d = b == std::string::npos ? 0 : std::strtod(s.c_str() + b, &end);
      bool ok = b != std::string::npos && end != s.c_str() + b;
      if (ok) for (const char* p = end; *p; ++p) ok = ok && std::isspace(static_cast<unsigned char>(*p));
      if (!ok) return sim.raise(t, "ValueError", "could not convert string to float: " + repr_value(sim, v));
      c.ret = Value::real(d);
    } else {
      return sim.raise(t, "TypeError", "float() argument must be a string or a real number, not '" + type_name(sim, v) + "'");
    }
    return Outcome::Done;
  }
  case Native::bool_:
    if (truth_by_methods(sim, c.arg(0))) {
      const Value a[1] = {c.arg(0)};
      return sim.invoke(t, Value::func(sim.prelude("$truth")), a);
    }
    if (c.arg(0).is_obj() && c.arg(0).as_obj() == sim.not_implemented)
      sim.warn(t, "DeprecationWarning", "NotImplemented should not be used in a boolean context");
    c.ret = Value::boolean(Interp::truthy(sim, c.arg(0)));
    return Outcome::Done;
  case Native::repr: c.ret = Value::str(sim.intern(repr_value(sim, c.arg(0)))); return Outcome::Done;
  case Native::minmax: { // min(iterable) / max(iterable): arg 1 is True for max
    std::vector<Value> items;
    if (!items_of(sim, t, c.arg(0), items)) return Outcome::Raised;
    const bool want_max = Interp::truthy(sim, c.arg(1));
    if (items.empty()) return sim.raise(t, "ValueError", std::string(want_max ? "max" : "min") + "() arg is an empty sequence");
    Value best = items[0];
    sim.user_compare = false;
    for (std::size_t i = 1; i < items.size(); ++i) {
      bool ok = true;
      int cmp = compare_values(sim, items[i], best, ok);
      if (sim.user_compare) { // instances with __lt__/__gt__: min and max by Python's comparisons
        auto all = std::make_unique<ListObject>();
        all->items = std::move(items);
        const Value list = Value::obj(sim.add_object(std::move(all), t.proc));
        return sort_by_methods(c, list, list, want_max ? 3 : 2, Value::none());
      }
      if (!ok) return sim.raise(t, "TypeError", "'" + std::string(want_max ? ">" : "<") + "' not supported between instances of '" + type_name(sim, items[i]) + "' and '" + type_name(sim, best) + "'");
      if (cmp != 2 && (want_max ? cmp > 0 : cmp < 0)) best = items[i]; // (2: a NaN, unordered)
    }
    c.ret = best;
    return Outcome::Done;
  }
  case Native::enumerate_: { // enumerate(it, start): a lazy (count, item) iterator, as CPython's
    if (!c.arg(1).is_none() && c.arg(1).tag != Tag::Int && c.arg(1).tag != Tag::Bool)
      return sim.raise(t, "TypeError", "'" + type_name(sim, c.arg(1)) + "' object cannot be interpreted as an integer");
    const Value it = c.arg(0);
    const std::int64_t start = c.arg(1).is_none() ? 0 : c.arg(1).i;
    if (sim.as<GeneratorObject>(it) || (it.is_obj() && sim.object(it.as_obj())->cls != kNone)) { // resumed: $enumerate
      const Value a[2] = {it, Value::integer(start)};
      return sim.invoke(t, Value::func(sim.prelude(sim.as<GeneratorObject>(it) ? "$enumerate" : "$enumerate_user")), a);
    }
    if (auto* inner = sim.as<IteratorObject>(it); inner && !inner->counting) { // enumerate(iter(x)): from where it is
      auto e = std::make_unique<IteratorObject>(*inner);
      inner->done = true; // (the items are the enumerate's now; CPython shares them, which only zip(it, e) sees)
      e->type = "enumerate", e->counting = true, e->count = start;
      return new_object(c, std::move(e));
    }
    const Outcome made = make_iterator(c, it, Value::unbound());
    if (made != Outcome::Done) return made;
    auto* e = sim.as<IteratorObject>(c.ret);
    if (!e) { // an iterator of the runtime's already (a map, an enumerate): resumed by $enumerate
      const Value a[2] = {c.ret, Value::integer(start)};
      return sim.invoke(t, Value::func(sim.prelude("$enumerate")), a);
    }
    e->type = "enumerate", e->counting = true, e->count = start;
    return Outcome::Done;
  }
  case Native::reversed_: {
    // An iterator over the items in reverse (of a copy: a list changed meanwhile is not seen)
    if (sim.as<SetObject>(c.arg(0)) || sim.as<GeneratorObject>(c.arg(0)) || sim.as<IteratorObject>(c.arg(0)))
      return sim.raise(t, "TypeError", "'" + type_name(sim, c.arg(0)) + "' object is not reversible");
    std::vector<Value> items;
    if (!items_of(sim, t, c.arg(0), items)) return Outcome::Raised;
    auto copy = std::make_unique<ListObject>();
    copy->items.assign(items.rbegin(), items.rend());
    auto it = std::make_unique<IteratorObject>();
    const std::string_view kind = c.arg(0).is_obj() ? sim.object(c.arg(0).as_obj())->kind() : "";
    it->type = kind == "list" ? "list_reverseiterator" : kind == "range" ? "range_iterator" : kind == "dict" ? "dict_reversekeyiterator" : "reversed";
    it->seq = Value::obj(sim.add_object(std::move(copy), t.proc));
    return new_object(c, std::move(it));
  }
  case Native::zip_: {
    // Row by row, each argument in turn, as CPython's zip pulls them: an iter() given twice (zip(it, it)) gives
    // its items alternately, and the first exhausted argument ends it.
    if (std::any_of(c.args.begin(), c.args.end(), [&](Value v) {
          return sim.as<GeneratorObject>(v) || (v.is_obj() && sim.object(v.as_obj())->cls != kNone);
        })) { // a generator or a user iterable among them: $zip, a generator of the rows
      auto args = std::make_unique<TupleObject>();
      args->items.assign(c.args.begin(), c.args.end());
      const Value a[1] = {Value::obj(sim.add_object(std::move(args), t.proc))};
      return sim.invoke(t, Value::func(sim.prelude("$zip")), a);
    }
    std::vector<std::vector<Value>> columns(c.args.size());
    for (std::size_t k = 0; k < c.args.size(); ++k)
      if (!sim.as<IteratorObject>(c.args[k]) && !items_of(sim, t, c.args[k], columns[k])) return Outcome::Raised;
    auto out = std::make_unique<ListObject>();
    for (std::size_t i = 0; !c.args.empty(); ++i) {
      auto row = std::make_unique<TupleObject>();
      for (std::size_t k = 0; k < c.args.size() && row->items.size() == k; ++k) {
        Value item;
        if (auto* it = sim.as<IteratorObject>(c.args[k])) {
          const int got = interp_detail::iterator_next(sim, t, *it, item);
          if (got < 0) return Outcome::Raised;
          if (got > 0) row->items.push_back(item);
        } else if (i < columns[k].size()) {
          row->items.push_back(columns[k][i]);
        }
      }
      if (row->items.size() < c.args.size()) break;
      out->items.push_back(Value::obj(sim.add_object(std::move(row), t.proc)));
    }
    return new_object(c, std::move(out));
  }
  case Native::iter_: return make_iterator(c, c.arg(0), c.arg(1));
  case Native::gen_throw: return generator_throw(c, c.arg(0), c.arg(1));
  case Native::suppress_new: return new_suppress(c, c.arg(0));
  case Native::current_is:
    c.ret = Value::boolean(t.exc.value.is_obj() && c.arg(0).is_obj() && t.exc.value.i == c.arg(0).i);
    return Outcome::Done;
  case Native::zip_strict: { // zip(..., strict=flag): with the flag, iterables of unequal length are a ValueError
    const std::span<const Value> its = c.args.first(c.args.size() - 1);
    Call inner{sim, t, its};
    if (!Interp::truthy(sim, c.args.back())) {
      const Outcome o = native_body(Native::zip_, inner);
      c.ret = inner.ret;
      return o;
    }
    std::vector<std::size_t> lengths;
    for (Value v : its) {
      std::vector<Value> items;
      if (sim.as<GeneratorObject>(v) || sim.as<IteratorObject>(v) || (v.is_obj() && sim.object(v.as_obj())->cls != kNone))
        return sim.raise(t, "NotImplementedError", "zip(strict=True) of an iterator is not supported by the simulator");
      if (!items_of(sim, t, v, items)) return Outcome::Raised;
      lengths.push_back(items.size());
    }
    // As the rows are pulled: the first argument to run out is shorter than those before it; if that is the
    // first one, the first argument with items left is longer.
    const auto others = [](std::size_t k) { return k == 1 ? std::string("argument 1") : "arguments 1-" + std::to_string(k); };
    if (!lengths.empty()) {
      const std::size_t shortest = static_cast<std::size_t>(std::min_element(lengths.begin(), lengths.end()) - lengths.begin());
      if (shortest > 0)
        return sim.raise(t, "ValueError", "zip() argument " + std::to_string(shortest + 1) + " is shorter than " + others(shortest));
      for (std::size_t k = 1; k < lengths.size(); ++k)
        if (lengths[k] > lengths[0])
          return sim.raise(t, "ValueError", "zip() argument " + std::to_string(k + 1) + " is longer than " + others(k));
    }
    const Outcome o = native_body(Native::zip_, inner);
    c.ret = inner.ret;
    return o;
  }
  case Native::user_iterator: {
    const Value it = c.arg(0);
    Value m;
    if (it.is_obj() && sim.object(it.as_obj())->cls != kNone && special_method(sim, *sim.object(it.as_obj()), "__next__", m))
      c.ret = Value::boolean(true);
    else if (sim.as<GeneratorObject>(it) || sim.as<IteratorObject>(it))
      c.ret = Value::boolean(false);
    else
      return sim.raise(t, "TypeError", "iter() returned non-iterator of type '" + type_name(sim, it) + "'");
    return Outcome::Done;
  }
  case Native::sorted:
  case Native::list_of:
  case Native::tuple_of: {
    std::vector<Value> items;
    Value v = c.arg(0);
    if (!items_of(sim, t, v, items)) return Outcome::Raised;
    sim.user_compare = false;
    if (std::string err; n == Native::sorted && !sort_values(sim, items, false, err) && !sim.user_compare)
      return sim.raise(t, "TypeError", err);
    if (n == Native::sorted && sim.user_compare) { // instances with __lt__: sorted by Python's comparisons
      auto all = std::make_unique<ListObject>();
      all->items = std::move(items);
      const Value list = Value::obj(sim.add_object(std::move(all), t.proc));
      return sort_by_methods(c, list, list, 0, Value::none());
    }
    std::unique_ptr<ListObject> out = n == Native::tuple_of ? std::make_unique<TupleObject>() : std::make_unique<ListObject>();
    out->items = std::move(items);
    return new_object(c, std::move(out));
  }
  case Native::raise_new: { // str(KeyError(k)) is repr(k); every other exception shows str(message)
    const std::string type = sim.display(c.arg(0));
    if (c.arg(1).is_none()) return raise_with_args(c, type, {});
    return raise_with_args(c, type, {c.arg(1)});
  }
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
    o->kwargs = c.arg(5); // target(*args, **kwargs)
    if (!o->kwargs.is_none() && !sim.as<DictObject>(o->kwargs))
      return sim.raise(t, "TypeError", "__main__.Thread.run() argument after ** must be a mapping, not " + type_name(sim, o->kwargs));
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
  case Native::queue_new:
  case Native::lifo_queue_new:
  case Native::priority_queue_new:
  case Native::simple_queue_new: {
    auto o = std::make_unique<QueueObject>();
    o->maxsize = c.arg(0).is_none() || n == Native::simple_queue_new ? 0 : c.arg(0).i;
    o->order = n == Native::lifo_queue_new       ? QueueObject::Order::Lifo
               : n == Native::priority_queue_new ? QueueObject::Order::Priority
               : n == Native::simple_queue_new   ? QueueObject::Order::Simple
                                                 : QueueObject::Order::Fifo;
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
  case Native::enumerate_threads: { // the Thread objects of the threads alive (started, not ended), oldest first
    auto l = std::make_unique<ListObject>();
    for (ThreadId id : sim.process(t.proc).threads) {
      Thread& o = sim.thread(id);
      if (o.state != ThreadState::Done && o.state != ThreadState::New) l->items.push_back(Value::obj(thread_object_of(sim, o)));
    }
    return new_object(c, std::move(l));
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

// The runtime calls that make strings of their arguments (and may meet instances with __str__ or __repr__).
bool makes_strings(Native n) {
  return n == Native::write || n == Native::str || n == Native::repr || n == Native::format || n == Native::print ||
         n == Native::input;
}

} // namespace

Outcome call_native(Native n, Call& c) {
  if (makes_strings(n) && std::any_of(c.args.begin(), c.args.end(), [](Value v) { return v.is_obj(); })) [[unlikely]]
    return with_user_strings(c, [&] { return native_body(n, c); }, [&] {
      auto args = std::make_unique<TupleObject>();
      args->items.assign(c.args.begin(), c.args.end());
      auto redo = std::make_unique<TupleObject>();
      redo->items = {Value::integer(static_cast<std::int64_t>(Redo::Native)), Value::integer(static_cast<std::int64_t>(n)),
                     Value::obj(c.sim.add_object(std::move(args), c.t.proc))};
      return Value::obj(c.sim.add_object(std::move(redo), c.t.proc));
    });
  return native_body(n, c);
}

} // namespace il
