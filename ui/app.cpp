// The App: runs a scenario on the configured machine, turns its trace into timeline lanes, lays out the panels
// and logs each run's summary to the console (the browser's, where tests and people read it).
#include "app.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "cli_config.hpp"
#include "report.hpp"
#include "scenarios.hpp"

namespace il::ui {

// [SECTION] runs

namespace {

// The UI's controls as the CLI's flags, through the same apply_flag, so both accept and reject the same.
std::optional<std::string> make_config(const MachineControls& m, Config& cfg) {
  const std::pair<const char*, std::string> flags[] = {
      {"cores", std::to_string(m.cores)},
      {"smt", std::to_string(m.smt)},
      {"slice-ms", std::to_string(m.slice_ms)},
      {"gil", kGilModes[m.gil]},
      {"seed", std::to_string(m.seed)},
  };
  for (const auto& [key, value] : flags)
    if (auto err = apply_flag(cfg, key, value)) return err;
  return cfg.validate();
}

// Pretty JSON to one line: a newline and the indentation after it are formatting (JSON strings hold none).
std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\r') {
      out += s[i];
      continue;
    }
    while (i + 1 < s.size() && s[i + 1] == ' ') ++i;
  }
  return out;
}

// Reads the controls back from a Config, so URL values go through apply_flag's parsing too.
void controls_from_config(const Config& cfg, MachineControls& m) {
  m.cores = cfg.cores;
  m.smt = cfg.smt;
  m.slice_ms = static_cast<int>(cfg.slice_ns / kMilli);
  m.gil = static_cast<int>(cfg.gil);
  m.seed = static_cast<int>(cfg.seed);
}

} // namespace

App::App() {
  const auto& all = scenarios();
  IM_ASSERT(!all.empty());
  if (const Scenario* s = find_scenario("download-threads")) view.scenario = static_cast<int>(s - all.data());
}

std::vector<std::string> App::apply_query(std::string_view query) {
  std::vector<std::string> errors;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  Config cfg;
  if (make_config(view.machine, cfg)) cfg = Config{};
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (key == "scenario") {
      if (const Scenario* s = find_scenario(value))
        view.scenario = static_cast<int>(s - scenarios().data());
      else
        errors.push_back("unknown scenario '" + std::string(value) + "'");
    } else if (auto err = apply_flag(cfg, key, value)) {
      errors.push_back(*err);
    }
  }
  controls_from_config(cfg, view.machine);
  return errors;
}

void App::rerun() {
  const auto& all = scenarios();
  IM_ASSERT(view.scenario >= 0 && view.scenario < static_cast<int>(all.size()));
  const Scenario& sc = all[static_cast<std::size_t>(view.scenario)];
  Config cfg;
  if (auto err = make_config(view.machine, cfg)) {
    error = *err; // keep showing the previous run
    return;
  }
  error.clear();
  auto t0 = std::chrono::steady_clock::now();
  auto sim = std::make_unique<Sim>(cfg, sc.build());
  sim->run();
  run.run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  run.scenario = sc.name;
  run.makespan = sim->now();
  run.lanes = build_lanes(*sim);
  run.sim = std::move(sim);
  view.px_per_ns = 0; // fit the new run
  std::printf("interleave: summary %s\n", one_line(summary_json(*run.sim, run.scenario)).c_str());
  std::fflush(stdout);
}

std::vector<Lane> build_lanes(const Sim& sim) {
  std::vector<Lane> lanes(sim.threads().size());
  for (std::size_t t = 0; t < lanes.size(); ++t) lanes[t].label = thread_label(sim, static_cast<ThreadId>(t));
  std::vector<Ns> since(lanes.size(), -1);
  std::vector<ThreadState> state(lanes.size(), ThreadState::New);
  auto close = [&](std::size_t t, Ns now) {
    if (since[t] >= 0 && now > since[t]) lanes[t].segments.push_back({since[t], now, state[t]});
  };
  for (const TraceRec& r : sim.trace().recs) {
    if (r.thread < 0 || static_cast<std::size_t>(r.thread) >= lanes.size()) continue;
    const auto t = static_cast<std::size_t>(r.thread);
    if (r.kind == Ev::ThreadNew) {
      if (since[t] < 0) since[t] = r.t;
    } else if (r.kind == Ev::State) {
      close(t, r.t);
      since[t] = r.t;
      state[t] = r.state;
    }
  }
  for (std::size_t t = 0; t < lanes.size(); ++t) close(t, sim.now()); // finished threads show as done
  return lanes;
}

// [SECTION] layout

void App::draw() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float left = 330.0f;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(left, size.y));
  draw_scenarios_panel();
  ImGui::SetNextWindowPos(ImVec2(left, 0));
  ImGui::SetNextWindowSize(ImVec2(size.x - left, size.y));
  draw_timeline_panel();
}

} // namespace il::ui
