// Values held by simulated Python programs, the ids that name simulated things, and the interned symbols
// (method and attribute names) that bytecode refers to by number.
#pragma once
#include <cstdint>
#include <string_view>

namespace il {

using Ns = std::int64_t;       // simulated time, integer nanoseconds
using ThreadId = std::int32_t; // index into the Kernel's thread table
using ProcId = std::int32_t;   // index into the Kernel's process table
using ObjId = std::int32_t;    // index into the Kernel's object table
using StrId = std::int32_t;    // index into the Kernel's string table
using FuncId = std::int32_t;   // index into Program::functions
constexpr std::int32_t kNone = -1;

constexpr Ns kMicro = 1'000;
constexpr Ns kMilli = 1'000'000;
constexpr Ns kSecond = 1'000'000'000;
constexpr Ns kForever = -1; // as a timeout: wait without one
// What time.time() reads when a run starts: 2026-01-01 00:00:00 UTC (perf_counter and monotonic start at 0).
constexpr std::int64_t kWallClockStart = 1767225600;

// Unbound: a variable not assigned yet (reading it raises NameError or UnboundLocalError); never a value
// an expression produces.
enum class Tag : std::uint8_t { None, Bool, Int, Float, Str, Obj, Func, Unbound };

// 16 bytes, trivially copyable: the interpreter's stacks and locals are vectors of these.
struct Value {
  Tag tag = Tag::None;
  union {
    std::int64_t i;
    double f;
  };
  constexpr Value() : i(0) {}
  static constexpr Value none() { return {}; }
  static constexpr Value boolean(bool b) { Value v; v.tag = Tag::Bool; v.i = b; return v; }
  static constexpr Value integer(std::int64_t x) { Value v; v.tag = Tag::Int; v.i = x; return v; }
  static constexpr Value real(double x) { Value v; v.tag = Tag::Float; v.f = x; return v; }
  static constexpr Value str(StrId s) { Value v; v.tag = Tag::Str; v.i = s; return v; }
  static constexpr Value obj(ObjId o) { Value v; v.tag = Tag::Obj; v.i = o; return v; }
  static constexpr Value func(FuncId fn) { Value v; v.tag = Tag::Func; v.i = fn; return v; }
  static constexpr Value unbound() { Value v; v.tag = Tag::Unbound; return v; }
  bool is_none() const { return tag == Tag::None; }
  bool is_obj() const { return tag == Tag::Obj; }
  bool is_number() const { return tag == Tag::Int || tag == Tag::Bool || tag == Tag::Float; }
  ObjId as_obj() const { return static_cast<ObjId>(i); }
  StrId as_str() const { return static_cast<StrId>(i); }
  double as_double() const { return tag == Tag::Float ? f : static_cast<double>(i); }
};

// Names every Kernel interns first, in this order, so bytecode and natives can use them as constants.
#define IL_SYMBOLS(X)                                                                                         \
  X(acquire) X(release) X(locked) X(wait) X(notify) X(notify_all) X(set) X(clear) X(is_set) X(put) X(get)    \
  X(put_nowait) X(get_nowait) X(qsize) X(empty) X(full) X(task_done) X(join) X(start) X(run) X(is_alive)     \
  X(cancel) X(send) X(recv) X(poll) X(close) X(terminate) X(apply) X(apply_async) X(map) X(ready)            \
  X(successful) X(append) X(pop) X(len) X(getitem) X(setitem) X(keys) X(values) X(items) X(abort) X(reset)   \
  X(name) X(ident) X(daemon) X(value) X(parties) X(n_waiting) X(broken) X(pid) X(exitcode) X(maxsize)        \
  X(copy) X(sum) X(list) X(dict) X(Namespace) X(Lock) X(Queue) X(shutdown) X(submit) X(result) X(native_id)

enum class Sym : std::int32_t {
#define IL_SYM_ENUM(n) n,
  IL_SYMBOLS(IL_SYM_ENUM)
#undef IL_SYM_ENUM
      count_
};

inline constexpr std::string_view kSymbolNames[] = {
#define IL_SYM_NAME(n) #n,
    IL_SYMBOLS(IL_SYM_NAME)
#undef IL_SYM_NAME
};

constexpr StrId sym_id(Sym s) { return static_cast<StrId>(s); }

} // namespace il
