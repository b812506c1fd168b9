// The Kernel's shared helpers: the string and object tables, exceptions, printed output, counters, and where a
// thread stands in the source. They read or fill tables and take the time from now(); scheduling lives in each
// runtime (the simulator's: sim_kernel.cpp).
#include "kernel.hpp"

#include <cassert>

namespace il {

// [SECTION] construction

Kernel::Kernel(Config cfg, Program prog) : cfg_(cfg), prog_(std::move(prog)) {
  assert(!cfg_.validate());
  strings_ = prog_.strings;
}

Kernel::~Kernel() = default;

// [SECTION] tables

StrId Kernel::intern(std::string_view s) {
  // Linear probing from the back finds recently made strings fast; the table stays small in practice.
  for (std::size_t i = strings_.size(); i-- > 0;)
    if (strings_[i] == s) return static_cast<StrId>(i);
  strings_.emplace_back(s);
  return static_cast<StrId>(strings_.size() - 1);
}

ObjId Kernel::add_object(std::unique_ptr<Object> o, ProcId owner) {
  o->id = static_cast<ObjId>(objects_.size());
  o->owner = owner;
  if (o->name.empty()) o->name = std::string(o->kind()) + "-" + std::to_string(o->id);
  objects_.push_back(std::move(o));
  return static_cast<ObjId>(objects_.size() - 1);
}

FuncId Kernel::prelude(std::string_view name) const {
  for (std::size_t i = 0; i < prog_.functions.size(); ++i)
    if (prog_.functions[i].name == name) return static_cast<FuncId>(i);
  return kNone;
}

// [SECTION] helpers for natives and objects

Outcome Kernel::raise(Thread& t, std::string_view type, std::string_view message) {
  t.exc = {intern(type), intern(message)};
  record({.t = now(), .kind = Ev::Exception, .thread = t.id, .obj = t.exc.type, .other = t.exc.message});
  return Outcome::Raised;
}

void Kernel::count(const Object& o) {
  std::int64_t v = o.counter();
  if (v >= 0) record({.t = now(), .kind = Ev::Counter, .obj = o.id, .value = v});
}

void Kernel::print_line(Thread& t, std::string line) {
  StrId s = intern(line);
  record({.t = now(), .kind = Ev::Print, .thread = t.id, .obj = s});
  output_.push_back(std::move(line));
}

void Kernel::wake_raise(ThreadId id, std::string_view type, std::string_view message, ThreadId waker, ObjId cause) {
  Thread& t = threads_[id];
  wake(id, Value::none(), waker, cause);
  t.stack.pop_back(); // no result: the call raises instead
  t.exc = {intern(type), intern(message)};
  t.raise_pending = true;
}

// [SECTION] reading state

int Kernel::current_line(ThreadId id) const {
  assert(id >= 0 && static_cast<std::size_t>(id) < threads_.size());
  const Thread& t = threads_[id];
  if (t.state == ThreadState::New || t.state == ThreadState::Done) return 0;
  // The interpreter advances pc before it executes an instruction. A frame below the innermost one is inside
  // the call at pc - 1. The innermost frame is about to execute code[pc], unless the thread is still inside
  // the instruction before it: parked or sleeping in a call, doing a call's CPU work, or woken and about to
  // finish that call (compete for the lock again, raise the wait's exception).
  const bool in_call = t.state == ThreadState::Blocked || t.state == ThreadState::Sleeping ||
                       t.state == ThreadState::Io || t.work_units > 0 || t.retry_on || t.raise_pending;
  for (std::size_t i = t.frames.size(); i-- > 0;) {
    const Frame& f = t.frames[i];
    const std::vector<int>& lines = prog_.functions[f.fn].lines;
    const int at = (i + 1 < t.frames.size() || in_call) ? f.pc - 1 : f.pc;
    assert(lines.size() == prog_.functions[f.fn].code.size());
    if (at >= 0 && at < static_cast<int>(lines.size()) && lines[at] > 0) return lines[at];
  }
  return 0;
}

} // namespace il
