// Shorthands for the statements Python programs use most, for tests and benchmarks that build bytecode by hand.
#pragma once
#include <initializer_list>
#include <string>

#include "vm/builder.hpp"

namespace il::scn {

using Body = FnBuilder::Body;

// threading.Thread(target=fn, args=(...), name=..., daemon=...) left on the stack.
inline FnBuilder& new_thread(FnBuilder& f, std::string_view target, std::initializer_list<Body> args = {},
                             std::string_view name = {}, int daemon = -1) {
  f.push_func(target);
  for (const Body& a : args) a();
  f.list(static_cast<int>(args.size()));
  if (name.empty()) f.push_none(); else f.push_str(name);
  if (daemon < 0) f.push_none(); else f.push_bool(daemon != 0);
  f.push_none();
  return f.native(Native::thread_new, 5);
}

// multiprocessing.Process(target=fn, args=(...)) left on the stack.
inline FnBuilder& new_process(FnBuilder& f, std::string_view target, std::initializer_list<Body> args = {}) {
  f.push_func(target);
  for (const Body& a : args) a();
  f.list(static_cast<int>(args.size()));
  f.push_none().push_none();
  return f.native(Native::process_new);
}

// for name in names: name.start()   /   for name in names: name.join()
inline void start_all(FnBuilder& f, std::string_view list) {
  f.for_each("t", [&] { f.load(list); }, [&] { f.load("t").method_stmt("start", 0); });
}
inline void join_all(FnBuilder& f, std::string_view list) {
  f.for_each("t", [&] { f.load(list); }, [&] { f.load("t").method_stmt("join", 0); });
}

// print(label, round(time.time() - start, 2)) without rounding: the simulator prints exact seconds.
inline void print_elapsed(FnBuilder& f, std::string_view label) {
  f.push_str(label).native(Native::time).load("start").op(Op::Sub).print(2);
}

inline Body num(std::int64_t v, FnBuilder& f) { return [&f, v] { f.push(v); }; }
inline Body flt(double v, FnBuilder& f) { return [&f, v] { f.push_float(v); }; }
inline Body str(std::string v, FnBuilder& f) { return [&f, v] { f.push_str(v); }; }
inline Body var(std::string v, FnBuilder& f) { return [&f, v] { f.load(v); }; }

} // namespace il::scn
