// The left panel: the machine (A, and B when comparing), the current run's one-line result, and the built-in
// scenarios grouped by topic with their descriptions. Changing anything re-runs the simulation at once.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "scenarios/scenarios.hpp"
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

bool edit_gil(Config& c) {
  int gil = static_cast<int>(c.gil);
  const char* gil_modes[] = {tr("new (3.2+)"), tr("old (2.x ticks)"), tr("none (free-threaded)")};
  const bool changed = ImGui::Combo(tr("GIL"), &gil, gil_modes, IM_ARRAYSIZE(gil_modes));
  if (changed) c.gil = static_cast<GilMode>(gil);
  tip(tr("new: CPython 3.2+ drop requests after the switch interval; old: release every 100 ticks and race for it; "
      "none: no GIL, threads run Python in parallel"));
  return changed;
}

// Machine B as real threads: this machine's CPUs, so only the GIL and the time scale are settings.
bool edit_real_machine(Config& c, double& time_scale) {
  bool changed = false;
  ImGui::PushItemWidth(110);
  double scale = time_scale;
  if (ImGui::InputDouble(tr("time scale"), &scale, 0.01, 0.1, "%.3f")) {
    time_scale = std::clamp(scale, min_time_scale(), max_time_scale());
    changed = true;
  }
  char help[200];
  std::snprintf(help, sizeof help,
                tr("Real seconds per nominal second (%g..%g): 0.1 runs a 1 s scenario in 0.1 s of real time. Times "
                   "shown are nominal (real elapsed / time scale), on the simulator's axis"),
                min_time_scale(), max_time_scale());
  tip(help);
  changed |= edit_gil(c);
  changed |= edit_ns(tr("switch interval (ms)"), c.switch_interval_ns, 1e6, 1,
                     tr("sys.setswitchinterval in nominal time (the real GIL waits this times the time scale)"));
  ImGui::PopItemWidth();
  return changed;
}

// Every machine setting; `A` marks the core buttons for tests ("cores-dec", "cores-inc").
bool edit_machine(App& app, Config& c, bool marked) {
  bool changed = false;
  ImGui::PushItemWidth(110);
  if (ImGui::Button("-")) --c.cores, changed = true;
  if (marked) app.mark("cores-dec");
  tip(tr("One core fewer"));
  ImGui::SameLine(0, 2);
  if (ImGui::Button("+")) ++c.cores, changed = true;
  if (marked) app.mark("cores-inc");
  tip(tr("One core more"));
  ImGui::SameLine();
  changed |= ImGui::InputInt(tr("cores"), &c.cores, 0, 0);
  tip(tr("Physical cores of the simulated machine (1..256)"));
  bool smt = c.smt == 2;
  if (ImGui::Checkbox(tr("SMT (2 hyperthreads per core)"), &smt)) c.smt = smt ? 2 : 1, changed = true;
  tip(tr("Hyperthreading: two logical CPUs per core that share it; both busy give smt-gain (1.25x) of one core"));
  changed |= edit_ns(tr("slice (ms)"), c.slice_ns, 1e6, 1,
                     tr("OS time slice: how long a thread runs before the scheduler may preempt it for another ready thread"));
  changed |= edit_ns(tr("switch interval (ms)"), c.switch_interval_ns, 1e6, 1,
                     tr("sys.setswitchinterval: how long a thread waits for the GIL before asking the holder to drop it"));
  changed |= edit_gil(c);
  int sp = static_cast<int>(c.switch_points);
  constexpr const char* points[] = {"py311", "any"};
  if (ImGui::Combo(tr("switch points"), &sp, points, IM_ARRAYSIZE(points)))
    c.switch_points = static_cast<SwitchPoints>(sp), changed = true;
  tip(tr("Where the GIL may change hands: py311 = backward jumps, calls and after C calls (CPython 3.11); "
      "any = after every bytecode (older CPythons, where `counter += 1` is racy)"));
  changed |= edit_ns(tr("context switch (us)"), c.ctx_switch_ns, 1e3, 1, tr("What a context switch costs the CPU"));
  changed |= edit_ns(tr("wake-up (us)"), c.wake_latency_ns, 1e3, 1,
                     tr("How long a thread woken by another (a released lock, a set event, a dropped GIL) takes to "
                        "start running: the futex wake-up and the idle CPU's exit"));
  int seed = static_cast<int>(c.seed);
  if (ImGui::InputInt(tr("seed"), &seed)) c.seed = static_cast<std::uint64_t>(std::max(seed, 0)), changed = true;
  tip(tr("The seed of every random choice (CPU placement among equals, jitter, timer slack): same seed, same run"));
  ImGui::PopItemWidth();
  return changed;
}

void run_line(const RunSlot& s, const char* label) {
  if (!s.refused.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "%s %s", label, s.refused.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (s.real && s.pending) ImGui::TextDisabled(tr("%s running on real threads..."), label);
  if (!s) return;
  const Kernel& k = *s.kernel;
  ImGui::Text(tr("%s %s after %.3f ms"), label, end_label(k.end()),
              static_cast<double>(s.model.makespan) / 1e6);
  tip(s.real ? tr("How the run ended and its makespan (nominal time: real elapsed / time scale)")
             : tr("How the run ended and its makespan (simulated time until the last thread finished)"));
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled(tr("%zu threads, %zu trace records, %s in %.0f ms"), k.threads().size(), k.trace().recs.size(),
                      s.real ? tr("ran on real threads") : tr("simulated"), s.run_ms);
  ImGui::PopTextWrapPos();
  if (k.deadlock().found)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), tr("deadlock (see Inspector)"));
  if (const std::string why = stop_reason(k); !why.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), tr("stopped before the program ended: %s"), why.c_str());
    ImGui::PopTextWrapPos();
  }
}

} // namespace

void App::draw_scenarios_panel() {
  ImGui::Begin("Interleave", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  const auto& all = scenarios();
  bool rerun_needed = false;
  // The interface's language, switched here and kept (the button names the other one, in its own words).
  if (ImGui::SmallButton(language() == Language::English ? "中文###language" : "English###language"))
    set_interface_language(language() == Language::English ? Language::Chinese : Language::English);
  mark("language");
  tip(language() == Language::English ? "界面改用简体中文" : "Show the interface in English");

  if (ImGui::CollapsingHeader((std::string(view.compare ? tr("Machine A") : tr("Machine")) + "###machine-a").c_str(),
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("A");
    rerun_needed |= edit_machine(*this, view.machine, true);
    ImGui::PopID();
  }
  if (view.compare && ImGui::CollapsingHeader((std::string(tr("Machine B")) + "###machine-b").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("B");
    if (real_runs_available()) {
      int kind = view.real_b ? 1 : 0;
      const char* kinds[] = {tr("simulated"), tr("real run on this machine")};
      ImGui::SetNextItemWidth(200);
      if (ImGui::Combo(tr("B"), &kind, kinds, IM_ARRAYSIZE(kinds))) view.real_b = kind == 1, rerun_needed = true;
      mark("b-kind");
      tip(tr("simulated: a second simulated machine; real run: the scenario on real OS threads of this machine "
          "(takes seconds of real time; times are nominal, real / time scale)"));
    }
    rerun_needed |= view.real_b ? edit_real_machine(view.machine_b, view.time_scale_b)
                                : edit_machine(*this, view.machine_b, false);
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
  if (view.editor.active) { // the editor's program runs
    ImGui::Text("%s", view.editor.name.c_str());
    ImGui::TextDisabled(tr("your program, from the Source tab (Ctrl+Enter runs it again)"));
  } else {
    ImGui::Text("%s", cur.name.c_str());
    ImGui::TextDisabled("%s", tr(cur.description.c_str()));
    if (ImGui::TreeNodeEx((std::string(tr("What to watch for")) + "###watch").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      ImGui::TextUnformatted(tr(cur.watch.c_str()));
      ImGui::TreePop();
    }
    mark("watch");
  }
  ImGui::PopTextWrapPos();
  run_line(a, view.compare ? "A:" : "");
  if (view.compare) run_line(b, "B:");
  ImGui::Separator();

  ImGui::BeginChild("scenario-list");
  for (const std::string& topic : topics_in_order(all)) {
    if (!ImGui::TreeNodeEx(stable_label(tr(topic.c_str()), topic.c_str()).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].topic != topic) continue;
      const bool selected = static_cast<int>(i) == view.scenario && !view.editor.active;
      if (ImGui::Selectable(all[i].name.c_str(), selected) && !selected) {
        pick_scenario(static_cast<int>(i));
        rerun_needed = false;
      }
      mark("scenario:" + all[i].name);
      tip(tr(all[i].description.c_str()));
    }
    ImGui::TreePop();
  }
  ImGui::EndChild();
  ImGui::End();
  if (rerun_needed) rerun();
}

} // namespace il::ui
