// The left panel: built-in scenarios grouped by topic, the machine (cores, SMT, slice, GIL, seed) and a short
// summary of the current run. Changing anything re-runs the simulation.
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "report.hpp"
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

bool draw_machine(MachineControls& m) {
  bool changed = false;
  changed |= ImGui::SliderInt("cores", &m.cores, 1, 16);
  ImGui::TextUnformatted("SMT");
  ImGui::SameLine();
  changed |= ImGui::RadioButton("1", &m.smt, 1);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("2", &m.smt, 2);
  changed |= ImGui::SliderInt("slice (ms)", &m.slice_ms, 1, 100);
  changed |= ImGui::Combo("GIL", &m.gil, kGilModes, IM_ARRAYSIZE(kGilModes));
  changed |= ImGui::InputInt("seed", &m.seed);
  if (m.seed < 0) m.seed = 0;
  return changed;
}

void draw_run_summary(const Run& run) {
  if (!run.sim) return;
  const Sim& sim = *run.sim;
  ImGui::PushTextWrapPos(0);
  ImGui::Text("%s: %s after %.3f ms", run.scenario.c_str(), std::string(to_string(sim.end())).c_str(),
              static_cast<double>(run.makespan) / 1e6);
  ImGui::TextDisabled("%zu threads, %zu trace records, simulated in %.1f ms", sim.threads().size(),
                      sim.trace().recs.size(), run.run_ms);
  ImGui::PopTextWrapPos();
  if (sim.deadlock().found) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "deadlock");
}

} // namespace

void App::draw_scenarios_panel() {
  ImGui::Begin("Scenarios", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  const auto& all = scenarios();
  bool rerun_needed = false;

  if (ImGui::CollapsingHeader("Machine", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushItemWidth(150);
    rerun_needed |= draw_machine(view.machine);
    ImGui::PopItemWidth();
    if (!error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "%s", error.c_str());
  }
  if (ImGui::CollapsingHeader("Run", ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_run_summary(run);
    const Scenario& cur = all[static_cast<std::size_t>(view.scenario)];
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", cur.description.c_str());
    ImGui::PopTextWrapPos();
  }
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
      if (ImGui::IsItemHovered() && !all[i].description.empty()) ImGui::SetTooltip("%s", all[i].description.c_str());
    }
    ImGui::TreePop();
  }
  ImGui::EndChild();
  ImGui::End();
  if (rerun_needed) rerun();
}

} // namespace il::ui
