// Real OS processes for multiprocessing.Process. A child is made by fork(), as CPython's default start method
// on Linux does: it inherits a copy of its parent's tables (globals copied by Kernel::make_process, as the
// simulator does), runs its main thread on a fresh GIL, and sends its parent, over a socket pair, every line it
// prints and, at exit, a report of its threads, processes and trace. The parent's reaper thread for it merges
// the report, waits for the process and records its real exit code. spawn is a fork whose child starts from
// fresh globals and runs the module's top level again (no exec: the program is already in memory).
//
// [SECTION] the wire format
// [SECTION] fork
// [SECTION] the child's side
// [SECTION] the parent's side: reaping and merging
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <new>

#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "machine/objects.hpp"
#include "real_ipc.hpp"

namespace il::real {

// [SECTION] the wire format

namespace {

// A message is one kind byte, a 32-bit length and the payload. Kinds: 'O' and 'E' a write to stdout or stderr,
// 'R' the report.
constexpr std::size_t kHeader = 5;

// The report's fields, read back with a flag that stays false after the first field that was not there.
struct Reader {
  std::string_view in;
  bool ok = true;
  template <class T> T pod() {
    T v{};
    ok = ok && ipc::get(in, v);
    return v;
  }
  std::string str() {
    std::string s;
    ok = ok && ipc::get_str(in, s);
    return s;
  }
};

constexpr int kStates = static_cast<int>(ThreadState::count_);

// An object a child process made after its fork, as its parent's tables keep it: what the trace and the report
// need (kind, name, a primitive's statistics), not the object itself, which lived in the child's memory.
class ChildObject final : public Object {
public:
  std::string kind_name;
  bool primitive = false;
  std::string_view kind() const override { return kind_name; }
  bool is_primitive() const override { return primitive; }
  std::string repr(const Kernel&) const override { return "<" + kind_name + " " + name + " (in a child process)>"; }
};
constexpr int kStopSignals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};

} // namespace

void RealRuntime::send(char kind, std::string_view payload) {
  if (parent_fd_ < 0) return;
  std::string msg(kHeader, '\0');
  msg[0] = kind;
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::memcpy(msg.data() + 1, &n, sizeof n);
  msg.append(payload);
  // A parent that is gone (killed) cannot read: the child carries on and exits as it would have.
  (void)ipc::send_exact(parent_fd_, msg.data(), msg.size());
}

void RealRuntime::printed(Stream s, std::string_view text) { send(s == Stream::Stdout ? 'O' : 'E', text); }

// [SECTION] fork

ProcId RealRuntime::create_process(ProcId parent, std::string name, Value target, std::vector<Value> args,
                                   ObjId obj, bool daemon, bool fork) {
  (void)daemon; // the Process object carries the flag; kill_process reads it there
  const ProcId id = make_process(parent, std::move(name), target, std::move(args), obj, fork);
  int fds[2];
  // A socket pair rather than a pipe: a child whose parent is gone gets an error from send (MSG_NOSIGNAL), not
  // SIGPIPE.
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    std::fprintf(stderr, "interleave: cannot start %s: socketpair: %s\n", procs_[id].name.c_str(), std::strerror(errno));
    process_ended(id, 1, false);
    return id;
  }
  std::fflush(nullptr); // nothing buffered may be written twice
  // A terminate() may come before the child has reset its signal handlers: hold those signals back until then.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  for (int sig : kStopSignals) sigaddset(&stop_signals, sig);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    // terminate() and Ctrl+C act on the child as on a Python child: whatever the host program (a test runner,
    // say) installed for them, the child gets the default action.
    for (int sig : kStopSignals) std::signal(sig, SIG_DFL);
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    child_main(id, fds[1]);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::close(fds[1]);
  if (pid < 0) {
    std::fprintf(stderr, "interleave: cannot start %s: fork: %s\n", procs_[id].name.c_str(), std::strerror(errno));
    ::close(fds[0]);
    process_ended(id, 1, false);
    return id;
  }
  procs_[id].pid = static_cast<int>(pid);
  Child& c = children_.emplace_back();
  c.proc = id;
  c.pid = pid;
  c.fd = fds[0];
  c.objects_at_fork = objects_.size();
  c.threads_at_fork = threads_.size();
  c.reaper = std::thread(&RealRuntime::reap, this, std::ref(c));
  return id;
}

bool RealRuntime::live_children() const {
  for (const Child& c : children_)
    if (procs_[c.proc].alive) return true;
  return false;
}

void RealRuntime::signal_children(int sig) {
  for (const Child& c : children_)
    if (procs_[c.proc].alive) ::kill(c.pid, sig);
}

// [SECTION] the child's side

void RealRuntime::child_main(ProcId me, int fd) {
  // Only the forking thread exists here, and it still holds the kernel mutex. As CPython's after-fork hooks
  // do, re-create in place every lock and condition another (now vanished) thread may have held, and forget
  // the OS threads of the parent: they cannot be joined, and their handles are never destroyed (_exit).
  new (&mu_) std::mutex();
  new (&done_cv_) std::condition_variable();
  new (&watchdog_) std::thread();
  for (Worker& w : workers_) new (&w.os) std::thread();
  for (Child& c : children_) {
    new (&c.reaper) std::thread();
    if (c.fd >= 0) ::close(c.fd); // a sibling's channel (its reader is our parent)
  }
  children_.clear();
  for (std::thread& s : services_) new (&s) std::thread();
  services_.clear();
  if (parent_fd_ >= 0) ::close(parent_fd_); // a grandchild must not keep its parent's channel to the root open
  parent_fd_ = fd;
  self_ = me;
  objects_at_fork_ = objects_.size();
  for (auto& o : objects_) o->stats = {}; // the report counts this process's own acquisitions
  procs_[me].pid = static_cast<int>(::getpid());
  (void)gil_.release(); // its mutex may be held by a vanished thread: a fresh GIL for this process
  // The old GIL's observer may have been mid-append when the fork came: start a new list, never touch it.
  new (&gil_events_) std::vector<TraceRec>();
  gil_ = make_gil();
  trace_.recs.clear(); // the parent has everything up to the fork
  output_.clear();
  line_open_ = false;
  for (std::string& text : streams_) text.clear();
  deadlock_ = {};
  end_ = RunEnd::Finished;
  done_ = false;
  cancelled_ = false;
  end_ns_ = -1;
  // The parent's threads do not exist in this process: the watchdog and the report ignore them.
  for (Thread& t : threads_)
    if (t.proc != me) t.state = ThreadState::Done;
  int code = 1;
  try {
    run_process();
    std::lock_guard lk(mu_);
    send('R', make_report());
    const Process& p = procs_[me];
    // A child stopped by its watchdog (a deadlock, a time limit) has no exit code of its own: it was killed.
    code = end_ == RunEnd::Finished ? (p.exit_code == kNone ? 0 : p.exit_code) : 128 + SIGKILL;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "interleave: child process %s: %s\n", procs_[me].name.c_str(), e.what());
  }
  std::fflush(nullptr);
  ::_exit(code & 0xff);
}

std::string RealRuntime::make_report() {
  // This process and its descendants (merged into our tables by our own reapers): a parent has a lower id.
  std::vector<bool> ours(procs_.size(), false);
  for (const Process& p : procs_)
    ours[p.id] = p.id == self_ || (p.parent != kNone && p.parent < p.id && ours[p.parent]);
  std::string out;
  ipc::put(out, static_cast<std::uint32_t>(std::count(ours.begin(), ours.end(), true)));
  for (const Process& p : procs_) {
    if (!ours[p.id]) continue;
    ipc::put(out, p.id);
    ipc::put(out, p.parent);
    ipc::put(out, p.pid);
    ipc::put(out, p.exit_code);
    ipc::put(out, p.gil.handoffs);
    ipc::put_str(out, p.name);
  }
  std::uint32_t nthreads = 0;
  for (const Thread& t : threads_) nthreads += ours[t.proc];
  ipc::put(out, nthreads);
  for (const Thread& t : threads_) {
    if (!ours[t.proc]) continue;
    ipc::put(out, t.id);
    ipc::put(out, t.proc);
    ipc::put(out, static_cast<std::uint8_t>(t.is_main));
    ipc::put(out, static_cast<std::uint8_t>(t.daemon));
    ipc::put(out, t.in_state);
    ipc::put(out, t.voluntary_switches);
    ipc::put(out, t.involuntary_switches);
    ipc::put(out, t.instructions);
    ipc::put_str(out, t.name);
    ipc::put_str(out, t.uncaught.active() ? str(t.uncaught.type) : "");
    ipc::put_str(out, t.uncaught.active() ? str(t.uncaught.message) : "");
  }
  // What this process did with primitives both sides have (a multiprocessing.Lock, a Value's lock, a forked
  // copy of a threading.Lock): the parent adds it to its own counts.
  std::uint32_t used = 0;
  for (std::size_t i = 0; i < objects_at_fork_; ++i) used += objects_[i]->stats.acquisitions > 0;
  ipc::put(out, used);
  for (std::size_t i = 0; i < objects_at_fork_; ++i)
    if (objects_[i]->stats.acquisitions > 0) {
      ipc::put(out, static_cast<ObjId>(i));
      ipc::put(out, objects_[i]->stats);
    }
  // Objects made here after the fork (and those our own children reported): the parent cannot know them.
  ipc::put(out, static_cast<std::uint32_t>(objects_.size() - std::min(objects_.size(), objects_at_fork_)));
  for (std::size_t i = objects_at_fork_; i < objects_.size(); ++i) {
    const Object& o = *objects_[i];
    ipc::put(out, o.id);
    ipc::put(out, o.owner);
    ipc::put(out, static_cast<std::uint8_t>(o.named));
    ipc::put(out, static_cast<std::uint8_t>(o.is_primitive()));
    ipc::put(out, o.stats);
    ipc::put_str(out, o.kind());
    ipc::put_str(out, o.name);
  }
  ipc::put(out, static_cast<std::uint32_t>(trace_.recs.size()));
  for (const TraceRec& r : trace_.recs) {
    ipc::put(out, r);
    if (r.kind == Ev::Exception) {
      ipc::put_str(out, str(r.obj));
      ipc::put_str(out, str(r.other));
    } else if (r.kind == Ev::Print) {
      ipc::put_str(out, str(r.obj));
    }
  }
  ipc::put(out, static_cast<std::uint32_t>(cpus_.size()));
  for (const Cpu& c : cpus_) ipc::put(out, c.busy_ns);
  // How this process's run ended: a deadlock or a time limit stops the whole run, as it would hang it.
  ipc::put(out, static_cast<std::uint8_t>(end_));
  ipc::put_str(out, deadlock_.text);
  auto ids = [&](const std::vector<std::int32_t>& v) {
    ipc::put(out, static_cast<std::uint32_t>(v.size()));
    for (std::int32_t x : v) ipc::put(out, x);
  };
  ids(deadlock_.cycle_threads);
  ids(deadlock_.cycle_objs);
  ids(deadlock_.stuck);
  return out;
}

// [SECTION] the parent's side: reaping and merging

void RealRuntime::reap(Child& c) {
  std::string report;
  bool reported = false;
  for (;;) {
    char head[kHeader];
    if (!ipc::read_exact(c.fd, head, kHeader)) break;
    std::uint32_t n = 0;
    std::memcpy(&n, head + 1, sizeof n);
    std::string payload(n, '\0');
    if (n > 0 && !ipc::read_exact(c.fd, payload.data(), n)) break;
    if (head[0] == 'O' || head[0] == 'E') { // what the child (or a descendant) wrote, in the order it arrives
      std::lock_guard lk(mu_);
      const Stream s = head[0] == 'O' ? Stream::Stdout : Stream::Stderr;
      append(s, payload);
      printed(s, payload); // a child passes its descendants' writes on to its own parent
      note_progress();
    } else if (head[0] == 'R') {
      report = std::move(payload);
      reported = true;
    }
  }
  {
    // Under the kernel mutex, like every fork: a child forked meanwhile must not find this number in
    // children_ once a new channel reuses it, or it would close its own.
    std::lock_guard lk(mu_);
    ::close(c.fd);
    c.fd = -1;
  }
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  // CPython's exitcode: the status a normal exit gave, or minus the signal that ended the process.
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? -WTERMSIG(status) : 1;
  std::lock_guard lk(mu_);
  const bool merged = reported && merge_report(c, report);
  process_ended(c.proc, code, merged);
}

bool RealRuntime::merge_report(const Child& c, std::string_view report) {
  // Ids the child made after the fork are its own: they get new ids here. What existed at the fork (the child
  // process itself, its main thread, objects inherited or copied) keeps its id.
  Reader r{report};
  const auto nprocs = r.pod<std::uint32_t>();
  std::vector<std::pair<ProcId, ProcId>> proc_map;
  auto map_proc = [&](ProcId local) {
    if (local == c.proc) return c.proc;
    for (const auto& [from, to] : proc_map)
      if (from == local) return to;
    return ProcId{kNone};
  };
  for (std::uint32_t i = 0; i < nprocs && r.ok; ++i) {
    const auto local = r.pod<ProcId>();
    const auto parent = r.pod<ProcId>();
    const auto pid = r.pod<int>();
    const auto exit_code = r.pod<int>();
    const auto handoffs = r.pod<std::int64_t>();
    std::string name = r.str();
    if (!r.ok) return false;
    if (local == c.proc) {
      procs_[c.proc].gil.handoffs = handoffs;
      continue;
    }
    Process& p = procs_.emplace_back();
    p.id = static_cast<ProcId>(procs_.size() - 1);
    p.parent = map_proc(parent);
    p.pid = pid;
    p.exit_code = exit_code;
    p.alive = false;
    p.name = std::move(name);
    p.gil.handoffs = handoffs;
    p.globals.resize(prog_.globals.size(), Value::unbound()); // unbound until assigned
    proc_map.emplace_back(local, p.id);
  }
  const auto nthreads = r.pod<std::uint32_t>();
  std::vector<std::pair<ThreadId, ThreadId>> thread_map;
  auto map_thread = [&](ThreadId local) {
    if (local == kNone) return ThreadId{kNone};
    for (const auto& [from, to] : thread_map)
      if (from == local) return to;
    return ThreadId{kNone};
  };
  for (std::uint32_t i = 0; i < nthreads && r.ok; ++i) {
    const auto local = r.pod<ThreadId>();
    const ProcId proc = map_proc(r.pod<ProcId>());
    const bool is_main = r.pod<std::uint8_t>() != 0;
    const bool daemon = r.pod<std::uint8_t>() != 0;
    Ns in_state[kStates];
    for (Ns& d : in_state) d = r.pod<Ns>();
    const auto vol = r.pod<std::int64_t>();
    const auto invol = r.pod<std::int64_t>();
    const auto instructions = r.pod<std::int64_t>();
    std::string name = r.str();
    std::string exc_type = r.str();
    std::string exc_message = r.str();
    if (!r.ok || proc == kNone) return false;
    ThreadId id = local;
    if (static_cast<std::size_t>(local) >= c.threads_at_fork) { // made in the child: a new entry here
      id = static_cast<ThreadId>(threads_.size());
      Thread& t = threads_.emplace_back();
      t.id = id;
      t.proc = proc;
      procs_[proc].threads.push_back(id);
    }
    Thread& t = threads_[id];
    t.name = std::move(name);
    t.is_main = is_main;
    t.daemon = daemon;
    t.state = ThreadState::Done;
    t.cpu = -1;
    std::copy(std::begin(in_state), std::end(in_state), std::begin(t.in_state));
    t.voluntary_switches = vol;
    t.involuntary_switches = invol;
    t.instructions = instructions;
    t.state_since = now();
    if (!exc_type.empty()) t.uncaught = {intern(exc_type), intern(exc_message)};
    if (is_main) procs_[proc].main = id;
    thread_map.emplace_back(local, id);
  }
  const auto nused = r.pod<std::uint32_t>();
  for (std::uint32_t i = 0; i < nused && r.ok; ++i) {
    const auto id = r.pod<ObjId>();
    const auto s = r.pod<PrimitiveStats>();
    if (!r.ok || id < 0 || static_cast<std::size_t>(id) >= c.objects_at_fork) return false;
    PrimitiveStats& mine = objects_[id]->stats;
    mine.acquisitions += s.acquisitions;
    mine.contended += s.contended;
    mine.max_holders = std::max(mine.max_holders, s.max_holders);
  }
  const auto nobjs = r.pod<std::uint32_t>();
  std::vector<std::pair<ObjId, ObjId>> obj_map;
  for (std::uint32_t i = 0; i < nobjs && r.ok; ++i) {
    auto o = std::make_unique<ChildObject>();
    const auto local = r.pod<ObjId>();
    const ProcId owner = map_proc(r.pod<ProcId>());
    o->named = r.pod<std::uint8_t>() != 0;
    o->primitive = r.pod<std::uint8_t>() != 0;
    o->stats = r.pod<PrimitiveStats>();
    o->kind_name = r.str();
    o->name = r.str();
    if (!r.ok) return false;
    obj_map.emplace_back(local, add_object(std::move(o), owner));
  }
  const auto nrecs = r.pod<std::uint32_t>();
  auto map_obj = [&](std::int32_t o) {
    if (o >= 0 && static_cast<std::size_t>(o) < c.objects_at_fork) return o;
    for (const auto& [from, to] : obj_map)
      if (from == o) return to;
    return std::int32_t{kNone};
  };
  for (std::uint32_t i = 0; i < nrecs && r.ok; ++i) {
    TraceRec rec = r.pod<TraceRec>();
    switch (rec.kind) {
    case Ev::Exception:
      rec.obj = intern(r.str());
      rec.other = intern(r.str());
      break;
    case Ev::Print: rec.obj = intern(r.str()); break;
    case Ev::ProcStart:
      rec.obj = map_proc(rec.obj);
      rec.other = map_proc(rec.other);
      break;
    case Ev::ProcExit:
    case Ev::Gil: rec.obj = map_proc(rec.obj); break;
    case Ev::ThreadNew: rec.obj = map_proc(rec.obj); break;
    default: rec.obj = map_obj(rec.obj); break;
    }
    rec.thread = map_thread(rec.thread);
    if (rec.kind == Ev::Wake) rec.other = map_thread(rec.other);
    if (!r.ok) return false;
    // A record about an object this table cannot name (none is expected): a state keeps its thread's side,
    // the rest is dropped.
    if ((rec.kind == Ev::Counter || rec.kind == Ev::Acquire || rec.kind == Ev::Release) && rec.obj == kNone)
      continue;
    record(rec);
  }
  const auto ncpus = r.pod<std::uint32_t>();
  for (std::uint32_t i = 0; i < ncpus && r.ok; ++i) {
    const Ns busy = r.pod<Ns>();
    if (i < cpus_.size()) cpus_[i].busy_ns += busy;
  }
  const auto end = static_cast<RunEnd>(r.pod<std::uint8_t>());
  std::string text = r.str();
  auto ids = [&](auto map) {
    std::vector<std::int32_t> out(r.pod<std::uint32_t>());
    for (std::int32_t& x : out) x = map(r.pod<std::int32_t>());
    return out;
  };
  std::vector<ThreadId> cycle_threads = ids(map_thread);
  std::vector<ObjId> cycle_objs = ids(map_obj);
  std::vector<ThreadId> stuck = ids(map_thread);
  if (!r.ok) return false;
  if (end != RunEnd::Finished && !cancelled_) {
    // The child could never have finished: neither can this run (the simulator stops the same way).
    if (end == RunEnd::Deadlock) {
      deadlock_.found = !cycle_threads.empty() || !stuck.empty();
      deadlock_.text = std::move(text);
      deadlock_.cycle_threads = std::move(cycle_threads);
      deadlock_.cycle_objs = std::move(cycle_objs);
      deadlock_.stuck = std::move(stuck);
    }
    if (end_ns_.load() < 0) end_ns_.store(clock_.now());
    cancel(end);
  }
  return true;
}

void RealRuntime::process_ended(ProcId id, int exit_code, bool reported) {
  Process& p = procs_[id];
  if (!p.alive) return;
  p.alive = false;
  p.exit_code = exit_code;
  if (!reported) { // killed by a signal, or it could not say: its threads end here
    record({.t = now(), .kind = Ev::ProcExit, .obj = id, .value = exit_code});
    for (ThreadId o : p.threads)
      if (threads_[o].state != ThreadState::Done) set_state(threads_[o], ThreadState::Done);
  }
  note_progress();
  if (p.obj != kNone)
    if (auto* po = dynamic_cast<ProcessObject*>(objects_[p.obj].get()))
      while (!po->joiners.empty()) wake(po->joiners.q.front(), Value::none(), p.main, p.obj);
}

} // namespace il::real
