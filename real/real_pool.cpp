// multiprocessing.Pool on real processes. Pool(n) forks n daemonic workers that run the simulator's own
// `$pool_worker` bytecode loop; tasks travel to them over one SOCK_SEQPACKET socket (whichever worker is idle
// takes the next one), results come back over another, read by a result-handler thread in the pool's process
// (CPython has one too) that completes the caller's AsyncResult, the engine's object, as the simulator does.
//
// Wire: a task is [job i64][index u64][pickled fn][pickled list of args]; an empty message tells a worker to
// leave. A result is [job i64][index u64][ok u8], then the pickled value or the exception's type and message.
//
// [SECTION] tasks, as a worker holds them
// [SECTION] the pool
// [SECTION] creating a pool
#include <cstring>
#include <map>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "real_ipc.hpp"

namespace il::real {

namespace {

using namespace ipc;


// [SECTION] tasks, as a worker holds them

class RealPoolJob final : public Object {
public:
  std::int64_t job = 0;
  std::uint64_t index = 0;
  Value fn{};
  std::vector<Value> args;
  int result_fd = -1;

  std::string_view kind() const override { return "task"; }

  Outcome call_named(Call& c, StrId m) override {
    Kernel& k = c.sim;
    if (k.str(m) == "$run") return k.invoke(c.t, fn, args); // fn(*args): its return value is the call's
    if (k.str(m) != "$done") return Object::call_named(c, m);
    // In the worker's `finally`: an exception from the task is still pending. It goes to the caller, and the
    // worker carries on with the next task.
    const Exc err = c.t.exc;
    c.t.exc = {};
    std::string msg;
    put(msg, job);
    put(msg, index);
    std::string value;
    bool ok = !err.active() && pickle(k, c.t, c.arg(0), value);
    if (!ok && !err.active()) { // the result itself cannot travel: the caller gets that error instead
      const Exc bad = c.t.exc;
      c.t.exc = {};
      put(msg, std::uint8_t{0});
      put_str(msg, k.str(bad.type));
      put_str(msg, k.str(bad.message));
    } else if (!ok) {
      put(msg, std::uint8_t{0});
      put_str(msg, k.str(err.type));
      put_str(msg, k.str(err.message));
    } else {
      put(msg, std::uint8_t{1});
      msg += value;
    }
    // A result is small and the handler keeps reading, so this does not wait for long.
    if (::send(result_fd, msg.data(), msg.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(msg.size()))
      return k.raise(c.t, "BrokenPipeError", "[Errno 32] Broken pipe");
    return Outcome::Done;
  }
};

// [SECTION] the pool

class RealPool final : public Object {
public:
  using State = PoolObject::State;
  int task_w = -1, task_r = -1, result_w = -1, result_r = -1;

  ~RealPool() override { // after the runtime joined the result handler
    for (int fd : {task_w, task_r, result_w, result_r}) ::close(fd);
  }
  State state = State::Run;
  std::vector<ObjId> workers;           // their ProcessObjects
  std::map<std::int64_t, ObjId> waiting; // the pool's process: job -> its AsyncResult, until it completes
  std::int64_t next_job = 0;

  std::string_view kind() const override { return "Pool"; }
  bool is_primitive() const override { return true; }
  std::int64_t counter() const override { return static_cast<std::int64_t>(waiting.size()); }
  std::string repr(const Kernel&) const override {
    static constexpr const char* states[] = {"RUN", "CLOSE", "TERMINATE"};
    return std::string("<multiprocessing.pool.Pool state=") + states[static_cast<int>(state)] +
           " pool_size=" + std::to_string(workers.size()) + ">";
  }

  Outcome call(Call& c, Sym m) override {
    Kernel& k = c.sim;
    switch (m) {
    case Sym::apply_async: return submit(c, c.arg(0), c.arg(1), c.ret);
    case Sym::apply: { // apply_async(...).get(): the caller waits for this one task
      Value r;
      if (Outcome o = submit(c, c.arg(0), c.arg(1), r); o != Outcome::Done) return o;
      return dynamic_cast<AsyncResultObject*>(k.object(r.as_obj()))->get(c, -1);
    }
    case Sym::map: {
      if (state != State::Run) return k.raise(c.t, "ValueError", "Pool not running");
      auto* items = k.as<ListObject>(c.arg(1));
      if (!items) return k.raise(c.t, "TypeError", "'" + k.repr(c.arg(1)) + "' object is not iterable");
      const std::vector<Value> work = items->items;
      if (work.empty()) {
        c.ret = Value::obj(k.add_object(std::make_unique<ListObject>(), c.t.proc));
        return Outcome::Done;
      }
      std::int64_t job = 0;
      const ObjId rid = new_result(c, AsyncResultObject::Flavor::Map, work.size(), job);
      for (std::size_t i = 0; i < work.size(); ++i) { // one task per item, as the simulator does
        auto args = std::make_unique<ListObject>();
        args->items = {work[i]};
        const Value args_v = Value::obj(k.add_object(std::move(args), c.t.proc));
        if (!send_task(c, c.arg(0), args_v, job, i)) return Outcome::Raised;
      }
      return dynamic_cast<AsyncResultObject*>(k.object(rid))->get(c, -1);
    }
    case Sym::close:
      if (state == State::Run) {
        state = State::Close;
        for (std::size_t i = 0; i < workers.size(); ++i) ::send(task_w, "", 0, MSG_NOSIGNAL); // after the tasks
      }
      return Outcome::Done;
    case Sym::terminate:
      state = State::Terminate;
      for (ObjId w : workers) { // SIGTERM: tasks still running never report
        auto* po = dynamic_cast<ProcessObject*>(k.object(w));
        if (po && po->alive(k)) k.kill_process(po->proc, -15);
      }
      k.note_progress();
      return Outcome::Done;
    case Sym::join: {
      if (state == State::Run) return k.raise(c.t, "ValueError", "Pool is still running");
      Value a[] = {Value::obj(id)};
      return k.invoke(c.t, Value::func(k.prelude("$pool_join")), a);
    }
    default: return Object::call(c, m);
    }
  }

  Outcome call_named(Call& c, StrId m) override {
    Kernel& k = c.sim;
    if (k.str(m) == "$workers") {
      auto l = std::make_unique<ListObject>();
      for (ObjId w : workers) l->items.push_back(Value::obj(w));
      c.ret = Value::obj(k.add_object(std::move(l), c.t.proc));
      return Outcome::Done;
    }
    if (k.str(m) != "$next") return Object::call_named(c, m);
    // A worker waits for its next task (or the word to leave) on the task socket.
    auto msg = std::make_shared<std::string>();
    auto got = std::make_shared<bool>(false);
    return rt_of(c).os_call(c.t, *this, {
        .wait = [fd = task_r, msg, got](const std::atomic<bool>& stop) {
          for (;;) { // another worker may take the task we were woken for: wait again
            if (wait_fd(fd, POLLIN, -1, stop) < 0) return false;
            msg->resize(1 << 20);
            const ssize_t r = ::recv(fd, msg->data(), msg->size(), MSG_DONTWAIT);
            if (r >= 0) {
              msg->resize(static_cast<std::size_t>(r));
              *got = true;
              return true;
            }
          }
        },
        .done = [this, msg](Kernel& kk, Thread& t) { t.stack.push_back(take_task(kk, t, *msg)); }});
  }

  // Under the kernel mutex, in the result handler: a worker's result completes its AsyncResult.
  void deliver_result(Kernel& k, std::string_view in) {
    std::int64_t job = 0;
    std::uint64_t index = 0;
    std::uint8_t ok = 0;
    if (!get(in, job) || !get(in, index) || !get(in, ok)) return;
    auto it = waiting.find(job);
    if (it == waiting.end()) return;
    auto* r = dynamic_cast<AsyncResultObject*>(k.object(it->second));
    if (!r) return;
    if (ok) {
      Value v;
      if (!unpickle(k, r->home, in, v)) return;
      r->complete(k, index, v, nullptr, kNone);
    } else {
      std::string type, message;
      if (!get_str(in, type) || !get_str(in, message)) return;
      const Exc err{k.intern(type), k.intern(message)};
      r->complete(k, index, Value::none(), &err, kNone);
    }
    if (r->done) waiting.erase(it);
    k.count(*this);
  }

private:
  ObjId new_result(Call& c, AsyncResultObject::Flavor flavor, std::size_t n, std::int64_t& job) {
    auto r = std::make_unique<AsyncResultObject>();
    r->flavor = flavor;
    r->home = c.t.proc;
    r->pending = n;
    r->values.resize(n);
    const ObjId rid = c.sim.add_object(std::move(r), c.t.proc);
    job = next_job++;
    waiting.emplace(job, rid);
    return rid;
  }

  // Pickled now: later changes to the arguments do not travel.
  bool send_task(Call& c, Value fn, Value args, std::int64_t job, std::uint64_t index) {
    std::string msg;
    put(msg, job);
    put(msg, index);
    if (!pickle(c.sim, c.t, fn, msg) || !pickle(c.sim, c.t, args, msg)) return false;
    // Tasks are small; a full socket blocks the caller until a worker reads, as CPython's task queue would.
    if (!send_exact(task_w, msg.data(), msg.size())) {
      c.sim.raise(c.t, "OSError", "the pool's task socket is gone");
      return false;
    }
    c.sim.note_progress();
    return true;
  }

  Outcome submit(Call& c, Value fn, Value args, Value& out) {
    Kernel& k = c.sim;
    if (state != State::Run) return k.raise(c.t, "ValueError", "Pool not running");
    if (!args.is_none() && !k.as<ListObject>(args))
      return k.raise(c.t, "TypeError", "the task's arguments must be a list or tuple");
    if (args.is_none()) args = Value::obj(k.add_object(std::make_unique<ListObject>(), c.t.proc));
    std::int64_t job = 0;
    const ObjId rid = new_result(c, AsyncResultObject::Flavor::Apply, 1, job);
    if (!send_task(c, fn, args, job, 0)) return Outcome::Raised;
    out = Value::obj(rid);
    k.count(*this);
    return Outcome::Done;
  }

  // A worker's view of a task message: a job object in its own process, or None (leave).
  Value take_task(Kernel& k, Thread& t, std::string_view in) {
    if (in.empty()) return Value::none();
    auto job = std::make_unique<RealPoolJob>();
    Value args;
    if (!get(in, job->job) || !get(in, job->index) || !unpickle(k, t.proc, in, job->fn) ||
        !unpickle(k, t.proc, in, args))
      return Value::none();
    if (auto* l = k.as<ListObject>(args)) job->args = l->items;
    job->result_fd = result_w;
    return Value::obj(k.add_object(std::move(job), t.proc));
  }
};

} // namespace

// [SECTION] creating a pool

} // namespace il::real

namespace il::real::ipc {

Outcome new_real_pool(Call& c) {
  Kernel& k = c.sim;
  const Value nv = c.arg(0);
  if (!nv.is_none() && nv.tag != Tag::Int)
    return k.raise(c.t, "TypeError", "'" + type_name(k, nv) + "' object cannot be interpreted as an integer");
  const std::int64_t n = nv.is_none() ? usable_cpus() : nv.i; // os.cpu_count(), as CPython's default
  if (n < 1) return k.raise(c.t, "ValueError", "Number of processes must be at least 1");
  if (process_object_of(k, c.t.proc).daemon)
    return k.raise(c.t, "AssertionError", "daemonic processes are not allowed to have children");
  if (!have_runtime(c, {"$pool_worker", "$pool_join"})) return Outcome::Raised;
  int tasks[2], results[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, tasks) != 0)
    return k.raise(c.t, "OSError", "cannot make the pool's task socket");
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, results) != 0) {
    ::close(tasks[0]);
    ::close(tasks[1]);
    return k.raise(c.t, "OSError", "cannot make the pool's result socket");
  }
  auto p = std::make_unique<RealPool>();
  p->task_w = tasks[0];
  p->task_r = tasks[1];
  p->result_w = results[0];
  p->result_r = results[1];
  const ObjId pool_id = k.add_object(std::move(p), c.t.proc);
  const Value worker_fn = Value::func(k.prelude("$pool_worker"));
  const bool fork = fix_context(k, c.t.proc) == StartMethod::Fork;
  for (std::int64_t i = 0; i < n; ++i) { // each forked by the caller, one after another
    std::string ident = next_identity(k, c.t.proc);
    ProcessObject& w = start_helper_process(c, (fork ? "ForkPoolWorker-" : "SpawnPoolWorker-") + ident, ident,
                                            worker_fn, {Value::obj(pool_id)}, static_cast<int>(i));
    dynamic_cast<RealPool*>(k.object(pool_id))->workers.push_back(w.id);
  }
  // The result handler starts after the forks: the workers need no copy of it.
  RealRuntime& rt = rt_of(c);
  rt.add_service([&rt, pool_id, fd = results[1]](const std::atomic<bool>& stop) {
    std::string msg;
    for (;;) {
      if (wait_fd(fd, POLLIN, -1, stop) < 0) return;
      msg.resize(1 << 20);
      const ssize_t r = ::recv(fd, msg.data(), msg.size(), MSG_DONTWAIT);
      if (r < 0) continue;
      msg.resize(static_cast<std::size_t>(r));
      rt.with_kernel_lock([&] {
        if (auto* pool = dynamic_cast<RealPool*>(rt.object(pool_id))) pool->deliver_result(rt, msg);
      });
    }
  });
  c.ret = Value::obj(pool_id);
  return Outcome::Done;
}

} // namespace il::real::ipc
