// multiprocessing, part 1: processes (fork and spawn), the copies a fork or a pickle makes, names, exit codes,
// start methods, the runtime's bytecode helpers and the module-level natives. IPC and shared memory are in
// processes_ipc.cpp, managers in processes_manager.cpp, pools in processes_pool.cpp.
//
// [SECTION] copies: fork's memory and pickling
// [SECTION] creating a process
// [SECTION] helpers shared by the multiprocessing files
// [SECTION] Process objects
// [SECTION] the runtime's bytecode helpers
// [SECTION] natives
#include <cassert>
#include <charconv>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "machine/sim.hpp"
#include "python/modules.hpp"
#include "vm/builder.hpp"

namespace il {

// [SECTION] copies: fork's memory and pickling

namespace {

// clone() with the fix-ups a copy in another process needs: no waiters (they are threads of the original's
// process) and fresh statistics. Conditions are copied with their lock.
std::unique_ptr<Object> clone_local(const Object& o) {
  std::unique_ptr<Object> c;
  if (auto* cond = dynamic_cast<const ConditionObject*>(&o)) {
    auto n = std::make_unique<ConditionObject>();
    n->lock = cond->lock; // rewritten by the caller
    c = std::move(n);
  } else if (auto* bar = dynamic_cast<const BarrierObject*>(&o)) {
    auto n = std::make_unique<BarrierObject>(); // nobody has arrived in the copy
    n->parties = bar->parties;
    n->action = bar->action;
    n->timeout = bar->timeout;
    n->broken = bar->broken;
    c = std::move(n);
  } else {
    c = o.clone();
  }
  if (!c) return c;
  c->waiters = {};
  c->stats = {};
  c->name = o.name;
  c->named = o.named;
  return c;
}

} // namespace

Value Copier::copy(Value root) {
  // Iterative, so deep structures cannot overflow the C++ stack: clone each object once, then rewrite the
  // references of every clone to the clones.
  std::vector<ObjId> pending;
  auto visit = [&](Value v) -> Value {
    if (!v.is_obj()) return v;
    const ObjId id = v.as_obj();
    if (auto it = memo_.find(id); it != memo_.end()) return Value::obj(it->second);
    std::unique_ptr<Object> c = clone_local(*sim_.object(id));
    if (!c) return v; // OS-shared: both sides see the same object
    const ObjId nid = sim_.add_object(std::move(c), dest_);
    memo_.emplace(id, nid);
    pending.push_back(nid);
    return Value::obj(nid);
  };
  Value out = visit(root);
  while (!pending.empty()) {
    Object* n = sim_.object(pending.back());
    pending.pop_back();
    for (Value& r : n->refs()) r = visit(r);
    if (auto* d = dynamic_cast<DictObject*>(n)) {
      for (Value& k : d->keys) k = visit(k);
      for (Value& v : d->vals) v = visit(v);
    } else if (auto* st = dynamic_cast<SetObject*>(n)) { // copied keys hash anew (by identity, for objects)
      const std::vector<Value> keys = st->items();
      if (std::none_of(keys.begin(), keys.end(), [](Value k) { return k.is_obj(); })) continue;
      st->clear();
      for (Value k : keys) {
        const Value copied = visit(k);
        std::int64_t h = 0;
        try_hash(sim_, copied, h);
        st->add(sim_, copied, h);
      }
    } else if (auto* q = dynamic_cast<QueueObject*>(n)) {
      for (Value& v : q->items) v = visit(v);
    } else if (auto* cv = dynamic_cast<ConditionObject*>(n)) {
      if (cv->lock != kNone) cv->lock = visit(Value::obj(cv->lock)).as_obj();
    }
  }
  return out;
}

std::string type_name(const Kernel& sim, Value v) {
  switch (v.tag) {
  case Tag::None: return "NoneType";
  case Tag::Bool: return "bool";
  case Tag::Int: return "int";
  case Tag::Float: return "float";
  case Tag::Str: return "str";
  case Tag::Func: return "function";
  case Tag::Unbound: return "unbound";
  case Tag::Obj: return std::string(sim.object(v.as_obj())->kind());
  }
  return "object";
}

int exit_status(const Kernel& sim, const Exc& e) {
  if (!e.active()) return 0;
  if (sim.str(e.type) != "SystemExit") return 1;
  // sys.exit(code): None -> 0, an int -> its low byte as the OS sees it, anything else is printed -> 1.
  const std::string& m = sim.str(e.message);
  if (m.empty() || m == "None" || m == "False") return 0;
  if (m == "True") return 1;
  long long n = 0;
  auto [end, ec] = std::from_chars(m.data(), m.data() + m.size(), n);
  if (ec != std::errc() || end != m.data() + m.size()) return 1;
  return static_cast<int>(static_cast<unsigned long long>(n) & 0xff);
}

std::string exit_message(const Kernel& sim, const Exc& e) {
  if (sim.str(e.type) != "SystemExit") return {};
  const std::string& m = sim.str(e.message);
  if (m.empty() || m == "None" || m == "True" || m == "False") return {};
  long long n = 0;
  auto [end, ec] = std::from_chars(m.data(), m.data() + m.size(), n);
  if (ec == std::errc() && end == m.data() + m.size()) return {};
  return m;
}

// [SECTION] creating a process

ProcId Kernel::make_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                            bool fork, const Thread* forking) {
  assert(parent == kNone || parent < static_cast<ProcId>(procs_.size()));
  const ProcId id = static_cast<ProcId>(procs_.size());
  Process& p = procs_.emplace_back(); // a deque: references to other processes stay valid
  p.id = id;
  p.pid = next_pid_++;
  p.parent = parent;
  p.name = std::move(name);
  p.obj = obj;
  p.globals.resize(prog_.globals.size(), Value::unbound()); // unbound until assigned
  Copier copier(*this, id);
  if (fork && parent != kNone) {
    // fork(): the child gets a copy of the parent's memory; one Copier keeps shared references shared.
    const Process& from = procs_[parent];
    for (std::size_t i = 0; i < from.globals.size() && i < p.globals.size(); ++i)
      p.globals[i] = copier.copy(from.globals[i]);
    p.thread_counter = from.thread_counter; // threading's Thread-N counter is a global too
    p.held[0] = from.held[0], p.held[1] = from.held[1]; // a line printed in part is printed by both
  }
  for (Value& a : args) a = copier.copy(a); // spawn pickles the arguments; fork copies them with the memory
  record({.t = now(), .kind = Ev::ProcStart, .obj = id, .other = parent});
  const ThreadId m = create_thread(id, "MainThread", target, std::move(args), kNone, false);
  Thread& mt = threads_[m];
  mt.is_main = true;
  p.main = m;
  if (forking) { // os.fork(): the child's main thread is the forking thread, where it stands
    for (Value v : forking->stack) mt.stack.push_back(copier.copy(v));
    mt.frames = forking->frames;
    for (Frame& f : mt.frames)
      if (f.generator != kNone) f.generator = copier.copy(Value::obj(f.generator)).as_obj();
    mt.name = forking->name;
  }
  // spawn: a new interpreter imports the main module again (its top level, outside
  // `if __name__ == '__main__'`), and only then runs the target.
  if (!fork && prog_.init >= 0) Interp::push_frame(*this, mt, prog_.init, 0);
  return id;
}

ProcId Sim::create_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                           bool daemon, bool fork) {
  (void)daemon; // the Process object carries the flag; kill_process and the exit path read it there
  const ProcId id = make_process(parent, std::move(name), target, std::move(args), obj, fork);
  if (!fork && cfg_.spawn_ns > 0) { // the new interpreter boots before it imports anything
    const ThreadId m = procs_[id].main;
    Thread& mt = threads_[m];
    mt.work_units = cfg_.spawn_ns * 1000;
    mt.work_speed = 0;
    record({.t = now_, .kind = Ev::WorkBegin, .thread = m, .value = cfg_.spawn_ns});
  }
  return id;
}

Outcome Sim::fork_process(Call& c) {
  Thread& t = c.t;
  t.stack.push_back(Value::integer(0)); // the child's result of the call
  const ProcId id = make_process(t.proc, procs_[t.proc].name, Value::none(), {}, kNone, true, &t);
  t.stack.pop_back();
  start_thread(procs_[id].main, cfg_.fork_ns);
  return work_then(c, cfg_.fork_ns, Value::integer(procs_[id].pid)); // the parent copies its page tables meanwhile
}

// [SECTION] helpers shared by the multiprocessing files

ProcessObject& process_object_of(Kernel& sim, ProcId p) {
  Process& pr = sim.process(p);
  if (pr.obj == kNone) { // multiprocessing's _MainProcess, made on first use
    auto o = std::make_unique<ProcessObject>();
    o->name = pr.name;
    o->named = true;
    o->proc = p;
    o->started = true;
    pr.obj = sim.add_object(std::move(o), p);
  }
  auto* po = dynamic_cast<ProcessObject*>(sim.object(pr.obj));
  assert(po); // Process::obj always names a ProcessObject
  return *po;
}

StartMethod fix_context(Kernel& sim, ProcId p) {
  // Inside a call of get_context(method)'s functions: that method, leaving the module's default unfixed.
  if (sim.context_override >= 0) return static_cast<StartMethod>(sim.context_override);
  ProcessObject& po = process_object_of(sim, p);
  if (po.context < 0) po.context = static_cast<int>(sim.config().start_method);
  return static_cast<StartMethod>(po.context);
}

// [SECTION] contexts

Outcome ContextObject::call(Call& c, Sym m) { return call_named(c, sym_id(m)); }

Outcome ContextObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  const std::string& name = sim.str(m);
  if (name == "get_start_method" && chosen) {
    if (!c.kwnames.empty() || c.args.size() > 1)
      return sim.raise(c.t, "TypeError", "BaseContext.get_start_method() takes from 1 to 2 positional arguments");
    c.ret = Value::str(sim.intern(method == StartMethod::Fork ? "fork" : "spawn"));
    return Outcome::Done;
  }
  NativeFunctionObject fn; // ctx.Pool(2): multiprocessing.Pool(2), starting its processes the context's way
  if (!context_function(name, fn))
    return sim.raise(c.t, "AttributeError", "'" + std::string(kind()) + "' object has no attribute '" + name + "'");
  return fn.call_self(c);
}

bool ContextObject::context_function(std::string_view name, NativeFunctionObject& out) const {
  const py::Intrinsic* in = py::find_intrinsic("multiprocessing", name);
  if (!in) return false;
  out.intrinsic = py::intrinsic_index(*in);
  if (chosen) out.start_method = static_cast<int>(method);
  return true;
}

bool ContextObject::get_attr(Kernel& sim, Thread& t, StrId name, Value& out) {
  (void)t;
  auto fn = std::make_unique<NativeFunctionObject>();
  if (!context_function(sim.str(name), *fn)) return false;
  out = Value::obj(sim.add_object(std::move(fn), owner));
  return true;
}

std::string ContextObject::repr(const Kernel& sim) const {
  (void)sim;
  if (module) return "<module 'multiprocessing' from '<stdlib>/multiprocessing/__init__.py'>";
  char at[32];
  std::snprintf(at, sizeof at, "0x%llx", static_cast<unsigned long long>(identity_address(Value::obj(id))));
  return "<multiprocessing.context." + std::string(kind()) + " object at " + at + ">";
}

Outcome get_context(Call& c) {
  Kernel& sim = c.sim;
  const Value m = c.arg(0);
  auto ctx = std::make_unique<ContextObject>();
  const std::string name = m.tag == Tag::Str ? sim.str(m.as_str()) : "";
  if (m.is_none()) ctx->method = fix_context(sim, c.t.proc), ctx->chosen = false; // the default: fixed from now on
  else if (name == "fork") ctx->method = StartMethod::Fork;
  else if (name == "spawn") ctx->method = StartMethod::Spawn;
  else if (name == "forkserver")
    return sim.raise(c.t, "NotImplementedError", "the 'forkserver' start method is not supported by the simulator");
  else return sim.raise(c.t, "ValueError", "cannot find context for " + sim.repr(m));
  c.ret = Value::obj(sim.add_object(std::move(ctx), c.t.proc));
  return Outcome::Done;
}

std::string next_identity(Kernel& sim, ProcId p) {
  Process& pr = sim.process(p);
  const int n = ++pr.process_counter;
  const std::string& mine = process_object_of(sim, p).identity;
  return mine.empty() ? std::to_string(n) : mine + ":" + std::to_string(n);
}

Outcome work_then(Call& c, Ns ns, Value result) {
  if (ns <= 0) {
    c.ret = result;
    return Outcome::Done;
  }
  Outcome o = c.sim.work(c.t, ns);
  assert(o == Outcome::Worked && !c.t.stack.empty());
  c.t.stack.back() = result; // work() pushed None as the call's result
  return o;
}

bool have_runtime(Call& c, std::initializer_list<std::string_view> prelude_functions) {
  for (std::string_view f : prelude_functions)
    if (c.sim.prelude(f) == kNone) {
      c.sim.raise(c.t, "RuntimeError", "the multiprocessing runtime is missing " + std::string(f));
      return false;
    }
  return true;
}

void work_on_resume(Kernel& sim, ThreadId id, Ns ns) {
  Thread& t = sim.thread(id);
  if (ns <= 0 || t.state == ThreadState::Done) return;
  assert(t.work_units == 0 && t.state != ThreadState::Blocked); // woken, not yet computing
  t.work_units = ns * 1000; // run_cpu does it before the thread's next instruction
  t.work_speed = 0;
  sim.record({.t = sim.now(), .kind = Ev::WorkBegin, .thread = id, .value = ns});
}

namespace {

// The process start cost: fork copies the page tables in the parent; spawn only launches an executable (the
// child pays its own interpreter boot).
Ns start_cost(const Kernel& sim, bool fork) { return fork ? sim.config().fork_ns : sim.config().thread_create_ns; }

bool daemonic(Kernel& sim, ProcId p) { return process_object_of(sim, p).daemon; }

} // namespace

Ns process_start_cost(Kernel& sim, ProcId p) { return start_cost(sim, fix_context(sim, p) == StartMethod::Fork); }

ProcessObject& start_helper_process(Call& c, std::string name, std::string identity, Value target,
                                    std::vector<Value> args, int stagger) {
  Kernel& sim = c.sim;
  const bool fork = fix_context(sim, c.t.proc) == StartMethod::Fork;
  auto o = std::make_unique<ProcessObject>();
  o->name = std::move(name);
  o->named = true;
  o->identity = std::move(identity);
  o->creator = c.t.proc;
  o->daemon = true; // pool workers are daemonic; a manager's server is shut down when its owner exits
  o->started = true;
  o->target = target;
  o->context = process_object_of(sim, c.t.proc).context;
  const ObjId id = sim.add_object(std::move(o), c.t.proc);
  auto& po = *dynamic_cast<ProcessObject*>(sim.object(id));
  po.proc = sim.create_process(c.t.proc, po.name, target, std::move(args), id, true, fork);
  sim.start_thread(sim.process(po.proc).main, start_cost(sim, fork) * (stagger + 1));
  return po;
}

// [SECTION] Process objects

bool ProcessObject::alive(const Kernel& sim) const { return proc != kNone && sim.processes()[proc].alive; }

void ProcessObject::owners(const Kernel& sim, std::vector<ThreadId>& out) const {
  if (!alive(sim)) return;
  const Process& p = sim.processes()[proc];
  if (p.main != kNone && sim.threads()[p.main].state != ThreadState::Done) {
    out.push_back(p.main);
    return;
  }
  for (ThreadId t : p.threads)
    if (sim.threads()[t].state != ThreadState::Done) out.push_back(t);
}

std::string ProcessObject::repr(const Kernel& sim) const {
  const bool main = creator == kNone && proc != kNone && sim.processes()[proc].parent == kNone;
  std::string s = std::string(main ? "<_MainProcess" : "<Process") + " name='" + name + "'";
  if (proc != kNone) s += " pid=" + std::to_string(sim.processes()[proc].pid);
  if (creator != kNone) s += " parent=" + std::to_string(sim.processes()[creator].pid);
  else s += " parent=None";
  if (!started) s += " initial";
  else if (alive(sim)) s += " started";
  else s += " stopped exitcode=" + std::to_string(sim.processes()[proc].exit_code);
  if (daemon) s += " daemon";
  return s + ">";
}

Outcome ProcessObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  if (closed && m != Sym::close) return sim.raise(c.t, "ValueError", "process object is closed");
  switch (m) {
  case Sym::start: {
    if (started) return sim.raise(c.t, "AssertionError", "cannot start a process twice");
    if (creator != c.t.proc)
      return sim.raise(c.t, "AssertionError", "can only start a process object created by current process");
    if (daemonic(sim, c.t.proc))
      return sim.raise(c.t, "AssertionError", "daemonic processes are not allowed to have children");
    started = true;
    const StartMethod how = method >= 0 ? static_cast<StartMethod>(method) : fix_context(sim, c.t.proc);
    const bool fork = dynamic_cast<PopenObject*>(this) || how == StartMethod::Fork; // (exec'd)
    context = process_object_of(sim, c.t.proc).context;
    std::vector<Value> a;
    if (auto* l = sim.as<ListObject>(args)) a = l->items;
    proc = sim.create_process(c.t.proc, name, target, std::move(a), id, daemon, fork);
    // Forking costs the parent CPU time; the child can run once the fork returns.
    sim.start_thread(sim.process(proc).main, start_cost(sim, fork));
    return sim.work(c.t, start_cost(sim, fork));
  }
  case Sym::run: { // called directly: the target runs in the caller, like any function
    if (target.is_none()) return Outcome::Done;
    auto* l = sim.as<ListObject>(args);
    std::vector<Value> a = l ? l->items : std::vector<Value>{};
    return sim.invoke(c.t, target, a);
  }
  case Sym::join: {
    if (creator != c.t.proc) return sim.raise(c.t, "AssertionError", "can only join a child process");
    if (!started) return sim.raise(c.t, "AssertionError", "can only join a started process");
    if (!alive(sim)) return Outcome::Done;
    return sim.park(c.t, *this, joiners, seconds_to_ns(c.arg(0), -1), Value::none());
  }
  case Sym::is_alive:
    if (proc == c.t.proc) {
      c.ret = Value::boolean(true);
      return Outcome::Done;
    }
    if (creator != c.t.proc) return sim.raise(c.t, "AssertionError", "can only test a child process");
    c.ret = Value::boolean(alive(sim));
    return Outcome::Done;
  case Sym::terminate: return call_named(c, sym_id(Sym::terminate));
  case Sym::close:
    if (alive(sim) && creator != kNone)
      return sim.raise(c.t, "ValueError", "Cannot close a process while it is still running. You should first "
                                          "call join() or terminate().");
    closed = true;
    return Outcome::Done;
  default: return Object::call(c, m);
  }
}

Outcome ProcessObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  const std::string& n = sim.str(m);
  if (n != "terminate" && n != "kill") return Object::call_named(c, m);
  if (closed) return sim.raise(c.t, "ValueError", "process object is closed");
  if (!started) return sim.raise(c.t, "AttributeError", "'NoneType' object has no attribute '" + n + "'");
  if (!alive(sim)) return Outcome::Done;
  // SIGTERM / SIGKILL: the process dies at once, whatever its threads were doing.
  sim.kill_process(proc, n == "kill" ? -9 : -15);
  // A process that killed itself has no thread left to continue the call in.
  return c.t.state == ThreadState::Running ? Outcome::Done : Outcome::Blocked;
}

bool ProcessObject::get_attr(Kernel& sim, Thread& t, StrId n, Value& out) {
  if (closed) {
    sim.raise(t, "ValueError", "process object is closed");
    return false;
  }
  switch (static_cast<Sym>(n)) {
  case Sym::name: out = Value::str(sim.intern(name)); return true;
  case Sym::daemon: out = Value::boolean(daemon); return true;
  case Sym::pid:
  case Sym::ident: out = proc == kNone ? Value::none() : Value::integer(sim.process(proc).pid); return true;
  case Sym::exitcode:
    out = proc == kNone || alive(sim) ? Value::none() : Value::integer(sim.process(proc).exit_code);
    return true;
  default: return false;
  }
}

bool ProcessObject::set_attr(Kernel& sim, Thread& t, StrId n, Value v) {
  switch (static_cast<Sym>(n)) {
  case Sym::name:
    if (v.tag != Tag::Str) {
      sim.raise(t, "AssertionError", "name must be a string");
      return false;
    }
    name = sim.str(v.as_str());
    if (proc != kNone) sim.process(proc).name = name;
    return true;
  case Sym::daemon:
    if (started) {
      sim.raise(t, "AssertionError", "process has already started");
      return false;
    }
    daemon = Interp::truthy(sim, v);
    return true;
  default: return false;
  }
}

// [SECTION] the runtime's bytecode helpers

void add_process_prelude(ModuleBuilder& m) {
  // A pool worker's life (multiprocessing.pool.worker): take a task, run it, send back its result or its
  // exception; leave when the pool is closed and drained. `finally` sees the exception before it is cleared:
  // $done records it for the caller and clears it, so the worker survives. concurrent.futures' _worker does the
  // same, then calls the future's done-callbacks.
  auto worker = [&](const char* name, bool callbacks) {
    FnBuilder& w = m.def(name, {"pool"});
    w.while_([&] { w.push_bool(true); }, [&] {
      w.load("pool").method("$next", 0).store("job");
      w.if_([&] { w.load("job").push_none().op(Op::Eq); }, [&] { w.ret_none(); });
      w.push_none().store("result");
      w.try_finally([&] { w.load("job").method("$run", 0).store("result"); },
                    [&] { w.load("job").load("result").method_stmt("$done", 1); });
      if (!callbacks) return;
      w.load("job").method("$future", 0).store("future");
      w.for_each("callback", [&] { w.load("future").method("$callbacks", 0); },
                 [&] { w.load("callback").load("future").call_value(1).pop(); });
    });
  };
  worker("$pool_worker", false);

  // pool.join(): join every worker (processes or threads).
  FnBuilder& j = m.def("$pool_join", {"pool"});
  j.for_each("worker", [&] { j.load("pool").method("$workers", 0); },
             [&] { j.load("worker").method_stmt("join", 0); });

  // A proxy method: the request travels to the server (I/O wait), a server thread runs it (blocked until it
  // replies), the reply travels back, then the result (or the server's exception) is the call's.
  FnBuilder& pc = m.def("$proxy_call", {"proxy", "method", "args"});
  pc.load("proxy").method_stmt("$transit", 0);
  pc.load("proxy").load("method").load("args").method_stmt("$call", 2);
  pc.load("proxy").method_stmt("$transit", 0);
  pc.load("proxy").method("$result", 0).ret();

  // Manager(): start the server process, then wait until it listens.
  FnBuilder& ms = m.def("$manager_start", {"manager"});
  ms.load("manager").method_stmt("$launch", 0);
  ms.load("manager").method_stmt("$wait_ready", 0);
  ms.load("manager").ret();

  // The server process's main thread: accept connections, one handler thread each (like serve_forever).
  FnBuilder& sv = m.def("$manager_server", {"manager"});
  sv.while_([&] { sv.push_bool(true); }, [&] {
    sv.load("manager").method("$accept", 0).store("conn");
    sv.if_([&] { sv.load("conn").push_none().op(Op::Eq); }, [&] { sv.ret_none(); });
    sv.load("conn").method_stmt("$start_handler", 0);
  });

  worker("$executor_worker", true);

  // submit() that started a worker: like Thread.start(), it returns once the worker thread runs.
  FnBuilder& es = m.def("$executor_started", {"pool", "worker", "future"});
  es.load("pool").load("worker").method_stmt("$await_start", 1);
  es.load("future").ret();

  // Executor.map's result iterator: each future's result, in order, as the loop asks for it.
  FnBuilder& er = m.def("$executor_results", {"futures", "timeout"}).generator();
  er.for_each("future", [&] { er.load("futures"); },
              [&] { er.load("future").load("timeout").method("result", 1).op(Op::Yield).pop(); });
  er.ret_none();

  // as_completed(fs): each future as it finishes (those done already first).
  FnBuilder& ac = m.def("$as_completed", {"waiter"}).generator();
  ac.while_([&] { ac.push_bool(true); }, [&] {
    ac.load("waiter").method("$next", 0).store("future");
    ac.if_([&] { ac.load("future").push_none().op(Op::Is); }, [&] { ac.ret_none(); });
    ac.load("future").op(Op::Yield).pop();
  });

  // A handler thread in the server: run its client's requests one by one (serve_client).
  FnBuilder& h = m.def("$manager_handler", {"conn"});
  h.while_([&] { h.load("conn").method("$next", 0); }, [&] {
    h.push_none().store("result");
    h.try_finally([&] { h.load("conn").method("$serve", 0).store("result"); },
                  [&] { h.load("conn").load("result").method_stmt("$reply", 1); });
  });
}

// [SECTION] natives

namespace {

Outcome new_object(Call& c, std::unique_ptr<Object> o) {
  c.ret = Value::obj(c.sim.add_object(std::move(o), c.t.proc));
  return Outcome::Done;
}

Outcome set_start_method(Call& c) {
  Kernel& sim = c.sim;
  ProcessObject& po = process_object_of(sim, c.t.proc);
  if (po.context >= 0) return sim.raise(c.t, "RuntimeError", "context has already been set");
  Value m = c.arg(0);
  std::string name = m.tag == Tag::Str ? sim.str(m.as_str()) : sim.repr(m);
  if (name == "fork") po.context = static_cast<int>(StartMethod::Fork);
  else if (name == "spawn") po.context = static_cast<int>(StartMethod::Spawn);
  else return sim.raise(c.t, "ValueError", "cannot find context for " + sim.repr(m));
  return Outcome::Done;
}

Outcome sys_exit(Call& c) {
  // sys.exit(code) raises SystemExit(code); the process's exit code comes from it if nothing catches it.
  Value code = c.arg(0);
  if (code.is_none()) return raise_with_args(c, "SystemExit", {});
  return raise_with_args(c, "SystemExit", {code});
}

} // namespace

Outcome call_mp_native(Native n, Call& c) {
  Kernel& sim = c.sim;
  Thread& t = c.t;
  switch (n) {
  case Native::process_new: {
    auto o = std::make_unique<ProcessObject>();
    o->target = c.arg(0);
    o->args = c.arg(1);
    if (!o->args.is_none() && !sim.as<ListObject>(o->args))
      return sim.raise(t, "TypeError", "Process args must be a list or tuple");
    o->identity = next_identity(sim, t.proc);
    // A context's Process is its ForkProcess or SpawnProcess class, which names its instances so.
    const char* cls = sim.context_override < 0                                       ? "Process-"
                      : static_cast<StartMethod>(sim.context_override) == StartMethod::Fork ? "ForkProcess-"
                                                                                        : "SpawnProcess-";
    o->name = c.arg(2).is_none() ? cls + o->identity : sim.display(c.arg(2));
    o->named = true;
    o->daemon = c.arg(3).is_none() ? daemonic(sim, t.proc) : Interp::truthy(sim, c.arg(3));
    o->creator = t.proc;
    return new_object(c, std::move(o));
  }
  case Native::popen_new:
  case Native::subprocess_exec:
  case Native::completed_process:
  case Native::subprocess_error: return subprocess_native(n, c);
  case Native::current_process: c.ret = Value::obj(process_object_of(sim, t.proc).id); return Outcome::Done;
  case Native::getpid: c.ret = Value::integer(sim.process(t.proc).pid); return Outcome::Done;
  case Native::getppid: {
    ProcId parent = sim.process(t.proc).parent;
    c.ret = Value::integer(parent == kNone ? sim.root_parent_pid() : sim.process(parent).pid);
    return Outcome::Done;
  }
  case Native::cpu_count: c.ret = Value::integer(sim.config().logical_cpus()); return Outcome::Done;
  case Native::set_start_method: return set_start_method(c);
  case Native::get_context: return get_context(c);
  case Native::get_start_method: { // allow_none: None while no process was started or method chosen
    ProcessObject& po = process_object_of(sim, t.proc);
    if (po.context < 0 && Interp::truthy(sim, c.arg(0))) {
      c.ret = Value::none();
      return Outcome::Done;
    }
    c.ret = Value::str(sim.intern(fix_context(sim, t.proc) == StartMethod::Fork ? "fork" : "spawn"));
    return Outcome::Done;
  }
  case Native::get_all_start_methods: { // as on Linux
    auto l = std::make_unique<ListObject>();
    for (const char* m : {"fork", "spawn", "forkserver"}) l->items.push_back(Value::str(sim.intern(m)));
    return new_object(c, std::move(l));
  }
  case Native::mp_module: {
    auto m = std::make_unique<ContextObject>();
    m->chosen = false;
    m->module = true;
    return new_object(c, std::move(m));
  }
  case Native::exit: return sys_exit(c);
  case Native::mp_queue_new: {
    fix_context(sim, t.proc);
    auto o = std::make_unique<MpQueueObject>();
    o->maxsize = c.arg(0).tag == Tag::Int && c.arg(0).i > 0 ? c.arg(0).i : 0;
    return new_object(c, std::move(o));
  }
  case Native::mp_lock_new: fix_context(sim, t.proc); return new_object(c, std::make_unique<MpLockObject>());
  case Native::mp_rlock_new: fix_context(sim, t.proc); return new_object(c, std::make_unique<MpRLockObject>());
  case Native::pipe_new: {
    const bool duplex = c.arg(0).is_none() || Interp::truthy(sim, c.arg(0));
    ObjId a = sim.add_object(std::make_unique<ConnectionObject>(), t.proc);
    ObjId b = sim.add_object(std::make_unique<ConnectionObject>(), t.proc);
    auto* ca = dynamic_cast<ConnectionObject*>(sim.object(a));
    auto* cb = dynamic_cast<ConnectionObject*>(sim.object(b));
    ca->peer = b;
    cb->peer = a;
    if (!duplex) { // Pipe(False): (reader, writer)
      ca->writable = false;
      cb->readable = false;
    }
    auto l = std::make_unique<ListObject>();
    l->items = {Value::obj(a), Value::obj(b)};
    return new_object(c, std::move(l));
  }
  case Native::mp_value_new: {
    Value tc = c.arg(0);
    std::string code = tc.tag == Tag::Str ? sim.str(tc.as_str()) : "";
    auto o = std::make_unique<SharedValueObject>();
    o->typecode = code.size() == 1 ? code[0] : '?';
    Value init = c.arg(1).is_none() ? Value::integer(0) : c.arg(1);
    if (!coerce_ctype(sim, t, o->typecode, init, o->value)) return Outcome::Raised;
    o->synchronized = c.arg(2).is_none() || Interp::truthy(sim, c.arg(2));
    fix_context(sim, t.proc);
    return new_object(c, std::move(o));
  }
  case Native::mp_array_new: {
    Value tc = c.arg(0);
    std::string code = tc.tag == Tag::Str ? sim.str(tc.as_str()) : "";
    auto o = std::make_unique<SharedArrayObject>();
    o->typecode = code.size() == 1 ? code[0] : '?';
    o->synchronized = c.arg(2).is_none() || Interp::truthy(sim, c.arg(2));
    Value zero;
    if (!coerce_ctype(sim, t, o->typecode, Value::integer(0), zero)) return Outcome::Raised;
    Value init = c.arg(1);
    if (init.tag == Tag::Int || init.tag == Tag::Bool) {
      if (init.i < 0) return sim.raise(t, "ValueError", "Array length must be >= 0, not " + std::to_string(init.i));
      o->items.assign(static_cast<std::size_t>(init.i), zero);
    } else if (auto* l = sim.as<ListObject>(init)) {
      for (Value v : l->items) {
        Value x;
        if (!coerce_ctype(sim, t, o->typecode, v, x)) return Outcome::Raised;
        o->items.push_back(x);
      }
    } else {
      return sim.raise(t, "TypeError", "Array() needs a size or a list");
    }
    fix_context(sim, t.proc);
    return new_object(c, std::move(o));
  }
  case Native::manager_new: return new_manager(c);
  case Native::pool_new: return new_pool(c, false);
  case Native::thread_pool_new: return new_pool(c, true);
  case Native::thread_executor_new: return new_executor(c, true);
  case Native::process_executor_new: return new_executor(c, false);
  case Native::as_completed_: return futures_wait(c, true);
  case Native::futures_wait_: return futures_wait(c, false);
  case Native::partial_new: return new_partial(c);
  case Native::wraps_new: {
    auto w = std::make_unique<WrapsObject>();
    w->wrapped = c.arg(0);
    c.ret = Value::obj(c.sim.add_object(std::move(w), c.t.proc));
    return Outcome::Done;
  }
  default: return sim.raise(t, "NotImplementedError", std::string(native_name(n)));
  }
}

} // namespace il
