// The interpreter loop body: one instruction per call, arithmetic with Python's rules for int/float/str,
// calls and returns on explicit frames, try/except unwinding, and dispatch to natives and object methods.
#include "interp.hpp"

#include <climits>
#include <cmath>
#include <cstdio>

#include "objects.hpp"

namespace il {

// [SECTION] frames and exceptions

void Interp::push_frame(Kernel& sim, Thread& t, FuncId fn, int nargs) {
  const Function& f = sim.program().functions[fn];
  Frame fr;
  fr.fn = fn;
  fr.locals_base = static_cast<int>(t.stack.size()) - nargs;
  t.stack.resize(fr.locals_base + f.nlocals);
  fr.stack_base = fr.locals_base + f.nlocals;
  t.frames.push_back(std::move(fr));
}

bool Interp::at_switch_point(const Kernel& sim, const Thread& t) {
  // CPython 3.11 checks its eval breaker at backward jumps, on entry to a Python function, and right after
  // every call into C (a builtin or a method such as lock.acquire()).
  const Frame& f = t.frames.back();
  const std::vector<Instr>& code = sim.program().functions[f.fn].code;
  Op op = code[f.pc].op;
  if (op == Op::JumpBack || op == Op::Call || op == Op::CallValue) return true;
  if (f.pc == 0) return false;
  Op prev = code[f.pc - 1].op;
  return prev == Op::Native || prev == Op::CallMethod;
}

std::string arity_error(const Function& fn, int given) {
  auto plural = [](int n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
  };
  if (given < fn.nparams) {
    int missing = fn.nparams - given;
    std::string names;
    for (int i = given; i < fn.nparams; ++i) {
      names += "'" + fn.local_names[i] + "'";
      if (i + 2 < fn.nparams) names += ", ";
      else if (i + 2 == fn.nparams) names += fn.nparams - given > 2 ? ", and " : " and ";
    }
    return fn.name + "() missing " + plural(missing, "required positional argument") + ": " + names;
  }
  return fn.name + "() takes " + plural(fn.nparams, "positional argument") + " but " + std::to_string(given) +
         (given == 1 ? " was" : " were") + " given";
}

bool exception_matches(std::string_view type, std::string_view pattern) {
  if (pattern.empty() || pattern == "BaseException" || type == pattern) return true;
  // SystemExit derives from BaseException only: `except Exception` lets sys.exit() through.
  if (pattern == "Exception") return type != "SystemExit" && type != "KeyboardInterrupt";
  // The few subclass relations the simulated standard library has.
  if (pattern == "RuntimeError" && type == "BrokenBarrierError") return true;
  if (pattern == "ArithmeticError" && type == "ZeroDivisionError") return true;
  if ((pattern == "OSError" || pattern == "ConnectionError") && type == "BrokenPipeError") return true;
  return false;
}

void Interp::unwind(Kernel& sim, Thread& t) {
  while (!t.frames.empty()) {
    Frame& f = t.frames.back();
    if (!f.handlers.empty()) {
      Frame::Handler h = f.handlers.back();
      f.handlers.pop_back();
      t.stack.resize(h.depth);
      f.pc = h.pc;
      return;
    }
    t.stack.resize(f.locals_base);
    t.frames.pop_back();
  }
  // Uncaught: the thread ends, and Python prints the exception to stderr.
  t.uncaught = t.exc;
  std::string msg = sim.str(t.exc.message);
  if (sim.str(t.exc.type) == "SystemExit") {
    // sys.exit() ends a thread quietly; a code that is not a number is printed when it ends a process.
    if (std::string text = exit_message(sim, t.exc); t.is_main && !text.empty()) sim.print_line(t, text);
    t.exc = {};
    return;
  }
  std::string line = "Exception in thread " + t.name + ": " + sim.str(t.exc.type) + (msg.empty() ? "" : ": " + msg);
  if (t.is_main) line = "Traceback (most recent call last) in " + t.name + ": " + sim.str(t.exc.type) +
                        (msg.empty() ? "" : ": " + msg);
  if (t.is_main && sim.process(t.proc).parent != kNone) line = "Process " + sim.process(t.proc).name + ": " + line;
  sim.print_line(t, line);
  t.exc = {};
}

bool Interp::truthy(const Kernel& sim, Value v) {
  switch (v.tag) {
  case Tag::None: return false;
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

namespace {

bool arith(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out) {
  if ((a.tag == Tag::Int || a.tag == Tag::Bool) && (b.tag == Tag::Int || b.tag == Tag::Bool)) {
    std::int64_t x = a.i, y = b.i, r = 0;
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
  if (op == Op::Add && a.tag == Tag::Str && b.tag == Tag::Str) {
    out = Value::str(sim.intern(sim.str(a.as_str()) + sim.str(b.as_str())));
    return true;
  }
  if (op == Op::Add && a.tag == Tag::Obj && b.tag == Tag::Obj) {
    auto* la = sim.as<ListObject>(a);
    auto* lb = sim.as<ListObject>(b);
    if (la && lb) {
      auto n = std::make_unique<ListObject>();
      n->items = la->items;
      n->items.insert(n->items.end(), lb->items.begin(), lb->items.end());
      out = Value::obj(sim.add_object(std::move(n), t.proc));
      return true;
    }
  }
  sim.raise(t, "TypeError", "unsupported operand type(s) for " + std::string(op_name(op)));
  return false;
}

int compare(const Kernel& sim, Value a, Value b, bool& ok) {
  ok = true;
  if (a.is_number() && b.is_number()) {
    if (a.tag != Tag::Float && b.tag != Tag::Float) return (a.i > b.i) - (a.i < b.i);
    double x = a.as_double(), y = b.as_double();
    return (x > y) - (x < y);
  }
  if (a.tag == Tag::Str && b.tag == Tag::Str) {
    int c = sim.str(a.as_str()).compare(sim.str(b.as_str()));
    return (c > 0) - (c < 0);
  }
  ok = false;
  return 0;
}

bool equal(const Kernel& sim, Value a, Value b) {
  bool ok;
  int c = compare(sim, a, b, ok);
  if (ok) return c == 0;
  return a.tag == b.tag && a.i == b.i; // identity for objects, functions and None
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

} // namespace

// [SECTION] the step

Step Interp::step(Sim& sim, Thread& t) {
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
    Value v = (*t.globals)[in.a];
    st.push_back(v);
    break;
  }
  case Op::StoreGlobal: {
    Value v = pop();
    if (v.is_obj()) name_object(sim, v, sim.program().globals[in.a]);
    (*t.globals)[in.a] = v;
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
  case Op::Mod: {
    Value b = pop(), a = pop();
    std::int64_t sum;
    if (in.op == Op::Add && a.tag == Tag::Int && b.tag == Tag::Int && !__builtin_add_overflow(a.i, b.i, &sum)) {
      st.push_back(Value::integer(sum)); // the hot `number += 1`
      break;
    }
    Value r;
    if (!arith(sim, t, in.op, a, b, r)) {
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
  case Op::Lt:
  case Op::Le:
  case Op::Gt:
  case Op::Ge: {
    Value b = pop(), a = pop();
    bool ok;
    int c = compare(sim, a, b, ok);
    if (!ok) {
      sim.raise(t, "TypeError", "'<' not supported between these operands");
      unwind(sim, t);
      break;
    }
    bool r = in.op == Op::Lt ? c < 0 : in.op == Op::Le ? c <= 0 : in.op == Op::Gt ? c > 0 : c >= 0;
    st.push_back(Value::boolean(r));
    break;
  }
  case Op::Eq:
  case Op::Ne: {
    Value b = pop(), a = pop();
    bool e = equal(sim, a, b);
    st.push_back(Value::boolean(in.op == Op::Eq ? e : !e));
    break;
  }
  case Op::Not: st.back() = Value::boolean(!truthy(sim, st.back())); break;
  case Op::Jump:
  case Op::JumpBack: f.pc = in.a; break;
  case Op::JumpIfFalse:
    if (!truthy(sim, pop())) f.pc = in.a;
    break;
  case Op::JumpIfTrue:
    if (truthy(sim, pop())) f.pc = in.a;
    break;
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
    if (callee.nparams != in.b) {
      st.resize(st.size() - in.b);
      sim.raise(t, "TypeError", arity_error(callee, in.b));
      unwind(sim, t);
      break;
    }
    push_frame(sim, t, in.a, in.b);
    break;
  }
  case Op::CallValue: {
    Value callee = st[st.size() - 1 - in.b];
    std::vector<Value> args(st.end() - in.b, st.end());
    st.resize(st.size() - in.b - 1);
    if (callee.is_obj()) {
      Call c{sim, t, args};
      Outcome o = sim.object(callee.as_obj())->call_self(c);
      return finish_call(o, c.ret);
    }
    return finish_call(sim.invoke(t, callee, args), Value::none());
  }
  case Op::Return: {
    Value v = pop();
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
    Outcome o = call_native(static_cast<Native>(in.a), c);
    return finish_call(o, c.ret);
  }
  case Op::CallMethod: {
    std::vector<Value> args(st.end() - in.b, st.end());
    st.resize(st.size() - in.b);
    Value self = pop();
    Call c{sim, t, args};
    Outcome o;
    if (!self.is_obj()) {
      o = sim.raise(t, "AttributeError", "'" + std::string(sim.repr(self)) + "' has no attribute '" +
                                             sim.str(in.a) + "'");
    } else if (in.a < static_cast<int>(Sym::count_)) {
      o = sim.object(self.as_obj())->call(c, static_cast<Sym>(in.a));
    } else {
      o = sim.object(self.as_obj())->call_named(c, in.a);
    }
    return finish_call(o, c.ret);
  }
  case Op::GetAttr: {
    Value self = pop();
    Value out;
    if (!self.is_obj() || !sim.object(self.as_obj())->get_attr(sim, t, in.a, out)) {
      if (t.exc.active()) { // the object raised something more specific
        unwind(sim, t);
        break;
      }
      sim.raise(t, "AttributeError", "object has no attribute '" + sim.str(in.a) + "'");
      unwind(sim, t);
      break;
    }
    st.push_back(out);
    break;
  }
  case Op::SetAttr: {
    Value v = pop();
    Value self = pop();
    if (!self.is_obj() || !sim.object(self.as_obj())->set_attr(sim, t, in.a, v)) {
      if (!t.exc.active()) sim.raise(t, "AttributeError", "cannot set attribute '" + sim.str(in.a) + "'");
      unwind(sim, t);
    }
    break;
  }
  case Op::SetupTry: f.handlers.push_back({in.a, static_cast<int>(st.size())}); break;
  case Op::PopTry: f.handlers.pop_back(); break;
  case Op::ExcMatch:
    st.push_back(Value::boolean(exception_matches(sim.str(t.exc.type), sim.str(in.a))));
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
  case Op::count_: break;
  }
  return Step::Continue;
}

} // namespace il
