// The bar above the timeline: playback (play/pause, step one event, step to the next wake-up, the cursor as a
// scrubber, speed in simulated time), the compare switch, exports, and progress while a long run simulates.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

// "1 ms/s": how much simulated time one wall-clock second shows.
void format_speed(char* buf, std::size_t n, double log10_ns_per_s) {
  const double v = std::pow(10.0, log10_ns_per_s);
  if (v >= 1e9) std::snprintf(buf, n, "%.3g s/s", v / 1e9);
  else if (v >= 1e6) std::snprintf(buf, n, "%.3g ms/s", v / 1e6);
  else if (v >= 1e3) std::snprintf(buf, n, "%.3g us/s", v / 1e3);
  else std::snprintf(buf, n, "%.3g ns/s", v);
}

void progress_line(const RunSlot& s, const char* label) {
  const Sim* sim = s.sim();
  if (!s.pending || !sim) return;
  char buf[96];
  std::snprintf(buf, sizeof buf, tr("%s: simulating, %.3f s simulated, %lld events"), label,
                static_cast<double>(sim->now()) / 1e9, static_cast<long long>(sim->events_processed()));
  // The end time is unknown until the run ends: an indeterminate bar that moves with the work done.
  ImGui::ProgressBar(static_cast<float>(std::fmod(static_cast<double>(sim->events_processed()) / 2e6, 1.0)),
                     ImVec2(320, 0), buf);
}

// A real run B takes seconds of real time on its own thread; the toolbar stays usable meanwhile.
void real_progress(const RunSlot& s) {
  if (!s.real || !s.pending) return;
  if (!s.job) {
    ImGui::TextDisabled(tr("B: waiting for the previous real run to end..."));
    return;
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kLabel), tr("B: running on real threads... %.1f s"),
                     s.job->wall_ms() / 1000);
  tip(tr("Run B runs the scenario on real OS threads of this machine; its lanes appear when it ends"));
}

} // namespace

void App::draw_toolbar() {
  ImGui::Begin("Playback", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  if (a.pending || (b.pending && !b.real)) {
    progress_line(a, "A");
    if (b.pending) {
      ImGui::SameLine();
      if (b.real) real_progress(b);
      else progress_line(b, "B");
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Stop"))) stop_runs();
    mark("stop-run");
    tip(tr("End the simulation where it stands and show what it did so far (a program that never ends stops by "
        "itself at the instruction budget, 1e9, or an hour of simulated time)"));
    ImGui::End();
    return;
  }
  if (!a) {
    ImGui::TextDisabled(tr("no run"));
    ImGui::End();
    return;
  }
  const Model& m = a.model;

  if (ImGui::Button((std::string(view.playing ? tr("Pause") : tr("Play")) + "###play").c_str(), ImVec2(56, 0))) {
    if (!view.playing && view.cursor >= m.makespan) view.cursor = 0;
    view.playing = !view.playing;
  }
  mark("play");
  tip(tr("Play or pause the run from the cursor (space)"));
  ImGui::SameLine();
  if (ImGui::Button("|<")) view.cursor = 0, view.playing = false;
  tip(tr("Rewind to the start (Home)"));
  ImGui::SameLine();
  if (ImGui::Button("<")) view.cursor = prev_time(m.times, view.cursor), view.playing = false;
  tip(tr("Step back one scheduling event (left arrow)"));
  ImGui::SameLine();
  if (ImGui::Button(">")) view.cursor = next_time(m.times, view.cursor), view.playing = false;
  mark("step");
  tip(tr("Step forward one scheduling event (right arrow)"));
  ImGui::SameLine();
  if (ImGui::Button(tr("wake >"))) view.cursor = next_time(m.wake_times, view.cursor), view.playing = false;
  tip(tr("Jump to the next wake-up: a release, notify, put or timer letting a thread run (down arrow; up goes back)"));
  ImGui::SameLine();
  if (ImGui::Button(">|")) view.cursor = m.makespan, view.playing = false;
  tip(tr("Jump to the end (End)"));

  ImGui::SameLine(0, 16);
  ImGui::SetNextItemWidth(150);
  char speed[32];
  format_speed(speed, sizeof speed, view.speed_log10);
  float s = static_cast<float>(view.speed_log10);
  if (ImGui::SliderFloat("##speed", &s, 3.0f, 10.0f, speed)) view.speed_log10 = s;
  tip(tr("Playback speed: simulated time per wall-clock second, from 1 us/s (every instruction) to 10 s/s"));

  ImGui::SameLine(0, 16);
  const bool toggled = ImGui::Checkbox(tr("compare"), &view.compare);
  mark("compare");
  tip(tr("Run the scenario on a second machine (B, set in the left panel) and draw both on one time axis"));

  ImGui::SameLine(0, 16);
  draw_export_controls();
  if (toggled) rerun();
  ImGui::SameLine();
  if (ImGui::Button(tr("Copy link"))) copy_link();
  mark("copy-link");
  tip(view.editor.active ? tr("A link that opens this program on this machine with this seed (the program travels in it, compressed)")
                         : tr("A link that opens this scenario on this machine with this seed"));

  // The cursor as a scrubber over the whole run.
  double cursor_ms = static_cast<double>(view.cursor) / 1e6;
  const double zero = 0, end_ms = static_cast<double>(m.makespan) / 1e6;
  ImGui::SetNextItemWidth(std::max(200.0f, ImGui::GetContentRegionAvail().x - 260));
  if (ImGui::SliderScalar("##cursor", ImGuiDataType_Double, &cursor_ms, &zero, &end_ms, tr("cursor %.6f ms"))) {
    view.cursor = std::clamp<Ns>(static_cast<Ns>(std::llround(cursor_ms * 1e6)), 0, m.makespan);
    view.playing = false;
  }
  mark("cursor");
  tip(tr("Drag to scrub the cursor backward and forward; the run is deterministic, so rewinding replays it exactly"));
  ImGui::SameLine();
  if (b.real && b.pending) real_progress(b);
  else if (!view.status.empty()) ImGui::TextDisabled("%s", view.status.c_str());
  else ImGui::TextDisabled(tr("space play, arrows step, +/- zoom, F fit"));
  ImGui::End();
}

} // namespace il::ui
