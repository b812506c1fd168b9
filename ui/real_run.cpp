// RealJob: one RealRuntime run on its own std::thread. The UI thread reads nothing of the runtime until done()
// (an acquire load pairing with the worker's release store), then takes the whole Kernel. Without
// INTERLEAVE_HAS_REAL (the browser) nothing here makes threads and every check refuses with the reason.
#include "real_run.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <exception>
#include <utility>

#ifdef INTERLEAVE_HAS_REAL
#include <mutex>
#include <thread>

#include "real_runtime.hpp"
#endif

namespace il::ui {

namespace {
constexpr const char* kNeedsNative = "real runs need the native app";

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

#ifdef INTERLEAVE_HAS_REAL

bool real_runs_available() { return true; }
std::optional<std::string> check_time_scale(double value) { return real::TimeScale::validate(value); }
double min_time_scale() { return real::TimeScale::kMin; }
double max_time_scale() { return real::TimeScale::kMax; }
std::optional<std::string> real_refusal(const Program& prog) { return real::RealRuntime::unsupported(prog); }

#else

bool real_runs_available() { return false; }
std::optional<std::string> check_time_scale(double) { return std::string(kNeedsNative); }
double min_time_scale() { return 1; }
double max_time_scale() { return 1; }
std::optional<std::string> real_refusal(const Program&) { return std::string(kNeedsNative); }

#endif

Config real_config(Config nominal) {
#ifdef INTERLEAVE_HAS_REAL
  // The summary's machine is this one: its CPUs, each counted as a core of its own (as RealRuntime lays them out).
  nominal.cores = std::clamp(real::usable_cpus(), 1, 256);
  nominal.smt = 1;
#endif
  return nominal;
}

struct RealJob::State {
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  std::atomic<bool> done{false};
  // Written by the worker before `done`, read by the UI thread after it.
  std::unique_ptr<Kernel> kernel;
  std::string error;
  double ms = 0;
  int cpus = 0;
#ifdef INTERLEAVE_HAS_REAL
  std::thread worker;
  std::mutex mu;                           // guards `running` against the worker finishing meanwhile
  real::RealRuntime* running = nullptr;    // the run in flight, for stop()
  bool stop_asked = false;                 // stop() came before the runtime existed
#endif
};

RealJob::RealJob(Config cfg, Program prog, double time_scale)
    : s_(std::make_unique<State>()), time_scale_(time_scale) {
#ifdef INTERLEAVE_HAS_REAL
  State* s = s_.get();
  s->worker = std::thread([s, cfg, prog = std::move(prog), time_scale]() mutable {
    try {
      auto rt = std::make_unique<real::RealRuntime>(cfg, std::move(prog), real::RealOptions{.time_scale = time_scale});
      {
        std::lock_guard lk(s->mu);
        s->running = rt.get();
        if (s->stop_asked) rt->request_stop();
      }
      rt->run();
      {
        std::lock_guard lk(s->mu);
        s->running = nullptr;
      }
      assert(rt->os_threads_joinable() == 0); // run() joined every OS thread it made
      s->cpus = rt->real_cpus();
      s->kernel = std::move(rt);
    } catch (const std::exception& e) {
      s->error = e.what();
    }
    s->ms = ms_since(s->t0);
    s->done.store(true, std::memory_order_release);
  });
#else
  (void)cfg;
  (void)prog;
  s_->error = kNeedsNative;
  s_->done.store(true, std::memory_order_release);
#endif
}

RealJob::~RealJob() {
#ifdef INTERLEAVE_HAS_REAL
  stop();
  if (s_->worker.joinable()) s_->worker.join();
#endif
}

void RealJob::stop() {
#ifdef INTERLEAVE_HAS_REAL
  std::lock_guard lk(s_->mu);
  s_->stop_asked = true;
  if (s_->running) s_->running->request_stop();
#endif
}

bool RealJob::done() const { return s_->done.load(std::memory_order_acquire); }

double RealJob::wall_ms() const { return done() ? s_->ms : ms_since(s_->t0); }

std::unique_ptr<Kernel> RealJob::take() {
  assert(done());
  return done() ? std::move(s_->kernel) : nullptr;
}

std::string RealJob::error() const { return done() ? s_->error : std::string(); }

int RealJob::cpus() const { return done() ? s_->cpus : 0; }

} // namespace il::ui
