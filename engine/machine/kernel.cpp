// The Kernel's shared helpers: the string and object tables, exceptions, printed output, counters, creating
// threads, where a thread stands in the source, the deadlock report and what a thread's end means (joins at
// exit). They read or fill tables and take the time from now(); scheduling lives in each runtime (the
// simulator's: sim_kernel.cpp).
#include "machine/kernel.hpp"

#include <algorithm>
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

// [SECTION] construction

Kernel::Kernel(Config cfg, Program prog)
    : cfg_(cfg), prog_(std::move(prog)), program_rng_(cfg.seed ^ 0x52616e646f6dULL /* "Random" */) {
  assert(!cfg_.validate());
  strings_.assign(prog_.strings.begin(), prog_.strings.end());
  for (std::size_t i = 0; i < strings_.size(); ++i) string_index_[strings_[i]] = static_cast<StrId>(i);
  permanent_strings_ = strings_.size(); // the program's constants: its bytecode names them
  if (cfg_.collect_always) collect_at_ = 1;
}

Kernel::~Kernel() = default;

// [SECTION] tables

StrId Kernel::intern(std::string_view s) {
  if (auto it = string_index_.find(s); it != string_index_.end()) return it->second;
  ++allocated_;
  if (!free_strings_.empty()) { // an id the collector freed (machine/collect.cpp)
    const StrId id = free_strings_.back();
    free_strings_.pop_back();
    string_free_[static_cast<std::size_t>(id)] = 0;
    std::string& slot = strings_[static_cast<std::size_t>(id)];
    slot.assign(s);
    string_index_.emplace(slot, id);
    return id;
  }
  const auto id = static_cast<StrId>(strings_.size());
  string_index_.emplace(strings_.emplace_back(s), id);
  return id;
}

ObjId Kernel::add_object(std::unique_ptr<Object> o, ProcId owner) {
  ++allocated_;
  ObjId id;
  if (!free_objects_.empty()) {
    id = free_objects_.back();
    free_objects_.pop_back();
  } else {
    id = static_cast<ObjId>(objects_.size());
    objects_.emplace_back();
  }
  o->id = id;
  o->owner = owner;
  if (o->name.empty()) o->name = std::string(o->kind()) + "-" + std::to_string(o->id);
  objects_[static_cast<std::size_t>(id)] = std::move(o);
  return id;
}

FuncId Kernel::prelude(std::string_view name) const {
  for (std::size_t i = 0; i < prog_.functions.size(); ++i)
    if (prog_.functions[i].name == name) return static_cast<FuncId>(i);
  return kNone;
}

// [SECTION] helpers for natives and objects

Outcome Kernel::raise(Thread& t, std::string_view type, std::string_view message) {
  t.exc = {intern(type), intern(message)};
  if (!t.handling.empty()) t.exc.context = t.handling.back(); // raised inside an except block
  if (user_strings.mode == UserStrings::Mode::Collect) [[unlikely]] { // recorded only if the call stands
    user_strings.raised = true;
    return Outcome::Raised;
  }
  record_raise(t);
  return Outcome::Raised;
}

void Kernel::record_raise(const Thread& t) {
  record({.t = now(), .kind = Ev::Exception, .thread = t.id, .obj = t.exc.type, .other = t.exc.message});
}

void Kernel::count(const Object& o) {
  std::int64_t v = o.counter();
  if (v >= 0) record({.t = now(), .kind = Ev::Counter, .obj = o.id, .value = v});
}

Outcome Kernel::invoke(Thread& t, Value callee, std::span<const Value> args, std::span<const StrId> kwnames) {
  const FunctionObject* value = as<FunctionObject>(callee);
  if (auto* m = as<BoundMethodObject>(callee); m && (m->fn.tag == Tag::Func || as<FunctionObject>(m->fn))) {
    if (m->unbound) return invoke(t, m->fn, args, kwnames);
    std::vector<Value> with_self{m->self};
    with_self.insert(with_self.end(), args.begin(), args.end());
    return invoke(t, m->fn, with_self, kwnames);
  }
  if (callee.tag != Tag::Func && !value) return raise(t, "TypeError", "'" + type_name(*this, callee) + "' object is not callable");
  const std::string error = Interp::enter(*this, t, value ? value->fn : static_cast<FuncId>(callee.i), args, kwnames, value);
  return error.empty() ? Outcome::Invoked : raise(t, "TypeError", error);
}

void Kernel::write(Thread& t, Stream s, std::string_view text) {
  if (text.empty()) return; // CPython's print() writes an empty piece too, but nothing reaches the stream
  record({.t = now(), .kind = Ev::Print, .thread = t.id, .obj = intern(text), .value = static_cast<int>(s)});
  std::string& held = procs_[t.proc].held[static_cast<int>(s)];
  held += text;
  const std::size_t nl = held.rfind('\n');
  if (nl == std::string::npos) return; // the line goes on
  const std::string lines = held.substr(0, nl + 1);
  held.erase(0, nl + 1);
  append(s, lines);
  printed(s, lines);
}

void Kernel::flush(ProcId p) {
  for (Stream s : {Stream::Stdout, Stream::Stderr}) {
    std::string& held = procs_[p].held[static_cast<int>(s)];
    if (held.empty()) continue;
    const std::string text = std::move(held);
    held.clear();
    append(s, text);
    printed(s, text);
  }
}

void Kernel::print_line(Thread& t, std::string_view line) {
  std::string text(line);
  text += '\n';
  write(t, Stream::Stdout, text);
}

void Kernel::warn(Thread& t, std::string_view category, std::string_view message) {
  int line = 0;
  for (std::size_t i = t.frames.size(); i-- > 0 && line == 0;) { // the innermost frame with a source line
    const Frame& f = t.frames[i];
    const Function& fn = prog_.functions[f.fn];
    if (f.pc > 0 && f.pc <= static_cast<int>(fn.lines.size())) line = fn.lines[f.pc - 1];
  }
  std::string key = std::to_string(line) + " " + std::string(category) + " " + std::string(message);
  if (!warned_.insert(key).second) return;
  std::string text = prog_.name + ":" + std::to_string(line) + ": " + std::string(category) + ": " + std::string(message) + "\n";
  if (line > 0) { // the source line, stripped
    std::string_view src = prog_.source;
    for (int l = 1; l < line && !src.empty(); ++l) {
      const std::size_t nl = src.find('\n');
      src = nl == std::string_view::npos ? std::string_view{} : src.substr(nl + 1);
    }
    src = src.substr(0, src.find('\n'));
    const std::size_t b = src.find_first_not_of(" \t\f"), e = src.find_last_not_of(" \t\f\r");
    if (b != std::string_view::npos) text += "  " + std::string(src.substr(b, e - b + 1)) + "\n";
  }
  write(t, Stream::Stderr, text);
}

bool Kernel::read_line(std::string& line) {
  if (stdin_at_ >= stdin_.size()) return false;
  const std::size_t nl = stdin_.find('\n', stdin_at_);
  const std::size_t end = nl == std::string::npos ? stdin_.size() : nl;
  line = stdin_.substr(stdin_at_, end - stdin_at_);
  stdin_at_ = nl == std::string::npos ? stdin_.size() : nl + 1;
  return true;
}

void Kernel::append(Stream s, std::string_view text) {
  streams_[static_cast<int>(s)] += text;
  if (s != Stream::Stdout) return;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view piece = text.substr(0, nl);
    if (line_open_) output_.back() += piece;
    else output_.emplace_back(piece);
    line_open_ = nl == std::string_view::npos;
    if (line_open_) break;
    text.remove_prefix(nl + 1);
  }
}

void Kernel::push_result(Thread& t, Value result) const {
  // (A thread with no frame left waits at its process's exit, for its children: that wait makes a value too.)
  const bool store = !t.frames.empty() && t.frames.back().pc > 0 &&
                     prog_.functions[t.frames.back().fn].code[t.frames.back().pc - 1].op == Op::SetItem;
  if (!store) t.stack.push_back(result);
}

void Kernel::wake(ThreadId id, Value result, ThreadId waker, ObjId cause) {
  Thread& t = threads_[id];
  assert(t.state == ThreadState::Blocked);
  leave_wait(t); // and its timeout
  push_result(t, result);
  record({.t = now(), .kind = Ev::Wake, .thread = id, .obj = cause, .other = waker});
  note_progress();
  make_woken_ready(t);
  if (cause != kNone) count(*objects_[cause]);
}

void Kernel::wake_to_retry(ThreadId id, Object& o, ThreadId waker, ObjId cause) {
  Thread& t = threads_[id];
  assert(t.state == ThreadState::Blocked && !t.retry_on);
  leave_wait(t); // a timeout no longer applies while it runs; retry() re-arms what is left of it
  t.retry_on = &o;
  ++o.in_flight;
  record({.t = now(), .kind = Ev::Wake, .thread = id, .obj = cause, .other = waker});
  note_progress();
  make_woken_ready(t);
}

void Kernel::leave_wait(Thread& t) {
  if (t.wait_queue) t.wait_queue->remove(t.id);
  t.waiting_on = nullptr;
  t.wait_queue = nullptr;
  ++t.wait_gen;
}

void Kernel::wake_raise(ThreadId id, std::string_view type, std::string_view message, ThreadId waker, ObjId cause) {
  Thread& t = threads_[id];
  wake(id, Value::none(), waker, cause);
  t.stack.pop_back(); // no result: the call raises instead
  t.exc = {intern(type), intern(message)};
  t.raise_pending = true;
}

// [SECTION] threads and processes

ThreadId Kernel::create_main_process() {
  Process& p = procs_.emplace_back();
  p.id = 0;
  p.pid = next_pid_++;
  p.name = "MainProcess";
  p.globals.resize(prog_.globals.size(), Value::unbound()); // unbound until assigned
  record({.t = 0, .kind = Ev::ProcStart, .obj = 0, .other = kNone});
  std::vector<Value> no_args;
  ThreadId m = create_thread(0, "MainThread", Value::func(prog_.main), no_args, kNone, false);
  threads_[m].is_main = true;
  p.main = m;
  if (prog_.init >= 0) Interp::push_frame(*this, threads_[m], prog_.init, 0);
  return m;
}

ThreadId Kernel::create_thread(ProcId p, std::string name, Value target, std::vector<Value> args, ObjId obj,
                            bool daemon, std::vector<StrId> kwnames) {
  const Ns at = now();
  ThreadId id = static_cast<ThreadId>(threads_.size());
  Thread& t = threads_.emplace_back();
  t.id = id;
  t.proc = p;
  t.globals = &procs_[p].globals;
  t.name = std::move(name);
  t.obj = obj;
  t.daemon = daemon;
  t.state_since = at;
  t.needs_gil = gil_enabled();
  procs_[p].threads.push_back(id);
  record({.t = at, .kind = Ev::ThreadNew, .thread = id, .obj = p});
  if (auto* m = as<BoundMethodObject>(target); m && m->native == kNone) { // target=obj.method: method(obj, *args)
    if (!m->unbound) args.insert(args.begin(), m->self);
    target = m->fn;
  }
  if (target.is_obj() && !as<FunctionObject>(target) && prelude("$call_target") != kNone && is_callable(*this, target)) {
    // Another callable (a functools.partial, a builtin, a class): the thread's first frame calls it.
    auto packed = std::make_unique<TupleObject>();
    auto keywords = std::make_unique<DictObject>();
    const std::size_t npos = args.size() - kwnames.size();
    packed->items.assign(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(npos));
    for (std::size_t k = 0; k < kwnames.size(); ++k) keywords->keys.push_back(Value::str(kwnames[k])), keywords->vals.push_back(args[npos + k]);
    args = {target, Value::obj(add_object(std::move(packed), p)), Value::obj(add_object(std::move(keywords), p))};
    kwnames.clear();
    target = Value::func(prelude("$call_target"));
  }
  if (target.tag == Tag::Func || as<FunctionObject>(target)) {
    const auto* value = as<FunctionObject>(target);
    const std::string error = Interp::enter(*this, t, value ? value->fn : static_cast<FuncId>(target.i), args, kwnames, value);
    if (!error.empty()) { // raised in the new thread when it runs, as Thread.run() would
      t.exc = {intern("TypeError"), intern(error)};
      t.raise_pending = true;
    }
  } else if (!target.is_none()) {
    t.exc = {intern("TypeError"), intern("'" + type_name(*this, target) + "' object is not callable")};
    t.raise_pending = true;
  }
  return id;
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

// [SECTION] deadlock report

void Kernel::detect_deadlock() {
  // Wait-for graph: thread -> primitive it is parked on -> the primitive's owners. A cycle is a deadlock;
  // without one, threads still wait for something nobody will ever do.
  DeadlockReport& r = deadlock_;
  r.found = true;
  std::vector<std::vector<ThreadId>> edges(threads_.size());
  for (const Thread& t : threads_) {
    if (t.state == ThreadState::Done) continue;
    r.stuck.push_back(t.id);
    if (t.waiting_on) t.waiting_on->owners(*this, edges[t.id]);
  }
  std::vector<int> color(threads_.size(), 0), parent(threads_.size(), -1);
  std::vector<ThreadId> cycle;
  auto dfs = [&](auto&& self, ThreadId u) -> bool {
    color[u] = 1;
    for (ThreadId v : edges[u]) {
      if (color[v] == 1) {
        cycle.push_back(v);
        for (ThreadId x = u; x != v; x = parent[x]) cycle.push_back(x);
        std::reverse(cycle.begin(), cycle.end());
        return true;
      }
      if (color[v] == 0) {
        parent[v] = u;
        if (self(self, v)) return true;
      }
    }
    color[u] = 2;
    return false;
  };
  for (ThreadId s : r.stuck)
    if (color[s] == 0 && dfs(dfs, s)) break;
  r.cycle_threads = cycle;
  for (ThreadId t : cycle) r.cycle_objs.push_back(threads_[t].waiting_on ? threads_[t].waiting_on->id : kNone);
  if (!cycle.empty()) {
    r.text = "deadlock:";
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      const Thread& t = threads_[cycle[i]];
      const Thread& n = threads_[cycle[(i + 1) % cycle.size()]];
      r.text += " " + t.name + " waits for " + (t.waiting_on ? t.waiting_on->name : "?") + " held by " + n.name +
                (i + 1 < cycle.size() ? ";" : "");
    }
  } else {
    r.text = "all remaining threads are blocked forever:";
    for (ThreadId t : r.stuck) r.text += " " + threads_[t].name + " (" + describe_wait(t) + ")";
  }
}

Kernel::Wait Kernel::wait_of(ThreadId id) const {
  const Thread& t = threads_[id];
  Wait w;
  w.state = t.state;
  if (t.state == ThreadState::WaitGil) {
    if (const ThreadId h = procs_[t.proc].gil.holder; h != kNone) w.holders.push_back(h);
  } else if (t.state == ThreadState::Blocked && t.waiting_on) {
    w.on = t.waiting_on->name;
    t.waiting_on->owners(*this, w.holders);
  } else if (t.state == ThreadState::Running) {
    w.cpu = t.cpu;
  }
  return w;
}

std::string Kernel::describe_wait(ThreadId id) const {
  const Wait w = wait_of(id);
  std::string s;
  if (w.state == ThreadState::WaitGil) s = "waiting for the GIL";
  else if (w.state == ThreadState::Blocked) s = w.on.empty() ? "blocked" : "blocked on " + w.on;
  else if (w.state == ThreadState::Running) return "running on CPU " + std::to_string(w.cpu);
  else return std::string(to_string(w.state));
  for (std::size_t i = 0; i < w.holders.size(); ++i) s += (i ? ", " : ", held by ") + threads_[w.holders[i]].name;
  return s;
}

// [SECTION] the end of a thread

bool Kernel::join_before_exit(Thread& t) {
  Process& p = procs_[t.proc];
  if (t.uncaught.active() && t.state != ThreadState::Done && !t.frames.empty()) t.frames.clear();
  if (!t.is_main) return false;
  if (!p.exiting) {
    p.exiting = true;
    if (t.uncaught.active()) p.exit_code = exit_status(*this, t.uncaught); // 1, or sys.exit's code
    for (std::size_t i = 0; i < objects_.size(); ++i) // threading._register_atexit's hooks (executors shut down)
      if (objects_[i] && objects_[i]->owner == p.id) objects_[i]->at_exit(*this, t.id);
  }
  // threading._shutdown: the main thread joins every non-daemon thread; multiprocessing's exit handler
  // joins non-daemon children.
  for (ThreadId o : p.threads) {
    Thread& other = threads_[o];
    if (o != t.id && !other.daemon && other.state != ThreadState::Done && other.obj != kNone) {
      auto* th = dynamic_cast<ThreadObject*>(objects_[other.obj].get());
      park(t, *th, th->joiners, -1, Value::none());
      return true;
    }
  }
  for (Process& child : procs_) {
    if (child.parent == p.id && child.alive && child.obj != kNone) {
      auto* po = dynamic_cast<ProcessObject*>(objects_[child.obj].get());
      if (po && !po->daemon) {
        park(t, *po, po->joiners, -1, Value::none());
        return true;
      }
    }
  }
  return false;
}

void Kernel::wake_joiners(Thread& t) {
  if (t.obj == kNone) return;
  auto* th = dynamic_cast<ThreadObject*>(objects_[t.obj].get());
  while (th && !th->joiners.empty()) wake(th->joiners.q.front(), Value::none(), t.id, t.obj);
}

} // namespace il
