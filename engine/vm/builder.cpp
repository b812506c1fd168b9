// The bytecode builder: emission helpers, structured control flow and the final link step.
#include "vm/builder.hpp"

#include <algorithm>
#include <stdexcept>

namespace il {

// [SECTION] Program tables

Program::Program() {
  for (auto s : kSymbolNames) strings.emplace_back(s);
}

StrId Program::intern(std::string_view s) {
  for (std::size_t i = 0; i < strings.size(); ++i)
    if (strings[i] == s) return static_cast<StrId>(i);
  strings.emplace_back(s);
  return static_cast<StrId>(strings.size() - 1);
}

int Program::global_slot(std::string_view n) const {
  for (std::size_t i = 0; i < globals.size(); ++i)
    if (globals[i] == n) return static_cast<int>(i);
  return -1;
}

std::string_view op_name(Op op) {
  static constexpr std::string_view names[] = {
      "NOP", "CONST", "LOAD_LOCAL", "STORE_LOCAL", "LOAD_GLOBAL", "STORE_GLOBAL", "POP", "DUP", "SWAP",
      "ADD", "SUB", "MUL", "DIV", "FLOORDIV", "MOD", "NEG", "LT", "LE", "GT", "GE", "EQ", "NE", "NOT",
      "JUMP", "JUMP_BACK", "JUMP_IF_FALSE", "JUMP_IF_TRUE", "CALL", "CALL_VALUE", "RETURN", "NATIVE",
      "CALL_METHOD", "BEFORE_WITH", "GET_ATTR", "SET_ATTR", "SETUP_TRY", "POP_TRY", "EXC_MATCH", "RERAISE", "CLEAR_EXC",
      "RAISE", "BUILD_LIST", "FOR_RANGE", "BUILD_TUPLE", "UNPACK", "GET_ITEM", "SET_ITEM", "IS", "IN", "LIST_APPEND", "POW",
      "CALL_KW", "CALL_EX", "CALL_METHOD_KW", "MAKE_FUNCTION", "LOAD_DEREF", "STORE_DEREF", "YIELD", "FOR_ITER",
      "BIT_OR", "BIT_AND", "BIT_XOR", "LSHIFT", "RSHIFT", "INVERT", "BUILD_SET", "SET_ADD", "SEND"};
  static_assert(std::size(names) == static_cast<std::size_t>(Op::count_));
  return names[static_cast<int>(op)];
}

namespace {
struct NativeInfo {
  std::string_view name;
  int arity;
};
constexpr NativeInfo kNatives[] = {
#define IL_NATIVE_INFO(n, arity) {#n, arity},
    IL_NATIVES(IL_NATIVE_INFO)
#undef IL_NATIVE_INFO
};
} // namespace

std::string_view native_name(Native n) { return kNatives[static_cast<int>(n)].name; }
int native_arity(Native n) { return kNatives[static_cast<int>(n)].arity; }

// [SECTION] FnBuilder: expressions

FnBuilder::FnBuilder(ModuleBuilder& m, std::string name, std::vector<std::string> params, bool module_level)
    : m_(m), module_level_(module_level) {
  fn_.name = std::move(name);
  fn_.nparams = static_cast<int>(params.size());
  for (auto& p : params) local(p);
}

FnBuilder& FnBuilder::emit(Op o, std::int32_t a, std::int32_t b) {
  fn_.code.push_back({o, a, b});
  fn_.lines.push_back(line_);
  fn_.cols.push_back(col_);
  fn_.spans.push_back(span_);
  return *this;
}

int FnBuilder::const_index(Value v) {
  for (std::size_t i = 0; i < fn_.consts.size(); ++i) {
    const Value& c = fn_.consts[i];
    if (c.tag == v.tag && c.i == v.i) return static_cast<int>(i);
  }
  fn_.consts.push_back(v);
  return static_cast<int>(fn_.consts.size() - 1);
}

int FnBuilder::local(std::string_view n) {
  for (std::size_t i = 0; i < fn_.local_names.size(); ++i)
    if (fn_.local_names[i] == n) return static_cast<int>(i);
  fn_.local_names.emplace_back(n);
  fn_.nlocals = static_cast<int>(fn_.local_names.size());
  return fn_.nlocals - 1;
}

FnBuilder& FnBuilder::signature(const std::vector<std::string>& kwonly, std::vector<Value> kwdefaults,
                                 std::string_view varargs, std::string_view varkw) {
  if (fn_.nlocals != fn_.nparams) throw std::logic_error("builder: signature() after other locals in " + fn_.name);
  for (const auto& k : kwonly) local(k);
  fn_.nkwonly = static_cast<int>(kwonly.size());
  fn_.kwdefaults = std::move(kwdefaults);
  if (!varargs.empty()) local(varargs), fn_.varargs = true;
  if (!varkw.empty()) local(varkw), fn_.varkw = true;
  return *this;
}

FnBuilder& FnBuilder::cell(std::string_view n) {
  const int slot = local(n);
  if (std::find(fn_.cell_slots.begin(), fn_.cell_slots.end(), slot) == fn_.cell_slots.end()) fn_.cell_slots.push_back(slot);
  return *this;
}

FnBuilder& FnBuilder::free(std::string_view n) {
  const int slot = local(n);
  if (std::find(fn_.free_slots.begin(), fn_.free_slots.end(), slot) == fn_.free_slots.end()) fn_.free_slots.push_back(slot);
  return *this;
}

FnBuilder& FnBuilder::load_deref(std::string_view n) { return emit(Op::LoadDeref, local(n)); }
FnBuilder& FnBuilder::store_deref(std::string_view n) { return emit(Op::StoreDeref, local(n)); }

FnBuilder& FnBuilder::call_kw(const std::vector<std::string>& names, int nargs) {
  Program::KwCall kw;
  for (const auto& n : names) kw.names.push_back(m_.prog_.intern(n));
  m_.prog_.kwcalls.push_back(std::move(kw));
  return emit(Op::CallKw, static_cast<std::int32_t>(m_.prog_.kwcalls.size() - 1), nargs);
}

FnBuilder& FnBuilder::method_kw(std::string_view method, const std::vector<std::string>& names, int nargs) {
  Program::KwCall kw;
  kw.method = m_.prog_.intern(method);
  for (const auto& n : names) kw.names.push_back(m_.prog_.intern(n));
  m_.prog_.kwcalls.push_back(std::move(kw));
  return emit(Op::CallMethodKw, static_cast<std::int32_t>(m_.prog_.kwcalls.size() - 1), nargs);
}

FnBuilder& FnBuilder::call_ex(const std::vector<StrId>& kinds) {
  Program::KwCall kw;
  kw.names = kinds;
  m_.prog_.kwcalls.push_back(std::move(kw));
  return emit(Op::CallEx, static_cast<std::int32_t>(m_.prog_.kwcalls.size() - 1), static_cast<std::int32_t>(kinds.size()));
}

FnBuilder& FnBuilder::make_function(FuncId fn, int flags) { return emit(Op::MakeFunction, fn, flags); }

bool FnBuilder::has_local(std::string_view n) const {
  for (auto& l : fn_.local_names)
    if (l == n) return true;
  return false;
}

FnBuilder& FnBuilder::push(std::int64_t v) { return emit(Op::Const, const_index(Value::integer(v))); }
FnBuilder& FnBuilder::push_float(double v) { return emit(Op::Const, const_index(Value::real(v))); }
FnBuilder& FnBuilder::push_value(Value v) { return emit(Op::Const, const_index(v)); }
FnBuilder& FnBuilder::push_str(std::string_view s) {
  return emit(Op::Const, const_index(Value::str(m_.prog_.intern(s))));
}
FnBuilder& FnBuilder::push_none() { return emit(Op::Const, const_index(Value::none())); }
FnBuilder& FnBuilder::push_bool(bool b) { return emit(Op::Const, const_index(Value::boolean(b))); }
FnBuilder& FnBuilder::push_func(std::string_view fn_name) {
  // Resolved at finish(); a unique placeholder keeps const_index from merging two different functions.
  fn_.consts.push_back(Value::func(-1 - static_cast<int>(func_fixups_.size())));
  func_fixups_.emplace_back(static_cast<int>(fn_.consts.size() - 1), std::string(fn_name));
  return emit(Op::Const, static_cast<int>(fn_.consts.size() - 1));
}

FnBuilder& FnBuilder::load(std::string_view n) {
  if (has_local(n)) return emit(Op::LoadLocal, local(n));
  return emit(Op::LoadGlobal, m_.global(n));
}

FnBuilder& FnBuilder::store(std::string_view n) {
  if (has_local(n)) return emit(Op::StoreLocal, local(n));
  if (module_level_ || m_.prog_.global_slot(n) >= 0) return emit(Op::StoreGlobal, m_.global(n));
  return emit(Op::StoreLocal, local(n));
}

FnBuilder& FnBuilder::store_global(std::string_view n) { return emit(Op::StoreGlobal, m_.global(n)); }
StrId FnBuilder::intern(std::string_view s) { return m_.prog_.intern(s); }
FnBuilder& FnBuilder::op(Op o) { return emit(o); }
FnBuilder& FnBuilder::instr(Op o, std::int32_t a, std::int32_t b) { return emit(o, a, b); }
FnBuilder& FnBuilder::pop() { return emit(Op::Pop); }
FnBuilder& FnBuilder::dup() { return emit(Op::Dup); }

FnBuilder& FnBuilder::call(std::string_view fn_name, int nargs) {
  call_fixups_.emplace_back(static_cast<int>(fn_.code.size()), std::string(fn_name));
  return emit(Op::Call, -1, nargs);
}

FnBuilder& FnBuilder::call_value(int nargs) { return emit(Op::CallValue, 0, nargs); }

FnBuilder& FnBuilder::native(Native n, int nargs) {
  int arity = native_arity(n);
  if (nargs == -2) nargs = arity;
  if (nargs < 0 || (arity >= 0 && nargs != arity))
    throw std::logic_error("builder: " + std::string(native_name(n)) + " takes " + std::to_string(arity) +
                           " arguments, got " + std::to_string(nargs));
  return emit(Op::Native, static_cast<int>(n), nargs);
}

FnBuilder& FnBuilder::method(std::string_view n, int nargs) {
  return emit(Op::CallMethod, m_.prog_.intern(n), nargs);
}
FnBuilder& FnBuilder::attr(std::string_view n) { return emit(Op::GetAttr, m_.prog_.intern(n)); }
FnBuilder& FnBuilder::set_attr(std::string_view n) { return emit(Op::SetAttr, m_.prog_.intern(n)); }
FnBuilder& FnBuilder::list(int n) { return emit(Op::BuildList, n); }
FnBuilder& FnBuilder::ret() { return emit(Op::Return); }
FnBuilder& FnBuilder::ret_none() { return push_none().ret(); }
FnBuilder& FnBuilder::raise(std::string_view type, std::string_view message) {
  return push_str(type).push_str(message).emit(Op::Raise);
}
FnBuilder& FnBuilder::line(int source_line) {
  if (source_line < 0) throw std::logic_error("builder: negative source line");
  line_ = source_line;
  span_ = {}; // unknown until span() says
  return *this;
}

FnBuilder& FnBuilder::at(std::string_view snippet) {
  if (m_.prog_.source.empty()) throw std::logic_error("builder: at() needs the module's source set first");
  return line(line_of(m_.prog_.source, snippet));
}

int line_of(std::string_view source, std::string_view snippet) {
  std::size_t pos = snippet.empty() ? std::string_view::npos : source.find(snippet);
  if (pos == std::string_view::npos)
    throw std::logic_error("builder: '" + std::string(snippet) + "' is not in the source");
  if (source.find(snippet, pos + 1) != std::string_view::npos)
    throw std::logic_error("builder: '" + std::string(snippet) + "' occurs more than once in the source");
  std::string_view before = source.substr(0, pos);
  return 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
}

// [SECTION] FnBuilder: statements

FnBuilder& FnBuilder::add_to(std::string_view n, std::int64_t delta) {
  return load(n).push(delta).op(Op::Add).store(n);
}
FnBuilder& FnBuilder::call_stmt(std::string_view fn_name, int nargs) { return call(fn_name, nargs).pop(); }
FnBuilder& FnBuilder::method_stmt(std::string_view n, int nargs) { return method(n, nargs).pop(); }
FnBuilder& FnBuilder::native_stmt(Native n, int nargs) { return native(n, nargs).pop(); }

FnBuilder& FnBuilder::for_range(std::string_view var, const Body& push_count, const Body& body, const Body& orelse) {
  // FOR_RANGE keeps the counter in a hidden local and the limit in the next one, so the loop costs
  // three instructions per iteration like CPython's FOR_ITER / STORE_FAST / JUMP_BACKWARD.
  const int head = line_;
  std::string h = "$i" + std::to_string(hidden_++);
  int counter = local(h);
  int limit = local(h + "n");
  if (limit != counter + 1) throw std::logic_error("builder: hidden loop locals must be adjacent");
  push_count();
  emit(Op::StoreLocal, limit);
  push(0);
  emit(Op::StoreLocal, counter);
  Label top = new_label(), exhausted = new_label(), end = new_label();
  bind(top);
  label_uses_.emplace_back(static_cast<int>(fn_.code.size()), exhausted.id);
  for_range_at_.push_back(static_cast<int>(fn_.code.size()));
  emit(Op::Nop, -1, counter); // becomes FOR_RANGE at finish(), once labels are bound
  store(var);
  return loop_rest(head, top, exhausted, end, body, orelse);
}

FnBuilder& FnBuilder::for_range(std::string_view var, std::int64_t count, const Body& body) {
  return for_range(var, [&] { push(count); }, body);
}

FnBuilder& FnBuilder::for_each(std::string_view var, const Body& push_list, const Body& body) {
  std::string h = "$l" + std::to_string(hidden_++);
  push_list();
  store(h);
  return for_range(h + "idx", [&] { load(h).native(Native::len, 1); },
                   [&] {
                     load(h).load(h + "idx").method("getitem", 1).store(var);
                     body();
                   });
}

FnBuilder& FnBuilder::for_each_item(const Body& push_list, const Body& store_target, const Body& body, const Body& orelse) {
  std::string h = "$l" + std::to_string(hidden_++);
  push_list();
  store(h);
  return for_range(h + "idx", [&] { load(h).native(Native::len, 1); },
                   [&] {
                     load(h).load(h + "idx").emit(Op::GetItem);
                     store_target();
                     body();
                   },
                   orelse);
}

int FnBuilder::iterator_slots(const char* prefix, const Body& push_iterable) {
  const std::string h = prefix + std::to_string(hidden_++);
  const int slot = local(h);
  if (local(h + "i") != slot + 1) throw std::logic_error("builder: an iterator's locals are not adjacent in " + fn_.name);
  push_iterable();
  emit(Op::StoreLocal, slot);
  push(0);
  emit(Op::StoreLocal, slot + 1);
  return slot;
}

FnBuilder& FnBuilder::for_iter(const Body& push_iterable, const Body& store_target, const Body& body, const Body& orelse) {
  const int head = line_;
  const int slot = iterator_slots("$it", push_iterable);
  Label top = new_label(), exhausted = new_label(), end = new_label();
  bind(top);
  label_uses_.emplace_back(static_cast<int>(fn_.code.size()), exhausted.id);
  emit(Op::ForIter, -1, slot);
  store_target();
  return loop_rest(head, top, exhausted, end, body, orelse);
}

FnBuilder& FnBuilder::loop_rest(int head, Label top, Label exhausted, Label end, const Body& body, const Body& orelse) {
  loops_.push_back({end, top});
  body();
  loops_.pop_back();
  line(head);
  jump_back(top);
  bind(exhausted);
  if (orelse) orelse(); // `for/while ... else`: run when the loop ends without `break`
  return bind(end);
}

FnBuilder& FnBuilder::while_(const Body& cond, const Body& body, const Body& orelse) {
  const int head = line_;
  Label top = new_label(), exhausted = new_label(), end = new_label();
  bind(top);
  cond();
  jump_if_false(exhausted);
  return loop_rest(head, top, exhausted, end, body, orelse);
}

FnBuilder& FnBuilder::if_(const Body& cond, const Body& then, const Body& otherwise) {
  const int head = line_;
  Label els = new_label(), end = new_label();
  cond();
  jump_if_false(els);
  then();
  jump(end); // the end of the `then` branch, on its last line as in CPython
  bind(els);
  line(head);
  if (otherwise) otherwise();
  line(head);
  return bind(end);
}

FnBuilder& FnBuilder::with_(const Body& push_ctx, const Body& body, std::string_view as_name, std::string_view ctx_var,
                            bool protocol) {
  std::string h = ctx_var.empty() ? "$w" + std::to_string(hidden_++) : std::string(ctx_var);
  push_ctx();
  dup();
  emit(Op::BeforeWith, m_.prog_.intern("acquire"));
  if (as_name.empty()) pop();
  else store(as_name);
  store(h);
  if (protocol)
    return try_finally(body, [&] { load(h).native_stmt(Native::with_exit, 1); },
                       [&] { load(h).native_stmt(Native::with_exit_raised, 1); });
  return try_finally(body, [&] { load(h).method_stmt("release", 0); });
}

FnBuilder& FnBuilder::try_except(const Body& body, std::string_view type, const Body& handler) {
  return try_except(body, type, Body{}, handler);
}

FnBuilder& FnBuilder::try_except(const Body& body, std::string_view type, const Body& bind_exc, const Body& handler) {
  Except clause{type.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(type)}, bind_exc, handler};
  return try_excepts(body, {clause}, {});
}

FnBuilder& FnBuilder::try_excepts(const Body& body, const std::vector<Except>& clauses, const Body& orelse) {
  const int head = line_;
  Label h = new_label(), end = new_label();
  label_uses_.emplace_back(static_cast<int>(fn_.code.size()), h.id);
  emit(Op::SetupTry, -1);
  body();
  line(head);
  emit(Op::PopTry);
  if (orelse) orelse();
  line(head);
  jump(end);
  bind(h);
  for (const Except& clause : clauses) {
    Label next = new_label(), run = new_label();
    if (clause.types.size() == 1) { // one type: on to the next clause unless it matches
      emit(Op::ExcMatch, m_.prog_.intern(clause.types[0]));
      jump_if_false(next);
    } else if (!clause.types.empty()) { // a tuple: run it if any matches
      for (const std::string& type : clause.types) {
        emit(Op::ExcMatch, m_.prog_.intern(type));
        jump_if_true(run);
      }
      jump(next);
    }
    bind(run);
    if (clause.bind) clause.bind();
    emit(Op::ClearExc);
    clause.handler();
    line(head);
    jump(end);
    bind(next);
  }
  emit(Op::Reraise);
  return bind(end);
}

FnBuilder& FnBuilder::try_finally(const Body& body, const Body& finally, const Body& on_raise) {
  // `finally` is emitted twice (normal exit and exception path); both copies start on the header's line,
  // which is also where a `with` block's release belongs.
  const int head = line_;
  Label h = new_label(), end = new_label();
  label_uses_.emplace_back(static_cast<int>(fn_.code.size()), h.id);
  emit(Op::SetupTry, -1);
  body();
  line(head);
  emit(Op::PopTry);
  finally();
  line(head);
  jump(end);
  bind(h);
  if (on_raise) on_raise();
  else finally();
  line(head);
  emit(Op::Reraise);
  return bind(end);
}

// [SECTION] FnBuilder: labels

FnBuilder::Label FnBuilder::new_label() {
  label_pos_.push_back(-1);
  return {static_cast<int>(label_pos_.size() - 1)};
}

FnBuilder& FnBuilder::bind(Label l) {
  label_pos_[l.id] = static_cast<int>(fn_.code.size());
  return *this;
}

#define IL_JUMP(fn, opcode)                                                                                   \
  FnBuilder& FnBuilder::fn(Label l) {                                                                         \
    label_uses_.emplace_back(static_cast<int>(fn_.code.size()), l.id);                                        \
    return emit(opcode, -1);                                                                                  \
  }
IL_JUMP(jump, Op::Jump)
IL_JUMP(jump_back, Op::JumpBack)
IL_JUMP(jump_if_false, Op::JumpIfFalse)
IL_JUMP(jump_if_true, Op::JumpIfTrue)
#undef IL_JUMP

FnBuilder& FnBuilder::yield_from(const Body& push_iterable) {
  const int slot = iterator_slots("$yf", push_iterable);
  push_none();
  Label top = new_label(), done = new_label();
  bind(top);
  label_uses_.emplace_back(static_cast<int>(fn_.code.size()), done.id);
  emit(Op::Send, -1, slot);
  op(Op::Yield);
  jump(top);
  bind(done);
  return *this;
}

// [SECTION] ModuleBuilder

ModuleBuilder::ModuleBuilder(std::string name) {
  prog_.name = std::move(name);
  // Runtime helpers written in the instruction set itself, so their work shows up like user code.
  FnBuilder& timer = def("$timer_run", {"finished", "interval", "function", "args"});
  timer.if_([&] { timer.load("finished").load("interval").method("wait", 1).op(Op::Not); },
            [&] { timer.load("function").load("args").native_stmt(Native::call_with); });
  // try: action(); ok = True  finally: barrier.$release() if ok else barrier.abort()
  FnBuilder& act = def("$barrier_action", {"barrier", "action", "index"});
  act.push_bool(false).store("ok");
  act.try_finally([&] { act.load("action").call_value(0).pop().push_bool(true).store("ok"); },
                  [&] {
                    act.if_([&] { act.load("ok"); }, [&] { act.load("barrier").method_stmt("$release", 0); },
                            [&] { act.load("barrier").method_stmt("abort", 0); });
                  });
  act.load("index").ret();
  // Condition.wait_for(predicate, timeout) as threading.py has it: wait until predicate() is true, or the
  // timeout (from the first wait) has run out; the predicate's last value.
  FnBuilder& wf = def("$condition_wait_for", {"cond", "predicate", "timeout"});
  wf.load("predicate").call_value(0).store("result");
  wf.if_([&] { wf.load("timeout").push_none().op(Op::Is); },
         [&] {
           wf.while_([&] { wf.load("result").op(Op::Not); },
                     [&] { wf.load("cond").push_none().method_stmt("wait", 1).load("predicate").call_value(0).store("result"); });
         },
         [&] {
           wf.native(Native::time, 0).load("timeout").op(Op::Add).store("endtime");
           wf.while_([&] { wf.load("result").op(Op::Not); },
                     [&] {
                       wf.load("endtime").native(Native::time, 0).op(Op::Sub).store("waittime");
                       wf.if_([&] { wf.load("waittime").push(0).op(Op::Le); }, [&] { wf.jump(wf.innermost_loop()->brk); });
                       wf.load("cond").load("waittime").method_stmt("wait", 1).load("predicate").call_value(0).store("result");
                     });
         });
  wf.load("result").ret();
  // A generator given where a runtime call takes a list: its items in a list (each one a resumption), then the
  // call itself with the list: native_apply(native, items, rest).
  FnBuilder& dr = def("$drain", {"gen", "native", "rest"});
  dr.list(0).store("items");
  dr.for_iter([&] { dr.load("gen"); }, [&] { dr.store("item"); },
              [&] { dr.load("items").load("item").op(Op::ListAppend); });
  dr.load("native").load("items").load("rest").native(Native::native_apply, 3).ret();
  add_protocol_prelude(*this); // special methods, iteration, comparisons, print(*items), subprocess
  // sorted(items, key=k, reverse=r), min/max(items, key=k), list.sort(key=k): each item's key by calling k (as
  // CPython calls it from C, one call per item), then keyed() orders them: keyed(items, keys, op, target).
  FnBuilder& kd = def("$keyed", {"items", "key", "op", "target"});
  kd.list(0).store("all").list(0).store("keys");
  kd.for_iter([&] { kd.load("items"); }, [&] { kd.store("item"); },
              [&] {
                kd.load("all").load("item").op(Op::ListAppend);
                kd.if_([&] { kd.load("key").push_none().op(Op::Is); }, [&] { kd.load("keys").load("item").op(Op::ListAppend); },
                       [&] { kd.load("keys").load("key").load("item").call_value(1).op(Op::ListAppend); });
              });
  kd.load("all").load("keys").load("op").load("target").native(Native::keyed, 4).ret();
  // A thread whose target is a callable object (functools.partial, a builtin, a class): target(*args, **kwargs).
  FnBuilder& ct = def("$call_target", {"target", "args", "kwargs"});
  ct.load("target").load("args").load("kwargs").call_ex({kSpreadArgs, kSpreadKw}).ret();
  // sep.join(generator): its items in a list first, as str.join makes a sequence of what it is given.
  FnBuilder& jn = def("$join", {"sep", "gen"});
  jn.list(0).store("items");
  jn.for_iter([&] { jn.load("gen"); }, [&] { jn.store("item"); },
              [&] { jn.load("items").load("item").op(Op::ListAppend); });
  jn.load("sep").load("items").method("join", 1).ret();
  // functools.reduce(fn, iterable[, initial]): fn folded over the items, left to right.
  FnBuilder& rd = def("$reduce", {"fn", "it", "acc", "given"});
  rd.load("given").op(Op::Not).store("first");
  rd.for_iter([&] { rd.load("it"); }, [&] { rd.store("x"); }, [&] {
    rd.if_([&] { rd.load("first"); }, [&] { rd.load("x").store("acc").push_bool(false).store("first"); },
           [&] { rd.load("fn").load("acc").load("x").call_value(2).store("acc"); });
  });
  rd.if_([&] { rd.load("first"); },
         [&] { rd.push_str("TypeError").push_str("reduce() of empty iterable with no initial value").native_stmt(Native::raise_new); });
  rd.load("acc").ret();
  // map(fn, it) and filter(fn, it) as CPython's lazy iterators: each item made when the loop asks for it.
  FnBuilder& mp = def("$map", {"fn", "it"}).generator();
  mp.for_iter([&] { mp.load("it"); }, [&] { mp.store("x"); },
              [&] { mp.load("fn").load("x").call_value(1).op(Op::Yield).pop(); });
  mp.ret_none();
  // map(fn, a, b, ...): fn(*row) for each row of zip(a, b, ...).
  FnBuilder& mz = def("$map_rows", {"fn", "rows"}).generator();
  mz.for_iter([&] { mz.load("rows"); }, [&] { mz.store("row"); },
              [&] { mz.load("fn").load("row").call_ex({kSpreadArgs}).op(Op::Yield).pop(); });
  mz.ret_none();
  FnBuilder& fl = def("$filter", {"fn", "it"}).generator();
  fl.for_iter([&] { fl.load("it"); }, [&] { fl.store("x"); }, [&] {
    fl.if_([&] { fl.load("fn").push_none().op(Op::Is); }, [&] { fl.load("x").store("keep"); },
           [&] { fl.load("fn").load("x").call_value(1).store("keep"); });
    fl.if_([&] { fl.load("keep"); }, [&] { fl.load("x").op(Op::Yield).pop(); });
  });
  fl.ret_none();
  add_process_prelude(*this);
}

FnBuilder& ModuleBuilder::def(std::string name, std::vector<std::string> params) {
  return fns_.emplace_back(*this, std::move(name), std::move(params), false);
}

FnBuilder& ModuleBuilder::init() {
  if (init_ < 0) {
    init_ = static_cast<int>(fns_.size());
    fns_.emplace_back(*this, "<module>", std::vector<std::string>{}, true);
  }
  return fns_[init_];
}

FnBuilder& ModuleBuilder::main() {
  if (main_ < 0) {
    main_ = static_cast<int>(fns_.size());
    fns_.emplace_back(*this, "<main>", std::vector<std::string>{}, true);
  }
  return fns_[main_];
}

int ModuleBuilder::global(std::string_view n) {
  int s = prog_.global_slot(n);
  if (s >= 0) return s;
  prog_.globals.emplace_back(n);
  return static_cast<int>(prog_.globals.size() - 1);
}

Program ModuleBuilder::finish() {
  auto find = [&](const std::string& n) {
    for (std::size_t i = 0; i < fns_.size(); ++i)
      if (fns_[i].fn_.name == n) return static_cast<FuncId>(i);
    throw std::logic_error("builder: no function named '" + n + "'");
  };
  for (auto& f : fns_) {
    // Every function returns None if control falls off its end, or jumps to it (`if c: x: int` then
    // `else: return 1`, whose first branch is empty).
    const int end = static_cast<int>(f.fn_.code.size());
    if (f.fn_.code.empty() || f.fn_.code.back().op != Op::Return ||
        std::find(f.label_pos_.begin(), f.label_pos_.end(), end) != f.label_pos_.end())
      f.ret_none();
    for (auto [at, label] : f.label_uses_) {
      int pos = f.label_pos_[label];
      if (pos < 0) throw std::logic_error("builder: unbound label in " + f.fn_.name);
      f.fn_.code[at].a = pos;
    }
    for (int at : f.for_range_at_) f.fn_.code[at].op = Op::ForRange;
    for (auto& [at, n] : f.call_fixups_) f.fn_.code[at].a = find(n);
    for (auto& [ci, n] : f.func_fixups_) f.fn_.consts[ci] = Value::func(find(n));
    Function& fn = f.fn_;
    fn.simple_ = fn.nkwonly == 0 && !fn.varargs && !fn.varkw && fn.cell_slots.empty() && fn.free_slots.empty() && !fn.generator;
    prog_.functions.push_back(f.fn_);
  }
  prog_.init = init_;
  prog_.main = main_;
  if (main_ < 0) throw std::logic_error("builder: program has no main");
  return prog_;
}

} // namespace il
