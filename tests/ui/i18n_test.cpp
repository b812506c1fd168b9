// The Chinese interface: every text the panels pass through tr() has its Chinese, with the same printf
// conversions in the same order (a format with a missing or extra one would read garbage); no translation is
// left over from a label that is gone; the app draws every tab in Chinese; the language button switches it and
// the choice is kept, and a Chinese system starts in Chinese.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "i18n.hpp"
#include "scenarios/scenarios.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

namespace {

// The C string a literal's body spells (the escapes the panels use).
std::string unescape(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char c = body[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
  return out;
}

// Every tr("..." "...") in ui/*.cpp (the table's own file aside), with where it is.
std::map<std::string, std::string> tr_calls() {
  std::map<std::string, std::string> found;
  const std::regex call(R"re((?:^|[^A-Za-z0-9_])tr\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\))re");
  const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  for (const auto& entry : std::filesystem::directory_iterator("ui")) {
    const std::filesystem::path& p = entry.path();
    if (p.extension() != ".cpp" || p.filename() == "i18n.cpp") continue;
    std::ifstream in(p);
    const std::string src((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto m = std::sregex_iterator(src.begin(), src.end(), call); m != std::sregex_iterator(); ++m) {
      std::string text;
      const std::string lits = (*m)[1].str();
      for (auto l = std::sregex_iterator(lits.begin(), lits.end(), literal); l != std::sregex_iterator(); ++l)
        text += unescape((*l)[1].str());
      found.emplace(text, p.filename().string());
    }
  }
  return found;
}

std::vector<std::string> conversions(std::string_view f) {
  static const std::regex conv(R"(%[-+ #0-9.]*(?:hh|h|ll|l|z)?[a-zA-Z%])");
  std::vector<std::string> out;
  const std::string s(f);
  for (auto m = std::sregex_iterator(s.begin(), s.end(), conv); m != std::sregex_iterator(); ++m) out.push_back(m->str());
  return out;
}

} // namespace

TEST_CASE("Chinese: every tr() text of the panels has its Chinese, with the same printf conversions; none is left over") {
  const std::map<std::string, std::string> calls = tr_calls();
  REQUIRE(calls.size() > 150); // the panels were found (the tests run from the project's root)
  std::set<std::string> table;
  for (const Translation& t : translations()) {
    CAPTURE(t.english);
    CHECK(table.insert(t.english).second); // no text twice
    CHECK(conversions(t.english) == conversions(t.chinese));
    CHECK(calls.count(t.english)); // still used somewhere
    CHECK(std::string_view(t.chinese).size() > 0);
  }
  for (const auto& [text, file] : calls) {
    CAPTURE(file);
    CAPTURE(text);
    CHECK(table.count(text));
  }
}

TEST_CASE("Chinese: every built-in scenario's summary, What to watch for and topic has its Chinese; none is left over") {
  std::set<std::string> texts;
  for (const Scenario& sc : scenarios()) texts.insert({sc.description, sc.watch, sc.topic});
  std::set<std::string> table;
  for (const Translation& t : scenario_translations()) {
    CAPTURE(t.english);
    CHECK(table.insert(t.english).second);
    CHECK(texts.count(t.english)); // an edited docstring leaves its old translation behind: this finds it
  }
  for (const std::string& text : texts) {
    CAPTURE(text);
    CHECK(table.count(text));
  }
  set_language(Language::Chinese);
  const Scenario* sc = find_scenario("race-counter");
  REQUIRE(sc);
  CHECK(std::string(tr(sc->description.c_str())).find("丢失更新") != std::string::npos);
  set_language(Language::English);
  CHECK(std::string(tr(sc->description.c_str())) == sc->description);
}

TEST_CASE("Chinese: a thread's wait reads as the engine says it in English, and in Chinese when asked") {
  int blocked = 0;
  for (const char* name : {"deadlock", "race-counter-locked", "gil-convoy", "semaphore-batches"}) {
    CAPTURE(name);
    const Scenario* sc = find_scenario(name);
    REQUIRE(sc);
    Config cfg;
    cfg.cores = 2;
    Sim sim(cfg, sc->build());
    for (int step = 0; step < 400 && sim.step_event(); ++step) {
      for (const Thread& t : sim.threads()) {
        set_language(Language::English);
        CHECK(wait_label(sim, t.id) == sim.describe_wait(t.id));
        if (t.state != ThreadState::Blocked || sim.wait_of(t.id).on.empty()) continue;
        ++blocked;
        set_language(Language::Chinese);
        CHECK(wait_label(sim, t.id).rfind("阻塞于 " + sim.wait_of(t.id).on, 0) == 0);
      }
    }
  }
  set_language(Language::English);
  CHECK(blocked > 0);
}

TEST_CASE("Chinese: every refusal of a machine setting has its Chinese; none is left over") {
  // One impossible setting at a time, each of Config::validate's refusals once.
  const std::vector<void (*)(Config&)> breaks = {
      [](Config& c) { c.cores = 300; }, [](Config& c) { c.smt = 3; }, [](Config& c) { c.smt_gain = 3; },
      [](Config& c) { c.slice_ns = 1; }, [](Config& c) { c.switch_interval_ns = 0; }, [](Config& c) { c.old_gil_ticks = 0; },
      [](Config& c) { c.ctx_switch_ns = -1; }, [](Config& c) { c.bytecode_ns = 0; }, [](Config& c) { c.jitter = 1; },
      [](Config& c) { c.max_time_ns = 0; }, [](Config& c) { c.max_instructions = 0; }, [](Config& c) { c.max_memory_mb = 0; },
      [](Config& c) { c.livelock_slices = 0; }};
  std::set<std::string> heads;
  set_language(Language::Chinese);
  for (auto f : breaks) {
    Config c;
    f(c);
    const auto why = c.validate();
    REQUIRE(why);
    CAPTURE(*why);
    heads.insert(why->substr(0, why->find(" (got ")));
    const std::string zh = machine_refusal(*why);
    CHECK(zh != *why); // its Chinese, not the English text
  }
  CHECK(machine_refusal("cores must be between 1 and 256 (got 300)") == "核数必须在 1 到 256 之间 (当前 300)");
  set_language(Language::English);
  CHECK(machine_refusal("cores must be between 1 and 256 (got 300)") == "cores must be between 1 and 256 (got 300)");
  std::set<std::string> table;
  for (const Translation& t : refusal_translations()) table.insert(t.english);
  CHECK(table == heads);
}

TEST_CASE("Chinese: tr() gives the current language's text; the English text when it has none") {
  set_language(Language::Chinese);
  CHECK(std::string(tr("Run")) == "运行");
  CHECK(std::string(tr("cursor %.6f ms")) == "光标 %.6f ms");
  CHECK(std::string(tr("no such label")) == "no such label");
  set_language(Language::English);
  CHECK(std::string(tr("Run")) == "Run");
  CHECK(stable_label("运行", "run") == "运行###run");
}

TEST_CASE("Chinese: the app draws every tab in Chinese; the language button switches it, and the choice is kept") {
  Headless ui;
  MemoryPlatform platform;
  platform.system_lang = "zh_CN.UTF-8";
  {
    App app(platform); // a Chinese system, no choice made yet: Chinese
    CHECK(language() == Language::Chinese);
    for (const char* name : {"race-counter-locked", "deadlock", "process-pool"}) {
      CAPTURE(name);
      if (!find_scenario(name)) continue;
      CHECK(app.apply_state(std::string("scenario=") + name).empty());
      app.finish_runs();
      FrameLog log;
      exercise(ui, app, log);
    }
    app.view.compare = true;
    app.rerun();
    app.finish_runs();
    FrameLog log;
    exercise(ui, app, log);
    // A click on the button, once it is drawn in the language now shown (its label is the other language's name).
    auto click_language = [&] {
      ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      for (int i = 0; i < 20; ++i) ui.frame(app); // (and not a double click)
      const App::Rect* button = app.rect("language");
      REQUIRE(button);
      ui.click(app, centre(*button));
    };
    click_language();
    CHECK(language() == Language::English);
    CHECK(platform.settings["language"] == "en");
    click_language();
    CHECK(language() == Language::Chinese);
    CHECK(platform.settings["language"] == "zh-CN");
    click_language();
    CHECK(language() == Language::English);
  }
  App again(platform); // the user's choice outlives the system's language
  CHECK(language() == Language::English);
  MemoryPlatform english;
  App other(english);
  CHECK(language() == Language::English);
}

} // namespace il::ui::test
