// multiprocessing, part 4: pools. Pool(n) forks n daemonic worker processes (ThreadPool: n worker threads) that
// each run the `$pool_worker` bytecode loop: take the next task from the pool's FIFO, run it, send the result
// (or the exception) back to whoever waits on its AsyncResult.
//
// [SECTION] creating pools
// [SECTION] Pool methods
// [SECTION] tasks, as the workers see them
// [SECTION] results
#include <algorithm>
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

bool is(const Kernel& sim, StrId m, std::string_view n) { return sim.str(m) == n; }

AsyncResultObject& result_of(Kernel& sim, ObjId id) {
  auto* r = dynamic_cast<AsyncResultObject*>(sim.object(id));
  assert(r); // every job points at its result
  return *r;
}

} // namespace

// [SECTION] creating pools

Outcome new_pool(Call& c, bool threads) {
  Kernel& sim = c.sim;
  Value nv = c.arg(0);
  if (!nv.is_none() && nv.tag != Tag::Int)
    return sim.raise(c.t, "TypeError", "'" + type_name(sim, nv) + "' object cannot be interpreted as an integer");
  const std::int64_t n = nv.is_none() ? sim.config().logical_cpus() : nv.i;
  if (n < 1) return sim.raise(c.t, "ValueError", "Number of processes must be at least 1");
  if (!threads && process_object_of(sim, c.t.proc).daemon)
    return sim.raise(c.t, "AssertionError", "daemonic processes are not allowed to have children");
  if (!have_runtime(c, {"$pool_worker", "$pool_join"})) return Outcome::Raised;
  auto po = std::make_unique<PoolObject>();
  po->threads = threads;
  const ObjId pool_id = sim.add_object(std::move(po), c.t.proc);
  auto& pool = *dynamic_cast<PoolObject*>(sim.object(pool_id));
  const Value worker_fn = Value::func(sim.prelude("$pool_worker"));
  const Value pool_v = Value::obj(pool_id);
  if (!threads) {
    // Every worker is forked (or spawned) by the caller, one after another.
    const bool fork = fix_context(sim, c.t.proc) == StartMethod::Fork;
    for (std::int64_t i = 0; i < n; ++i) {
      std::string ident = next_identity(sim, c.t.proc);
      ProcessObject& w = start_helper_process(c, (fork ? "ForkPoolWorker-" : "SpawnPoolWorker-") + ident, ident,
                                              worker_fn, {pool_v}, static_cast<int>(i));
      pool.workers.push_back(w.id);
    }
    return work_then(c, n * process_start_cost(sim, c.t.proc), pool_v);
  }
  Process& p = sim.process(c.t.proc);
  const Ns create = sim.config().thread_create_ns;
  for (std::int64_t i = 0; i < n; ++i) {
    auto th = std::make_unique<ThreadObject>();
    th->name = "Thread-" + std::to_string(++p.thread_counter) + " (worker)";
    th->named = true;
    th->target = worker_fn;
    th->daemon = true;
    th->started = true;
    const ObjId tid_obj = sim.add_object(std::move(th), c.t.proc);
    auto& t = *dynamic_cast<ThreadObject*>(sim.object(tid_obj));
    t.tid = sim.create_thread(c.t.proc, t.name, worker_fn, {pool_v}, tid_obj, true);
    sim.start_thread(t.tid, create * (i + 1));
    pool.workers.push_back(tid_obj);
  }
  return work_then(c, n * create, pool_v);
}

// [SECTION] Pool methods

std::string PoolObject::repr(const Kernel&) const {
  static constexpr const char* states[] = {"RUN", "CLOSE", "TERMINATE"};
  return std::string("<multiprocessing.pool.") + (threads ? "ThreadPool" : "Pool") +
         " state=" + states[static_cast<int>(state)] + " pool_size=" + std::to_string(workers.size()) + ">";
}

void PoolObject::enqueue(Kernel& sim, ObjId job, ThreadId by) {
  if (!idle.empty()) { // an idle worker takes it at once
    ThreadId w = idle.q.front();
    auto* j = dynamic_cast<PoolJobObject*>(sim.object(job));
    if (!executor) result_of(sim, j->result).worker = w; // (a Future runs when its worker takes it up)
    sim.wake(w, Value::obj(job), by, id);
    if (!threads) work_on_resume(sim, w, kIpcNs); // a worker process reads and unpickles the task
    return;
  }
  tasks.push_back(job);
  sim.count(*this);
}

Outcome PoolObject::submit(Call& c, Value fn, Value args, AsyncResultObject::Flavor flavor, Value& out) {
  Kernel& sim = c.sim;
  if (state != State::Run) {
    if (flavor == AsyncResultObject::Flavor::Future)
      return sim.raise(c.t, "RuntimeError", "cannot schedule new futures after shutdown");
    return sim.raise(c.t, "ValueError", "Pool not running");
  }
  auto* l = sim.as<ListObject>(args);
  if (!args.is_none() && !l) return sim.raise(c.t, "TypeError", "the task's arguments must be a list or tuple");
  auto r = std::make_unique<AsyncResultObject>();
  r->flavor = flavor;
  r->home = c.t.proc;
  r->pending = 1;
  r->values.resize(1);
  const ObjId rid = sim.add_object(std::move(r), c.t.proc);
  auto job = std::make_unique<PoolJobObject>();
  job->fn = fn;
  job->result = rid;
  job->threads = threads;
  if (l) {
    // A process pool pickles the task when it is submitted: later changes to the arguments do not travel.
    Copier pickle(sim, c.t.proc);
    for (Value v : l->items) job->args.push_back(threads ? v : pickle.copy(v));
  }
  enqueue(sim, sim.add_object(std::move(job), c.t.proc), c.t.id);
  sim.note_progress();
  out = Value::obj(rid);
  return Outcome::Done;
}

// map(func, iterable): one task per item, the results in order; starmap (spread) calls func(*item).
Outcome PoolObject::map(Call& c, bool spread) {
  Kernel& sim = c.sim;
  if (state != State::Run) return sim.raise(c.t, "ValueError", "Pool not running");
  auto* items = sim.as<ListObject>(c.arg(1));
  if (!items) return sim.raise(c.t, "TypeError", "'" + sim.repr(c.arg(1)) + "' object is not iterable");
  const std::vector<Value> work_items = items->items;
  if (work_items.empty()) {
    c.ret = Value::obj(sim.add_object(std::make_unique<ListObject>(), c.t.proc));
    return Outcome::Done;
  }
  for (Value v : work_items)
    if (spread && !sim.as<ListObject>(v)) return sim.raise(c.t, "TypeError", "'" + type_name(sim, v) + "' object is not iterable");
  auto r = std::make_unique<AsyncResultObject>();
  r->flavor = AsyncResultObject::Flavor::Map;
  r->home = c.t.proc;
  r->pending = work_items.size();
  r->values.resize(work_items.size());
  const ObjId rid = sim.add_object(std::move(r), c.t.proc);
  // One task per item (CPython groups them in chunks; the schedule is the same with one-item chunks).
  for (std::size_t i = 0; i < work_items.size(); ++i) {
    auto job = std::make_unique<PoolJobObject>();
    job->fn = c.arg(0);
    job->result = rid;
    job->index = i;
    job->threads = threads;
    std::vector<Value> args = spread ? sim.as<ListObject>(work_items[i])->items : std::vector<Value>{work_items[i]};
    for (Value a : args) job->args.push_back(threads ? a : Copier(sim, c.t.proc).copy(a));
    enqueue(sim, sim.add_object(std::move(job), c.t.proc), c.t.id);
  }
  sim.note_progress();
  return result_of(sim, rid).get(c, -1);
}

Outcome PoolObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  if (executor) return executor_method(c, sim.str(sym_id(m)));
  switch (m) {
  case Sym::acquire: // `with Pool(n) as pool:` is the pool; leaving the block terminates it, as Pool.__exit__ does
    if (state != State::Run) return sim.raise(c.t, "ValueError", "Pool not running");
    c.ret = Value::obj(id);
    return Outcome::Done;
  case Sym::release: return call(c, Sym::terminate);
  case Sym::apply_async:
  case Sym::submit: {
    if (m == Sym::submit && !threads) return Object::call(c, m);
    auto flavor = m == Sym::submit ? AsyncResultObject::Flavor::Future : AsyncResultObject::Flavor::Apply;
    return submit(c, c.arg(0), c.arg(1), flavor, c.ret);
  }
  case Sym::apply: { // apply_async(...).get(): the caller waits for this one task
    Value r;
    Outcome o = submit(c, c.arg(0), c.arg(1), AsyncResultObject::Flavor::Apply, r);
    if (o != Outcome::Done) return o;
    return result_of(sim, r.as_obj()).get(c, -1);
  }
  case Sym::map: return map(c, false);
  case Sym::close:
    if (state == State::Run) state = State::Close;
    // Idle workers learn there is nothing more to come and leave.
    if (tasks.empty())
      while (!idle.empty()) sim.wake(idle.q.front(), Value::none(), c.t.id, id);
    return Outcome::Done;
  case Sym::terminate: {
    state = State::Terminate;
    tasks.clear();
    sim.count(*this);
    std::vector<ThreadId> idle_now(idle.q.begin(), idle.q.end());
    while (!idle.empty()) sim.wake(idle.q.front(), Value::none(), c.t.id, id);
    if (!threads) {
      // Busy workers are killed (SIGTERM); their tasks' results never arrive. Idle ones exit on their own.
      for (ObjId w : workers) {
        auto* po = dynamic_cast<ProcessObject*>(sim.object(w));
        if (!po || !po->alive(sim)) continue;
        const ThreadId main = sim.process(po->proc).main;
        if (std::find(idle_now.begin(), idle_now.end(), main) == idle_now.end()) sim.kill_process(po->proc, -15);
      }
    }
    sim.note_progress();
    // Called from a busy worker, it killed its own process: no thread is left to continue in.
    return c.t.state == ThreadState::Running ? Outcome::Done : Outcome::Blocked;
  }
  case Sym::join: {
    if (state == State::Run) return sim.raise(c.t, "ValueError", "Pool is still running");
    Value a[] = {Value::obj(id)};
    return sim.invoke(c.t, Value::func(sim.prelude("$pool_join")), a);
  }
  case Sym::shutdown: { // ThreadPoolExecutor.shutdown(wait=True): no new tasks, then wait for the workers
    if (!threads) return Object::call(c, m);
    if (state == State::Run) state = State::Close;
    if (tasks.empty())
      while (!idle.empty()) sim.wake(idle.q.front(), Value::none(), c.t.id, id);
    if (!c.arg(0).is_none() && !Interp::truthy(sim, c.arg(0))) return Outcome::Done;
    Value a[] = {Value::obj(id)};
    return sim.invoke(c.t, Value::func(sim.prelude("$pool_join")), a);
  }
  default: return Object::call(c, m);
  }
}

Outcome PoolObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  if (is(sim, m, "$next")) { // a worker asks for its next task
    if (state == State::Terminate) return Outcome::Done;
    if (!tasks.empty()) {
      ObjId job = tasks.front();
      tasks.pop_front();
      sim.count(*this);
      if (!executor) result_of(sim, dynamic_cast<PoolJobObject*>(sim.object(job))->result).worker = c.t.id;
      return work_then(c, threads ? 0 : kIpcNs, Value::obj(job)); // read and unpickle the task
    }
    if (state == State::Close) return Outcome::Done; // closed and drained: the worker exits
    return sim.park(c.t, *this, idle, -1, Value::none());
  }
  if (is(sim, m, "$workers")) {
    auto l = std::make_unique<ListObject>();
    for (ObjId w : workers) l->items.push_back(Value::obj(w));
    c.ret = Value::obj(sim.add_object(std::move(l), c.t.proc));
    return Outcome::Done;
  }
  if (is(sim, m, "$await_start")) return await_start(c);
  if (executor) return executor_method(c, sim.str(m));
  if (is(sim, m, "starmap")) return map(c, true);
  // imap and imap_unordered: the results as a list, which a program iterates as it would the iterator
  // (imap_unordered's are in order: one order among those it may give).
  if (is(sim, m, "imap") || is(sim, m, "imap_unordered")) return map(c, false);
  return Object::call_named(c, m);
}

// [SECTION] tasks, as the workers see them

Outcome PoolJobObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  if (is(sim, m, "$run")) { // fn(*args) in the worker; its return value is the call's
    AsyncResultObject& r = result_of(sim, result);
    if (r.flavor == AsyncResultObject::Flavor::Future) { // set_running_or_notify_cancel
      if (r.cancelled) return Outcome::Done;
      r.worker = c.t.id;
    }
    std::vector<Value> a = args;
    if (!threads) {
      Copier unpickle(sim, c.t.proc);
      for (Value& v : a) v = unpickle.copy(v);
    }
    Call task{sim, c.t, a, {}, kwnames}; // a function of the program, or a builtin such as len
    const Outcome o = call_value(task, fn);
    c.ret = task.ret;
    return o;
  }
  if (is(sim, m, "$done")) {
    // In the worker's `finally`: an exception from the task is still pending. It goes to the caller, and the
    // worker carries on with the next task.
    AsyncResultObject& r = result_of(sim, result);
    Exc err = c.t.exc;
    c.t.exc = {};
    Value v = err.active() || threads ? c.arg(0) : Copier(sim, r.home).copy(c.arg(0));
    r.complete(sim, index, err.active() ? Value::none() : v, err.active() ? &err : nullptr, c.t.id);
    if (auto* p = dynamic_cast<PoolObject*>(pool != kNone ? sim.object(pool) : nullptr); p && p->executor && threads)
      ++p->idle_permits; // the worker's _idle_semaphore.release()
    // Sending the result back: pickle and pipe write.
    return work_then(c, threads ? 0 : kIpcNs, Value::none());
  }
  if (is(sim, m, "$future")) {
    c.ret = Value::obj(result);
    return Outcome::Done;
  }
  return Object::call_named(c, m);
}

// [SECTION] results

std::string_view AsyncResultObject::kind() const {
  switch (flavor) {
  case Flavor::Apply: return "ApplyResult";
  case Flavor::Map: return "MapResult";
  case Flavor::Future: return "Future";
  }
  return "ApplyResult";
}

std::string AsyncResultObject::repr(const Kernel& sim) const {
  if (flavor == Flavor::Future) { // <Future at 0x7f... state=finished returned int>
    char at[32];
    std::snprintf(at, sizeof at, "0x%llx", static_cast<unsigned long long>(identity_address(Value::obj(id))));
    const std::string head = std::string("<Future at ") + at + " state=";
    if (cancelled) return head + "cancelled>";
    if (!done) return head + (worker != kNone ? "running>" : "pending>");
    if (!ok) return head + "finished raised " + sim.str(error.type) + ">";
    return head + "finished returned " + type_name(sim, value) + ">";
  }
  return "<multiprocessing.pool." + std::string(kind()) + " object>";
}

void AsyncResultObject::owners(const Kernel& sim, std::vector<ThreadId>& out) const {
  if (!done && worker != kNone && sim.threads()[worker].state != ThreadState::Done) out.push_back(worker);
}

void AsyncResultObject::complete(Kernel& sim, std::size_t index, Value v, const Exc* err, ThreadId by) {
  if (done) return;
  assert(pending > 0 && index < values.size());
  if (err && ok) { // the first failure is the one reported
    ok = false;
    error = *err;
  } else if (!err) {
    values[index] = v;
  }
  if (--pending > 0) return;
  done = true;
  worker = kNone;
  if (ok && flavor == Flavor::Map) { // one list in the caller's memory, the same for every get()
    auto l = std::make_unique<ListObject>();
    l->items = values;
    value = Value::obj(sim.add_object(std::move(l), home));
  } else if (ok) {
    value = values[0];
  }
  while (!getters.empty()) {
    if (ok) sim.wake(getters.q.front(), value, by, id);
    else sim.wake_raise(getters.q.front(), sim.str(error.type), sim.str(error.message), by, id);
  }
  while (!sleepers.empty()) sim.wake(sleepers.q.front(), Value::none(), by, id);
  while (!exception_waiters.empty()) sim.wake(exception_waiters.q.front(), exception_object(sim), by, id);
  for (ObjId w : watchers) dynamic_cast<FuturesWaiterObject*>(sim.object(w))->notify(sim, id, by);
  watchers.clear();
  sim.note_progress();
}

Value AsyncResultObject::exception_object(Kernel& sim) {
  if (!done || ok) return Value::none();
  return il::exception_object(sim, error, home); // the object the task raised, or one made for it
}

Outcome AsyncResultObject::get(Call& c, Ns timeout) {
  Kernel& sim = c.sim;
  if (done) {
    if (!ok) {
      sim.raise(c.t, sim.str(error.type), error.message != kNone ? sim.str(error.message) : "");
      if (error.value.is_obj()) c.t.exc.value = error.value; // the same exception object, re-raised
      return Outcome::Raised;
    }
    c.ret = value;
    return Outcome::Done;
  }
  if (timeout == 0) return sim.raise(c.t, "TimeoutError", "");
  return sim.park(c.t, *this, getters, timeout, Value::none());
}

void AsyncResultObject::on_timeout(Kernel& sim, Thread& t) {
  if (t.wait_queue == &getters || t.wait_queue == &exception_waiters) { // get(timeout) raises; wait(timeout) returns
    t.wait_queue->remove(t.id);
    t.wait_queue = nullptr;
    sim.wake_raise(t.id, "TimeoutError", "", kNone, id);
    return;
  }
  Object::on_timeout(sim, t);
}

Outcome AsyncResultObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  switch (m) {
  case Sym::get:
  case Sym::result: return get(c, seconds_to_ns(c.arg(0), -1));
  case Sym::wait:
    if (done) return Outcome::Done;
    return sim.park(c.t, *this, sleepers, seconds_to_ns(c.arg(0), -1), Value::none());
  case Sym::ready: c.ret = Value::boolean(done); return Outcome::Done;
  case Sym::successful:
    if (!done) return sim.raise(c.t, "ValueError", repr(sim) + " not ready");
    c.ret = Value::boolean(ok);
    return Outcome::Done;
  default: return Object::call(c, m);
  }
}

Outcome AsyncResultObject::call_named(Call& c, StrId m) {
  if (flavor == Flavor::Future) return future_method(c, c.sim.str(m));
  return Object::call_named(c, m);
}

} // namespace il
