// concurrent.futures on the pool machinery of processes_pool.cpp: ThreadPoolExecutor and ProcessPoolExecutor
// (workers started as CPython 3.11 starts them), Future (result, exception, cancel, callbacks), wait() and
// as_completed(); and functools.partial.
//
// [SECTION] executors
// [SECTION] futures
// [SECTION] functools.partial
// [SECTION] wait and as_completed
#include <algorithm>
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

bool is(const Kernel& sim, StrId m, std::string_view n) { return sim.str(m) == n; }

AsyncResultObject* future_of(Kernel& sim, Value v) {
  auto* r = sim.as<AsyncResultObject>(v);
  return r && r->flavor == AsyncResultObject::Flavor::Future ? r : nullptr;
}

// A set of objects (futures), hashed by identity as CPython's are.
Value set_of_objects(Kernel& sim, ProcId p, const std::vector<ObjId>& ids) {
  auto s = std::make_unique<SetObject>();
  for (ObjId id : ids) {
    std::int64_t h = 0;
    try_hash(sim, Value::obj(id), h);
    s->add(sim, Value::obj(id), h);
  }
  return Value::obj(sim.add_object(std::move(s), p));
}

// collections.namedtuple's instances, as far as the simulated modules make them: a tuple whose fields are
// also attributes.
class NamedTupleObject : public TupleObject {
public:
  std::string type;
  std::vector<std::string> fields;
  std::string_view kind() const override { return type; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<NamedTupleObject>(*this); }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override {
    for (std::size_t i = 0; i < fields.size() && i < items.size(); ++i)
      if (sim.str(name) == fields[i]) {
        out = items[i];
        return true;
      }
    return TupleObject::get_attr(sim, t, name, out);
  }
  std::string repr(const Kernel& sim) const override {
    std::string s = type + "(";
    for (std::size_t i = 0; i < fields.size() && i < items.size(); ++i) s += (i ? ", " : "") + fields[i] + "=" + sim.repr(items[i]);
    return s + ")";
  }
};

} // namespace

// [SECTION] executors

Outcome new_executor(Call& c, bool threads) {
  Kernel& sim = c.sim;
  Value mw = c.arg(0);
  std::int64_t n = 0;
  if (mw.is_none()) {
    const std::int64_t cpus = sim.config().logical_cpus();
    n = threads ? std::min<std::int64_t>(32, cpus + 4) : cpus; // CPython 3.11's defaults
  } else if (mw.tag == Tag::Int || mw.tag == Tag::Bool) {
    n = mw.i;
  } else {
    return sim.raise(c.t, "TypeError", "'<=' not supported between instances of '" + type_name(sim, mw) + "' and 'int'");
  }
  if (n <= 0) return sim.raise(c.t, "ValueError", "max_workers must be greater than 0");
  if (!threads && process_object_of(sim, c.t.proc).daemon)
    return sim.raise(c.t, "AssertionError", "daemonic processes are not allowed to have children");
  if (!have_runtime(c, {"$executor_worker", "$pool_join"})) return Outcome::Raised;
  auto po = std::make_unique<PoolObject>();
  po->threads = threads;
  po->executor = true;
  po->max_workers = n;
  if (threads) {
    Value prefix = c.arg(1);
    if (prefix.tag == Tag::Str && !sim.str(prefix.as_str()).empty()) po->prefix = sim.str(prefix.as_str());
    else po->prefix = "ThreadPoolExecutor-" + std::to_string(sim.process(c.t.proc).executor_counter++);
  }
  c.ret = Value::obj(sim.add_object(std::move(po), c.t.proc));
  return Outcome::Done;
}

void PoolObject::add_thread_worker(Kernel& sim, Thread& caller) {
  const Value worker_fn = Value::func(sim.prelude("$executor_worker"));
  auto th = std::make_unique<ThreadObject>();
  th->name = prefix + "_" + std::to_string(workers.size());
  th->named = true;
  th->target = worker_fn;
  th->started = true;
  const ObjId tid_obj = sim.add_object(std::move(th), caller.proc);
  auto& t = *dynamic_cast<ThreadObject*>(sim.object(tid_obj));
  t.tid = sim.create_thread(caller.proc, t.name, worker_fn, {Value::obj(id)}, tid_obj, false);
  sim.start_thread(t.tid, sim.config().thread_create_ns);
  workers.push_back(tid_obj);
}

Outcome PoolObject::await_start(Call& c) {
  auto* th = c.sim.as<ThreadObject>(c.arg(0));
  if (!th || th->tid == kNone || c.sim.thread(th->tid).announced) return Outcome::Done;
  return c.sim.park(c.t, *th, th->starters, -1, Value::none());
}

void PoolObject::at_exit(Kernel& sim, ThreadId by) {
  // concurrent.futures' _python_exit: no more work; the workers finish what is queued, then leave.
  if (!executor || state != State::Run) return;
  state = State::Close;
  if (tasks.empty())
    while (!idle.empty()) sim.wake(idle.q.front(), Value::none(), by, id);
}

Outcome PoolObject::submit_call(Call& c, std::span<const Value> args, std::span<const StrId> kwnames, Value& future, Ns& cost) {
  Kernel& sim = c.sim;
  if (state != State::Run) return sim.raise(c.t, "RuntimeError", "cannot schedule new futures after shutdown");
  auto r = std::make_unique<AsyncResultObject>();
  r->flavor = AsyncResultObject::Flavor::Future;
  r->home = c.t.proc;
  r->pending = 1;
  r->values.resize(1);
  r->pool = id;
  const ObjId rid = sim.add_object(std::move(r), c.t.proc);
  auto job = std::make_unique<PoolJobObject>();
  job->fn = args[0];
  job->result = rid;
  job->pool = id;
  job->threads = threads;
  job->kwnames.assign(kwnames.begin(), kwnames.end());
  Copier pickle(sim, c.t.proc); // a process pool pickles the call when it is submitted
  for (std::size_t i = 1; i < args.size(); ++i) job->args.push_back(threads ? args[i] : pickle.copy(args[i]));
  const ObjId jid = sim.add_object(std::move(job), c.t.proc);
  dynamic_cast<AsyncResultObject*>(sim.object(rid))->job = jid;
  if (threads) { // _adjust_thread_count: an idle worker's permit, or a new thread while there are fewer than max
    enqueue(sim, jid, c.t.id);
    if (idle_permits > 0) --idle_permits;
    else if (static_cast<std::int64_t>(workers.size()) < max_workers) add_thread_worker(sim, c.t), cost = sim.config().thread_create_ns;
  } else {
    if (workers.empty()) { // a fork context starts every worker at the first submit
      const Value worker_fn = Value::func(sim.prelude("$executor_worker"));
      const bool fork = fix_context(sim, c.t.proc) == StartMethod::Fork;
      for (std::int64_t i = 0; i < max_workers; ++i) {
        std::string ident = next_identity(sim, c.t.proc);
        ProcessObject& w = start_helper_process(c, (fork ? "ForkProcess-" : "SpawnProcess-") + ident, ident, worker_fn,
                                                {Value::obj(id)}, static_cast<int>(i));
        workers.push_back(w.id);
      }
      cost = max_workers * process_start_cost(sim, c.t.proc);
    }
    enqueue(sim, jid, c.t.id);
  }
  sim.note_progress();
  future = Value::obj(rid);
  return Outcome::Done;
}

Outcome PoolObject::executor_method(Call& c, const std::string& m) {
  Kernel& sim = c.sim;
  const std::string type(kind());
  if (m == "acquire") { // `with ThreadPoolExecutor() as ex:` is the executor; leaving it is shutdown(wait=True)
    c.ret = Value::obj(id);
    return Outcome::Done;
  }
  if (m == "submit") {
    if (c.npos() == 0) return sim.raise(c.t, "TypeError", type + ".submit() missing 1 required positional argument: 'fn'");
    Value future;
    Ns cost = 0;
    const std::size_t before = workers.size();
    if (submit_call(c, c.args, c.kwnames, future, cost) == Outcome::Raised) return Outcome::Raised;
    if (threads && workers.size() > before) { // t.start() in _adjust_thread_count waits until the worker runs
      const Value a[3] = {Value::obj(id), Value::obj(workers.back()), future};
      return sim.invoke(c.t, Value::func(sim.prelude("$executor_started")), a);
    }
    return work_then(c, cost, future);
  }
  if (m == "map") { // map(fn, *iterables, timeout=None, chunksize=1): every call submitted now, results in order
    if (c.npos() < 1) return sim.raise(c.t, "TypeError", type + ".map() missing 1 required positional argument: 'fn'");
    std::vector<std::vector<Value>> columns(c.npos() - 1);
    std::size_t rows = columns.empty() ? 0 : SIZE_MAX;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (!items_of(sim, c.t, c.args[k + 1], columns[k])) return Outcome::Raised;
      rows = std::min(rows, columns[k].size());
    }
    auto futures = std::make_unique<ListObject>();
    for (std::size_t i = 0; i < rows; ++i) {
      std::vector<Value> a{c.args[0]};
      for (const auto& col : columns) a.push_back(col[i]);
      Value future;
      Ns cost = 0; // (a new worker's start is not charged to map's caller)
      if (submit_call(c, a, {}, future, cost) == Outcome::Raised) return Outcome::Raised;
      futures->items.push_back(future);
    }
    Value timeout = Value::none();
    for (std::size_t k = 0; k < c.kwnames.size(); ++k)
      if (sim.str(c.kwnames[k]) == "timeout") timeout = c.args[c.npos() + k];
      else if (sim.str(c.kwnames[k]) != "chunksize")
        return sim.raise(c.t, "TypeError", type + ".map() got an unexpected keyword argument '" + sim.str(c.kwnames[k]) + "'");
    const Value a[2] = {Value::obj(sim.add_object(std::move(futures), c.t.proc)), timeout};
    return sim.invoke(c.t, Value::func(sim.prelude("$executor_results")), a);
  }
  if (m == "shutdown" || m == "release") { // shutdown(wait=True, *, cancel_futures=False)
    bool wait = true, cancel = false;
    if (m == "shutdown") {
      if (c.npos() > 1) return sim.raise(c.t, "TypeError", type + ".shutdown() takes from 1 to 2 positional arguments but " + std::to_string(c.npos() + 1) + " were given");
      if (c.npos() == 1) wait = Interp::truthy(sim, c.args[0]);
      for (std::size_t k = 0; k < c.kwnames.size(); ++k) {
        const std::string& kw = sim.str(c.kwnames[k]);
        if (kw == "wait") wait = Interp::truthy(sim, c.args[c.npos() + k]);
        else if (kw == "cancel_futures") cancel = Interp::truthy(sim, c.args[c.npos() + k]);
        else return sim.raise(c.t, "TypeError", type + ".shutdown() got an unexpected keyword argument '" + kw + "'");
      }
    }
    if (state == State::Run) state = State::Close;
    if (cancel) {
      for (ObjId j : tasks) {
        auto* job = dynamic_cast<PoolJobObject*>(sim.object(j));
        Call cc{sim, c.t, {}};
        dynamic_cast<AsyncResultObject*>(sim.object(job->result))->future_method(cc, "cancel");
      }
      tasks.clear();
      sim.count(*this);
    }
    if (tasks.empty())
      while (!idle.empty()) sim.wake(idle.q.front(), Value::none(), c.t.id, id);
    if (!wait) return Outcome::Done;
    Value a[] = {Value::obj(id)};
    return sim.invoke(c.t, Value::func(sim.prelude("$pool_join")), a);
  }
  return sim.raise(c.t, "AttributeError", "'" + type + "' object has no attribute '" + m + "'");
}

// [SECTION] futures

Outcome AsyncResultObject::future_method(Call& c, const std::string& m) {
  Kernel& sim = c.sim;
  if (m == "done") c.ret = Value::boolean(done);
  else if (m == "running") c.ret = Value::boolean(!done && worker != kNone);
  else if (m == "cancelled") c.ret = Value::boolean(cancelled);
  else if (m == "cancel") { // only a future that has not started: it is done, and result() raises CancelledError
    if (cancelled) c.ret = Value::boolean(true);
    else if (done || worker != kNone) c.ret = Value::boolean(false);
    else {
      if (auto* p = dynamic_cast<PoolObject*>(pool != kNone ? sim.object(pool) : nullptr)) {
        auto it = std::find(p->tasks.begin(), p->tasks.end(), job);
        if (it != p->tasks.end()) p->tasks.erase(it), sim.count(*p);
      }
      cancelled = true;
      Exc err(sim.intern("CancelledError"), sim.intern(""));
      complete(sim, 0, Value::none(), &err, c.t.id);
      c.ret = Value::boolean(true);
    }
  } else if (m == "exception") { // the task's exception (None if it returned), waiting for it like result()
    if (c.npos() > 1) return sim.raise(c.t, "TypeError", "Future.exception() takes from 1 to 2 positional arguments");
    if (!done) {
      const Ns timeout = seconds_to_ns(c.arg(0), -1);
      if (timeout == 0) return sim.raise(c.t, "TimeoutError", "");
      return sim.park(c.t, *this, exception_waiters, timeout, Value::none());
    }
    if (cancelled) return sim.raise(c.t, "CancelledError", "");
    c.ret = exception_object(sim);
  } else if (m == "add_done_callback") { // fn(future) now if it is done, else by the worker that completes it
    if (c.args.size() != 1) return sim.raise(c.t, "TypeError", "Future.add_done_callback() takes exactly one argument (" + std::to_string(c.args.size()) + " given)");
    if (!done) {
      callbacks.push_back(c.args[0]);
      return Outcome::Done;
    }
    const Value self[1] = {Value::obj(id)};
    return sim.invoke(c.t, c.args[0], self);
  } else if (m == "$callbacks") { // the worker's: the callbacks to run now that it is done
    auto l = std::make_unique<ListObject>();
    l->items = callbacks;
    callbacks.clear();
    c.ret = Value::obj(sim.add_object(std::move(l), c.t.proc));
  } else {
    return Object::call_named(c, sim.intern(m));
  }
  return Outcome::Done;
}

// [SECTION] functools.partial

Outcome new_partial(Call& c) {
  Kernel& sim = c.sim;
  const Value fn = c.arg(0);
  if (!is_callable(sim, fn)) return sim.raise(c.t, "TypeError", "the first argument must be callable");
  auto p = std::make_unique<PartialObject>();
  p->parts[0] = fn;
  p->parts[1] = c.arg(1);
  p->parts[2] = c.arg(2);
  if (auto* inner = sim.as<PartialObject>(fn)) { // partial(partial(f, 1), 2) is partial(f, 1, 2)
    auto args = std::make_unique<TupleObject>(*sim.as<TupleObject>(inner->args()));
    args->waiters = {};
    for (Value v : sim.as<TupleObject>(c.arg(1))->items) args->items.push_back(v);
    auto kw = std::make_unique<DictObject>(*sim.as<DictObject>(inner->keywords()));
    kw->waiters = {};
    kw->merge(sim, *sim.as<DictObject>(c.arg(2)));
    p->parts[0] = inner->func();
    p->parts[1] = Value::obj(sim.add_object(std::move(args), c.t.proc));
    p->parts[2] = Value::obj(sim.add_object(std::move(kw), c.t.proc));
  }
  c.ret = Value::obj(sim.add_object(std::move(p), c.t.proc));
  return Outcome::Done;
}

Outcome PartialObject::call_self(Call& c) {
  Kernel& sim = c.sim;
  const auto* fixed = sim.as<TupleObject>(args());
  const auto* kw = sim.as<DictObject>(keywords());
  std::vector<Value> all(fixed->items);
  all.insert(all.end(), c.args.begin(), c.args.begin() + static_cast<std::ptrdiff_t>(c.npos()));
  std::vector<StrId> names;
  std::vector<Value> values;
  for (std::size_t i = 0; i < kw->keys.size(); ++i) names.push_back(kw->keys[i].as_str()), values.push_back(kw->vals[i]);
  for (std::size_t k = 0; k < c.kwnames.size(); ++k) { // the call's keywords win over the stored ones
    const Value v = c.args[c.npos() + k];
    auto it = std::find_if(names.begin(), names.end(), [&](StrId n) { return sim.str(n) == sim.str(c.kwnames[k]); });
    if (it != names.end()) values[static_cast<std::size_t>(it - names.begin())] = v;
    else names.push_back(c.kwnames[k]), values.push_back(v);
  }
  all.insert(all.end(), values.begin(), values.end());
  Call inner{sim, c.t, all, {}, names};
  const Outcome o = call_value(inner, func());
  c.ret = inner.ret;
  return o;
}

bool PartialObject::get_attr(Kernel& sim, Thread& t, StrId name, Value& out) {
  const std::string& n = sim.str(name);
  if (n == "func") out = func();
  else if (n == "args") out = args();
  else if (n == "keywords") out = keywords();
  else return Object::get_attr(sim, t, name, out);
  return true;
}

std::string PartialObject::repr(const Kernel& sim) const {
  std::string s = "functools.partial(" + sim.repr(func());
  for (Value v : sim.as<TupleObject>(args())->items) s += ", " + sim.repr(v);
  const auto* kw = sim.as<DictObject>(keywords());
  for (std::size_t i = 0; i < kw->keys.size(); ++i) s += ", " + sim.display(kw->keys[i]) + "=" + sim.repr(kw->vals[i]);
  return s + ")";
}

Outcome WrapsObject::call_self(Call& c) {
  Kernel& sim = c.sim;
  if (c.args.size() != 1) return sim.raise(c.t, "TypeError", "update_wrapper() missing 1 required positional argument: 'wrapper'");
  const Value wrapper = c.args[0];
  Object* target = wrapper.is_obj() ? sim.object(wrapper.as_obj()) : nullptr;
  if (!target) // a plain function value keeps no attributes of its own in the simulator
    return sim.raise(c.t, "NotImplementedError", "functools.wraps() of a function that closes over nothing is not supported by the simulator");
  for (const char* name : {"__module__", "__name__", "__qualname__", "__doc__"}) {
    Value v;
    const StrId n = sim.intern(name);
    if (load_attribute(sim, c.t, wrapped, n, v)) target->set_attr(sim, c.t, n, v);
    else c.t.exc = {}; // a missing attribute is skipped, as update_wrapper does
  }
  target->set_attr(sim, c.t, sim.intern("__wrapped__"), wrapped);
  c.ret = wrapper;
  return Outcome::Done;
}

// [SECTION] wait and as_completed

bool FuturesWaiterObject::satisfied(const Kernel& sim) const {
  std::size_t n_done = 0;
  bool failed = false;
  for (ObjId f : futures) {
    auto* r = dynamic_cast<const AsyncResultObject*>(sim.object(f));
    if (!r->done) continue;
    ++n_done;
    failed = failed || (!r->ok && !r->cancelled);
  }
  switch (mode) {
  case Mode::FirstCompleted: return n_done > 0;
  case Mode::FirstException: return failed || n_done == futures.size();
  default: return n_done == futures.size();
  }
}

Value FuturesWaiterObject::result(Kernel& sim, ProcId p) const {
  std::vector<ObjId> done_ids, pending_ids;
  for (ObjId f : futures) (dynamic_cast<const AsyncResultObject*>(sim.object(f))->done ? done_ids : pending_ids).push_back(f);
  auto t = std::make_unique<NamedTupleObject>();
  t->type = "DoneAndNotDoneFutures";
  t->fields = {"done", "not_done"};
  t->items = {set_of_objects(sim, p, done_ids), set_of_objects(sim, p, pending_ids)};
  return Value::obj(sim.add_object(std::move(t), p));
}

void FuturesWaiterObject::notify(Kernel& sim, ObjId future, ThreadId by) {
  if (mode == Mode::AsCompleted) {
    if (!waiters.empty()) { // the as_completed loop is waiting: this future is its next one
      ++yielded;
      sim.wake(waiters.q.front(), Value::obj(future), by, id);
    } else {
      finished.push_back(future);
    }
    return;
  }
  if (!waiters.empty() && satisfied(sim)) sim.wake(waiters.q.front(), result(sim, owner), by, id);
}

void FuturesWaiterObject::on_timeout(Kernel& sim, Thread& t) {
  waiters.remove(t.id);
  t.wait_queue = nullptr;
  if (mode != Mode::AsCompleted) {
    sim.wake(t.id, result(sim, t.proc), kNone, id); // wait(timeout): what is done by then
    return;
  }
  const std::size_t unfinished = futures.size() - yielded - finished.size();
  sim.wake_raise(t.id, "TimeoutError", std::to_string(unfinished) + " (of " + std::to_string(futures.size()) + ") futures unfinished", kNone, id);
}

Outcome FuturesWaiterObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  if (!is(sim, m, "$next")) return Object::call_named(c, m);
  if (!finished.empty()) {
    c.ret = Value::obj(finished.front());
    finished.pop_front();
    ++yielded;
    return Outcome::Done;
  }
  if (yielded == futures.size()) return Outcome::Done; // None: every future was given
  Ns timeout = -1;
  if (deadline >= 0) {
    timeout = std::max<Ns>(0, deadline - sim.now());
    if (timeout == 0) {
      const std::size_t unfinished = futures.size() - yielded;
      return sim.raise(c.t, "TimeoutError", std::to_string(unfinished) + " (of " + std::to_string(futures.size()) + ") futures unfinished");
    }
  }
  return sim.park(c.t, *this, waiters, timeout, Value::none());
}

Outcome futures_wait(Call& c, bool as_completed) {
  Kernel& sim = c.sim;
  std::vector<Value> items;
  if (!items_of(sim, c.t, c.arg(0), items)) return Outcome::Raised;
  auto w = std::make_unique<FuturesWaiterObject>();
  for (Value v : items) {
    if (!future_of(sim, v)) return sim.raise(c.t, "AttributeError", "'" + type_name(sim, v) + "' object has no attribute '_condition'");
    if (std::find(w->futures.begin(), w->futures.end(), v.as_obj()) == w->futures.end()) w->futures.push_back(v.as_obj());
  }
  const Ns timeout = seconds_to_ns(c.arg(1), -1);
  if (as_completed) {
    w->mode = FuturesWaiterObject::Mode::AsCompleted;
    if (timeout >= 0) w->deadline = sim.now() + timeout;
    // The futures done already come first, as CPython lists them: popped from the end of list(set(done)).
    std::vector<ObjId> done_ids;
    for (ObjId f : w->futures)
      if (dynamic_cast<AsyncResultObject*>(sim.object(f))->done) done_ids.push_back(f);
    std::vector<Value> order = sim.as<SetObject>(set_of_objects(sim, c.t.proc, done_ids))->items();
    for (auto it = order.rbegin(); it != order.rend(); ++it) w->finished.push_back(it->as_obj());
  } else {
    const std::string when = c.arg(2).tag == Tag::Str ? sim.str(c.arg(2).as_str()) : "ALL_COMPLETED";
    w->mode = when == "FIRST_COMPLETED"   ? FuturesWaiterObject::Mode::FirstCompleted
              : when == "FIRST_EXCEPTION" ? FuturesWaiterObject::Mode::FirstException
                                          : FuturesWaiterObject::Mode::AllCompleted;
  }
  const ObjId wid = sim.add_object(std::move(w), c.t.proc);
  auto& waiter = *dynamic_cast<FuturesWaiterObject*>(sim.object(wid));
  for (ObjId f : waiter.futures)
    if (auto* r = dynamic_cast<AsyncResultObject*>(sim.object(f)); !r->done) r->watchers.push_back(wid);
  if (as_completed) {
    const Value a[1] = {Value::obj(wid)};
    return sim.invoke(c.t, Value::func(sim.prelude("$as_completed")), a);
  }
  if (waiter.satisfied(sim) || timeout == 0) {
    c.ret = waiter.result(sim, c.t.proc);
    return Outcome::Done;
  }
  return sim.park(c.t, waiter, waiter.waiters, timeout, Value::none());
}

} // namespace il
