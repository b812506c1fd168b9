// Run B of the compare view on real threads: the scenario on il::real::RealRuntime (real std::threads and OS
// processes on this machine), on a background std::thread so frames go on while it takes its seconds. Only the
// native app has real threads (INTERLEAVE_HAS_REAL); in the browser every entry point says so instead.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "machine/config.hpp"
#include "machine/kernel.hpp"

namespace il::ui {

// True in builds that link the real-thread runtime (the native app).
bool real_runs_available();

// Why `value` is no time scale a real run accepts (il::real::TimeScale::validate), or empty.
std::optional<std::string> check_time_scale(double value);
// The range check_time_scale accepts, for the input field.
double min_time_scale();
double max_time_scale();

// Why the program cannot run on real threads here (RealRuntime::unsupported, or "real runs need the native
// app"), or empty.
std::optional<std::string> real_refusal(const Program& prog);

// The machine B asks for, as RealRuntime takes it (the switch interval stays nominal: the runtime scales it, as
// for `interleave compare`); the cores are this machine's usable CPUs.
Config real_config(Config nominal);

// One real run in flight. The constructor starts it; stop() asks it to end early (within ~20 ms; it then ends
// as a time limit); the destructor stops it and waits for its thread.
class RealJob {
public:
  // cfg must validate(), time_scale pass check_time_scale and prog pass real_refusal; a failure to start (an
  // exception from RealRuntime) ends the job at once with error() set.
  RealJob(Config cfg, Program prog, double time_scale);
  ~RealJob();
  RealJob(const RealJob&) = delete;
  RealJob& operator=(const RealJob&) = delete;

  bool done() const;
  void stop();
  double wall_ms() const; // real time since the start, or what the whole run took once done()
  // After done(): the RealRuntime that ran (null when it could not start, or when taken already).
  std::unique_ptr<Kernel> take();
  std::string error() const;        // after done(): why it could not start, empty if it ran
  int cpus() const;                 // CPUs the run may use (known after done(); 0 before)
  double time_scale() const { return time_scale_; }

private:
  struct State;
  std::unique_ptr<State> s_;
  double time_scale_;
};

} // namespace il::ui
