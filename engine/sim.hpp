// The simulated machine: logical CPUs, the OS scheduler, processes with one GIL each, threads running
// bytecode, and the kernel services primitives use (park, wake, sleep, raise). One Sim is one run; it owns
// all its state, so several can live in one process.
#pragma once
#include <memory>
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include "bytecode.hpp"
#include "config.hpp"
#include "object.hpp"
#include "rng.hpp"
#include "trace.hpp"

namespace il {

struct Frame {
  FuncId fn = kNone;
  int pc = 0;
  int locals_base = 0; // index of local 0 in Thread::stack
  int stack_base = 0;  // operand stack starts here
  bool discard_result = false; // pushed by an attribute store (a manager Namespace): its return value is dropped
  struct Handler { int pc; int depth; };
  std::vector<Handler> handlers;
};

struct Exc {
  StrId type = kNone;
  StrId message = kNone;
  bool active() const { return type != kNone; }
};

struct Thread {
  ThreadId id = kNone;
  ProcId proc = kNone;
  std::string name;
  ObjId obj = kNone; // its threading.Thread object
  ThreadState state = ThreadState::New;
  int cpu = -1;
  bool daemon = false;
  bool is_main = false;
  bool announced = false; // has run its first instruction (Thread.start() waits for that)

  // interpreter
  std::vector<Value>* globals = nullptr; // its process's globals (processes live in a deque: stable)
  std::vector<Value> stack; // locals and operands of every frame
  std::vector<Frame> frames;
  Exc exc;             // exception being raised or handled
  Exc uncaught;        // what killed the thread, if anything
  bool raise_pending = false; // exc must be raised when the thread next runs
  Value pending_item{};       // a blocked queue put's item
  int rlock_restore = 0;      // a Condition waiter's RLock recursion count, restored on re-acquire
  bool pushed_result = false;

  // scheduling
  bool needs_gil = true;        // must take its process's GIL before the next instruction
  bool yield_gil = false;       // dropped the GIL on request: waits until someone else took it
  std::uint64_t gil_switch_seen = 0;
  std::uint32_t wait_gen = 0;   // invalidates stale timeouts
  std::uint32_t gil_gen = 0;
  std::int64_t work_units = 0;  // opaque CPU work left, in ns at full speed x 1000
  Ns work_seg_start = 0;
  int work_speed = 1000;
  Ns run_start = 0;              // when the current instruction stream may continue (after a switch)

  // blocking
  Object* waiting_on = nullptr;
  WaitQueue* wait_queue = nullptr;
  Value timeout_value{};
  Value wake_value{};
  Object* retry_on = nullptr; // woken to compete for this primitive again when it next gets a CPU
  Ns wait_deadline = -1;      // when a timed wait gives up (-1: never)
  ObjId join_target = kNone;

  // stats
  Ns state_since = 0;
  Ns in_state[static_cast<int>(ThreadState::count_)] = {};
  std::int64_t voluntary_switches = 0;
  std::int64_t involuntary_switches = 0;
  std::int64_t instructions = 0;
  std::vector<Value> local_storage; // threading.local values: (local object, key, value) triples
};

struct Gil {
  ThreadId holder = kNone;
  ThreadId last_holder = kNone;
  std::deque<ThreadId> waiters;
  bool drop_request = false;
  std::uint64_t switch_number = 0;
  int ticks = 0;
  std::int64_t handoffs = 0;
};

struct Process {
  ProcId id = kNone;
  int pid = 0;
  ProcId parent = kNone;
  std::string name;
  std::vector<Value> globals;
  Gil gil;
  std::vector<ThreadId> threads;
  ThreadId main = kNone;
  ObjId obj = kNone;      // its multiprocessing.Process object (for the first process, made on first use)
  int exit_code = kNone;  // set when it ends
  bool alive = true;
  int thread_counter = 0; // threading's Thread-N counter
  int process_counter = 0;
  bool exiting = false;    // main thread finished, waiting for non-daemon threads
};

struct Cpu {
  int id = 0, core = 0, sibling = -1;
  ThreadId cur = kNone;
  ThreadId last = kNone; // for context-switch cost
  std::uint32_t gen = 0;
  Ns slice_end = 0;
  std::uint32_t slice_gen = 0;
  Ns busy_since = 0;
  Ns busy_ns = 0;
  Ns switch_ns = 0;
};

struct Event {
  enum Kind : std::uint8_t { CpuStep, SliceEnd, Wakeup, GilTimeout, Ready };
  Ns t;
  std::uint64_t seq;
  Kind kind;
  std::int32_t target;
  std::uint32_t gen;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

struct DeadlockReport {
  bool found = false;
  std::vector<ThreadId> cycle_threads; // t0 waits on cycle_objs[0] held by t1 ...
  std::vector<ObjId> cycle_objs;
  std::vector<ThreadId> stuck; // every thread that can never run again
  std::string text;
};

enum class RunEnd : std::uint8_t { Finished, Deadlock, Livelock, TimeLimit };

class Sim {
public:
  Sim(Config cfg, Program prog); // cfg must validate()
  ~Sim();
  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  // [SECTION] running
  RunEnd run();                 // to the end
  bool step_event();            // one scheduler event; false when nothing is left
  Ns now() const { return now_; }
  RunEnd end() const { return end_; }

  // [SECTION] reading state (the narrow API the CLI, UI and tests use)
  const Config& config() const { return cfg_; }
  const Program& program() const { return prog_; }
  const Trace& trace() const { return trace_; }
  Trace& trace() { return trace_; }
  const std::deque<Thread>& threads() const { return threads_; }
  const std::deque<Process>& processes() const { return procs_; }
  const std::vector<Cpu>& cpus() const { return cpus_; }
  const Object* object(ObjId id) const { return objects_[id].get(); }
  std::size_t object_count() const { return objects_.size(); }
  const std::string& str(StrId s) const { return strings_[s]; }
  const DeadlockReport& deadlock() const { return deadlock_; }
  const std::vector<std::string>& output() const { return output_; }
  std::int64_t events_processed() const { return events_; }
  std::int64_t instructions() const { return instructions_; }
  std::string describe_wait(ThreadId t) const; // "blocked on lock_a, held by Thread-2"
  // The 1-based line of program().source thread t is at: the innermost frame with a known line (runtime
  // helpers have none), 0 if there is none (not started, finished). A frame inside a call stands at the call.
  int current_line(ThreadId t) const;
  // When the next scheduler event happens (step_event() handles it and sets now() to it; a CPU's step may then
  // run further instructions), -1 when the run is over or the next event lies past the time limit.
  Ns next_event_time() const;
  std::string repr(Value v) const;
  std::string display(Value v) const; // str(v): strings without quotes

  // [SECTION] kernel services for natives and objects
  Thread& thread(ThreadId t) { return threads_[t]; }
  Process& process(ProcId p) { return procs_[p]; }
  Object* object(ObjId id) { return objects_[id].get(); }
  template <class T> T* as(Value v) {
    if (!v.is_obj()) return nullptr;
    return dynamic_cast<T*>(objects_[v.as_obj()].get());
  }
  ObjId add_object(std::unique_ptr<Object> o, ProcId owner);
  StrId intern(std::string_view s);
  Rng& rng() { return rng_; }
  Trace& tracer() { return trace_; }

  Outcome raise(Thread& t, std::string_view type, std::string_view message);
  // Park t in queue q of object o until woken or until `timeout` (ns, <0 = forever) passes, when it resumes
  // with timeout_value (after o->on_timeout).
  Outcome park(Thread& t, Object& o, WaitQueue& q, Ns timeout, Value timeout_value,
               ThreadState st = ThreadState::Blocked);
  // Resume a parked thread: it leaves its queue and continues with `result`; `waker` caused it.
  void wake(ThreadId t, Value result, ThreadId waker, ObjId cause);
  // Wake a parked thread that must compete for `o` again once it runs (o->retry decides the result).
  void wake_to_retry(ThreadId t, Object& o, ThreadId waker, ObjId cause);
  Outcome sleep(Thread& t, Ns d, ThreadState st);
  Outcome work(Thread& t, Ns d);
  Outcome invoke(Thread& t, Value callee, std::span<const Value> args);
  // Resume a parked thread by raising an exception in it (a broken barrier, queue.Empty after a timeout).
  void wake_raise(ThreadId t, std::string_view type, std::string_view message, ThreadId waker, ObjId cause);
  void print_line(Thread& t, std::string line);
  FuncId prelude(std::string_view name) const; // a runtime helper function every ModuleBuilder adds
  void record(const TraceRec& r) { trace_.add(r); }
  void count(const Object& o); // record a counter sample for o
  void note_progress() { last_progress_ = now_; }

  // threads and processes
  ThreadId create_thread(ProcId p, std::string name, Value target, std::vector<Value> args, ObjId obj,
                         bool daemon);
  void start_thread(ThreadId t, Ns delay);
  ProcId create_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                        bool daemon, bool fork);
  void kill_process(ProcId p, int exit_code);
  void kill_thread(Thread& t);
  ThreadId current() const { return current_; }
  int next_pid_ = 1000;

private:
  friend struct Interp;
  void push_event(Ns t, Event::Kind k, std::int32_t target, std::uint32_t gen);
  void handle(const Event& e);
  bool stale(const Event& e) const;
  void drop_stale_events(); // keeps the queue's head live, so next_event_time() is its time
  bool progress_possible() const;
  void announce_started(Thread& t);
  void run_cpu(Cpu& c);
  void set_state(Thread& t, ThreadState s, int cpu = -1, ObjId on = kNone);
  void make_ready(Thread& t);
  void dispatch(Cpu& c, Thread& t);
  void leave_cpu(Thread& t, ThreadState s, ObjId on = kNone); // running -> s; frees the CPU
  void schedule_cpu(Cpu& c);                                  // pick the next ready thread
  Cpu* pick_idle_cpu();
  int speed(const Cpu& c) const; // per mille of full speed
  void sibling_changed(Cpu& c);  // SMT speed of c's sibling may have changed
  void settle_work(Thread& t, int new_speed);
  Ns jittered(Ns base);
  void thread_finished(Thread& t);
  void process_main_finished(Process& p);
  void check_process_exit(Process& p);

  // GIL
  bool take_gil(Thread& t);
  void drop_gil(Thread& t, bool forced);
  void wait_gil(Thread& t);
  void release_gil_for_blocking(Thread& t);
  bool gil_enabled() const { return cfg_.gil != GilMode::None; }

  void detect_deadlock();
  void finish_stats();

  struct InstrCost { Ns base, spread; };
  Config cfg_;
  InstrCost instr_cost_[2] = {}; // [0] alone on a core, [1] beside a busy SMT sibling
  Program prog_;
  Rng rng_;
  Trace trace_;
  std::vector<std::string> strings_;
  std::deque<Thread> threads_; // deque: references stay valid while threads are created
  std::deque<Process> procs_;
  std::vector<Cpu> cpus_;
  std::vector<std::unique_ptr<Object>> objects_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_q_;
  std::deque<ThreadId> run_queue_;
  std::vector<std::string> output_;
  Ns now_ = 0;
  std::uint64_t seq_ = 0;
  std::int64_t events_ = 0;
  std::int64_t instructions_ = 0;
  ThreadId current_ = kNone;
  Ns last_progress_ = 0;
  RunEnd end_ = RunEnd::Finished;
  bool finished_ = false;
  DeadlockReport deadlock_;
};

} // namespace il
