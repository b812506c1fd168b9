// The interpreter's step as a template over the runtime K (the simulator, real threads), so K's hooks inline
// into the hottest loop instead of costing a virtual call per instruction. Include it only where step<K> is
// explicitly instantiated: interp.cpp for Sim, the real-thread runtime for its own.
//
// K derives from Kernel, is final, and provides (non-virtual, or Kernel's virtuals made direct by final):
//   Value load_global(const Thread& t, int slot);   // t's process's global `slot` (LoadGlobal)
//   void store_global(Thread& t, int slot, Value v); // (StoreGlobal)
//   void note_progress();                           // a store or loop step happened (Kernel's virtual)
//   Outcome native_call(Native n, Call& c);          // a runtime call (Native): il::call_native, or K's own
// Everything else goes through Kernel: program(), str(), intern(), object(), as<T>(), add_object(), raise(),
// invoke(), repr(), and objects' and natives' calls with Call::sim.
#pragma once
#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/suggest.hpp"

namespace il {

// [SECTION] helpers (interp.cpp)

namespace interp_detail {
// A set of items; folded: as CPython 3.11 makes a display of three or more constants, a frozenset constant
// merged into a new set (whose table is then presized for them).
bool build_set(Kernel& sim, Thread& t, std::span<const Value> items, bool folded, Value& out);
// Three-way comparison of numbers or strings; ok is false for anything else.
int compare(const Kernel& sim, Value a, Value b, bool& ok);
// The first variable an object is stored in names it (shown in the trace and the UI).
void name_object(Kernel& sim, Value v, const std::string& var);
// `item in container` for strings, lists, tuples and dicts, or false with TypeError raised.
bool contains(Kernel& sim, Thread& t, Value container, Value item, bool& found);
} // namespace interp_detail

// [SECTION] method calls

// obj.method(*c.args) with c.kwnames: a str's method, a user class's, or a simulated object's (inline: the
// interpreter's hottest call).
inline Outcome call_method(Call& c, Value self, StrId m) {
  Kernel& sim = c.sim;
  Value method;
  if (self.tag == Tag::Str) return call_str_method(c, self, m);
  if (self.tag == Tag::Float || self.tag == Tag::Int) [[unlikely]] return call_number_method(c, self, m);
  if (self.is_obj() && sim.object(self.as_obj())->cls != kNone && user_method(sim, self, m, method))
    return call_user_method(c, self, method);
  if (!self.is_obj())
    return sim.raise(c.t, "AttributeError", "'" + type_name(sim, self) + "' object has no attribute '" + sim.str(m) + "'");
  if (sim.template as<ClassObject>(self) && class_lookup(sim, self.as_obj(), m, method)) // Base.method(self, ...):
    return call_value(c, class_attribute(sim, c.t, self.as_obj(), method)); // the class's function, self as written
  Object* o = sim.object(self.as_obj());
  if (c.kwnames.empty() || o->reads_keywords(sim, m))
    return m < static_cast<StrId>(Sym::count_) ? o->call(c, static_cast<Sym>(m)) : o->call_named(c, m);
  if (sim.template as<ListObject>(self) || sim.template as<DictObject>(self) || sim.template as<SetObject>(self))
    return sim.raise(c.t, "TypeError", type_name(sim, self) + "." + sim.str(m) + "() takes no keyword arguments");
  std::vector<Value> positional; // the simulated objects' methods take positional arguments
  if (!bind_native_keywords(c, type_name(sim, self), m, positional)) return Outcome::Raised;
  Call inner{sim, c.t, positional};
  const Outcome out = m < static_cast<StrId>(Sym::count_) ? o->call(inner, static_cast<Sym>(m)) : o->call_named(inner, m);
  c.ret = inner.ret;
  return out;
}

// [SECTION] the step

template <class K> Step Interp::step(K& sim, Thread& t) {
  static_assert(std::is_base_of_v<Kernel, K> && std::is_final_v<K>, "K is a final Kernel: its hooks inline");
  using namespace interp_detail;
  Frame& f = t.frames.back();
  const Function& fn = sim.program().functions[f.fn];
  const Instr in = fn.code[f.pc++];
  std::vector<Value>& st = t.stack;
  auto pop = [&] {
    Value v = st.back();
    st.pop_back();
    return v;
  };
  auto finish_call = [&](Outcome o, Value ret) -> Step {
    switch (o) {
    case Outcome::Done: st.push_back(ret); return Step::Continue;
    case Outcome::Blocked: return t.state == ThreadState::Running ? Step::Continue : Step::Left;
    case Outcome::Raised: unwind(sim, t); return Step::Continue;
    case Outcome::Invoked: return Step::Continue;
    case Outcome::Worked: return Step::Worked;
    }
    return Step::Continue;
  };

  switch (in.op) {
  case Op::Nop: break;
  case Op::Const: st.push_back(fn.consts[in.a]); break;
  case Op::LoadLocal: {
    Value v = st[f.locals_base + in.a]; // copy first: push_back may reallocate the stack
    if (v.tag == Tag::Unbound) [[unlikely]] {
      sim.raise(t, "UnboundLocalError", "cannot access local variable '" + fn.local_names[in.a] + "' where it is not associated with a value");
      unwind(sim, t);
      break;
    }
    st.push_back(v);
    break;
  }
  case Op::StoreLocal: {
    Value v = pop();
    if (v.is_obj()) name_object(sim, v, fn.local_names[in.a]);
    st[f.locals_base + in.a] = v;
    sim.note_progress();
    break;
  }
  case Op::LoadGlobal: {
    Value v = sim.load_global(t, in.a);
    if (v.tag == Tag::Unbound) [[unlikely]] {
      sim.raise(t, "NameError", "name '" + sim.program().globals[in.a] + "' is not defined");
      unwind(sim, t);
      break;
    }
    st.push_back(v);
    break;
  }
  case Op::StoreGlobal: {
    Value v = pop();
    if (v.is_obj()) name_object(sim, v, sim.program().globals[in.a]);
    sim.store_global(t, in.a, v);
    sim.note_progress();
    break;
  }
  case Op::Pop: st.pop_back(); break;
  case Op::Dup: {
    Value v = st.back();
    st.push_back(v);
    break;
  }
  case Op::Swap: std::swap(st[st.size() - 1], st[st.size() - 2]); break;
  case Op::Add:
  case Op::Sub:
  case Op::Mul:
  case Op::Div:
  case Op::FloorDiv:
  case Op::Mod:
  case Op::Pow:
  case Op::BitOr:
  case Op::BitAnd:
  case Op::BitXor:
  case Op::LShift:
  case Op::RShift: {
    Value b = pop(), a = pop();
    std::int64_t sum;
    if (in.op == Op::Add && a.tag == Tag::Int && b.tag == Tag::Int && !__builtin_add_overflow(a.i, b.i, &sum)) {
      st.push_back(Value::integer(sum)); // the hot `number += 1`
      break;
    }
    Value r;
    if (in.op == Op::Mod && a.tag == Tag::Str && b.is_obj()) [[unlikely]] { // may call __str__/__repr__
      const Outcome o = percent_strings(sim, t, a, b, r);
      if (o == Outcome::Raised) unwind(sim, t);
      else if (o == Outcome::Done) st.push_back(r);
      break; // Invoked: the helper's result comes back as the operation's
    }
    if (!arith(sim, t, in.op, a, b, r, in.b == 1)) {
      unwind(sim, t);
      break;
    }
    st.push_back(r);
    break;
  }
  case Op::Neg: {
    Value a = pop();
    if (a.tag == Tag::Float) st.push_back(Value::real(-a.f));
    else if (a.is_number() && a.i != INT64_MIN) st.push_back(Value::integer(-a.i));
    else {
      if (a.is_number()) sim.raise(t, "OverflowError", "integer result does not fit the simulator's 64-bit ints");
      else sim.raise(t, "TypeError", "bad operand type for unary -");
      unwind(sim, t);
    }
    break;
  }
  case Op::Invert: {
    Value a = pop();
    if (a.tag == Tag::Int || a.tag == Tag::Bool) st.push_back(Value::integer(~a.i));
    else {
      sim.raise(t, "TypeError", "bad operand type for unary ~: '" + type_name(sim, a) + "'");
      unwind(sim, t);
    }
    break;
  }
  case Op::Lt:
  case Op::Le:
  case Op::Gt:
  case Op::Ge: {
    Value b = pop(), a = pop();
    if (a.is_obj() || b.is_obj()) [[unlikely]] { // sets, sequences, instances that compare by their methods
      Value r;
      const Outcome o = compare_objects(sim, t, in.op, a, b, r);
      if (o == Outcome::Raised) unwind(sim, t);
      else if (o == Outcome::Done) st.push_back(r);
      break; // Invoked: the helper's result comes back as the comparison's
    }
    bool ok;
    int c = compare(sim, a, b, ok);
    if (!ok) {
      static constexpr const char* kSymbols[] = {"<", "<=", ">", ">="};
      sim.raise(t, "TypeError", std::string("'") + kSymbols[static_cast<int>(in.op) - static_cast<int>(Op::Lt)] +
                                    "' not supported between instances of '" + type_name(sim, a) + "' and '" + type_name(sim, b) + "'");
      unwind(sim, t);
      break;
    }
    bool r = c != 2 && (in.op == Op::Lt ? c < 0 : in.op == Op::Le ? c <= 0 : in.op == Op::Gt ? c > 0 : c >= 0); // 2: a NaN
    st.push_back(Value::boolean(r));
    break;
  }
  case Op::Eq:
  case Op::Ne: {
    Value b = pop(), a = pop();
    if (a.is_obj() || b.is_obj()) [[unlikely]] {
      Value r;
      const Outcome o = compare_objects(sim, t, in.op, a, b, r);
      if (o == Outcome::Raised) unwind(sim, t);
      else if (o == Outcome::Done) st.push_back(r);
      break;
    }
    bool e = equal(sim, a, b);
    st.push_back(Value::boolean(in.op == Op::Eq ? e : !e));
    break;
  }
  case Op::Not:
  case Op::JumpIfFalse:
  case Op::JumpIfTrue: {
    const Value v = st.back();
    if (v.is_obj() && sim.object(v.as_obj())->cls != kNone && truth_by_methods(sim, v)) [[unlikely]] {
      // __bool__ or __len__: $truth's bool takes the value's place, and this instruction runs again with it
      st.pop_back();
      --f.pc;
      const Value a[1] = {v};
      sim.invoke(t, Value::func(sim.prelude("$truth")), a);
      break;
    }
    if (in.op == Op::Not) st.back() = Value::boolean(!truthy(sim, v));
    else if (st.pop_back(), truthy(sim, v) == (in.op == Op::JumpIfTrue)) f.pc = in.a;
    break;
  }
  case Op::Jump:
  case Op::JumpBack: f.pc = in.a; break;
  case Op::ForRange: {
    Value& i = st[f.locals_base + in.b];
    const Value& n = st[f.locals_base + in.b + 1];
    if (i.i < n.i) {
      Value cur = i;
      ++i.i;
      st.push_back(cur);
      sim.note_progress();
    } else {
      f.pc = in.a;
    }
    break;
  }
  case Op::Call: {
    const Function& callee = sim.program().functions[in.a];
    if (!callee.simple()) [[unlikely]] { // keyword-only parameters, *args, **kwargs or cells: bound in full
      call_bound(sim, t, in.a, in.b);
      break;
    }
    const int extra = callee.defaults.empty() && callee.nparams == in.b ? 0 : callee.defaults_for(in.b);
    if (extra < 0) {
      st.resize(st.size() - in.b);
      sim.raise(t, "TypeError", arity_error(callee, in.b));
      unwind(sim, t);
      break;
    }
    for (int k = 0; k < extra; ++k) st.push_back(callee.defaults[callee.defaults.size() - extra + k]);
    push_frame(sim, t, in.a, in.b + extra);
    break;
  }
  case Op::CallValue:
  case Op::CallKw: {
    Value callee = st[st.size() - 1 - in.b];
    std::vector<Value> args(st.end() - in.b, st.end());
    st.resize(st.size() - in.b - 1);
    Call c{sim, t, args};
    if (in.op == Op::CallKw) c.kwnames = sim.program().kwcalls[in.a].names;
    return finish_call(call_value(c, callee), c.ret);
  }
  case Op::CallEx: {
    Value ret;
    const Outcome o = call_spread(sim, t, in.a, in.b, ret);
    return finish_call(o, ret);
  }
  case Op::Return: {
    Value v = pop();
    if (f.generator != kNone) [[unlikely]] {
      generator_return(sim, t, v);
      break;
    }
    if (f.returns_self) v = f.self_value;
    const bool keep = !f.discard_result;
    st.resize(f.locals_base);
    t.frames.pop_back();
    if (!t.frames.empty() && keep) st.push_back(v);
    break;
  }
  case Op::Native: {
    std::vector<Value> args(st.end() - in.b, st.end());
    st.resize(st.size() - in.b);
    Call c{sim, t, args};
    Outcome o = sim.native_call(static_cast<Native>(in.a), c);
    return finish_call(o, c.ret);
  }
  case Op::CallMethod:
  case Op::BeforeWith:
  case Op::CallMethodKw: {
    std::vector<Value> args(st.end() - in.b, st.end());
    st.resize(st.size() - in.b);
    Value self = pop();
    Call c{sim, t, args};
    if (in.op == Op::BeforeWith && self.is_obj() && sim.object(self.as_obj())->cls != kNone) [[unlikely]]
      return finish_call(enter_with(c, self), c.ret); // a user class's __enter__
    StrId method = in.a;
    if (in.op == Op::CallMethodKw) {
      const Program::KwCall& kw = sim.program().kwcalls[in.a];
      method = kw.method;
      c.kwnames = kw.names;
    }
    return finish_call(call_method(c, self, method), c.ret);
  }
  case Op::GetAttr: {
    Value self = pop();
    Value out, getter = Value::unbound();
    if (!load_attribute(sim, t, self, in.a, out, &getter)) {
      unwind(sim, t);
      break;
    }
    if (getter.tag == Tag::Unbound) [[likely]] {
      st.push_back(out);
      break;
    }
    Call c{sim, t, {}}; // a property: its fget(self) is the value
    return finish_call(call_user_method(c, self, getter), c.ret);
  }
  case Op::SetAttr: {
    Value v = pop();
    Value self = pop();
    if (const DescriptorObject* p = class_property(sim, self, in.a)) [[unlikely]] {
      Call c{sim, t, {}};
      if (set_property(c, self, *p, in.a, v, false, true) == Outcome::Raised) unwind(sim, t);
      break;
    }
    const bool stored = self.is_obj() && (sim.object(self.as_obj())->set_attr(sim, t, in.a, v) ||
                                          (!t.exc.active() && user_set_attr(sim, self, in.a, v)));
    if (!stored) {
      if (!t.exc.active()) sim.raise(t, "AttributeError", "'" + type_name(sim, self) + "' object has no attribute '" + sim.str(in.a) + "'");
      unwind(sim, t);
    }
    break;
  }
  case Op::SetupTry: f.handlers.push_back({in.a, static_cast<int>(st.size())}); break;
  case Op::PopTry: f.handlers.pop_back(); break;
  case Op::ExcMatch:
    st.push_back(Value::boolean(sim.exception_matches(sim.str(t.exc.type), sim.str(in.a))));
    break;
  case Op::Reraise:
    if (t.exc.active()) unwind(sim, t);
    break;
  case Op::ClearExc: t.exc = {}; break;
  case Op::Raise: {
    Value msg = pop(), type = pop();
    std::string ty = type.tag == Tag::Str ? sim.str(type.as_str()) : "Exception";
    std::string m = msg.tag == Tag::Str ? sim.str(msg.as_str()) : sim.repr(msg);
    sim.raise(t, ty, m);
    unwind(sim, t);
    break;
  }
  case Op::BuildList: {
    auto l = std::make_unique<ListObject>();
    l->items.assign(st.end() - in.a, st.end());
    st.resize(st.size() - in.a);
    st.push_back(Value::obj(sim.add_object(std::move(l), t.proc)));
    break;
  }
  case Op::BuildSet: {
    Value r;
    const std::span<const Value> items(st.data() + st.size() - in.a, static_cast<std::size_t>(in.a));
    const bool ok = build_set(sim, t, items, in.b == 1, r);
    st.resize(st.size() - in.a);
    if (!ok) {
      unwind(sim, t);
      break;
    }
    st.push_back(r);
    break;
  }
  case Op::SetAdd: { // only compiled set comprehensions emit it, on their own set
    Value v = pop(), s = pop();
    auto* set = sim.template as<SetObject>(s);
    std::int64_t h = 0;
    if (!hash_value(sim, t, v, h)) {
      unwind(sim, t);
      break;
    }
    set->add(sim, v, h);
    break;
  }
  case Op::BuildTuple: {
    auto l = std::make_unique<TupleObject>();
    l->items.assign(st.end() - in.a, st.end());
    st.resize(st.size() - in.a);
    st.push_back(Value::obj(sim.add_object(std::move(l), t.proc)));
    break;
  }
  case Op::Unpack: {
    Value v = pop();
    auto* l = sim.template as<ListObject>(v);
    if (!l) {
      sim.raise(t, "TypeError", "cannot unpack non-iterable " + type_name(sim, v) + " object");
      unwind(sim, t);
      break;
    }
    const auto n = static_cast<std::int64_t>(l->items.size());
    if (in.b > 0) [[unlikely]] { // a, *rest, b = ...: the starred target takes a list of what the others leave
      const std::int64_t before = in.b - 1, after = in.a - in.b;
      if (n < before + after) {
        sim.raise(t, "ValueError", "not enough values to unpack (expected at least " + std::to_string(before + after) + ", got " + std::to_string(n) + ")");
        unwind(sim, t);
        break;
      }
      const std::vector<Value> items = l->items; // a copy: add_object may not move it, but the stack may
      for (std::int64_t i = n; i-- > n - after;) st.push_back(items[static_cast<std::size_t>(i)]);
      auto rest = std::make_unique<ListObject>();
      rest->items.assign(items.begin() + before, items.end() - after);
      st.push_back(Value::obj(sim.add_object(std::move(rest), t.proc)));
      for (std::int64_t i = before; i-- > 0;) st.push_back(items[static_cast<std::size_t>(i)]);
      break;
    }
    if (n != in.a) {
      sim.raise(t, "ValueError", n < in.a ? "not enough values to unpack (expected " + std::to_string(in.a) + ", got " + std::to_string(n) + ")"
                                          : "too many values to unpack (expected " + std::to_string(in.a) + ")");
      unwind(sim, t);
      break;
    }
    for (std::int64_t i = n; i-- > 0;) st.push_back(l->items[static_cast<std::size_t>(i)]);
    break;
  }
  case Op::GetItem:
  case Op::SetItem: {
    const int n = in.op == Op::GetItem ? 1 : 2; // key (and value) above the container
    Value args[2] = {st[st.size() - n], n == 2 ? st.back() : Value::none()};
    st.resize(st.size() - n);
    Value self = pop();
    Value out;
    Outcome o;
    if (self.tag == Tag::Str && in.op == Op::GetItem) {
      o = str_getitem(sim, t, self, args[0], out) ? Outcome::Done : Outcome::Raised;
    } else if (!self.is_obj()) {
      o = sim.raise(t, "TypeError", "'" + type_name(sim, self) + "' object " +
                                        (in.op == Op::GetItem ? "is not subscriptable" : "does not support item assignment"));
    } else if (sim.object(self.as_obj())->cls != kNone) [[unlikely]] { // __getitem__, __setitem__
      Call c{sim, t, std::span<const Value>(args, static_cast<std::size_t>(n))};
      o = user_item(c, self, in.op == Op::SetItem);
      out = c.ret;
      if (o == Outcome::Invoked) break;
    } else {
      Call c{sim, t, std::span<const Value>(args, static_cast<std::size_t>(n))};
      o = sim.object(self.as_obj())->call(c, in.op == Op::GetItem ? Sym::getitem : Sym::setitem);
      out = c.ret;
    }
    if (o == Outcome::Blocked) return finish_call(o, out); // a proxy's round trip: see Kernel::push_result
    if (o == Outcome::Raised) {
      unwind(sim, t);
      break;
    }
    if (in.op == Op::GetItem) st.push_back(out);
    break;
  }
  case Op::Is: {
    Value b = pop(), a = pop();
    st.push_back(Value::boolean(a.tag == b.tag && (a.tag == Tag::None || a.i == b.i)));
    break;
  }
  case Op::In: {
    Value container = pop(), item = pop();
    if (container.is_obj() && sim.object(container.as_obj())->cls != kNone) [[unlikely]] { // __contains__, __iter__
      const Value a[2] = {container, item};
      sim.invoke(t, Value::func(sim.prelude("$contains_user")), a);
      break;
    }
    bool found = false;
    sim.user_compare = false;
    if (!contains(sim, t, container, item, found)) {
      unwind(sim, t);
      break;
    }
    if (sim.user_compare && sim.template as<ListObject>(container)) [[unlikely]] { // items with __eq__
      const Value a[2] = {container, item};
      sim.invoke(t, Value::func(sim.prelude("$contains")), a);
      break;
    }
    st.push_back(Value::boolean(found));
    break;
  }
  case Op::ListAppend: {
    Value v = pop(), l = pop();
    sim.template as<ListObject>(l)->items.push_back(v); // only compiled comprehensions emit it, on their own list
    break;
  }
  case Op::MakeFunction: make_function(sim, t, in.a, in.b); break;
  case Op::LoadDeref: {
    const Value v = sim.template as<CellObject>(st[f.locals_base + in.a])->value;
    if (v.tag == Tag::Unbound) [[unlikely]] {
      const std::string& n = fn.local_names[in.a];
      const bool own = std::find(fn.cell_slots.begin(), fn.cell_slots.end(), in.a) != fn.cell_slots.end();
      if (own) sim.raise(t, "UnboundLocalError", "cannot access local variable '" + n + "' where it is not associated with a value");
      else sim.raise(t, "NameError", "cannot access free variable '" + n + "' where it is not associated with a value in enclosing scope");
      unwind(sim, t);
      break;
    }
    st.push_back(v);
    break;
  }
  case Op::StoreDeref: {
    Value v = pop();
    if (v.is_obj()) name_object(sim, v, fn.local_names[in.a]);
    sim.template as<CellObject>(st[f.locals_base + in.a])->value = v;
    sim.note_progress();
    break;
  }
  case Op::Yield: yield_value(sim, t); break;
  case Op::ForIter:
    if (!for_iter(sim, t, in.b, in.a)) f.pc = in.a;
    break;
  case Op::Send: send_step(sim, t, in.b, in.a); break;
  case Op::count_: break;
  }
  return Step::Continue;
}

} // namespace il
