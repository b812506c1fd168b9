// The whole app, headless, over every built-in scenario: each side tab, the compare view, the cursor at the
// start, middle and end, playing, and the mouse over the timeline and the side panel. Nothing may assert, the
// run must match the CLI's summary, and the vertex count must follow the screen, not the trace.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "report.hpp"
#include "scenarios.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

namespace {

// A frame's vertices stay under this however long the trace: a 1600x900 screen of merged items, text and
// tooltips. Measured frames use well under a tenth of it; a timeline drawing one item per trace record in a
// lock-heavy run (millions) would blow through it.
constexpr int kMaxVertices = 400000;

struct FrameLog {
  int frames = 0;
  int max_vertices = 0;
};

void check_frame(const ImDrawData& dd, FrameLog& log) {
  ++log.frames;
  log.max_vertices = std::max(log.max_vertices, dd.TotalVtxCount);
  CHECK(dd.Valid);
  CHECK(dd.TotalVtxCount > 0);
  CHECK(dd.TotalVtxCount < kMaxVertices);
  const AssertLog& asserts = imgui_asserts();
  INFO("first ImGui assert: " << asserts.first);
  REQUIRE(asserts.count == 0);
}

// Mouse positions spread over a rectangle clipped to the screen.
std::vector<ImVec2> probe_points(ImVec2 lo, ImVec2 hi) {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  hi = ImVec2(std::min(hi.x, screen.x - 1), std::min(hi.y, screen.y - 1));
  std::vector<ImVec2> out;
  for (float fy : {0.05f, 0.3f, 0.6f, 0.9f})
    for (float fx : {0.02f, 0.25f, 0.5f, 0.98f}) out.emplace_back(lo.x + (hi.x - lo.x) * fx, lo.y + (hi.y - lo.y) * fy);
  return out;
}

void exercise(Headless& ui, App& app, FrameLog& log) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  check_frame(ui.frame(app), log); // lays out, records the widgets' rects
  const Ns end = app.a.model.makespan;
  const std::pair<const char*, SideTab> tabs[] = {
      {"Inspector", SideTab::Inspector}, {"Source", SideTab::Source}, {"Stats", SideTab::Stats}};
  for (const auto& [label, tab] : tabs) {
    const std::string tab_name = label;
    CAPTURE(tab_name);
    app.view.tab = tab; // the app selects a tab set from outside (URL state, tests)
    for (Ns cursor : {Ns{0}, end / 2, end}) {
      app.view.cursor = cursor;
      app.view.playing = false;
      check_frame(ui.frame(app), log);
      CHECK(app.view.tab == tab);
    }
    // Hover the timeline's lanes and the side panel, where tooltips live.
    const App::Rect* tl = app.rect("timeline");
    REQUIRE(tl);
    for (ImVec2 p : probe_points(ImVec2(tl->x, tl->y), ImVec2(tl->x + tl->w, tl->y + tl->h))) {
      io.MousePos = p;
      check_frame(ui.frame(app), log);
    }
    if (const ImGuiWindow* side = ImGui::FindWindowByName("Details"))
      for (ImVec2 p : probe_points(side->Pos, ImVec2(side->Pos.x + side->Size.x, side->Pos.y + side->Size.y))) {
        io.MousePos = p;
        check_frame(ui.frame(app), log);
      }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
  app.view.cursor = 0;
  app.view.playing = true;
  for (int i = 0; i < 3; ++i) check_frame(ui.frame(app), log);
  app.view.playing = false;
}

} // namespace

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
    MESSAGE(sc.name << ": " << app.a.sim->trace().recs.size() << " records, " << log.frames
                    << " frames, at most " << log.max_vertices << " vertices");
  }
}

} // namespace il::ui::test
