// The left panel: the machine (A, and B when comparing), the current run's one-line result, and the built-in
// scenarios grouped by topic with their descriptions. Changing anything re-runs the simulation at once.
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "scenarios.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

// Topics in the order the registry first names them.
std::vector<std::string> topics_in_order(const std::vector<Scenario>& all) {
  std::vector<std::string> topics;
  for (const Scenario& s : all) {
    bool seen = false;
    for (const std::string& t : topics) seen = seen || t == s.topic;
    if (!seen) topics.push_back(s.topic);
  }
  return topics;
}

// A duration field in `unit` (1e6 for ms, 1e3 for us) over an integer nanosecond setting.
bool edit_ns(const char* label, Ns& ns, double unit, double step, const char* help) {
  double v = static_cast<double>(ns) / unit;
  const bool changed = ImGui::InputDouble(label, &v, step, step * 10, unit >= 1e6 ? "%.3f" : "%.1f");
  tip(help);
  if (changed) ns = static_cast<Ns>(std::llround(std::max(v, 0.0) * unit));
  return changed;
}

// Every machine setting; `A` marks the core buttons for tests ("cores-dec", "cores-inc").
bool edit_machine(App& app, Config& c, bool marked) {
  bool changed = false;
  ImGui::PushItemWidth(110);
  if (ImGui::Button("-")) --c.cores, changed = true;
  if (marked) app.mark("cores-dec");
  tip("One core fewer");
  ImGui::SameLine(0, 2);
  if (ImGui::Button("+")) ++c.cores, changed = true;
  if (marked) app.mark("cores-inc");
  tip("One core more");
  ImGui::SameLine();
  changed |= ImGui::InputInt("cores", &c.cores, 0, 0);
  tip("Physical cores of the simulated machine (1..256)");
  bool smt = c.smt == 2;
  if (ImGui::Checkbox("SMT (2 hyperthreads per core)", &smt)) c.smt = smt ? 2 : 1, changed = true;
  tip("Hyperthreading: two logical CPUs per core that share it; both busy give smt-gain (1.25x) of one core");
  changed |= edit_ns("slice (ms)", c.slice_ns, 1e6, 1, "OS time slice: how long a thread runs before the scheduler "
                                                         "may preempt it for another ready thread");
  changed |= edit_ns("switch interval (ms)", c.switch_interval_ns, 1e6, 1,
                     "sys.setswitchinterval: how long a thread waits for the GIL before asking the holder to drop it");
  int gil = static_cast<int>(c.gil);
  constexpr const char* gil_modes[] = {"new (3.2+)", "old (2.x ticks)", "none (free-threaded)"};
  if (ImGui::Combo("GIL", &gil, gil_modes, IM_ARRAYSIZE(gil_modes))) c.gil = static_cast<GilMode>(gil), changed = true;
  tip("new: CPython 3.2+ drop requests after the switch interval; old: release every 100 ticks and race for it; "
      "none: no GIL, threads run Python in parallel");
  int sp = static_cast<int>(c.switch_points);
  constexpr const char* points[] = {"py311", "any"};
  if (ImGui::Combo("switch points", &sp, points, IM_ARRAYSIZE(points)))
    c.switch_points = static_cast<SwitchPoints>(sp), changed = true;
  tip("Where the GIL may change hands: py311 = backward jumps, calls and after C calls (CPython 3.11); "
      "any = after every bytecode (older CPythons, where `counter += 1` is racy)");
  changed |= edit_ns("context switch (us)", c.ctx_switch_ns, 1e3, 1, "What a context switch costs the CPU");
  changed |= edit_ns("wake-up (us)", c.wake_latency_ns, 1e3, 1,
                     "How long a thread woken by another (a released lock, a set event, a dropped GIL) takes to "
                     "start running: the futex wake-up and the idle CPU's exit");
  int seed = static_cast<int>(c.seed);
  if (ImGui::InputInt("seed", &seed)) c.seed = static_cast<std::uint64_t>(std::max(seed, 0)), changed = true;
  tip("The seed of every random choice (CPU placement among equals, jitter, timer slack): same seed, same run");
  ImGui::PopItemWidth();
  return changed;
}

void run_line(const RunSlot& s, const char* label) {
  if (!s) return;
  const Sim& sim = *s.sim;
  ImGui::Text("%s %s after %.3f ms", label, std::string(to_string(sim.end())).c_str(),
              static_cast<double>(s.model.makespan) / 1e6);
  tip("How the run ended and its makespan (simulated time until the last thread finished)");
  ImGui::TextDisabled("%zu threads, %zu trace records, simulated in %.0f ms", sim.threads().size(),
                      sim.trace().recs.size(), s.run_ms);
  if (sim.deadlock().found)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "deadlock (see Inspector)");
}

} // namespace

void App::draw_scenarios_panel() {
  ImGui::Begin("Interleave", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  const auto& all = scenarios();
  bool rerun_needed = false;

  if (ImGui::CollapsingHeader(view.compare ? "Machine A" : "Machine", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("A");
    rerun_needed |= edit_machine(*this, view.machine, true);
    ImGui::PopID();
  }
  if (view.compare && ImGui::CollapsingHeader("Machine B", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("B");
    rerun_needed |= edit_machine(*this, view.machine_b, false);
    ImGui::PopID();
  }
  if (!view.error.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "%s", view.error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  const Scenario& cur = all[static_cast<std::size_t>(view.scenario)];
  ImGui::PushTextWrapPos(0);
  ImGui::Text("%s", cur.name.c_str());
  ImGui::TextDisabled("%s", cur.description.c_str());
  ImGui::PopTextWrapPos();
  run_line(a, view.compare ? "A:" : "");
  if (view.compare) run_line(b, "B:");
  ImGui::Separator();

  ImGui::BeginChild("scenario-list");
  for (const std::string& topic : topics_in_order(all)) {
    if (!ImGui::TreeNodeEx(topic.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].topic != topic) continue;
      const bool selected = static_cast<int>(i) == view.scenario;
      if (ImGui::Selectable(all[i].name.c_str(), selected) && !selected) {
        view.scenario = static_cast<int>(i);
        rerun_needed = true;
      }
      mark("scenario:" + all[i].name);
      tip(all[i].description.c_str());
    }
    ImGui::TreePop();
  }
  ImGui::EndChild();
  ImGui::End();
  if (rerun_needed) rerun();
}

} // namespace il::ui
