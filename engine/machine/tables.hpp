// The kernel's tables: threads (with their interpreter state), processes with their GIL, logical CPUs, and the
// deadlock report. Plain data, shared by every Kernel (the simulator, the real-thread runtime) and its readers.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "machine/trace.hpp"
#include "vm/bytecode.hpp"
#include "vm/object.hpp"

namespace il {

struct Frame {
  FuncId fn = kNone;
  int pc = 0;
  int locals_base = 0; // index of local 0 in Thread::stack
  int stack_base = 0;  // operand stack starts here
  bool discard_result = false; // pushed by an attribute store (a manager Namespace): its return value is dropped
  bool returns_self = false;    // a class's __init__: the call's result is the new instance, self_value
  Value self_value{};
  struct Handler { int pc; int depth; };
  std::vector<Handler> handlers;
  // A generator's frame: the GeneratorObject it runs for, what resumed it (GenMode) and, for a for loop, where
  // the loop goes on once the generator is exhausted.
  ObjId generator = kNone;
  std::uint8_t gen_mode = 0;
  int gen_exit = -1;
};

// What resumed a generator, which decides what its return and its next yield mean to the caller.
enum class GenMode : std::uint8_t {
  Next,    // next(g), g.send(v): the yielded value; returning raises StopIteration (or gives next's default)
  ForIter, // a for loop: the yielded value; returning ends the loop
  Enter,   // a @contextmanager's __enter__: the yielded value; returning is "generator didn't yield"
  Exit,    // its __exit__: returning ends the with; yielding again is "generator didn't stop"
  Send,    // `yield from`: the yielded value; returning pushes the return value and jumps to the loop's end
};

struct Exc {
  Exc() = default;
  Exc(StrId type_, StrId message_) : type(type_), message(message_) {}
  StrId type = kNone;
  StrId message = kNone;
  StrId suggestion = kNone; // the name a traceback adds "Did you mean: '...'?" for (not part of str(e))
  bool in_lookup = false;   // raised looking a method up (the traceback marks `obj.name`, not the call)
  Value value{};            // the exception object a `raise` gave (an instance of a user exception class...)
  Value context{};          // the exception being handled when it was raised (__context__), if any
  Value cause{};            // `raise ... from cause` (__cause__); Unbound for `from None`
  // The frames it passed through, innermost first: each frame's function, the instruction it stood at, and
  // its depth in the thread's frame stack (a re-raise in the same frame adds no second entry).
  struct TbEntry { FuncId fn; int pc; int depth; };
  std::vector<TbEntry> tb;
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
  bool low_level = false; // started by _thread.start_new_thread: no threading.Thread, killed at exit
  bool announced = false; // has run its first instruction (Thread.start() waits for that)
  bool woken = false;     // woken by another thread: pays the wake-up latency if an idle CPU takes it

  // interpreter
  std::vector<Value>* globals = nullptr; // its process's globals (processes live in a deque: stable)
  std::vector<Value> stack; // locals and operands of every frame
  std::vector<Frame> frames;
  std::vector<Value> handling; // the exceptions its except blocks are handling, innermost last (sys.exc_info)
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
  ObjId argv = kNone;     // sys.argv, made on first use
  int exit_code = kNone;  // set when it ends
  bool alive = true;
  int thread_counter = 0; // threading's Thread-N counter
  int executor_counter = 0; // ThreadPoolExecutor-N's
  int process_counter = 0;
  bool exiting = false;    // main thread finished, waiting for non-daemon threads
  // What its sys.stdout and sys.stderr hold: the end of a line not yet written (Kernel::write). A fork copies
  // it into the child, as CPython's buffers are copied with the rest of the memory.
  std::string held[2];
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

struct DeadlockReport {
  bool found = false;
  std::vector<ThreadId> cycle_threads; // t0 waits on cycle_objs[0] held by t1 ...
  std::vector<ObjId> cycle_objs;
  std::vector<ThreadId> stuck; // every thread that can never run again
  std::string text;
};

// How a run ended: every thread done, a cycle of waits, threads running without progress, the simulated time
// limit (Config::max_time_ns) or the instruction budget (Config::max_instructions).
// How a run ended; Stopped: its driver stopped it before the program ended (the app's Stop button).
enum class RunEnd : std::uint8_t { Finished, Deadlock, Livelock, TimeLimit, InstructionLimit, Stopped };

} // namespace il
