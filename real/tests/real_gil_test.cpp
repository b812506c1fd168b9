// real_gil: properties of the new, old and absent GIL on real threads (never exact interleavings; every thread
// is joined and every wait is bounded).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

#include "real_gil.hpp"

using namespace il::real;

namespace {

constexpr Ns kMs = 1'000'000;
constexpr Ns kUs = 1'000;

void work(Ns real_ns) {
  static const std::atomic<bool> never{false};
  spin_for(real_ns, TimeScale{}, never);
}

void raise_max(std::atomic<int>& max, int v) {
  int m = max.load();
  while (v > m && !max.compare_exchange_weak(m, v)) {
  }
}

// Waits (bounded) until `pred` holds; false on timeout.
template <class Pred>
bool eventually(Pred pred, Ns timeout = 3'000 * kMs) {
  Ns end = monotonic_ns() + timeout;
  while (!pred()) {
    if (monotonic_ns() > end) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// Joins its threads however the test leaves, first cancelling the GIL so no thread stays blocked in it
// (a failed REQUIRE throws past the test's own joins).
struct Joined {
  RealGil& gil;
  std::vector<std::thread> threads;
  ~Joined() {
    bool any = false;
    for (auto& t : threads) any |= t.joinable();
    if (!any) return;
    gil.cancel_all();
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

} // namespace

TEST_CASE("RealGil: rejects a zero interval or tick count") {
  CHECK_THROWS_AS(RealGil(GilOptions{.interval_ns = 0}), std::invalid_argument);
  CHECK_THROWS_AS(RealGil(GilOptions{.kind = GilKind::Old, .old_ticks = 0}), std::invalid_argument);
}

TEST_CASE("RealGil: one holder at a time") {
  GilOptions opt;
  SUBCASE("new GIL") { opt = {.kind = GilKind::New, .interval_ns = kMs}; }
  SUBCASE("old GIL") { opt = {.kind = GilKind::Old, .old_ticks = 3}; }
  RealGil gil(opt);
  constexpr int kThreads = 4;
  constexpr int kRounds = 100;
  std::atomic<int> inside{0};
  std::atomic<int> max_inside{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int r = 0; r < kRounds; ++r) {
        if (!gil.take(i)) {
          ++failures;
          return;
        }
        for (int k = 0; k < 5; ++k) {
          raise_max(max_inside, ++inside);
          work(10 * kUs);
          --inside;
          if (!gil.poll(i, true)) { // may drop and retake: outside the counted region
            ++failures;
            return;
          }
        }
        gil.drop(i); // a blocking call
      }
    });
  }
  for (auto& t : threads) t.join();
  GilStats s = gil.stats();
  MESSAGE(to_string(opt.kind) << ": takes " << s.takes << ", hand-offs " << s.handoffs << ", forced drops "
                              << s.forced_drops << ", drop requests " << s.drop_requests);
  CHECK(failures == 0);
  CHECK(max_inside == 1);
  CHECK(s.takes >= kThreads * kRounds);
  CHECK(gil.holder() == kNoHolder);
}

TEST_CASE("RealGil: a waiter that sees no switch for an interval sets the drop request") {
  RealGil gil({.interval_ns = 2 * kMs});
  REQUIRE(gil.take(0));
  CHECK_FALSE(gil.should_drop());
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    got = gil.take(1);
    if (got) gil.drop(1);
  });
  bool requested = eventually([&] { return gil.should_drop(); });
  CHECK(requested);
  CHECK(gil.stats().drop_requests >= 1);
  gil.drop(0, true); // returns once the waiter has taken it (FORCE_SWITCHING)
  waiter.join();
  CHECK(got);
  CHECK_FALSE(gil.should_drop()); // the take cleared it
  GilStats s = gil.stats();
  CHECK(s.forced_drops == 1);
  CHECK(s.handoffs == 2);
}

TEST_CASE("RealGil: a CPU-bound holder polling at switch points hands over within a few intervals") {
  constexpr Ns kInterval = 5 * kMs;
  constexpr int kRounds = 5;
  RealGil gil({.interval_ns = kInterval});
  std::atomic<bool> stop{false};
  std::atomic<bool> holding{false};
  std::atomic<bool> failed{false};
  Joined joined{gil, {}};
  std::thread& holder = joined.threads.emplace_back([&] {
    if (!gil.take(0)) {
      failed = true;
      return;
    }
    holding = true;
    while (!stop) {
      work(20 * kUs);
      if (!gil.poll(0, true)) {
        failed = true;
        return;
      }
    }
    gil.drop(0);
  });
  REQUIRE(eventually([&] { return holding.load() || failed.load(); }));
  Ns max_wait = 0;
  Ns min_wait = 1'000'000 * kMs;
  for (int r = 0; r < kRounds; ++r) {
    // Start each wait with the CPU-bound thread holding the GIL, not still on its way back to it.
    REQUIRE(eventually([&] { return gil.holder() == 0 || failed.load(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    Ns t0 = monotonic_ns();
    REQUIRE(gil.take(1));
    Ns waited = monotonic_ns() - t0;
    max_wait = std::max(max_wait, waited);
    min_wait = std::min(min_wait, waited);
    gil.drop(1); // the holder is waiting for it (its poll retakes)
  }
  stop = true;
  holder.join();
  GilStats s = gil.stats();
  MESSAGE("forced hand-over with a 5 ms interval: waiter waited " << min_wait / 1000 << " to " << max_wait / 1000
                                                                    << " us over " << kRounds << " rounds");
  CHECK_FALSE(failed);
  CHECK(s.forced_drops >= kRounds);
  CHECK(min_wait >= kInterval - kMs / 10); // the holder never drops before someone asks
  CHECK(max_wait <= 5 * kInterval + 50 * kMs);
}

TEST_CASE("RealGil: two busy threads both make progress under the new GIL") {
  RealGil gil({.interval_ns = 2 * kMs});
  std::atomic<std::int64_t> progress[2] = {0, 0};
  std::atomic<bool> failed{false};
  Ns start = monotonic_ns();
  auto done = [&] {
    Ns now = monotonic_ns();
    if (now - start > 5'000 * kMs) return true; // bounded whatever happens
    return now - start > 100 * kMs && progress[0] >= 20 && progress[1] >= 20;
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      if (!gil.take(i)) {
        failed = true;
        return;
      }
      while (!done()) {
        work(20 * kUs);
        ++progress[i];
        if (!gil.poll(i, true)) {
          failed = true;
          return;
        }
      }
      gil.drop(i);
    });
  }
  for (auto& t : threads) t.join();
  GilStats s = gil.stats();
  MESSAGE("two busy threads: progress " << progress[0].load() << " / " << progress[1].load() << ", hand-offs " << s.handoffs
                                        << ", forced drops " << s.forced_drops << " in "
                                        << (monotonic_ns() - start) / kMs << " ms");
  CHECK_FALSE(failed);
  CHECK(progress[0] > 0);
  CHECK(progress[1] > 0);
  CHECK(s.handoffs > 1);
  CHECK(s.forced_drops > 0);
}

TEST_CASE("RealGil: the old GIL releases and retakes every N ticks, only while someone waits") {
  std::vector<GilEvent> events; // read only after the waiter has joined
  RealGil gil({.kind = GilKind::Old, .old_ticks = 3}, [&](const GilEvent& e) { events.push_back(e); });
  REQUIRE(gil.take(0));
  bool all_ok = true;
  for (int i = 0; i < 10; ++i) all_ok &= gil.poll(0, true); // alone: never lets go
  CHECK(all_ok);
  CHECK(gil.stats().takes == 1);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    got = gil.take(1);
    if (got) gil.drop(1);
  });
  // Once the waiter waits, every third poll drops and contends again (usually winning: the convoy).
  bool released = eventually([&] {
    for (int i = 0; i < 3; ++i) all_ok &= gil.poll(0, true);
    return gil.stats().takes >= 2;
  });
  gil.drop(0);
  waiter.join();
  CHECK(all_ok);
  CHECK(released);
  CHECK(got);
  GilStats s = gil.stats();
  CHECK(s.forced_drops == 0);
  CHECK(s.drop_requests == 0); // the old GIL never asks
  std::int64_t holder0_drops = 0;
  for (const GilEvent& e : events) holder0_drops += e.thread == 0 && e.holder == kNoHolder;
  CHECK(holder0_drops >= 2); // at least one release-and-retake, then the final drop
}

TEST_CASE("RealGil: cancel_all unblocks every waiter and fails later takes") {
  GilOptions opt;
  SUBCASE("new GIL") { opt = {.kind = GilKind::New, .interval_ns = kMs}; }
  SUBCASE("old GIL") { opt = {.kind = GilKind::Old}; }
  RealGil gil(opt);
  REQUIRE(gil.take(0));
  constexpr int kWaiters = 3;
  std::atomic<int> returned{0};
  std::atomic<int> took{0};
  std::vector<std::thread> waiters;
  for (int i = 1; i <= kWaiters; ++i) {
    waiters.emplace_back([&, i] {
      if (gil.take(i)) ++took;
      ++returned;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(returned == 0); // all blocked behind the holder
  Ns t0 = monotonic_ns();
  gil.cancel_all();
  for (auto& t : waiters) t.join();
  Ns latency = monotonic_ns() - t0;
  MESSAGE("cancel_all released " << kWaiters << " waiters in " << latency / 1000 << " us");
  CHECK(returned == kWaiters);
  CHECK(took == 0);
  CHECK(gil.cancelled());
  gil.drop(0); // the holder can still let go
  CHECK_FALSE(gil.take(7));
  CHECK(gil.holder() == kNoHolder);
}

TEST_CASE("RealGil: with no GIL two threads are inside at once") {
  RealGil gil({.kind = GilKind::None});
  std::atomic<int> inside{0};
  std::atomic<int> max_inside{0};
  std::latch both(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      CHECK(gil.take(i));
      raise_max(max_inside, ++inside);
      both.arrive_and_wait(); // would deadlock with a real GIL
      CHECK(gil.poll(i, true));
      --inside;
      gil.drop(i);
    });
  }
  for (auto& t : threads) t.join();
  CHECK(max_inside == 2);
  CHECK(gil.stats().takes == 0);
}

TEST_CASE("RealGil: the observer sees each take followed by the same thread's drop, in time order") {
  std::vector<GilEvent> events; // the observer runs under the GIL's lock: no lock of our own needed
  RealGil gil({.interval_ns = kMs}, [&](const GilEvent& e) { events.push_back(e); });
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      for (int r = 0; r < 20; ++r) {
        if (!gil.take(i)) return;
        for (int k = 0; k < 10; ++k) {
          work(20 * kUs);
          if (!gil.poll(i, true)) return;
        }
        gil.drop(i);
      }
    });
  }
  for (auto& t : threads) t.join();
  GilStats s = gil.stats();
  REQUIRE(events.size() == static_cast<std::size_t>(2 * s.takes));
  std::int64_t forced = 0;
  for (std::size_t k = 0; k < events.size(); ++k) {
    const GilEvent& e = events[k];
    if (k > 0) CHECK(e.t >= events[k - 1].t);
    if (k % 2 == 0) {
      CHECK(e.holder == e.thread); // a take
      CHECK(e.waited_ns >= 0);
    } else {
      CHECK(e.holder == kNoHolder); // the drop by the thread that took it
      CHECK(e.thread == events[k - 1].thread);
      forced += e.forced;
    }
  }
  CHECK(forced == s.forced_drops);
}
