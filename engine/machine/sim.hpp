// The simulated machine: logical CPUs, the OS scheduler, processes with one GIL each, threads running
// bytecode, and the kernel services primitives use (park, wake, sleep, raise). One Sim is one run; it owns
// all its state, so several can live in one process.
#pragma once
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include "machine/kernel.hpp"
#include "machine/rng.hpp"
#include "machine/interp.hpp"

namespace il {

struct Event {
  enum Kind : std::uint8_t { CpuStep, SliceEnd, Wakeup, GilTimeout, Ready };
  Ns t;
  std::uint64_t seq;
  Kind kind;
  std::int32_t target;
  std::uint32_t gen;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

class Sim final : public Kernel {
public:
  Sim(Config cfg, Program prog); // cfg must validate()
  ~Sim() override;

  // [SECTION] running
  RunEnd run();                 // to the end
  bool step_event();            // one scheduler event; false when nothing is left
  void stop();                  // ends the run where it stands (RunEnd::Stopped), as a budget would
  Ns now() const override { return now_; }

  // [SECTION] reading state (beyond Kernel's)
  std::int64_t events_processed() const { return events_; }
  std::int64_t instructions() const { return instructions_; }
  // When the next scheduler event happens (step_event() handles it and sets now() to it; a CPU's step may then
  // run further instructions), -1 when the run is over or the next event lies past the time limit.
  Ns next_event_time() const;
  ThreadId current() const { return current_; }
  Rng& rng() { return rng_; }

  // [SECTION] interpreter hooks (Interp::step<Sim> inlines them; see interp_step.hpp)
  Value load_global(const Thread& t, int slot) const { return (*t.globals)[slot]; }
  void store_global(Thread& t, int slot, Value v) { (*t.globals)[slot] = v; }
  Outcome native_call(Native n, Call& c) { return call_native(n, c); }
  Outcome dispatch_native(Native n, Call& c) override { return native_call(n, c); }
  Outcome fork_process(Call& c) override;

  // [SECTION] kernel services (Kernel's, on simulated time and CPUs)
  Outcome park(Thread& t, Object& o, WaitQueue& q, Ns timeout, Value timeout_value,
               ThreadState st = ThreadState::Blocked) override;
  Outcome sleep(Thread& t, Ns d, ThreadState st) override;
  Outcome work(Thread& t, Ns d, Value result = Value::none()) override;
  void note_progress() override { last_progress_ = now_; }
  void start_thread(ThreadId t, Ns delay) override;
  void kill_thread(Thread& t) override;
  void kill_process(ProcId p, int exit_code) override;
  ProcId create_process(ProcId parent, std::string name, Value target, std::vector<Value> args, ObjId obj,
                        bool daemon, bool fork) override;

private:
  void make_woken_ready(Thread& t) override;
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

  void finish_stats();

  struct InstrCost { Ns base, spread; };
  InstrCost instr_cost_[2] = {}; // [0] alone on a core, [1] beside a busy SMT sibling
  Rng rng_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_q_;
  std::deque<ThreadId> run_queue_;
  Ns now_ = 0;
  std::uint64_t seq_ = 0;
  std::int64_t events_ = 0;
  std::int64_t instructions_ = 0;
  ThreadId current_ = kNone;
  Ns last_progress_ = 0;
  bool finished_ = false;
};

} // namespace il
