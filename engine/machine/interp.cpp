// The interpreter's helpers: frames, try/except unwinding, Python's arithmetic and comparisons; and the
// simulator's instance of the step (its body, a template over the runtime, is in interp_step.hpp).
#include "machine/interp.hpp"

#include <climits>
#include <cmath>
#include <cstdio>

#include "machine/interp_step.hpp"
#include "machine/objects.hpp"
#include "machine/sim.hpp"
#include "machine/traceback.hpp"
#include "python/modules.hpp"
#include "vm/text.hpp"

namespace il {

namespace {
constexpr double kMaxStringChars = 1e8; // a longer one raises MemoryError (as [0] * n past 10^8 items does)
}

// [SECTION] frames and exceptions

void Interp::push_frame(Kernel& sim, Thread& t, FuncId fn, int nargs) {
  const Function& f = sim.program().functions[fn];
  Frame fr;
  fr.fn = fn;
  fr.locals_base = static_cast<int>(t.stack.size()) - nargs;
  t.stack.resize(fr.locals_base + f.nlocals, Value::unbound()); // locals other than the arguments: unbound
  fr.stack_base = fr.locals_base + f.nlocals;
  t.frames.push_back(std::move(fr));
}

bool Interp::at_switch_point(const Kernel& sim, const Thread& t) {
  // CPython 3.11 checks its eval breaker at backward jumps, on entry to a Python function, and right after
  // every call into C (a builtin or a method such as lock.acquire()), but not after `with`'s BEFORE_WITH.
  const Frame& f = t.frames.back();
  const std::vector<Instr>& code = sim.program().functions[f.fn].code;
  Op op = code[f.pc].op;
  if (op == Op::JumpBack || op == Op::Call || op == Op::CallValue || op == Op::CallKw || op == Op::CallEx) return true;
  if (f.pc == 0) return false;
  Op prev = code[f.pc - 1].op;
  return prev == Op::Native || prev == Op::CallMethod || prev == Op::CallMethodKw;
}

bool Kernel::is_exception_class(std::string_view n) const {
  return n == "BaseException" || exception_parents_.count(std::string(n)) || !py::exception_parent(n).empty();
}

bool Kernel::exception_matches(std::string_view type, std::string_view pattern) const {
  if (pattern.empty()) return true; // a bare `except:`
  std::string_view at = type;
  for (int depth = 0; !at.empty() && depth < 1000; ++depth) {
    if (at == pattern) return true;
    auto user = exception_parents_.find(at);
    std::string_view parent = user != exception_parents_.end() ? std::string_view(user->second) : py::exception_parent(at);
    if (parent.empty() && at != "BaseException") parent = "Exception"; // another module's error (a PicklingError)
    at = parent;
  }
  return false;
}

void Interp::unwind(Kernel& sim, Thread& t) {
  while (!t.frames.empty()) {
    Frame& f = t.frames.back();
    const int depth = static_cast<int>(t.frames.size());
    // A frame's entry, once (a bare raise keeps the entries it had); a runtime helper's frames ($with_exit,
    // $user_strings) have no place in it, so the frame that called one keeps the entry it had.
    if ((t.exc.tb.empty() || t.exc.tb.back().depth != depth) && sim.program().functions[f.fn].name[0] != '$')
      t.exc.tb.push_back({f.fn, f.pc - 1, depth});
    if (!f.handlers.empty()) {
      Frame::Handler h = f.handlers.back();
      f.handlers.pop_back();
      t.stack.resize(h.depth);
      f.pc = h.pc;
      return;
    }
    if (f.generator != kNone) // an exception out of a generator ends it
      if (auto* g = sim.as<GeneratorObject>(Value::obj(f.generator))) g->state = GeneratorObject::State::Done, g->saved.clear();
    t.stack.resize(f.locals_base);
    t.frames.pop_back();
  }
  // Uncaught: the thread ends, and Python prints the exception to stderr.
  t.uncaught = t.exc;
  if (sim.str(t.exc.type) == "SystemExit") {
    // sys.exit() ends a thread quietly; a code that is not a number is printed when it ends a process.
    if (std::string text = exit_message(sim, t.exc); t.is_main && !text.empty()) sim.write(t, Stream::Stderr, text + "\n");
    t.exc = {};
    return;
  }
  sim.write(t, Stream::Stderr, format_uncaught(sim, t, t.exc));
  t.exc = {};
}

bool Interp::truthy(const Kernel& sim, Value v) {
  switch (v.tag) {
  case Tag::None:
  case Tag::Unbound: return false;
  case Tag::Bool:
  case Tag::Int: return v.i != 0;
  case Tag::Float: return v.f != 0.0;
  case Tag::Str: return !sim.str(v.as_str()).empty();
  case Tag::Obj: {
    const Object* o = sim.object(v.as_obj());
    std::int64_t n = o->length();
    return n < 0 || n > 0;
  }
  case Tag::Func: return true;
  }
  return true;
}

// [SECTION] arithmetic

namespace interp_detail {

// a ** b as Python computes it for ints and floats, or false with its exception raised.
static bool power(Kernel& sim, Thread& t, Value a, Value b, Value& out) {
  const bool ints = (a.tag == Tag::Int || a.tag == Tag::Bool) && (b.tag == Tag::Int || b.tag == Tag::Bool);
  if (ints && b.i >= 0) { // exact, by squaring
    std::int64_t result = 1, base = a.i, e = b.i;
    bool overflow = false;
    while (e > 0 && !overflow) {
      if (e & 1) overflow = __builtin_mul_overflow(result, base, &result);
      e >>= 1;
      if (e > 0 && !overflow) overflow = __builtin_mul_overflow(base, base, &base);
    }
    if (overflow) {
      sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
      return false;
    }
    out = Value::integer(result);
    return true;
  }
  const double x = a.as_double(), y = b.as_double();
  if (x == 0 && y < 0) {
    sim.raise(t, "ZeroDivisionError", "0.0 cannot be raised to a negative power");
    return false;
  }
  if (x < 0 && y != std::floor(y)) {
    sim.raise(t, "ValueError", "the simulator has no complex numbers (a negative number to a fractional power)");
    return false;
  }
  const double r = std::pow(x, y);
  if (std::isinf(r) && !std::isinf(x)) {
    sim.raise(t, "OverflowError", "(34, 'Numerical result out of range')");
    return false;
  }
  out = Value::real(r);
  return true;
}

// a | b, a & b, a ^ b, a << b, a >> b of ints (bools give a bool for |, & and ^).
static bool bitwise(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out) {
  const std::int64_t x = a.i, y = b.i;
  const bool bools = a.tag == Tag::Bool && b.tag == Tag::Bool;
  switch (op) {
  case Op::BitOr: out = bools ? Value::boolean(x | y) : Value::integer(x | y); return true;
  case Op::BitAnd: out = bools ? Value::boolean(x & y) : Value::integer(x & y); return true;
  case Op::BitXor: out = bools ? Value::boolean(x ^ y) : Value::integer(x ^ y); return true;
  default: break;
  }
  if (y < 0) {
    sim.raise(t, "ValueError", "negative shift count");
    return false;
  }
  if (op == Op::RShift) {
    out = Value::integer(y >= 64 ? (x < 0 ? -1 : 0) : x >> y);
    return true;
  }
  if (x == 0) {
    out = Value::integer(0);
    return true;
  }
  const std::uint64_t mag = x < 0 ? 0 - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
  if (y >= 63 || (mag >> (63 - y)) != 0) {
    sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
    return false;
  }
  out = Value::integer(static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << y));
  return true;
}

// a += b on a list (extends it with any iterable's items), a set (|= -= &= ^=) or a dict (|=): in place.
static bool in_place_update(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out, bool& handled) {
  handled = false;
  if (auto* l = sim.as<ListObject>(a); l && op == Op::Add && l->kind() == "list") {
    std::vector<Value> items;
    handled = true;
    if (!items_of(sim, t, b, items)) return false;
    l->items.insert(l->items.end(), items.begin(), items.end());
    out = a;
    return true;
  }
  if (auto* d = sim.as<DictObject>(a); d && op == Op::BitOr) {
    auto* o = sim.as<DictObject>(b);
    if (!o) return false;
    handled = true;
    d->merge(sim, *o);
    out = a;
    return true;
  }
  return set_operator(sim, t, op, true, a, b, out, handled);
}

bool build_set(Kernel& sim, Thread& t, std::span<const Value> items, bool folded, Value& out) {
  auto s = std::make_unique<SetObject>();
  for (Value v : items) {
    std::int64_t h = 0;
    if (!hash_value(sim, t, v, h)) return false;
    s->add(sim, v, h);
  }
  if (folded) { // BUILD_SET 0, LOAD_CONST frozenset(...), SET_UPDATE 1
    // The compiler's constant is made twice: frozenset(items), then again from its own order when the code
    // object's constants are merged (merge_consts_recursive).
    const std::vector<Value> once = s->items();
    s->clear();
    for (Value v : once) {
      std::int64_t h = 0;
      try_hash(sim, v, h);
      s->add(sim, v, h);
    }
    s->frozen = true;
    const Value tmp = Value::obj(sim.add_object(std::move(s), t.proc));
    return make_set(sim, t, tmp, false, out);
  }
  out = Value::obj(sim.add_object(std::move(s), t.proc));
  return true;
}

bool set_compare(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out) {
  bool handled = false;
  return sim.as<SetObject>(a) && set_operator(sim, t, op, false, a, b, out, handled) && handled;
}

bool arith(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out, bool in_place) {
  if (op == Op::Pow && a.is_number() && b.is_number()) return power(sim, t, a, b, out);
  const bool bit = op == Op::BitOr || op == Op::BitAnd || op == Op::BitXor || op == Op::LShift || op == Op::RShift;
  if (a.is_obj()) [[unlikely]] {
    bool handled = false;
    const bool ok = in_place ? in_place_update(sim, t, op, a, b, out, handled) : set_operator(sim, t, op, false, a, b, out, handled);
    if (handled) return ok;
    if (t.exc.active()) return false;
    if (!in_place && op == Op::BitOr && sim.as<DictObject>(a) && sim.as<DictObject>(b)) { // d1 | d2: a new dict
      auto* d = sim.as<DictObject>(a);
      auto merged = std::make_unique<DictObject>(*d);
      merged->waiters = {};
      out = Value::obj(sim.add_object(std::move(merged), t.proc));
      return in_place_update(sim, t, op, out, b, out, handled);
    }
  }
  if ((a.tag == Tag::Int || a.tag == Tag::Bool) && (b.tag == Tag::Int || b.tag == Tag::Bool)) {
    std::int64_t x = a.i, y = b.i, r = 0;
    if (bit) return bitwise(sim, t, op, a, b, out);
    switch (op) {
    // Python's ints are unbounded; ours are 64-bit, and say so instead of wrapping around.
    case Op::Add:
      if (__builtin_add_overflow(x, y, &r)) break;
      out = Value::integer(r);
      return true;
    case Op::Sub:
      if (__builtin_sub_overflow(x, y, &r)) break;
      out = Value::integer(r);
      return true;
    case Op::Mul:
      if (__builtin_mul_overflow(x, y, &r)) break;
      out = Value::integer(r);
      return true;
    case Op::Div:
      if (y == 0) break;
      out = Value::real(static_cast<double>(x) / static_cast<double>(y));
      return true;
    case Op::FloorDiv:
    case Op::Mod: {
      if (y == 0) break;
      if (y == -1 && x == INT64_MIN) break;
      std::int64_t q = x / y, m = x % y;
      if (m != 0 && ((m < 0) != (y < 0))) { --q; m += y; } // Python floors toward -infinity
      out = Value::integer(op == Op::FloorDiv ? q : m);
      return true;
    }
    default: break;
    }
    if (y != 0) {
      sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
      return false;
    }
    sim.raise(t, "ZeroDivisionError", op == Op::Mod        ? "integer modulo by zero"
                                      : op == Op::FloorDiv ? "integer division or modulo by zero"
                                                           : "division by zero");
    return false;
  }
  if (a.is_number() && b.is_number()) {
    double x = a.as_double(), y = b.as_double();
    switch (op) {
    case Op::Add: out = Value::real(x + y); return true;
    case Op::Sub: out = Value::real(x - y); return true;
    case Op::Mul: out = Value::real(x * y); return true;
    case Op::Div:
      if (y == 0) break;
      out = Value::real(x / y);
      return true;
    case Op::FloorDiv:
      if (y == 0) break;
      out = Value::real(std::floor(x / y));
      return true;
    case Op::Mod:
      if (y == 0) break;
      out = Value::real(x - std::floor(x / y) * y);
      return true;
    default: break;
    }
    sim.raise(t, "ZeroDivisionError", op == Op::Mod        ? "float modulo"
                                      : op == Op::FloorDiv ? "float floor division by zero"
                                                           : "float division by zero");
    return false;
  }
  if (op == Op::Mod && a.tag == Tag::Str) return str_percent(sim, t, a, b, out);
  if (op == Op::Mul && ((a.tag == Tag::Str && b.tag == Tag::Int) || (a.tag == Tag::Int && b.tag == Tag::Str))) {
    const std::string& s = sim.str((a.tag == Tag::Str ? a : b).as_str());
    const std::int64_t times = (a.tag == Tag::Int ? a : b).i;
    if (times > 0 && static_cast<double>(s.size()) * static_cast<double>(times) > kMaxStringChars) {
      sim.raise(t, "MemoryError", "the simulator does not make strings of more than 10^8 characters");
      return false;
    }
    std::string r;
    if (times > 0) r.reserve(s.size() * static_cast<std::size_t>(times));
    for (std::int64_t n = times; n > 0; --n) r += s;
    out = Value::str(sim.intern(r));
    return true;
  }
  if (op == Op::Mul && ((a.is_obj() && b.tag == Tag::Int) || (a.tag == Tag::Int && b.is_obj()))) { // [0] * n
    const Value seq = a.is_obj() ? a : b;
    if (auto* l = sim.as<ListObject>(seq)) {
      std::unique_ptr<ListObject> n = l->kind() == "tuple" ? std::make_unique<TupleObject>() : std::make_unique<ListObject>();
      const std::int64_t times = (a.is_obj() ? b : a).i;
      if (times > 0 && static_cast<double>(l->items.size()) * static_cast<double>(times) > 1e8) {
        sim.raise(t, "MemoryError", "the simulator does not make lists of more than 10^8 items");
        return false;
      }
      for (std::int64_t k = 0; k < times; ++k) n->items.insert(n->items.end(), l->items.begin(), l->items.end());
      out = Value::obj(sim.add_object(std::move(n), t.proc));
      return true;
    }
  }
  if (op == Op::Add && a.tag == Tag::Str && b.tag == Tag::Str) {
    if (static_cast<double>(sim.str(a.as_str()).size()) + static_cast<double>(sim.str(b.as_str()).size()) > kMaxStringChars) {
      sim.raise(t, "MemoryError", "the simulator does not make strings of more than 10^8 characters");
      return false;
    }
    out = Value::str(sim.intern(sim.str(a.as_str()) + sim.str(b.as_str())));
    return true;
  }
  if (op == Op::Add && a.tag == Tag::Obj && b.tag == Tag::Obj) {
    auto* la = sim.as<ListObject>(a);
    auto* lb = sim.as<ListObject>(b);
    if (la && lb && la->kind() == lb->kind()) { // list + list, tuple + tuple
      std::unique_ptr<ListObject> n = la->kind() == "tuple" ? std::make_unique<TupleObject>() : std::make_unique<ListObject>();
      n->items = la->items;
      n->items.insert(n->items.end(), lb->items.begin(), lb->items.end());
      out = Value::obj(sim.add_object(std::move(n), t.proc));
      return true;
    }
  }
  static constexpr const char* kSymbols[] = {"+", "-", "*", "/", "//", "%"};
  static constexpr const char* kBitSymbols[] = {"|", "&", "^", "<<", ">>"};
  const int k = static_cast<int>(op) - static_cast<int>(Op::Add), kb = static_cast<int>(op) - static_cast<int>(Op::BitOr);
  std::string symbol = op == Op::Pow ? "**" : bit ? kBitSymbols[kb] : k >= 0 && k < 6 ? kSymbols[k] : "?";
  if (in_place) symbol += "=";
  else if (op == Op::Pow) symbol += " or pow()";
  sim.raise(t, "TypeError", "unsupported operand type(s) for " + symbol + ": '" + type_name(sim, a) + "' and '" +
                                type_name(sim, b) + "'");
  return false;
}

namespace {
// How deep a comparison of nested lists and tuples goes (per OS thread): past kMaxCompareDepth two lists that
// hold themselves stop comparing (unequal and unordered) where CPython raises RecursionError.
thread_local int compare_depth = 0;
thread_local bool compare_gave_up = false; // set at the limit, so every level above stops at once
constexpr int kMaxCompareDepth = 400;
} // namespace

int compare(const Kernel& sim, Value a, Value b, bool& ok) {
  ok = true;
  if (a.is_obj() && b.is_obj()) { // lists with lists, tuples with tuples: item by item
    auto* la = dynamic_cast<const ListObject*>(sim.object(a.as_obj()));
    auto* lb = dynamic_cast<const ListObject*>(sim.object(b.as_obj()));
    if (la && lb && la->kind() == lb->kind()) {
      if (compare_depth == 0) compare_gave_up = false;
      if (compare_depth >= kMaxCompareDepth || compare_gave_up) {
        compare_gave_up = true;
        ok = false;
        return 0;
      }
      ++compare_depth;
      struct Leave {
        ~Leave() { --compare_depth; }
      } leave;
      for (std::size_t i = 0; i < la->items.size() && i < lb->items.size(); ++i) {
        const Value x = la->items[i], y = lb->items[i];
        if (x.is_obj() && y.is_obj() && x.i == y.i) continue; // the same object: equal (PyObject_RichCompareBool)
        if (equal(sim, x, y)) continue;
        if (compare_gave_up) {
          ok = false;
          return 0;
        }
        return compare(sim, x, y, ok);
      }
      return (la->items.size() > lb->items.size()) - (la->items.size() < lb->items.size());
    }
  }
  if (a.is_number() && b.is_number()) {
    if (a.tag != Tag::Float && b.tag != Tag::Float) return (a.i > b.i) - (a.i < b.i);
    if (std::isnan(a.as_double()) || std::isnan(b.as_double())) return 2; // unordered: nan equals nothing
    double x = a.as_double(), y = b.as_double();
    return (x > y) - (x < y);
  }
  if (a.tag == Tag::Str && b.tag == Tag::Str) {
    int c = sim.str(a.as_str()).compare(sim.str(b.as_str()));
    return (c > 0) - (c < 0);
  }
  if (compares_by_methods(sim, a) || compares_by_methods(sim, b)) sim.user_compare = true;
  ok = false;
  return 0;
}

bool equal(const Kernel& sim, Value a, Value b) {
  if (a.is_obj() && b.is_obj() && a.i != b.i) [[unlikely]] {
    auto* sa = dynamic_cast<const SetObject*>(sim.object(a.as_obj()));
    auto* sb = dynamic_cast<const SetObject*>(sim.object(b.as_obj()));
    if (sa && sb) { // same size, and every entry of one found in the other
      if (sa->used != sb->used) return false;
      for (const auto& e : sa->table)
        if (e.state == SetObject::Slot::Active && sb->find(sim, e.key, e.hash) < 0) return false;
      return true;
    }
    auto* da = dynamic_cast<const DictObject*>(sim.object(a.as_obj()));
    auto* db = dynamic_cast<const DictObject*>(sim.object(b.as_obj()));
    if (da && db && da->kind() == db->kind()) { // the same keys with equal values, in any order
      if (da->keys.size() != db->keys.size()) return false;
      if (compare_depth >= kMaxCompareDepth) return false; // a dict that holds itself (see compare_depth)
      ++compare_depth;
      struct Leave {
        ~Leave() { --compare_depth; }
      } leave;
      for (std::size_t i = 0; i < da->keys.size(); ++i) {
        const int j = db->find(sim, da->keys[i]);
        if (j < 0 || !equal(sim, da->vals[i], db->vals[static_cast<std::size_t>(j)])) return false;
      }
      return true;
    }
  }
  bool ok;
  int c = compare(sim, a, b, ok);
  if (ok) return c == 0;
  return a.tag == b.tag && a.i == b.i; // identity for objects, functions and None (compare flagged __eq__)
}

bool str_getitem(Kernel& sim, Thread& t, Value s, Value index, Value& out) {
  if (index.tag != Tag::Int && index.tag != Tag::Bool) {
    sim.raise(t, "TypeError", "string indices must be integers, not '" + type_name(sim, index) + "'");
    return false;
  }
  const std::vector<std::string> chars = code_points(sim.str(s.as_str()));
  std::int64_t i = index.i, n = static_cast<std::int64_t>(chars.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) {
    sim.raise(t, "IndexError", "string index out of range");
    return false;
  }
  out = Value::str(sim.intern(chars[static_cast<std::size_t>(i)]));
  return true;
}

bool contains(Kernel& sim, Thread& t, Value container, Value item, bool& found) {
  found = false;
  if (auto* p = sim.as<ProxyObject>(container)) container = Value::obj(p->referent); // (read without a round trip)
  if (container.tag == Tag::Str) {
    if (item.tag != Tag::Str) {
      sim.raise(t, "TypeError", "'in <string>' requires string as left operand, not " + type_name(sim, item));
      return false;
    }
    found = sim.str(container.as_str()).find(sim.str(item.as_str())) != std::string::npos;
    return true;
  }
  if (auto* l = sim.as<ListObject>(container)) {
    for (Value v : l->items)
      if (equal(sim, v, item)) return found = true;
    return true;
  }
  if (auto* d = sim.as<DictObject>(container)) {
    found = d->find(sim, item) >= 0;
    return true;
  }
  if (auto* s = sim.as<SetObject>(container)) {
    std::int64_t h = 0;
    if (!set_key_hash(sim, t, item, h)) return false;
    found = s->find(sim, item, h) >= 0;
    return true;
  }
  sim.raise(t, "TypeError", "argument of type '" + type_name(sim, container) + "' is not iterable");
  return false;
}

void name_object(Kernel& sim, Value v, const std::string& var) {
  if (!v.is_obj() || var.empty() || var[0] == '$') return;
  Object* o = sim.object(v.as_obj());
  if (!o->named) {
    o->name = var;
    o->named = true;
    if (auto* c = dynamic_cast<ConditionObject*>(o)) { // its implicit lock is shown as "cond.lock"
      Object* l = sim.object(c->lock);
      if (!l->named) l->name = var + ".lock";
    }
  }
}

} // namespace interp_detail

Outcome call_method_by_name(Call& c, Value self, StrId method) { return call_method(c, self, method); }

int compare_values(const Kernel& sim, Value a, Value b, bool& ok) { return interp_detail::compare(sim, a, b, ok); }

// [SECTION] the step, for the simulator

// The one place Interp::step<Sim> is compiled, beside the helpers above so they can inline into it.
template Step Interp::step<Sim>(Sim& sim, Thread& t);

} // namespace il
