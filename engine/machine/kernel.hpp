// The kernel the interpreter and the simulated standard library run on: the tables (threads, processes,
// objects, strings), the trace, and the helpers that only read or fill them. The simulator (Sim) derives from
// it; so can a runtime on real threads, and the interpreter and objects then serve both.
#pragma once
#include <deque>
#include <memory>
#include <span>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "machine/config.hpp"
#include "machine/rng.hpp"
#include "machine/tables.hpp"
#include "machine/trace.hpp"
#include "vm/bytecode.hpp"
#include "vm/object.hpp"
#include "vm/value.hpp"

namespace il {

class Kernel {
public:
  virtual ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // [SECTION] services: each runtime implements these on its own clock and CPUs (Sim is final, so calls through
  // a Sim& are direct; the interpreter is instantiated per runtime for the same reason)
  // Nominal ns since the run began (the simulator's clock, or real time divided by the time scale).
  virtual Ns now() const = 0;
  // Park t in queue q of object o until woken or until `timeout` (ns, <0 = forever) passes, when it resumes
  // with timeout_value (after o->on_timeout). Returns Blocked; t leaves its CPU and releases its GIL.
  virtual Outcome park(Thread& t, Object& o, WaitQueue& q, Ns timeout, Value timeout_value,
                       ThreadState st = ThreadState::Blocked) = 0;
  // Resume a parked thread: it leaves its queue and continues with `result`; `waker` caused it.
  void wake(ThreadId t, Value result, ThreadId waker, ObjId cause);
  // The value a blocked thread resumes with, pushed only if the instruction it blocked in makes one: a call
  // does, a store (d[k] = v on a proxy whose round trip waits) does not.
  void push_result(Thread& t, Value result) const;
  // Wake a parked thread that must compete for `o` again once it runs (o->retry decides the result).
  void wake_to_retry(ThreadId t, Object& o, ThreadId waker, ObjId cause);
  // t sleeps (time.sleep, or I/O with st = Io) for d ns, then resumes with None.
  virtual Outcome sleep(Thread& t, Ns d, ThreadState st) = 0;
  // t computes for d ns without running bytecode (a C call); the call's result is pushed now, for when it ends.
  virtual Outcome work(Thread& t, Ns d, Value result = Value::none()) = 0;
  // Something observable happened (a store, a wake-up): the livelock detector's heartbeat.
  virtual void note_progress() = 0;
  // A thread made by create_thread becomes runnable after `delay` ns.
  virtual void start_thread(ThreadId t, Ns delay) = 0;
  // t dies with its process: it leaves every queue, its CPU and its GIL.
  virtual void kill_thread(Thread& t) = 0;
  virtual void kill_process(ProcId p, int exit_code) = 0;
  virtual ProcId create_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                                bool daemon, bool fork) = 0;
  // os.fork() in thread t: the child process gets a copy of the parent's memory and of t, and goes on from the
  // call with 0 as its result; the parent gets the child's pid.
  virtual Outcome fork_process(Call& c) = 0;
  // A runtime call made through a value (a simulated module's function called later): the runtime's own natives,
  // as the interpreter's Native instruction reaches them.
  virtual Outcome dispatch_native(Native n, Call& c) = 0;

  // [SECTION] reading state (the narrow API the CLI, UI and tests use)
  RunEnd end() const { return end_; }
  const Config& config() const { return cfg_; }
  const Program& program() const { return prog_; }
  const Trace& trace() const { return trace_; }
  Trace& trace() { return trace_; }
  const std::deque<Thread>& threads() const { return threads_; }
  const std::deque<Process>& processes() const { return procs_; }
  const std::vector<Cpu>& cpus() const { return cpus_; }
  // nullptr for an id the collector reclaimed (and no new object has taken yet): readers that walk every id
  // skip those. An object the trace names is never reclaimed.
  const Object* object(ObjId id) const { return objects_[id].get(); }
  std::size_t object_count() const { return objects_.size(); }
  // The collector's figures (machine/collect.cpp): how often it ran, what it reclaimed, and the estimated bytes
  // the program's objects and strings held after each collection (the last and the largest).
  struct MemoryStats {
    std::int64_t collections = 0;
    std::int64_t objects_freed = 0, strings_freed = 0;
    std::int64_t live_objects = 0, live_strings = 0;
    std::int64_t live_bytes = 0, peak_bytes = 0;
  };
  const MemoryStats& memory() const { return memory_; }
  const std::string& str(StrId s) const { return strings_[s]; }
  const DeadlockReport& deadlock() const { return deadlock_; }
  // stdout as lines (the last one is still open when the program wrote no newline after it), and each stream
  // as the text the program wrote to it.
  const std::vector<std::string>& output() const { return output_; }
  const std::string& stream(Stream s) const { return streams_[static_cast<int>(s)]; }
  int root_parent_pid() const { return root_parent_pid_; } // getppid() in the first process
  // The 1-based line of program().source thread t is at: the innermost frame with a known line (runtime
  // helpers have none), 0 if there is none (not started, finished). A frame inside a call stands at the call.
  int current_line(ThreadId t) const;
  // What thread t is doing or waiting for: its state, the primitive it is blocked on (empty: none named), who
  // holds that (or the GIL it waits for), the CPU it runs on; describe_wait() says it in a line of English.
  struct Wait {
    ThreadState state = ThreadState::New;
    std::string on;
    std::vector<ThreadId> holders;
    int cpu = -1;
  };
  Wait wait_of(ThreadId t) const;
  std::string describe_wait(ThreadId t) const; // "blocked on lock_a, held by Thread-2"
  std::string repr(Value v) const;
  std::string display(Value v) const; // str(v): strings without quotes

  // Strings that Python code makes for a runtime call: an instance's __str__ or __repr__ (lib/special_methods.cpp's
  // with_user_strings). The call is first made collecting the instances it meets; their methods then run as
  // Python calls, and the call is made again, taking their results in the order it meets them.
  struct UserStrings {
    enum class Mode : std::uint8_t { Off, Collect, Replay } mode = Mode::Off;
    std::vector<std::pair<ObjId, bool>> wanted; // Collect: the instances met, and whether str() (else repr())
    std::vector<StrId> given;                   // Replay: the strings, in that order
    std::size_t next = 0;
    bool raised = false; // Collect: the call raised; its trace record waits until the call is known to stand
  };
  mutable UserStrings user_strings;
  // Set by the runtime's comparisons (interp_detail::compare, equal) when they meet an instance whose class
  // defines __eq__, __lt__ and the like: what they computed does not stand, Python code must compare
  // (lib/special_methods.cpp, compare_objects).
  mutable bool user_compare = false;
  ObjId not_implemented = kNone; // the NotImplemented object, made when first used
  // While a function of a multiprocessing context runs (get_context("spawn").Pool(2)): the StartMethod it starts
  // processes with, without fixing the module's own (lib/processes.cpp, fix_context), else -1.
  int context_override = -1;

  // [SECTION] tables for natives and objects
  Thread& thread(ThreadId t) { return threads_[t]; }
  Process& process(ProcId p) { return procs_[p]; }
  Object* object(ObjId id) { return objects_[id].get(); }
  template <class T> T* as(Value v) {
    if (!v.is_obj()) return nullptr;
    return dynamic_cast<T*>(objects_[v.as_obj()].get());
  }
  template <class T> const T* as(Value v) const {
    if (!v.is_obj()) return nullptr;
    return dynamic_cast<const T*>(objects_[v.as_obj()].get());
  }
  ObjId add_object(std::unique_ptr<Object> o, ProcId owner);
  StrId intern(std::string_view s);
  Trace& tracer() { return trace_; }
  // The `random` module's generator: seeded from the run's seed, apart from the scheduler's own, so a program
  // drawing numbers does not change how threads are scheduled.
  Rng& program_rng() { return program_rng_; }
  FuncId prelude(std::string_view name) const; // a runtime helper function every ModuleBuilder adds
  void record(const TraceRec& r) { trace_.add(r); }
  void count(const Object& o); // record a counter sample for o
  Outcome raise(Thread& t, std::string_view type, std::string_view message);
  void record_raise(const Thread& t); // the trace's record of t's exception, just raised
  // Resume a parked thread by raising an exception in it (a broken barrier, queue.Empty after a timeout).
  void wake_raise(ThreadId t, std::string_view type, std::string_view message, ThreadId waker, ObjId cause);
  // A write to the program's stdout or stderr: one Print event in the trace (CPython's print() writes each
  // argument, separator and end separately), appended to the stream; a runtime may pass it on (printed()).
  // Each process's streams are line-buffered, as on a terminal: what reaches the stream is whole lines (and
  // what a flush or a normal exit writes), so two processes never mix inside a line, while the threads of one
  // process share its buffer and can.
  void write(Thread& t, Stream s, std::string_view text);
  void flush(ProcId p); // print(flush=True), and a process's normal exit: what its streams hold is written
  void print_line(Thread& t, std::string_view line); // write(stdout, line + "\n") as one write
  // warnings.warn(message, category) from the line thread t stands at, as CPython's default filters show it:
  // "prog.py:12: DeprecationWarning: ..." and the source line on stderr, once per line, category and text.
  void warn(Thread& t, std::string_view category, std::string_view message);
  // Exception classes: a user class's parent (its user base, or the builtin it derives from), registered when
  // its class statement runs; matches() walks them and CPython's builtin hierarchy (`except LookupError`
  // catches a KeyError).
  void add_exception_class(const std::string& name, const std::string& parent) { exception_parents_[name] = parent; }
  bool exception_matches(std::string_view type, std::string_view pattern) const;
  bool is_exception_class(std::string_view name) const; // a builtin exception, or one the program defined
  // The text the program's stdin holds (empty: at its end, as python3 < /dev/null is), set before the run;
  // read_line takes its next line without the newline, or returns false at the end.
  void set_stdin(std::string text) { stdin_ = std::move(text), stdin_at_ = 0; }
  bool read_line(std::string& line);
  // Call a function value (a Func, a FunctionObject, a method of one) with args, the last kwnames.size() of them
  // keyword arguments: pushes its frame (Invoked), or raises CPython's TypeError.
  Outcome invoke(Thread& t, Value callee, std::span<const Value> args, std::span<const StrId> kwnames = {});
  // A new thread in process p, with target(*args) as its first frame (a bad call raises when it first runs).
  // It stays New until start_thread.
  ThreadId create_thread(ProcId p, std::string name, Value target, std::vector<Value> args, ObjId obj,
                         bool daemon, std::vector<StrId> kwnames = {}); // the last kwnames.size() args: keywords

protected:
  Kernel(Config cfg, Program prog); // cfg must validate()
  bool gil_enabled() const { return cfg_.gil != GilMode::None; }
  // t leaves the queue it waits in; a pending timeout no longer applies.
  void leave_wait(Thread& t);
  // A parked thread another one woke (wake, wake_to_retry) may run again: the runtime's half of a wake-up.
  virtual void make_woken_ready(Thread& t) = 0;
  // Text was just written to a stream: a child process on real threads sends it to its parent at once.
  virtual void printed(Stream s, std::string_view text) { (void)s, (void)text; }
  // Text another process wrote (a real child's, arriving in its parent): added to the stream, not the trace.
  void append(Stream s, std::string_view text);
  // The first process (MainProcess) and its main thread, which runs the module's top level; returns that
  // thread, to be started by the runtime.
  ThreadId create_main_process();
  // The tables of a new process: its globals (fork: a copy of the parent's), its arguments copied as a fork or
  // a pickle would, its main thread calling target(*args) (spawn: after re-running the module's top level).
  // os.fork(): `forking`, a thread of the parent, is copied into the child's main thread too (its frames and
  // stack, with the same copies of objects as the globals), so the child goes on where the parent stands.
  ProcId make_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                      bool fork, const Thread* forking = nullptr);
  // Reclaims the collectable objects and the run-time strings nothing reaches, from the roots: every thread's
  // frames, stack and exception, every process's globals, every object that is not collectable, and whatever
  // the trace names. Only between two instructions (nothing native is half done then); deterministic: it
  // depends on the program and nothing else, and freed ids are taken again last-freed first. After it, when the
  // estimate is past Config::max_memory_mb, thread `culprit` raises MemoryError when it next runs.
  void collect(ThreadId culprit);
  // Has the program allocated enough since the last collection (as much again as was live then)?
  bool collect_due() const { return allocated_ >= collect_at_; }
  // Fills deadlock_ from the wait-for graph of the threads still alive (a runtime calls it at a stuck end).
  void detect_deadlock();
  // The policy half of a thread reaching its end, shared by every runtime. A main thread first records its
  // process's exit code, then waits for the rest as CPython does: true when it parked to join a non-daemon
  // thread or child process (it comes back here when woken); false when t may finish now.
  bool join_before_exit(Thread& t);
  // A finished thread releases everyone in its join().
  void wake_joiners(Thread& t);

  Config cfg_;
  Program prog_;
  Trace trace_;
  std::deque<std::string> strings_; // a deque: its strings stay where they are, for string_index_'s keys
  std::unordered_map<std::string_view, StrId> string_index_; // each string's id (the last, if one repeats)
  std::deque<Thread> threads_; // deque: references stay valid while threads are created
  std::deque<Process> procs_;  // deque: Thread::globals points into it
  std::vector<Cpu> cpus_;
  std::vector<std::unique_ptr<Object>> objects_;
  // The collector's state: ids free to take again, strings that stay whatever reaches them (the program's
  // constants below permanent_strings_, and what the trace names), how far the trace was scanned for those.
  std::vector<ObjId> free_objects_;
  std::vector<StrId> free_strings_;
  std::vector<std::uint8_t> string_free_;   // 1 for a freed id in free_strings_
  std::vector<std::uint8_t> object_pinned_, string_pinned_;
  std::size_t permanent_strings_ = 0;
  std::size_t trace_scanned_ = 0;
  std::int64_t allocated_ = 0;                // objects and strings made since the last collection
  std::int64_t collect_at_ = 1 << 16; // (1 with Config::collect_always: after every allocation)
  MemoryStats memory_;
  std::vector<std::string> output_;
  bool line_open_ = false; // output_.back() has no newline yet
  std::string streams_[2];
  std::set<std::string> warned_; // the warnings shown: "line category message"
  std::map<std::string, std::string, std::less<>> exception_parents_;
  std::string stdin_;
  std::size_t stdin_at_ = 0;
  RunEnd end_ = RunEnd::Finished;
  DeadlockReport deadlock_;
  Rng program_rng_{0};
  int next_pid_ = 1000;
  int root_parent_pid_ = 999; // the simulated shell that started the first process
};

} // namespace il
