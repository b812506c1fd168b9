// The exports: PerfettoWriter's steps against write_perfetto_json, the CSV's shape and quoting, file names,
// and the three toolbar buttons clicked in the headless app (the Perfetto job spanning frames, its cancel,
// the PNG capture handed back as the platform would).
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "export.hpp"
#include "codec.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/json.hpp"
#include "trace/perfetto.hpp"
#include "trace/report.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

namespace {

std::unique_ptr<Sim> run_scenario(std::string_view name, Config cfg = {}) {
  const Scenario* sc = find_scenario(name);
  REQUIRE(sc);
  auto sim = std::make_unique<Sim>(cfg, sc->build());
  sim->run();
  return sim;
}

// RFC 4180 the strict way: fields split on commas outside quotes, "" inside quotes is a quote, CRLF ends a
// record. Fails the test on anything malformed.
std::vector<std::vector<std::string>> parse_csv(std::string_view s) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  std::size_t i = 0;
  while (i < s.size()) {
    std::string& field = rows.back().back();
    if (s[i] == '"') {
      REQUIRE(field.empty());
      ++i;
      for (;;) {
        REQUIRE(i < s.size());
        if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') field += '"', i += 2;
        else if (s[i] == '"') break;
        else field += s[i++];
      }
      ++i;
      REQUIRE((i == s.size() || s[i] == ',' || s[i] == '\r'));
    } else if (s[i] == ',') {
      rows.back().emplace_back();
      ++i;
    } else if (s[i] == '\r') {
      REQUIRE(i + 1 < s.size());
      REQUIRE(s[i + 1] == '\n');
      i += 2;
      if (i < s.size()) rows.emplace_back(1);
    } else {
      REQUIRE(s[i] != '\n'); // a bare LF outside quotes
      REQUIRE(s[i] != '"');  // a quote inside an unquoted field
      field += s[i++];
    }
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, std::string_view name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

} // namespace

// [SECTION] Perfetto

TEST_CASE("PerfettoWriter: any step size gives write_perfetto_json's bytes") {
  for (const char* name : {"download-threads", "semaphore-batches", "too-many-threads", "deadlock", "fork-tree", "condition-pingpong",
                           "pool-uneven"}) {
    CAPTURE(name);
    const auto sim = run_scenario(name);
    for (bool basic : {false, true}) {
      CAPTURE(basic);
      const std::string whole = perfetto_json(*sim, basic);
      for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1000},
                               std::numeric_limits<std::size_t>::max()}) {
        CAPTURE(step);
        PerfettoWriter w(*sim, basic);
        std::string out;
        double last = -1;
        int steps = 0;
        const TextSink sink = [&out](std::string_view piece) { out += piece; };
        while (!w.step(step, sink)) {
          CHECK(w.progress() >= last);
          CHECK(w.progress() < 1.0);
          last = w.progress();
          ++steps;
          REQUIRE(steps < 10'000'000);
        }
        CHECK(w.done());
        CHECK(w.progress() == 1.0);
        CHECK(w.step(step, sink)); // a finished writer stays finished and writes nothing more
        CHECK(out == whole);
        if (step == 1) CHECK(steps >= static_cast<int>(sim->trace().recs.size())); // it really was in steps
      }
    }
  }
}

// [SECTION] CSV and names

TEST_CASE("CSV: a header, a row per thread and per CPU, fields quoted per RFC 4180") {
  const auto sim = run_scenario("fork-tree");
  Stats st = compute_stats(*sim);
  REQUIRE(st.threads.size() >= 2);
  st.threads[0].name = "odd, \"name\"";
  st.threads[1].uncaught = "ValueError: line one\nline two";
  const std::string csv = stats_csv(st, "fork-tree", "4c2t");
  const auto rows = parse_csv(csv);
  REQUIRE(rows.size() == 1 + st.threads.size() + st.cpus.size());
  const auto& head = rows[0];
  for (const auto& r : rows) CHECK(r.size() == head.size());
  CHECK(head[0] == "row");
  const std::size_t kind = column(head, "row"), thread = column(head, "thread"), running = column(head, "running_ns"),
                    uncaught = column(head, "uncaught"), cpu = column(head, "cpu"), util = column(head, "utilization"),
                    pid = column(head, "pid"), scenario = column(head, "scenario"), config = column(head, "config");
  for (int s = 0; s < kStateCount; ++s) column(head, std::string(to_string(static_cast<ThreadState>(s))) + "_ns");
  for (std::size_t i = 0; i < st.threads.size(); ++i) {
    const auto& r = rows[1 + i];
    CHECK(r[kind] == "thread");
    CHECK(r[scenario] == "fork-tree");
    CHECK(r[config] == "4c2t");
    CHECK(r[thread] == st.threads[i].name);
    CHECK(r[pid] == std::to_string(st.threads[i].pid));
    CHECK(r[running] == std::to_string(st.threads[i].ns[static_cast<int>(ThreadState::Running)]));
    CHECK(r[uncaught] == st.threads[i].uncaught);
    CHECK(r[cpu].empty());
  }
  for (std::size_t i = 0; i < st.cpus.size(); ++i) {
    const auto& r = rows[1 + st.threads.size() + i];
    CHECK(r[kind] == "cpu");
    CHECK(r[cpu] == std::to_string(st.cpus[i].cpu));
    CHECK(r[thread].empty());
    CHECK(r[util] == fixed_ratio(st.cpus[i].utilization_e4, 10000, 4));
  }
  CHECK(csv.find("\"odd, \"\"name\"\"\"") != std::string::npos);

  // Two runs share one header.
  const CsvRun runs[] = {{"A", "fork-tree", "4c2t", &st}, {"B", "fork-tree", "1c1t", &st}};
  CHECK(parse_csv(stats_csv(runs)).size() == 1 + 2 * (st.threads.size() + st.cpus.size()));
}

TEST_CASE("CSV: csv_field quotes only what needs it") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\r\nlines") == "\"two\r\nlines\"");
}

TEST_CASE("export names: interleave-<scenario>-<short config>.<ext>") {
  Config cfg;
  CHECK(short_config(cfg) == "4c2t");
  CHECK(export_filename("race-counter", cfg, "json") == "interleave-race-counter-4c2t.json");
  cfg.cores = 1;
  cfg.smt = 1;
  cfg.gil = GilMode::None;
  cfg.seed = 3;
  CHECK(short_config(cfg) == "1c1t_gil-none_seed-3");
  Config b;
  CHECK(export_filename("balance", cfg, "csv", &b) == "interleave-balance-1c1t_gil-none_seed-3-vs-4c2t.csv");
  CHECK(export_filename("a b/c", Config{}, "png") == "interleave-a_b_c-4c2t.png");
}

// [SECTION] the buttons

TEST_CASE("export buttons: Perfetto over frames, CSV and PNG reach the platform") {
  Headless ui;
  MemoryPlatform platform;
  platform.tick_ms = 20; // past the 10 ms export budget at the first reading: one step of the job per frame
  App app(platform);
  app.apply_state("scenario=too-many-threads"); // 25,000 records: a dozen frames of export
  app.finish_runs();
  REQUIRE(app.a);
  ui.frame(app);
  auto button = [&](const char* id) {
    const App::Rect* r = app.rect(id);
    REQUIRE_MESSAGE(r, id);
    return centre(*r);
  };

  SUBCASE("Perfetto: the job spans frames, shows progress and saves the CLI's bytes") {
    ui.click(app, button("export-perfetto"));
    int frames = 0;
    bool saw_progress = false;
    while (platform.files.empty() && frames++ < 10000) {
      ui.frame(app);
      saw_progress |= app.rect("export-progress") != nullptr;
    }
    REQUIRE(platform.files.size() == 1);
    CHECK(saw_progress);
    CHECK(platform.files[0].name == "interleave-too-many-threads-4c2t.json");
    CHECK(platform.files[0].mime == "application/json");
    CHECK(platform.files[0].bytes == perfetto_json(*app.a.kernel, false));
    CHECK(app.view.status.find("saved interleave-too-many-threads-4c2t.json") == 0);
    ui.frame(app);
    CHECK(app.rect("export-perfetto")); // the button is back
    CHECK_FALSE(app.rect("export-progress"));
  }

  SUBCASE("Perfetto: a trace bigger than the platform can save stops early with the CLI command to use") {
    platform.max_bytes = 100'000; // too-many-threads' trace is several MB
    ui.click(app, button("export-perfetto"));
    ui.frame(app); // the job's first slice: the button gives way to the progress bar
    CHECK(app.rect("export-progress"));
    for (int i = 0; i < 10000 && app.rect("export-perfetto") == nullptr; ++i) ui.frame(app);
    CAPTURE(app.view.status);
    CHECK(platform.files.empty());
    CHECK(app.view.status.find("Perfetto export stopped: the trace would be about") == 0);
    CHECK(app.view.status.find("interleave run too-many-threads --trace FILE") != std::string::npos);
  }

  SUBCASE("Perfetto: cancel drops the job; a rerun cancels it too") {
    ui.click(app, button("export-perfetto"));
    ui.frame(app);
    REQUIRE(app.rect("export-cancel"));
    ui.click(app, button("export-cancel"));
    CHECK(app.view.status == "Perfetto export cancelled");
    for (int i = 0; i < 50; ++i) ui.frame(app);
    CHECK(platform.files.empty());

    ui.click(app, button("export-perfetto"));
    app.apply_state("scenario=deadlock");
    app.finish_runs();
    for (int i = 0; i < 50; ++i) ui.frame(app);
    CHECK(platform.files.empty());
    CHECK(app.view.status == "Perfetto export cancelled: the run changed");
  }

  SUBCASE("CSV: one click, both runs when comparing") {
    ui.click(app, button("export-csv"));
    REQUIRE(platform.files.size() == 1);
    CHECK(platform.files[0].name == "interleave-too-many-threads-4c2t.csv");
    CHECK(platform.files[0].mime == "text/csv");
    CHECK(platform.files[0].bytes == stats_csv(app.a.stats, "too-many-threads", "4c2t"));

    app.view.compare = true;
    app.rerun();
    app.finish_runs();
    ui.frame(app);
    ui.click(app, button("export-csv"));
    REQUIRE(platform.files.size() == 2);
    CHECK(platform.files[1].name == "interleave-too-many-threads-4c2t-vs-1c2t.csv");
    const std::size_t rows = static_cast<std::size_t>(std::count(platform.files[1].bytes.begin(),
                                                                 platform.files[1].bytes.end(), '\n'));
    CHECK(rows == 1 + app.a.stats.threads.size() + app.a.stats.cpus.size() + app.b.stats.threads.size() +
                      app.b.stats.cpus.size());
  }

  SUBCASE("PNG: asks for the timeline's pixels, encodes what the platform reads back") {
    CHECK_FALSE(app.capture_rect());
    const ImVec2 png = button("export-png");
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = png;
    ui.frame(app);
    io.MouseDown[0] = true;
    ui.frame(app);
    io.MouseDown[0] = false;
    ui.frame(app);
    const App::Rect* r = app.capture_rect();
    REQUIRE(r);
    const App::Rect* tl = app.rect("timeline");
    REQUIRE(tl);
    CHECK(r->x == tl->x);
    CHECK(r->w == tl->w);
    CHECK(r->h > 0);
    // The platform's part: read the pixels back (here, made up) and hand them over.
    const int w = 40, h = 20;
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 4, 0x80);
    app.capture_done(px, w, h);
    CHECK_FALSE(app.capture_rect());
    REQUIRE(platform.files.size() == 1);
    CHECK(platform.files[0].name == "interleave-too-many-threads-4c2t.png");
    CHECK(platform.files[0].mime == "image/png");
    CHECK(platform.files[0].bytes == encode_png(px.data(), w, h));

    app.capture_done({}, 0, 0); // a failed read-back says so instead of saving an empty file
    CHECK(platform.files.size() == 1);
    CHECK(app.view.status.find("PNG export failed") == 0);
  }
  CHECK(imgui_asserts().count == 0);
}

} // namespace il::ui::test
