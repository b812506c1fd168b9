// Real time for the real-thread runtime: the monotonic and per-thread CPU clocks, nominal <-> real time
// scaling, opaque CPU work that only advances while the thread is on a CPU, and what the OS says about a thread.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace il::real {

using Ns = std::int64_t; // nanoseconds, like the engine's Ns

Ns monotonic_ns();  // CLOCK_MONOTONIC, the clock std::chrono::steady_clock reads on Linux
Ns thread_cpu_ns(); // CLOCK_THREAD_CPUTIME_ID: CPU time (user + system) the calling thread has used

// Nominal time (what the scenario and the simulator speak: "sleep 9 s", "5 ms switch interval") against real
// time on this machine. A scale of 0.01 runs a 9 s sleep in 90 ms of wall time.
class TimeScale {
public:
  // Below this a nominal millisecond is under a microsecond of real time, finer than sleeps and wake-ups
  // can follow (timer slack is ~50 us), so every timing would be noise. Above 1 a run would be slower than
  // the program it shows.
  static constexpr double kMin = 0.001;
  static constexpr double kMax = 1.0;

  // Empty if `scale` is usable, else a one-line reason for the user.
  static std::optional<std::string> validate(double scale);

  TimeScale() = default;
  explicit TimeScale(double scale); // throws std::invalid_argument with validate()'s message

  double scale() const { return scale_; }
  Ns to_real(Ns nominal) const;
  Ns to_nominal(Ns real) const;

private:
  double scale_ = 1.0;
};

// The runtime's clock: nominal time elapsed since construction, and the real deadline of a nominal instant
// for condition_variable::wait_until.
class RealClock {
public:
  explicit RealClock(TimeScale scale);

  const TimeScale& scale() const { return scale_; }
  Ns start_real() const { return start_; }
  Ns elapsed_real() const { return monotonic_ns() - start_; }
  Ns now() const { return scale_.to_nominal(elapsed_real()); } // nominal ns since start
  Ns to_real_instant(Ns nominal_t) const { return start_ + scale_.to_real(nominal_t); } // monotonic_ns() scale
  std::chrono::steady_clock::time_point deadline(Ns nominal_t) const;

private:
  TimeScale scale_;
  Ns start_ = 0;
};

// Burns the calling thread's own CPU time until it has used scale.to_real(nominal_ns) of it, checking `cancel`
// after every chunk (~20 us). Time the OS gives to other threads does not count, just as the simulator's
// opaque work only advances while its thread holds a CPU. Returns false if cancelled before the end.
bool spin_for(Ns nominal_ns, const TimeScale& scale, const std::atomic<bool>& cancel);

// The CPU the calling thread is running on (sched_getcpu), -1 if unknown.
int current_cpu();

// Context switches of the calling thread so far, from /proc/thread-self/status.
struct ThreadSwitches {
  std::int64_t voluntary = 0;   // it blocked or slept
  std::int64_t involuntary = 0; // the OS preempted it
};
std::optional<ThreadSwitches> thread_switches(); // empty if /proc is unreadable or the fields are missing

int online_cpus(); // CPUs the OS has online (at least 1)
int usable_cpus(); // CPUs this process may run on (its affinity mask; containers and taskset shrink it)

} // namespace il::real
