// real_clock: time scaling, CPU-time spinning (accurate, cancellable, blind to preemption), /proc counters.
#include <doctest/doctest.h>

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

#include "real_clock.hpp"

using namespace il::real;

namespace {

constexpr Ns kMs = 1'000'000;

bool pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set) == 0; // 0: the calling thread only
}

int first_allowed_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) return c;
  return -1;
}

} // namespace

TEST_CASE("TimeScale: accepts 0.001 to 1 and explains anything else") {
  CHECK_FALSE(TimeScale::validate(1.0));
  CHECK_FALSE(TimeScale::validate(0.01));
  CHECK_FALSE(TimeScale::validate(0.001));
  for (double bad : {0.0, -1.0, 0.0005, 1.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    auto err = TimeScale::validate(bad);
    REQUIRE(err);
    CHECK(err->find("time scale") != std::string::npos);
    CHECK(err->find("0.001 to 1") != std::string::npos);
    CHECK_THROWS_AS(TimeScale{bad}, std::invalid_argument);
  }
  CHECK(TimeScale::validate(0.0)->rfind("time scale 0 is out of range", 0) == 0);
}

TEST_CASE("TimeScale: converts nominal to real and back") {
  TimeScale s(0.01);
  CHECK(s.to_real(9'000 * kMs) == 90 * kMs);
  CHECK(s.to_nominal(90 * kMs) == 9'000 * kMs);
  CHECK(s.to_real(0) == 0);
  CHECK(TimeScale{}.to_real(12345) == 12345);
  CHECK(TimeScale(0.001).to_nominal(1) == 1000);
}

TEST_CASE("RealClock: deadlines live on steady_clock's timeline") {
  RealClock clock(TimeScale(0.01));
  Ns steady = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::steady_clock::now().time_since_epoch()).count();
  CHECK(std::abs(steady - monotonic_ns()) < 5 * kMs);
  // A nominal second from the start is 10 ms of real time after it.
  Ns d = clock.deadline(1'000 * kMs).time_since_epoch().count();
  CHECK(d - clock.start_real() == 10 * kMs);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(clock.now() >= 200 * kMs); // 2 ms real at 0.01 is at least 200 ms nominal
}

TEST_CASE("spin_for: uses at least the asked CPU time of its own thread, and little more") {
  std::atomic<bool> cancel{false};
  SUBCASE("scale 1: 20 ms") {
    Ns cpu0 = thread_cpu_ns();
    Ns wall0 = monotonic_ns();
    CHECK(spin_for(20 * kMs, TimeScale{}, cancel));
    Ns cpu = thread_cpu_ns() - cpu0;
    Ns wall = monotonic_ns() - wall0;
    MESSAGE("spin_for(20 ms): thread CPU " << cpu / 1000 << " us, wall " << wall / 1000 << " us");
    CHECK(cpu >= 20 * kMs);
    CHECK(cpu < 25 * kMs); // overshoot is one chunk (~40 us) plus clock reads
    CHECK(wall >= cpu - kMs / 10);
  }
  SUBCASE("scale 0.1: 200 nominal ms is 20 real ms") {
    Ns cpu0 = thread_cpu_ns();
    CHECK(spin_for(200 * kMs, TimeScale(0.1), cancel));
    Ns cpu = thread_cpu_ns() - cpu0;
    CHECK(cpu >= 20 * kMs);
    CHECK(cpu < 25 * kMs);
  }
  SUBCASE("nothing to do") { CHECK(spin_for(0, TimeScale{}, cancel)); }
}

TEST_CASE("spin_for: returns promptly when cancelled") {
  std::atomic<bool> cancel{true};
  Ns cpu0 = thread_cpu_ns();
  CHECK_FALSE(spin_for(10'000 * kMs, TimeScale{}, cancel)); // already cancelled: no work at all
  CHECK(thread_cpu_ns() - cpu0 < kMs); // CPU time, not wall: the shared machine may preempt us here

  cancel = false;
  std::atomic<bool> finished{false};
  std::atomic<Ns> returned_at{0};
  std::thread worker([&] {
    finished = spin_for(10'000 * kMs, TimeScale{}, cancel);
    returned_at = monotonic_ns();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Ns cancelled_at = monotonic_ns();
  cancel = true;
  worker.join();
  Ns latency = returned_at.load() - cancelled_at;
  MESSAGE("spin_for cancel latency: " << latency / 1000 << " us");
  CHECK_FALSE(finished.load());
  CHECK(latency < 500 * kMs); // one chunk is ~40 us; the rest is the loaded machine scheduling the worker
}

TEST_CASE("spin_for: two threads sharing one CPU need twice the wall time (preemption is not work)") {
  int cpu = first_allowed_cpu();
  if (cpu < 0) {
    MESSAGE("skipped: sched_getaffinity failed");
    return;
  }
  constexpr Ns kSpin = 50 * kMs;
  std::atomic<bool> cancel{false};
  std::atomic<int> pinned{0};
  std::latch ready(2);
  Ns wall[2] = {0, 0};
  Ns cpu_used[2] = {0, 0};
  std::vector<std::thread> threads;
  Ns start = monotonic_ns();
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      if (pin_to(cpu)) ++pinned;
      ready.arrive_and_wait();
      Ns w0 = monotonic_ns();
      Ns c0 = thread_cpu_ns();
      spin_for(kSpin, TimeScale{}, cancel);
      cpu_used[i] = thread_cpu_ns() - c0;
      wall[i] = monotonic_ns() - w0;
    });
  }
  for (auto& t : threads) t.join();
  Ns total = monotonic_ns() - start;
  if (pinned != 2) {
    MESSAGE("skipped: sched_setaffinity to CPU " << cpu << " failed");
    return;
  }
  MESSAGE("two 50 ms spins on CPU " << cpu << ": total wall " << total / 1000 << " us, per thread wall "
          << wall[0] / 1000 << " / " << wall[1] / 1000 << " us, CPU " << cpu_used[0] / 1000 << " / "
          << cpu_used[1] / 1000 << " us, ratio " << static_cast<double>(total) / kSpin);
  CHECK(cpu_used[0] >= kSpin);
  CHECK(cpu_used[1] >= kSpin);
  CHECK(total >= 2 * kSpin - kMs);                  // one CPU cannot give 100 ms of CPU time in less
  CHECK(std::max(wall[0], wall[1]) >= 3 * kSpin / 2); // someone waited while the other ran
  CHECK(total < 40 * kSpin);                        // generous: the machine is shared
}

TEST_CASE("thread_switches: the voluntary count rises after sleeping") {
  auto before = thread_switches();
  if (!before) {
    MESSAGE("skipped: /proc/thread-self/status is unreadable here");
    return;
  }
  for (int i = 0; i < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto after = thread_switches();
  REQUIRE(after);
  CHECK(after->voluntary >= before->voluntary + 3);
  CHECK(after->involuntary >= before->involuntary);
}

TEST_CASE("current_cpu and cpu counts agree with the affinity mask") {
  CHECK(online_cpus() >= 1);
  CHECK(usable_cpus() >= 1);
  CHECK(usable_cpus() <= online_cpus());
  int c = current_cpu();
  REQUIRE(c >= 0);
  cpu_set_t set;
  CPU_ZERO(&set);
  REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
  CHECK(CPU_ISSET(c, &set));
}
