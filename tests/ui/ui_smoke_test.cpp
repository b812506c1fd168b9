// The whole app, headless, over every built-in scenario: each side tab, the compare view, the cursor at the
// start, middle and end, playing, and the mouse over the timeline and the side panel. Nothing may assert, the
// run must match the CLI's summary, and the vertex count must follow the screen, not the trace.
#include <doctest/doctest.h>

#include "scenarios/scenarios.hpp"
#include "trace/report.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

TEST_CASE("UI smoke: every scenario draws every tab, compared, at any cursor, playing and hovered") {
  Headless ui;
  for (const Scenario& sc : scenarios()) {
    CAPTURE(sc.name);
    MemoryPlatform platform;
    App app(platform);
    CHECK(app.apply_state("scenario=" + sc.name).empty());
    app.finish_runs();
    REQUIRE(app.a);
    CHECK(!app.busy());

    Sim cli(app.a.cfg, sc.build());
    cli.run();
    CHECK(app.a.summary == one_line(summary_json(cli, sc.name)));

    FrameLog log;
    exercise(ui, app, log);
    CHECK(platform.url.find("scenario=" + sc.name) != std::string::npos);

    app.view.compare = true;
    app.rerun();
    app.finish_runs();
    REQUIRE(app.a);
    REQUIRE(app.b);
    CHECK(app.a.summary == one_line(summary_json(cli, sc.name)));
    exercise(ui, app, log);
    MESSAGE(sc.name << ": " << app.a.kernel->trace().recs.size() << " records, " << log.frames
                    << " frames, at most " << log.max_vertices << " vertices");
  }
}

} // namespace il::ui::test
