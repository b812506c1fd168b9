// The real-thread runtime: runs a scenario's threads as OS threads (one std::thread each) on this machine's
// CPUs, with a real GIL, real (scaled) sleeps and CPU work, and the same objects, trace and reports as the
// simulator. multiprocessing.Process runs as a real OS process made by fork() (real_process.cpp), with Pipe,
// Queue, Value, Array and Lock on sockets and shared memory (real_ipc.cpp), Pool workers fed over a socket
// (real_pool.cpp); Manager is refused.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

#include "machine/kernel.hpp"
#include "real_clock.hpp"
#include "real_gil.hpp"

namespace il::real {

struct RealOptions {
  double time_scale = 1.0;             // nominal ns * time_scale = real ns (TimeScale::validate's range)
  Ns wall_limit_ns = 120'000'000'000;  // real time after which a run stops as a time limit
  Ns no_progress_ns = 10'000'000'000;  // real time without progress (and nothing timed pending): time limit
  Ns watchdog_period_ns = 20'000'000;  // how often the watchdog looks for a deadlock
};

// Threads never run bytecode at the same time as the kernel mutex holder touches what they share: every
// instruction that reads or writes objects, strings or the thread table runs under the kernel mutex; pure
// instructions (locals, numbers, jumps) run without it. Globals are std::atomic_ref<Value> slots, read and
// written with separate relaxed loads and stores, so `counter += 1` without the GIL really loses updates
// (the load-add-store is not atomic as a whole) without a data race.
class RealRuntime final : public Kernel {
public:
  // Empty if the program can run on real threads, else a one-line reason ("not supported on real threads
  // yet: uses multiprocessing.Queue").
  static std::optional<std::string> unsupported(const Program& prog);

  // cfg must validate(), prog must pass unsupported(), opt.time_scale must pass TimeScale::validate
  // (throws std::invalid_argument otherwise). cfg.gil and cfg.switch_interval_ns pick the GIL; the interval is
  // nominal like every other duration, so the real GIL waits real_switch_interval_ns().
  RealRuntime(Config cfg, Program prog, RealOptions opt = {});
  ~RealRuntime() override; // cancels and joins whatever still runs

  // Runs the program to its end, a deadlock or a time limit; every OS thread it made is joined on return.
  RunEnd run();
  // From any thread, before or during run(): stop the run as soon as every thread notices (its OS waits look
  // every 20 ms); it ends as a time limit, and child processes are killed.
  void request_stop();
  int real_cpus() const { return usable_cpus(); } // CPUs the OS lets this process use
  const RealOptions& options() const { return opt_; }
  GilStats gil_stats() const { return gil_->stats(); }
  std::size_t os_threads_joinable() const; // 0 after run(): every OS thread it made was joined

  // [SECTION] kernel services (Kernel's, on real time and real threads); called under the kernel mutex
  Ns now() const override { // frozen at the end of the run, so reports see the makespan
    const Ns e = end_ns_.load(std::memory_order_relaxed);
    return e >= 0 ? e : clock_.now();
  }
  Outcome park(Thread& t, Object& o, WaitQueue& q, Ns timeout, Value timeout_value,
               ThreadState st = ThreadState::Blocked) override;
  Outcome sleep(Thread& t, Ns d, ThreadState st) override;
  Outcome work(Thread& t, Ns d, Value result = Value::none()) override;
  void note_progress() override { progress_.fetch_add(1, std::memory_order_relaxed); }
  void start_thread(ThreadId t, Ns delay) override;
  void kill_thread(Thread& t) override;
  void kill_process(ProcId p, int exit_code) override;
  // fork(): the child process continues in child_main and never returns here; the parent gets the new ProcId.
  ProcId create_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                        bool daemon, bool fork) override;

  // A blocking OS call (a socket read, a semaphore another process holds): `wait` runs on t's OS thread without
  // the kernel mutex and the GIL, checking `stop` at least every 20 ms (false: stopped); then `done` runs under
  // the kernel mutex and pushes the call's result or sets an exception to raise (t.raise_pending).
  struct OsCall {
    std::function<bool(const std::atomic<bool>& stop)> wait;
    std::function<void(Kernel&, Thread&)> done;
  };
  // t blocks on o in an OS call; returns Blocked (the object's call returns it).
  Outcome os_call(Thread& t, Object& o, OsCall call);
  // A helper OS thread of this process that runs no bytecode (a pool's result handler, as CPython has one):
  // `body` runs until it returns; `stop` is set when the run ends, and it is joined before run() returns.
  // Called under the kernel mutex; the body takes it with with_kernel_lock() to touch objects or threads.
  void add_service(std::function<void(const std::atomic<bool>& stop)> body);
  void with_kernel_lock(const std::function<void()>& f);
  const TimeScale& scale() const { return clock_.scale(); }
  Ns real_switch_interval_ns() const { return std::max<Ns>(1000, scale().to_real(cfg_.switch_interval_ns)); }

  // [SECTION] interpreter hooks (interp_step.hpp's K): globals are atomic slots, see the class comment
  Value load_global(const Thread& t, int slot);
  void store_global(Thread& t, int slot, Value v);
  Outcome native_call(Native n, Call& c); // multiprocessing's IPC objects are real ones (real_ipc.cpp)
  Outcome dispatch_native(Native n, Call& c) override { return native_call(n, c); }
  Outcome fork_process(Call& c) override { // a real fork() of this multi-threaded runner is not modelled yet
    return raise(c.t, "NotImplementedError", "os.fork() is not supported by the real-thread runner (only simulated)");
  }

protected:
  void printed(Stream s, std::string_view text) override;
  void make_woken_ready(Thread& t) override;

private:
  struct Worker {
    std::thread os;
    std::condition_variable cv; // parked, sleeping: woken by wake(), kill, cancel
    std::atomic<bool> stop{false}; // killed (daemon at exit) or the whole run cancelled
    Ns sleep_until = -1;        // nominal deadline of a sleep or I/O (guarded by mu_)
    bool holds_gil = false;     // only its own OS thread reads or writes it
    std::optional<OsCall> os_call; // set by os_call(), taken by the thread's loop (guarded by mu_)
    bool in_os_call = false;    // blocked in an OS call: another process may release it (guarded by mu_)
  };

  std::unique_ptr<RealGil> make_gil(); // this process's GIL, from cfg_
  Outcome ipc_native(Native n, Call& c); // native_call's work, which may throw std::bad_alloc
  void thread_main(ThreadId id);
  // Under the kernel mutex: waits until t may run again (woken, timed out, killed). False to stop.
  bool wait_ready(std::unique_lock<std::mutex>& lk, Thread& t, Worker& w);
  bool needs_kernel_lock(const Thread& t) const;
  void set_state(Thread& t, ThreadState s, int cpu = -1, ObjId on = kNone);
  void make_ready(Thread& t);
  void announce_started(Thread& t);
  void thread_finished(Thread& t);
  void drop_gil(Worker& w, ThreadId id);
  void watchdog();
  bool all_blocked_forever() const;
  bool timed_pending() const; // someone sleeps, computes or waits with a timeout: no progress is no livelock
  void cancel(RunEnd why); // under the kernel mutex
  void finish();           // after every thread is joined, under the kernel mutex
  void run_process();      // starts this process's main thread; returns when it ended and all is joined
  bool live_children() const; // a child process of ours still runs (under the kernel mutex)
  void join_os_threads();  // every worker and reaper this process made

  // [SECTION] real processes (real_process.cpp)
  // A child process as its parent sees it: a reaper thread reads what the child sends (printed lines, then
  // its report at exit) until its socket closes, then waits for it and records how it ended.
  struct Child {
    ProcId proc = kNone;
    pid_t pid = -1;
    int fd = -1;
    std::size_t objects_at_fork = 0; // objects with the same id on both sides
    std::size_t threads_at_fork = 0;
    std::thread reaper;
  };
  [[noreturn]] void child_main(ProcId me, int fd);
  void reap(Child& c);
  std::string make_report();                                     // under the kernel mutex, after finish()
  bool merge_report(const Child& c, std::string_view report);    // under the kernel mutex; false if malformed
  void process_ended(ProcId p, int exit_code, bool reported);    // under the kernel mutex
  void signal_children(int sig);                                 // under the kernel mutex
  void send(char kind, std::string_view payload);                // to the parent, under the kernel mutex

  RealOptions opt_;
  RealClock clock_;
  std::unique_ptr<RealGil> gil_;
  std::vector<TraceRec> gil_events_; // recorded by the GIL observer under the GIL's own mutex
  mutable std::mutex mu_;            // the kernel mutex: objects, strings, threads, trace
  std::condition_variable done_cv_;  // run() waits for the end here
  std::deque<Worker> workers_;       // parallel to threads_
  std::thread watchdog_;
  std::atomic<std::uint64_t> progress_{0};
  std::atomic<bool> cancelled_{false};
  std::atomic<Ns> end_ns_{-1};       // nominal time the run ended, -1 while it runs
  bool done_ = false;                // this runtime's process exited (guarded by mu_)
  bool ran_ = false;
  ProcId self_ = 0;                  // the process this OS process runs (0 in the first one)
  std::size_t objects_at_fork_ = 0;  // a child's objects below this id exist in its parent too
  int parent_fd_ = -1;               // a child's socket to its parent (what it wrote, the report)
  std::deque<Child> children_;       // guarded by mu_; a deque: reapers hold references
  std::deque<std::thread> services_; // guarded by mu_
};

} // namespace il::real
