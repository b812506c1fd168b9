// Real time for the real-thread runtime: clocks, time scaling, CPU-time spinning and /proc thread counters.
#include "real_clock.hpp"

#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace il::real {

// [SECTION] clocks

namespace {

Ns read_clock(clockid_t id) {
  timespec ts{};
  int rc = clock_gettime(id, &ts);
  assert(rc == 0); // both clocks exist on every Linux we build for
  (void)rc;
  return static_cast<Ns>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

Ns monotonic_ns() { return read_clock(CLOCK_MONOTONIC); }
Ns thread_cpu_ns() { return read_clock(CLOCK_THREAD_CPUTIME_ID); }

// [SECTION] time scale

std::optional<std::string> TimeScale::validate(double scale) {
  if (!std::isfinite(scale) || scale < kMin || scale > kMax) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "time scale %g is out of range: use %g to %g (0.01 runs a 9 s sleep in 90 ms of real time)",
                  scale, kMin, kMax);
    return std::string(buf);
  }
  return std::nullopt;
}

TimeScale::TimeScale(double scale) : scale_(scale) {
  if (auto err = validate(scale)) throw std::invalid_argument(*err);
}

Ns TimeScale::to_real(Ns nominal) const {
  assert(scale_ >= kMin && scale_ <= kMax);
  return static_cast<Ns>(std::llround(static_cast<double>(nominal) * scale_));
}

Ns TimeScale::to_nominal(Ns real) const {
  assert(scale_ >= kMin && scale_ <= kMax);
  return static_cast<Ns>(std::llround(static_cast<double>(real) / scale_));
}

RealClock::RealClock(TimeScale scale) : scale_(scale), start_(monotonic_ns()) {}

std::chrono::steady_clock::time_point RealClock::deadline(Ns nominal_t) const {
  // libstdc++'s steady_clock is CLOCK_MONOTONIC with the same epoch (a test pins this).
  return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(to_real_instant(nominal_t)));
}

// [SECTION] CPU work

namespace {

constexpr Ns kChunkLow = 10'000;  // grow chunks shorter than this: the clock read would dominate
constexpr Ns kChunkHigh = 40'000; // shrink chunks longer than this: cancel must stay prompt

// Integer work the optimizer cannot remove (the result feeds the next chunk through a volatile).
std::uint64_t burn(std::uint64_t x, int iterations) {
  for (int i = 0; i < iterations; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

} // namespace

bool spin_for(Ns nominal_ns, const TimeScale& scale, const std::atomic<bool>& cancel) {
  Ns budget = scale.to_real(nominal_ns);
  if (budget <= 0) return !cancel.load(std::memory_order_relaxed);
  static_assert(kChunkLow < kChunkHigh);
  volatile std::uint64_t sink = 0x9e3779b97f4a7c15ull;
  int iterations = 2048;
  Ns start = thread_cpu_ns();
  Ns last = start;
  for (;;) {
    if (cancel.load(std::memory_order_relaxed)) return false;
    sink = burn(sink, iterations);
    Ns now = thread_cpu_ns();
    if (now - start >= budget) return true;
    Ns chunk = now - last;
    last = now;
    if (chunk < kChunkLow && iterations < (1 << 24)) iterations *= 2;
    else if (chunk > kChunkHigh && iterations > 64) iterations /= 2;
  }
}

// [SECTION] what the OS says about this thread

int current_cpu() { return sched_getcpu(); } // -1 on failure

namespace {

std::FILE* open_thread_status() {
  if (std::FILE* f = std::fopen("/proc/thread-self/status", "r")) return f;
  // Kernels before 3.17 have no /proc/thread-self.
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%ld/status", static_cast<long>(syscall(SYS_gettid)));
  return std::fopen(path, "r");
}

bool read_field(const char* line, const char* name, std::int64_t& out) {
  std::size_t n = std::strlen(name);
  if (std::strncmp(line, name, n) != 0 || line[n] != ':') return false;
  long long v = 0;
  if (std::sscanf(line + n + 1, "%lld", &v) != 1 || v < 0) return false;
  out = v;
  return true;
}

} // namespace

std::optional<ThreadSwitches> thread_switches() {
  std::FILE* f = open_thread_status();
  if (!f) return std::nullopt;
  ThreadSwitches s;
  bool have_voluntary = false;
  bool have_involuntary = false;
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    have_voluntary |= read_field(line, "voluntary_ctxt_switches", s.voluntary);
    have_involuntary |= read_field(line, "nonvoluntary_ctxt_switches", s.involuntary);
  }
  std::fclose(f);
  if (!have_voluntary || !have_involuntary) return std::nullopt;
  return s;
}

int online_cpus() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return online_cpus();
  int n = CPU_COUNT(&set);
  return n > 0 ? n : 1;
}

} // namespace il::real
