// A real GIL for the real-thread runtime: new (CPython 3.2+), old (Python 2) and none, with FORCE_SWITCHING.
#include "real_gil.hpp"

#include <cassert>
#include <chrono>
#include <stdexcept>

namespace il::real {

std::string_view to_string(GilKind k) {
  switch (k) {
  case GilKind::New: return "new";
  case GilKind::Old: return "old";
  case GilKind::None: return "none";
  }
  return "?";
}

RealGil::RealGil(GilOptions options, GilObserver observer)
    : options_(options), observer_(std::move(observer)) {
  if (options_.interval_ns <= 0) throw std::invalid_argument("GIL switch interval must be positive");
  if (options_.old_ticks <= 0) throw std::invalid_argument("old GIL check interval must be at least one tick");
}

void RealGil::emit(const GilEvent& e) const {
  if (observer_) observer_(e);
}

// [SECTION] take and drop

bool RealGil::take(GilThread t) {
  assert(t >= 0);
  if (options_.kind == GilKind::None) return !cancelled();
  Ns begin = monotonic_ns();
  std::unique_lock lk(mu_);
  assert(holder_ != t); // not reentrant: the runtime takes it once per thread
  if (holder_ != kNoHolder && !cancelled()) {
    waiting_hint_.store(++waiting_, std::memory_order_relaxed);
    const auto interval = std::chrono::nanoseconds(options_.interval_ns);
    while (holder_ != kNoHolder && !cancelled()) {
      if (options_.kind == GilKind::Old) { // no timeout, no request: the holder lets go when its ticks run out
        cv_.wait(lk);
        continue;
      }
      // CPython's take_gil: a timed wait that saw no switch during a whole interval asks the holder to drop.
      std::uint64_t seen = switch_number_;
      bool timed_out = cv_.wait_for(lk, interval) == std::cv_status::timeout;
      if (timed_out && holder_ != kNoHolder && switch_number_ == seen &&
          !drop_request_.load(std::memory_order_relaxed)) {
        drop_request_.store(true, std::memory_order_relaxed);
        ++stats_.drop_requests;
      }
    }
    waiting_hint_.store(--waiting_, std::memory_order_relaxed);
    assert(waiting_ >= 0);
  }
  if (cancelled()) return false;
  assert(holder_ == kNoHolder); // one holder at a time
  holder_ = t;
  ++stats_.takes;
  if (last_holder_ != t) { // CPython counts a switch only when the holder changes
    last_holder_ = t;
    ++switch_number_;
    ++stats_.handoffs;
    switch_cv_.notify_all(); // a forced dropper may stop waiting
  }
  drop_request_.store(false, std::memory_order_relaxed);
  ticks_ = 0;
  Ns now = monotonic_ns();
  stats_.wait_ns += now - begin;
  emit({.thread = t, .holder = t, .forced = false, .t = now, .waited_ns = now - begin});
  return true;
}

void RealGil::drop(GilThread t, bool forced) {
  assert(t >= 0);
  if (options_.kind == GilKind::None) return;
  std::unique_lock lk(mu_);
  assert(holder_ == t); // only the holder drops
  holder_ = kNoHolder;
  if (forced) ++stats_.forced_drops;
  emit({.thread = t, .holder = kNoHolder, .forced = forced, .t = monotonic_ns()});
  cv_.notify_one();
  if (forced && options_.kind == GilKind::New) {
    // FORCE_SWITCHING: without this wait the dropper, already on a CPU, would usually retake the GIL before
    // the woken waiter is scheduled, and the request would have achieved nothing.
    drop_request_.store(false, std::memory_order_relaxed);
    switch_cv_.wait(lk, [&] { return last_holder_ != t || waiting_ == 0 || cancelled(); });
  }
}

bool RealGil::poll(GilThread t, bool at_switch_point) {
  switch (options_.kind) {
  case GilKind::None:
    return true;
  case GilKind::New:
    if (!at_switch_point || !should_drop()) return true;
    drop(t, true);
    return take(t);
  case GilKind::Old:
    if (++ticks_ < options_.old_ticks) return true;
    ticks_ = 0;
    if (waiting_hint_.load(std::memory_order_relaxed) == 0) return true;
    // Python 2's check: release and contend again at once. The woken waiter must still be scheduled and
    // get the lock, so on a multicore machine the dropper usually wins (the convoy effect).
    drop(t, false);
    return take(t);
  }
  assert(false && "unknown GIL kind");
  return true;
}

// [SECTION] cancellation and queries

void RealGil::cancel_all() {
  std::lock_guard lk(mu_);
  cancelled_.store(true, std::memory_order_release);
  cv_.notify_all();
  switch_cv_.notify_all();
}

GilThread RealGil::holder() const {
  std::lock_guard lk(mu_);
  return holder_;
}

GilStats RealGil::stats() const {
  std::lock_guard lk(mu_);
  return stats_;
}

} // namespace il::real
