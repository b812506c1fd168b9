// The compare view with run B on real threads (b.real): natively a RealRuntime really runs the scenario on a
// background thread while frames go on, then B's lanes, stats and summary come from it; scenarios it refuses
// show the reason; in the browser build the URL key is refused with a message. Real runs are waited for with a
// wall-clock deadline, never forever.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "scenarios/scenarios.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

#ifdef INTERLEAVE_HAS_REAL

// Frames until run B (real) has ended; false on timeout. Frames keep coming meanwhile, as in the app.
bool pump_until_real_done(Headless& ui, App& app, FrameLog& log, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (app.b.pending) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    check_frame(ui.frame(app), log);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  check_frame(ui.frame(app), log);
  return true;
}

#endif

} // namespace

#ifdef INTERLEAVE_HAS_REAL

TEST_CASE("Real compare: b.real runs download-threads on real threads, B has a lane per thread and A's makespan") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  // 0.05: 0.45 s of real time. At 0.01 a few ms of real start-up cost are already 5% of the nominal makespan.
  CHECK(app.apply_state("scenario=download-threads&b.real=1&b.time-scale=0.05").empty());
  CHECK(app.view.compare);
  CHECK(app.view.real_b);
  CHECK(app.view.time_scale_b == doctest::Approx(0.05));
  app.finish_runs(); // A; a real B is not simulated and keeps running on its own thread
  REQUIRE(app.a);
  CHECK(app.a.sim());
  CHECK(app.b.real);
  CHECK(app.b.sim() == nullptr);

  FrameLog log;
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(pump_until_real_done(ui, app, log));
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(app.b);
  CHECK(app.b.refused.empty());
  MESSAGE("download-threads at time scale 0.05: real run B took " << app.b.run_ms << " ms (" << ms << " ms of frames, "
                                                                  << log.frames << " frames)");
  CHECK(log.frames > 1); // frames went on while it ran

  // A lane per thread, the same threads as the simulated run.
  CHECK(app.b.model.threads.size() == app.b.kernel->threads().size());
  CHECK(app.b.model.threads.size() == app.a.model.threads.size());
  CHECK(app.b.stats.threads.size() == app.a.stats.threads.size());
  CHECK(app.b.stats.end == RunEnd::Finished);
  CHECK(app.b.real_cpus >= 1);
  CHECK(app.b.model.cpus.size() == app.b.kernel->cpus().size());

  // Nominal time is on the simulator's axis: the two downloads overlap on real threads too (~9 s).
  const double a_ns = static_cast<double>(app.a.stats.makespan_ns), b_ns = static_cast<double>(app.b.stats.makespan_ns);
  MESSAGE("makespan A " << a_ns / 1e6 << " ms, B (real, nominal) " << b_ns / 1e6 << " ms");
  CHECK(std::abs(b_ns - a_ns) <= 0.1 * a_ns);

  CHECK(contains(app.b.summary, "\"scenario\": \"download-threads\""));
  CHECK(contains(app.b.summary, "\"end\": \"finished\""));
  CHECK(contains(platform.url, "b.real=1&b.time-scale=0.05"));
  CHECK(app.view.error.empty());
}

TEST_CASE("Real compare: what cannot run on real threads shows its reason instead of a run, and still draws") {
  Headless ui;
  FrameLog log;
  SUBCASE("a time scale out of range (set from outside the URL and the field, which both check it)") {
    MemoryPlatform platform;
    App app(platform);
    CHECK(app.apply_state("scenario=thread-local&b.real=1").empty());
    REQUIRE(pump_until_real_done(ui, app, log));
    app.view.time_scale_b = 50;
    app.rerun();
    CHECK(!app.b);
    CHECK(!app.b.pending);
    CHECK(contains(app.b.refused, "time scale: "));
    exercise(ui, app, log);
  }
}

TEST_CASE("Real compare: every panel draws with a real run B, at any cursor, hovered") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  FrameLog log;
  for (const char* name : {"download-threads", "thread-local", "semaphore-batches", "deadlock"}) {
    CAPTURE(name);
    CHECK(app.apply_state(std::string("scenario=") + name + "&b.real=1&b.time-scale=0.01").empty());
    app.finish_runs();
    REQUIRE(pump_until_real_done(ui, app, log));
    REQUIRE(app.a);
    REQUIRE(app.b);
    CHECK(app.b.real);
    CHECK(app.b.scenario == name);
    exercise(ui, app, log);
  }
  MESSAGE(log.frames << " frames, at most " << log.max_vertices << " vertices");
}

TEST_CASE("Real compare: replacing a real run still going stops it, then runs the new one") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  // 9 s of real downloads at time scale 1: replaced at once, it must not hold the new run back that long.
  CHECK(app.apply_state("scenario=download-threads&b.real=1&b.time-scale=1").empty());
  REQUIRE(app.b.pending);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(app.apply_state("scenario=thread-local&b.time-scale=0.1").empty());
  CHECK(app.b.pending);
  CHECK(app.b.scenario == "thread-local");
  FrameLog log;
  REQUIRE(pump_until_real_done(ui, app, log));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(4));
  REQUIRE(app.b);
  CHECK(app.b.scenario == "thread-local");
  CHECK(contains(app.b.summary, "\"scenario\": \"thread-local\""));

  // Turning the real run off goes back to a simulated B at once.
  CHECK(app.apply_state("b.real=0").empty());
  app.finish_runs();
  check_frame(ui.frame(app), log); // the frame publishes the URL
  REQUIRE(app.b);
  CHECK(!app.b.real);
  CHECK(app.b.sim());
  CHECK(!contains(platform.url, "b.real"));
}

TEST_CASE("Real compare: bad b.real and b.time-scale values are reported, not run") {
  MemoryPlatform platform;
  App app(platform);
  const auto errors = app.apply_state("scenario=thread-local&b.real=maybe&b.time-scale=5");
  REQUIRE(errors.size() == 2);
  CHECK(contains(errors[0], "b.real: expected 1 or 0"));
  CHECK(contains(errors[1], "b.time-scale:"));
  CHECK(!app.view.real_b);
  CHECK(app.view.time_scale_b == doctest::Approx(0.1));
  CHECK(contains(app.view.error, "b.real"));
  CHECK(app.apply_state("b.time-scale=abc").size() == 1);
  app.finish_runs();
  CHECK(!app.b.real);
}

#else

TEST_CASE("Real compare: without real threads (the browser) b.real is refused with a message") {
  MemoryPlatform platform;
  App app(platform);
  const auto errors = app.apply_state("scenario=download-threads&b.real=1&b.time-scale=0.1");
  REQUIRE(errors.size() == 2);
  CHECK(contains(errors[0], "b.real: real runs need the native app"));
  CHECK(contains(app.view.error, "real runs need the native app"));
  CHECK(!app.view.real_b);
  app.finish_runs();
  REQUIRE(app.a);
  CHECK(!app.b.real);
}

#endif

} // namespace il::ui::test
