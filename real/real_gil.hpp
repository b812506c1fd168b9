// A real GIL for the real-thread runtime: CPython's "new GIL" (Python/ceval_gil.c: timed waits, drop requests,
// FORCE_SWITCHING), Python 2's "old GIL" (release and re-contend every N ticks) and no GIL, with counters,
// an event observer for the trace, and cancellation for the watchdog.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>

#include "real_clock.hpp"

namespace il::real {

using GilThread = std::int32_t; // the runtime's thread id (the engine's ThreadId); never negative
constexpr GilThread kNoHolder = -1;

enum class GilKind : std::uint8_t { New, Old, None }; // the engine's GilMode, kept separate so real/ stands alone
std::string_view to_string(GilKind k);                // "new", "old", "none" as --gil spells them

struct GilOptions {
  GilKind kind = GilKind::New;
  Ns interval_ns = 5'000'000; // new GIL: real time a waiter waits before asking the holder to drop
  int old_ticks = 100;        // old GIL: poll() calls between release-and-retake
};

// One GIL event, reported while the GIL's own lock is held, so a GIL's events arrive in the order they happened.
struct GilEvent {
  GilThread thread = kNoHolder; // who took or dropped it
  GilThread holder = kNoHolder; // the new holder: `thread` after a take, kNoHolder after a drop
  bool forced = false;          // a drop because of a drop request
  Ns t = 0;                     // monotonic_ns()
  Ns waited_ns = 0;             // a take: how long `thread` waited in take()
};
// Must be quick and must not call back into the RealGil (it runs under the GIL's lock).
using GilObserver = std::function<void(const GilEvent&)>;

struct GilStats {
  std::int64_t takes = 0;
  std::int64_t handoffs = 0;      // takes by a different thread than the last holder (CPython's switch_number)
  std::int64_t drop_requests = 0; // times a waiter's interval ran out with no switch (new GIL)
  std::int64_t forced_drops = 0;  // drops because of a drop request
  Ns wait_ns = 0;                 // real time threads spent blocked in take(), summed
};

class RealGil {
public:
  explicit RealGil(GilOptions options = {}, GilObserver observer = {});
  RealGil(const RealGil&) = delete;
  RealGil& operator=(const RealGil&) = delete;

  GilKind kind() const { return options_.kind; }

  // Blocks until `t` holds the GIL. False once cancel_all() has been called (then `t` does not hold it).
  bool take(GilThread t);
  // `t` must hold the GIL. With `forced` (dropping because should_drop() said so) it then waits until another
  // thread has taken the GIL, so the dropper cannot retake it at once (CPython's FORCE_SWITCHING).
  void drop(GilThread t, bool forced = false);
  // Another thread asked the holder to drop (new GIL). A relaxed load, cheap enough for every switch point.
  bool should_drop() const { return drop_request_.load(std::memory_order_relaxed); }
  // The holder's check before an instruction, `at_switch_point` as Interp::at_switch_point says.
  // New GIL: at a switch point with a drop request, drop (forced) and take again. Old GIL: every old_ticks
  // calls, if anyone waits, release and contend again at once with no fairness. False if cancelled while
  // retaking (then `t` does not hold the GIL).
  bool poll(GilThread t, bool at_switch_point);

  // Wakes every waiter and every forced dropper; take() and poll() return false from now on. For the watchdog.
  void cancel_all();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  GilThread holder() const;
  GilStats stats() const;

private:
  void emit(const GilEvent& e) const;

  const GilOptions options_;
  const GilObserver observer_;
  mutable std::mutex mu_;
  std::condition_variable cv_;        // waiters for the GIL
  std::condition_variable switch_cv_; // forced droppers waiting for a switch
  GilThread holder_ = kNoHolder;       // guarded by mu_
  GilThread last_holder_ = kNoHolder;  // guarded by mu_
  std::uint64_t switch_number_ = 0;    // guarded by mu_
  int waiting_ = 0;                    // threads inside take(), guarded by mu_
  std::atomic<int> waiting_hint_{0};   // waiting_ for the old GIL's lock-free tick check
  int ticks_ = 0;                      // the holder's poll() count (old GIL); ordered by the hand-over under mu_
  GilStats stats_;                     // guarded by mu_
  std::atomic<bool> drop_request_{false};
  std::atomic<bool> cancelled_{false};
};

} // namespace il::real
