// The special methods of user classes, called back from the runtime: __str__/__repr__ (a call collects the
// instances it meets, $user_strings calls their methods, the call is made again with their strings),
// __enter__/__exit__, the iteration protocol (__iter__/__next__, and iter() of the builtin sequences),
// comparisons (__eq__ ... __ge__ through $richcmp and $seqcmp, sorting by Python's <), __len__, __bool__,
// __contains__, __getitem__/__setitem__. Their bytecode helpers ($richcmp, $truth, ...) are in vm/builder.cpp.
#include <algorithm>
#include <optional>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {


bool special_method(const Kernel& sim, const Object& o, std::string_view name, Value& out) {
  ObjId cls = o.cls;
  for (int depth = 0; cls != kNone && depth < 1000; ++depth) {
    const auto* c = dynamic_cast<const ClassObject*>(sim.object(cls));
    if (!c) return false;
    for (const auto& [k, v] : c->attrs)
      if (sim.str(k) == name) {
        out = v;
        return true;
      }
    cls = c->base;
  }
  return false;
}

std::optional<std::string> user_string(const Kernel& sim, const Object& o, bool str) {
  using Mode = Kernel::UserStrings::Mode;
  Kernel::UserStrings& us = sim.user_strings;
  if (us.mode == Mode::Off) return std::nullopt;
  Value m;
  const bool own_str = str && special_method(sim, o, "__str__", m); // object.__str__ is repr()
  if (!own_str && !special_method(sim, o, "__repr__", m)) return std::nullopt;
  if (us.mode == Mode::Collect) {
    us.wanted.emplace_back(o.id, own_str);
    return std::string();
  }
  if (us.next >= us.given.size()) return std::nullopt; // met more than the first pass did: the default
  return sim.str(us.given[us.next++]);
}

void discard_exception(Thread& t) { t.exc = {}; }

Outcome call_user_strings(Call& c, Value redo) {
  Kernel& sim = c.sim;
  const FuncId helper = sim.prelude("$user_strings");
  if (helper == kNone) return sim.raise(c.t, "RuntimeError", "the __str__/__repr__ helper is missing");
  auto methods = std::make_unique<ListObject>();
  const std::vector<std::pair<ObjId, bool>> wanted = sim.user_strings.wanted; // a copy: add_object may run below
  for (const auto& [id, str] : wanted) {
    auto m = std::make_unique<BoundMethodObject>();
    m->self = Value::obj(id);
    special_method(sim, *sim.object(id), str ? "__str__" : "__repr__", m->fn);
    methods->items.push_back(Value::obj(sim.add_object(std::move(m), c.t.proc)));
  }
  const Value a[2] = {Value::obj(sim.add_object(std::move(methods), c.t.proc)), redo};
  return sim.invoke(c.t, Value::func(helper), a);
}

Outcome replay_user_strings(Call& c) {
  Kernel& sim = c.sim;
  auto* strs = sim.as<ListObject>(c.arg(0));
  auto* methods = sim.as<ListObject>(c.arg(1));
  auto* redo = sim.as<TupleObject>(c.arg(2));
  std::vector<StrId> given;
  for (std::size_t i = 0; i < strs->items.size(); ++i) {
    const Value s = strs->items[i];
    if (s.tag == Tag::Str) {
      given.push_back(s.as_str());
      continue;
    }
    const auto* m = sim.as<BoundMethodObject>(methods->items[i]);
    std::string name = m && m->fn.tag == Tag::Func ? sim.program().functions[m->fn.i].name : "__str__";
    if (const auto* fo = m ? sim.as<FunctionObject>(m->fn) : nullptr) name = sim.program().functions[fo->fn].name;
    name = name.substr(name.rfind('.') + 1);
    return sim.raise(c.t, "TypeError", name + " returned non-string (type " + type_name(sim, s) + ")");
  }
  const std::vector<Value> r = redo->items; // a copy: the call may make objects
  Kernel::UserStrings saved = std::move(sim.user_strings);
  sim.user_strings = {.mode = Kernel::UserStrings::Mode::Replay, .wanted = {}, .given = std::move(given), .next = 0, .raised = false};
  Outcome o = Outcome::Done;
  switch (static_cast<Redo>(r[0].i)) {
  case Redo::Native: {
    const auto* args = sim.as<TupleObject>(r[2]);
    Call inner{sim, c.t, args->items};
    o = sim.dispatch_native(static_cast<Native>(r[1].i), inner);
    c.ret = inner.ret;
    break;
  }
  case Redo::StrMethod: {
    const auto* args = sim.as<TupleObject>(r[3]);
    const auto* names = sim.as<TupleObject>(r[4]);
    std::vector<StrId> kwnames;
    for (Value n : names->items) kwnames.push_back(n.as_str());
    Call inner{sim, c.t, args->items, Value{}, kwnames};
    o = call_str_method(inner, r[1], r[2].as_str());
    c.ret = inner.ret;
    break;
  }
  case Redo::Percent: o = str_percent(sim, c.t, r[1], r[2], c.ret) ? Outcome::Done : Outcome::Raised; break;
  }
  sim.user_strings = std::move(saved);
  return o;
}

Outcome enter_with(Call& c, Value mgr) {
  Kernel& sim = c.sim;
  Value enter, exit;
  const Object& o = *sim.object(mgr.as_obj());
  if (!special_method(sim, o, "__enter__", enter) || !special_method(sim, o, "__exit__", exit))
    return sim.raise(c.t, "TypeError", "'" + type_name(sim, mgr) + "' object does not support the context manager protocol");
  return call_user_method(c, mgr, enter);
}

Outcome with_exit(Call& c, Value mgr, bool raised) {
  Kernel& sim = c.sim;
  const Object* o = mgr.is_obj() ? sim.object(mgr.as_obj()) : nullptr;
  Value exit;
  if (raised && sim.as<GeneratorContextManager>(mgr)) return context_manager_throw(c, mgr);
  if (raised && suppress_exit(sim, c.t, mgr)) return Outcome::Done;
  if (!o || o->cls == kNone || !special_method(sim, *o, "__exit__", exit)) { // a lock, a condition, a contextmanager
    Call inner{sim, c.t, {}};
    const Outcome r = call_method_by_name(inner, mgr, sym_id(Sym::release));
    c.ret = inner.ret;
    return r;
  }
  if (!raised) {
    const Value none[3] = {Value::none(), Value::none(), Value::none()};
    Call inner{sim, c.t, none};
    const Outcome r = call_user_method(inner, mgr, exit);
    c.ret = inner.ret;
    return r;
  }
  const FuncId helper = sim.prelude("$with_exit");
  if (helper == kNone) return sim.raise(c.t, "RuntimeError", "the __exit__ helper is missing");
  const Value e = exception_object(sim, c.t.exc, c.t.proc);
  c.t.exc = {}; // handled while __exit__ runs; $with_exit raises it again unless __exit__ swallows it
  auto tb = std::make_unique<InstanceObject>(); // <traceback object at 0x...>
  tb->cls_name = "traceback";
  const Value a[4] = {exit, mgr, e, Value::obj(sim.add_object(std::move(tb), c.t.proc))};
  return sim.invoke(c.t, Value::func(helper), a);
}

Outcome user_iter(Call& c, Value v, bool raw) {
  Kernel& sim = c.sim;
  Value m;
  if (!special_method(sim, *sim.object(v.as_obj()), "__iter__", m))
    return sim.raise(c.t, "TypeError", "'" + type_name(sim, v) + "' object is not iterable");
  const Value a[1] = {v};
  return sim.invoke(c.t, Value::func(sim.prelude(raw ? "$iter_raw" : "$iter_user")), a);
}

Outcome user_next(Call& c, Value v, Value fallback) {
  Kernel& sim = c.sim;
  Value m;
  if (!special_method(sim, *sim.object(v.as_obj()), "__next__", m))
    return sim.raise(c.t, "TypeError", "'" + type_name(sim, v) + "' object is not an iterator");
  if (fallback.tag == Tag::Unbound) {
    Call inner{sim, c.t, {}};
    const Outcome o = call_user_method(inner, v, m);
    c.ret = inner.ret;
    return o;
  }
  const Value a[2] = {v, fallback};
  return sim.invoke(c.t, Value::func(sim.prelude("$next_default")), a);
}

Outcome make_iterator(Call& c, Value x, Value sentinel) {
  Kernel& sim = c.sim;
  if (sentinel.tag != Tag::Unbound) {
    if (!is_callable(sim, x)) return sim.raise(c.t, "TypeError", "iter(v, w): v must be callable");
    const Value a[2] = {x, sentinel};
    return sim.invoke(c.t, Value::func(sim.prelude("$iter_call")), a);
  }
  if (sim.as<GeneratorObject>(x) || sim.as<IteratorObject>(x)) { // an iterator's iterator is itself
    c.ret = x;
    return Outcome::Done;
  }
  if (x.is_obj() && sim.object(x.as_obj())->cls != kNone) return user_iter(c, x, true);
  std::string type;
  if (x.tag == Tag::Str) {
    const std::string& text = sim.str(x.as_str());
    type = std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; })
               ? "str_ascii_iterator" : "str_iterator";
  } else if (sim.as<DictObject>(x)) {
    type = "dict_keyiterator";
  } else if (sim.as<SetObject>(x)) {
    type = "set_iterator";
  } else if (sim.as<ListObject>(x)) { // a list, a tuple, a range
    type = std::string(sim.object(x.as_obj())->kind()) + "_iterator";
  } else {
    return sim.raise(c.t, "TypeError", "'" + type_name(sim, x) + "' object is not iterable");
  }
  auto it = std::make_unique<IteratorObject>();
  it->type = std::move(type);
  it->seq = x;
  c.ret = Value::obj(sim.add_object(std::move(it), c.t.proc));
  return Outcome::Done;
}

namespace {

constexpr std::string_view kCompareMethods[] = {"__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"};
constexpr int kReflected[] = {2, 3, 0, 1, 4, 5}; // a < b is b > a
constexpr const char* kCompareSymbols[] = {"<", "<=", ">", ">=", "==", "!="};

bool same_kind_sequences(const Kernel& sim, Value a, Value b) {
  const auto* la = sim.as<ListObject>(a);
  const auto* lb = sim.as<ListObject>(b);
  return la && lb && la->kind() == lb->kind() && !sim.as<RangeObject>(a);
}

Outcome invoke_helper(Kernel& sim, Thread& t, std::string_view name, std::span<const Value> args) {
  const FuncId helper = sim.prelude(name);
  if (helper == kNone) return sim.raise(t, "RuntimeError", "the runtime helper " + std::string(name) + " is missing");
  return sim.invoke(t, Value::func(helper), args);
}

} // namespace

bool compares_by_methods(const Kernel& sim, Value v) {
  if (!v.is_obj()) return false;
  const Object& o = *sim.object(v.as_obj());
  if (o.cls == kNone) return false;
  Value m;
  for (std::string_view name : kCompareMethods)
    if (special_method(sim, o, name, m)) return true;
  return false;
}

bool defines_eq(const Kernel& sim, const Object& o) {
  Value m;
  return special_method(sim, o, "__eq__", m);
}

Outcome compare_objects(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out) {
  const int k = static_cast<int>(op) - static_cast<int>(Op::Lt);
  if (compares_by_methods(sim, a) || compares_by_methods(sim, b)) {
    const Value args[3] = {a, b, Value::integer(k)};
    return invoke_helper(sim, t, "$richcmp", args);
  }
  sim.user_compare = false;
  const auto seqcmp = [&] {
    const Value args[3] = {a, b, Value::integer(k)};
    return invoke_helper(sim, t, "$seqcmp", args);
  };
  if (op == Op::Eq || op == Op::Ne) {
    const bool e = interp_detail::equal(sim, a, b);
    if (sim.user_compare && same_kind_sequences(sim, a, b)) return seqcmp();
    out = Value::boolean(op == Op::Eq ? e : !e);
    return Outcome::Done;
  }
  if (a.is_obj() && b.is_obj() && interp_detail::set_compare(sim, t, op, a, b, out)) return Outcome::Done;
  bool ok;
  const int c = compare_values(sim, a, b, ok);
  if (sim.user_compare && same_kind_sequences(sim, a, b)) return seqcmp();
  if (!ok)
    return sim.raise(t, "TypeError", std::string("'") + kCompareSymbols[k] + "' not supported between instances of '" +
                                         type_name(sim, a) + "' and '" + type_name(sim, b) + "'");
  out = Value::boolean(c != 2 && (op == Op::Lt ? c < 0 : op == Op::Le ? c <= 0 : op == Op::Gt ? c > 0 : c >= 0)); // 2: a NaN
  return Outcome::Done;
}

Outcome compare_native(Call& c, Native n) {
  Kernel& sim = c.sim;
  const int k = static_cast<int>(c.arg(n == Native::special_cmp ? 1 : 2).i);
  if (k < 0 || k > 5) return sim.raise(c.t, "SystemError", "bad comparison");
  switch (n) {
  case Native::special_cmp: { // x's own method for comparison k (reflected: the one b OP a calls)
    const Value x = c.arg(0);
    const int want = c.arg(2).i ? kReflected[k] : k;
    Value m;
    c.ret = Value::none();
    if (x.is_obj() && sim.object(x.as_obj())->cls != kNone && special_method(sim, *sim.object(x.as_obj()), kCompareMethods[want], m)) {
      auto bound = std::make_unique<BoundMethodObject>();
      bound->self = x;
      bound->fn = m;
      c.ret = Value::obj(sim.add_object(std::move(bound), c.t.proc));
    }
    return Outcome::Done;
  }
  case Native::cmp_default: // no method answered: == and != by identity, the orderings are not supported
    if (k >= 4) {
      const bool same = c.arg(0).tag == c.arg(1).tag && c.arg(0).i == c.arg(1).i;
      c.ret = Value::boolean(k == 4 ? same : !same);
      return Outcome::Done;
    }
    return sim.raise(c.t, "TypeError", std::string("'") + kCompareSymbols[k] + "' not supported between instances of '" +
                                           type_name(sim, c.arg(0)) + "' and '" + type_name(sim, c.arg(1)) + "'");
  case Native::rich_compare:
    return compare_objects(sim, c.t, static_cast<Op>(static_cast<int>(Op::Lt) + k), c.arg(0), c.arg(1), c.ret);
  default: return sim.raise(c.t, "SystemError", "not a comparison native");
  }
}

Value not_implemented(Kernel& sim) {
  if (sim.not_implemented == kNone) {
    auto o = std::make_unique<SingletonObject>();
    o->type = "NotImplementedType";
    o->text = "NotImplemented";
    sim.not_implemented = sim.add_object(std::move(o), 0);
  }
  return Value::obj(sim.not_implemented);
}

bool truth_by_methods(const Kernel& sim, Value v) {
  if (!v.is_obj()) return false;
  const Object& o = *sim.object(v.as_obj());
  Value m;
  return o.cls != kNone && (special_method(sim, o, "__bool__", m) || special_method(sim, o, "__len__", m));
}

Outcome protocol_check(Call& c, Value obj, Value result, int what) {
  Kernel& sim = c.sim;
  Value m;
  const Object* o = obj.is_obj() ? sim.object(obj.as_obj()) : nullptr;
  switch (what) {
  case 0: // __len__
    if (result.tag != Tag::Int && result.tag != Tag::Bool)
      return sim.raise(c.t, "TypeError", "'" + type_name(sim, result) + "' object cannot be interpreted as an integer");
    if (result.i < 0) return sim.raise(c.t, "ValueError", "__len__() should return >= 0");
    c.ret = Value::integer(result.i);
    return Outcome::Done;
  case 1: // __bool__
    if (result.tag != Tag::Bool)
      return sim.raise(c.t, "TypeError", "__bool__ should return bool, returned " + type_name(sim, result));
    c.ret = result;
    return Outcome::Done;
  case 2: // x in obj
    if (o && special_method(sim, *o, "__contains__", m)) c.ret = Value::integer(1);
    else if (o && special_method(sim, *o, "__iter__", m)) c.ret = Value::integer(2);
    else return sim.raise(c.t, "TypeError", "argument of type '" + type_name(sim, obj) + "' is not iterable");
    return Outcome::Done;
  default: // truth
    c.ret = Value::integer(o && special_method(sim, *o, "__bool__", m) ? 1 : 2);
    return Outcome::Done;
  }
}

Outcome user_item(Call& c, Value self, bool set) {
  Kernel& sim = c.sim;
  Value m;
  if (!special_method(sim, *sim.object(self.as_obj()), set ? "__setitem__" : "__getitem__", m))
    return sim.raise(c.t, "TypeError", "'" + type_name(sim, self) + "' object " + (set ? "does not support item assignment" : "is not subscriptable"));
  const Outcome o = call_user_method(c, self, m);
  if (o == Outcome::Invoked && set) c.t.frames.back().discard_result = true; // a store has no value
  return o;
}

Outcome sort_by_methods(Call& c, Value items, Value keys, std::int64_t op, Value target) {
  const Value args[4] = {items, keys, Value::integer(op), target};
  return invoke_helper(c.sim, c.t, "$keyed_py", args);
}

} // namespace il
