// A small C++ API for writing simulated Python programs as bytecode, used by the built-in scenarios and tests.
// Emission is in stack-machine order: `f.load("number").push(1).op(Op::Add).store("number")` is `number += 1`.
#pragma once
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "vm/bytecode.hpp"

namespace il {

class ModuleBuilder;

class FnBuilder {
public:
  using Body = std::function<void()>;
  struct Label { int id; };

  FnBuilder(ModuleBuilder& m, std::string name, std::vector<std::string> params, bool module_level);

  // --- expressions (each pushes one value) ---
  FnBuilder& push(std::int64_t v);
  FnBuilder& push_float(double v);
  FnBuilder& push_value(Value v); // any constant
  FnBuilder& push_str(std::string_view s);
  FnBuilder& push_none();
  FnBuilder& push_bool(bool b);
  FnBuilder& push_func(std::string_view fn_name);
  FnBuilder& load(std::string_view name);  // local, else module global
  FnBuilder& store(std::string_view name); // local if it is one (or this is a nested function's new name)
  FnBuilder& store_global(std::string_view name);
  FnBuilder& op(Op o);
  FnBuilder& instr(Op o, std::int32_t a, std::int32_t b = 0); // any instruction with its operands
  FnBuilder& pop();
  FnBuilder& dup();
  FnBuilder& call(std::string_view fn_name, int nargs);
  FnBuilder& call_value(int nargs);
  FnBuilder& native(Native n, int nargs = -2); // -2: the native's own arity
  FnBuilder& method(std::string_view name, int nargs);
  FnBuilder& attr(std::string_view name);
  FnBuilder& set_attr(std::string_view name); // stack: obj, value
  FnBuilder& list(int n);
  FnBuilder& ret();        // return the top of stack
  FnBuilder& ret_none();
  FnBuilder& raise(std::string_view type, std::string_view message);
  FnBuilder& line(int source_line); // following instructions belong to this source line
  // Following instructions belong to the line of the module's source that contains `snippet` (which must
  // occur exactly once), so annotations follow the text when a scenario's source is edited.
  FnBuilder& at(std::string_view snippet);

  // --- statements built from the above ---
  // Compound statements give their own bookkeeping (loop tests, backward jumps, `with` exits, handler
  // dispatch) the line current when they begin, the header's, and leave that line current afterwards.
  FnBuilder& add_to(std::string_view name, std::int64_t delta); // name += delta (load, add, store)
  FnBuilder& call_stmt(std::string_view fn_name, int nargs);     // call and drop the result
  FnBuilder& method_stmt(std::string_view name, int nargs);
  FnBuilder& native_stmt(Native n, int nargs = -2);
  FnBuilder& print(int nargs) { return native_stmt(Native::print, nargs); }
  // `orelse` (for ... else, while ... else) runs when the loop ends without `break`.
  FnBuilder& for_range(std::string_view var, const Body& push_count, const Body& body, const Body& orelse = {});
  FnBuilder& for_range(std::string_view var, std::int64_t count, const Body& body);
  FnBuilder& for_each(std::string_view var, const Body& push_list, const Body& body);
  // for_each as compiled Python does it: items are read with GET_ITEM (a subscript, no switch point).
  FnBuilder& for_each_item(const Body& push_list, const Body& store_target, const Body& body, const Body& orelse = {});
  // for TARGET in ITERABLE as compiled Python does it: FOR_ITER takes each item (a list's, tuple's or str's by
  // index, a generator's by resuming it), store_target binds it; orelse runs when the items run out.
  FnBuilder& for_iter(const Body& push_iterable, const Body& store_target, const Body& body, const Body& orelse = {});
  // `yield from <push_iterable>`: SEND, YIELD and a jump back (no switch point, as CPython's
  // JUMP_BACKWARD_NO_INTERRUPT) until the iterable is done; its return value is left on the stack.
  FnBuilder& yield_from(const Body& push_iterable);
  FnBuilder& while_(const Body& cond, const Body& body, const Body& orelse = {});
  FnBuilder& if_(const Body& cond, const Body& then, const Body& otherwise = {});
  // `with x:` for locks, semaphores, conditions; `with x as name:` stores what acquire returned in name.
  // ctx_var: where the context manager is kept (a hidden name of its own when empty).
  // protocol: the exits of a compiled program's `with`, which also serve a user class's __enter__/__exit__
  // (the exception path passes the exception to __exit__, which may swallow it).
  FnBuilder& with_(const Body& push_ctx, const Body& body, std::string_view as_name = {}, std::string_view ctx_var = {},
                   bool protocol = false);
  // try: body; except <type> (or "" for any): handler. The handler runs with the exception cleared.
  FnBuilder& try_except(const Body& body, std::string_view type, const Body& handler);
  // The same, with `bind` run while the exception is still current (`except E as e` takes it there).
  FnBuilder& try_except(const Body& body, std::string_view type, const Body& bind, const Body& handler);
  // on_raise: what the exception path runs instead of `finally` (which then only the normal exit runs).
  FnBuilder& try_finally(const Body& body, const Body& finally, const Body& on_raise = {});
  // try: body; except (A, B) [as e]: ...; except C: ...; else: orelse. The first clause whose types match
  // (none listed: any exception) runs `bind` while the exception is current, then its handler; no match
  // re-raises. `orelse` runs when the body raised nothing, outside the handlers.
  struct Except {
    std::vector<std::string> types;
    Body bind, handler;
  };
  FnBuilder& try_excepts(const Body& body, const std::vector<Except>& clauses, const Body& orelse);

  // --- raw control flow ---
  Label new_label();
  FnBuilder& bind(Label l);
  FnBuilder& jump(Label l);
  FnBuilder& jump_back(Label l);
  FnBuilder& jump_if_false(Label l);
  FnBuilder& jump_if_true(Label l);

  // The loop being emitted (for_range, for_each, while_): where `break` and `continue` jump. Null outside loops.
  struct Loop { Label brk, cont; };
  const Loop* innermost_loop() const { return loops_.empty() ? nullptr : &loops_.back(); }
  FnBuilder& column(int source_col) { col_ = source_col; return *this; } // 1-based; 0 = unknown
  // Where the next instructions' source ends (and a traceback's ^ part of it, see Function::Span).
  FnBuilder& span(Function::Span s) { span_ = s; return *this; }
  // Values for the last parameters when a call leaves them out (constants: CPython evaluates them at def time).
  FnBuilder& defaults(std::vector<Value> values) { fn_.defaults = std::move(values); return *this; }
  StrId intern(std::string_view s);
  // The parameters after the positional ones, declared right after def(): keyword-only ones with their constant
  // defaults (Unbound: none), then the *args and **kwargs names ("" for none).
  FnBuilder& signature(const std::vector<std::string>& kwonly, std::vector<Value> kwdefaults, std::string_view varargs,
                       std::string_view varkw);
  FnBuilder& cell(std::string_view name); // a local that inner functions share: a cell made at entry
  FnBuilder& free(std::string_view name); // an enclosing function's variable: the closure's next cell
  FnBuilder& load_deref(std::string_view name);
  FnBuilder& store_deref(std::string_view name);
  // Calls with keywords: callee (or object) below nargs arguments, the last names.size() of them keyword ones.
  FnBuilder& call_kw(const std::vector<std::string>& names, int nargs);
  FnBuilder& method_kw(std::string_view method, const std::vector<std::string>& names, int nargs);
  // f(*a, k=v, **d): callee below one piece per kind (kPositional, kSpreadArgs, kSpreadKw, or a keyword's name).
  FnBuilder& call_ex(const std::vector<StrId>& kinds);
  FnBuilder& make_function(FuncId fn, int flags); // MakeFunction: flags as Op::MakeFunction's b
  FnBuilder& generator() { fn_.generator = true; return *this; } // the function's body yields
  FnBuilder& doc(std::string text) { fn_.doc = std::move(text); return *this; } // its __doc__

  int local(std::string_view name); // declares if needed
  bool has_local(std::string_view name) const;
  const std::string& name() const { return fn_.name; }

private:
  friend class ModuleBuilder;
  FnBuilder& emit(Op o, std::int32_t a = 0, std::int32_t b = 0);
  // A loop after its test: the body (break: end, continue: top), the jump back to top, then orelse at exhausted.
  FnBuilder& loop_rest(int head, Label top, Label exhausted, Label end, const Body& body, const Body& orelse);
  // Two adjacent hidden locals for FOR_ITER or SEND: the iterable push_iterable leaves, and its index (0).
  int iterator_slots(const char* prefix, const Body& push_iterable);
  int const_index(Value v);

  ModuleBuilder& m_;
  Function fn_;
  bool module_level_;
  int line_ = 0, col_ = 0;
  Function::Span span_;
  std::vector<Loop> loops_;
  std::vector<int> label_pos_;
  std::vector<std::pair<int, int>> label_uses_; // (instruction index, label)
  std::vector<std::pair<int, std::string>> call_fixups_;  // Call instruction -> function name
  std::vector<std::pair<int, std::string>> func_fixups_;  // const index -> function name
  std::vector<int> for_range_at_;
  int hidden_ = 0; // counter for compiler temporaries
};

// The 1-based line of `source` containing `snippet`; throws std::logic_error unless it occurs exactly once.
int line_of(std::string_view source, std::string_view snippet);

// Adds the multiprocessing runtime's helper functions (pool workers, manager server) to a module.
void add_process_prelude(ModuleBuilder& m);
void add_protocol_prelude(ModuleBuilder& m); // vm/prelude_protocols.cpp

class ModuleBuilder {
public:
  explicit ModuleBuilder(std::string name);
  FnBuilder& def(std::string name, std::vector<std::string> params = {});
  FnBuilder& init(); // module top level (spawned children run it again)
  FnBuilder& main(); // `if __name__ == '__main__':` body
  int global(std::string_view name);
  FuncId last_function() const { return static_cast<FuncId>(fns_.size()) - 1; } // the one def() just made
  void source(std::string text) { prog_.source = std::move(text); }
  Program finish(); // throws std::logic_error on an unknown function or unbound label

private:
  friend class FnBuilder;
  Program prog_;
  std::deque<FnBuilder> fns_;
  int init_ = -1, main_ = -1;
};

} // namespace il
