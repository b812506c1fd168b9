// The timeline: one lane per simulated thread, coloured by its state over time, with a time axis. Wheel zooms
// about the mouse, dragging pans. Segments narrower than a few pixels merge, so work per frame follows pixels.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app.hpp"
#include "report.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

constexpr float kLabelW = 170.0f;
constexpr float kAxisH = 22.0f;
constexpr float kLaneH = 18.0f;
constexpr float kLaneGap = 4.0f;
constexpr float kMinPx = 3.0f; // narrower segments merge into one

// One time-to-pixel mapping for every lane.
struct TimeMap {
  double start_ns, px_per_ns;
  float x0;
  float x(double t) const { return x0 + static_cast<float>((t - start_ns) * px_per_ns); }
  double t(float px) const { return start_ns + (px - x0) / px_per_ns; }
};

void format_time(char* buf, std::size_t n, double ns, double step) {
  if (step >= 1e6) std::snprintf(buf, n, "%.*f ms", step >= 1e7 ? 0 : (step >= 1e6 ? 1 : 2), ns / 1e6);
  else if (step >= 1e3) std::snprintf(buf, n, "%.*f us", step >= 1e4 ? 0 : 1, ns / 1e3);
  else std::snprintf(buf, n, "%.0f ns", ns);
}

double nice_step(double min_ns) {
  const double p = std::pow(10.0, std::floor(std::log10(std::max(min_ns, 1.0))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= min_ns) return m * p;
  return 10 * p;
}

void draw_axis(ImDrawList* dl, const TimeMap& map, ImVec2 p0, float w, float h_total) {
  const double step = nice_step(90.0 / map.px_per_ns);
  const double t_end = map.t(map.x0 + w);
  char buf[32];
  for (double t = std::floor(map.start_ns / step) * step; t <= t_end; t += step) {
    const float x = map.x(t);
    if (x < map.x0) continue;
    dl->AddLine(ImVec2(x, p0.y + kAxisH - 6), ImVec2(x, p0.y + h_total), theme::kGrid);
    format_time(buf, sizeof buf, t, step);
    dl->AddText(ImVec2(x + 3, p0.y + 2), theme::kAxis, buf);
  }
  dl->AddLine(ImVec2(map.x0, p0.y + kAxisH - 1), ImVec2(map.x0 + w, p0.y + kAxisH - 1), theme::kAxis);
}

// Draws the visible part of one lane; merged runs take the colour of the state they spent most time in.
void draw_lane(ImDrawList* dl, const TimeMap& map, const Lane& lane, float y0, float x_max) {
  const double t_view_end = map.t(x_max);
  auto it = std::lower_bound(lane.segments.begin(), lane.segments.end(), map.start_ns,
                             [](const Segment& s, double t) { return static_cast<double>(s.t1) <= t; });
  std::array<Ns, kStateCount> acc{};
  float pend_x0 = 0, pend_x1 = -1;
  auto flush = [&] {
    if (pend_x1 < 0) return;
    const auto dominant = static_cast<ThreadState>(std::max_element(acc.begin(), acc.end()) - acc.begin());
    dl->AddRectFilled(ImVec2(pend_x0, y0), ImVec2(std::max(pend_x1, pend_x0 + 1), y0 + kLaneH),
                      theme::state_colour(dominant));
    acc.fill(0);
    pend_x1 = -1;
  };
  for (; it != lane.segments.end() && static_cast<double>(it->t0) <= t_view_end; ++it) {
    const float a = std::max(map.x(static_cast<double>(it->t0)), map.x0);
    const float b = std::min(map.x(static_cast<double>(it->t1)), x_max);
    if (b - a >= kMinPx) {
      flush();
      dl->AddRectFilled(ImVec2(a, y0), ImVec2(b, y0 + kLaneH), theme::state_colour(it->state));
      continue;
    }
    if (pend_x1 >= 0 && b - pend_x0 > kMinPx) flush();
    if (pend_x1 < 0) pend_x0 = a;
    pend_x1 = b;
    acc[static_cast<std::size_t>(it->state)] += it->t1 - it->t0;
  }
  flush();
}

const Segment* segment_at(const Lane& lane, double t) {
  auto it = std::lower_bound(lane.segments.begin(), lane.segments.end(), t,
                             [](const Segment& s, double v) { return static_cast<double>(s.t1) <= v; });
  if (it == lane.segments.end() || static_cast<double>(it->t0) > t) return nullptr;
  return &*it;
}

void draw_legend() {
  constexpr ThreadState states[] = {ThreadState::Running, ThreadState::Ready,    ThreadState::WaitGil,
                                    ThreadState::Blocked, ThreadState::Sleeping, ThreadState::Io,
                                    ThreadState::Done};
  for (ThreadState s : states) {
    ImGui::ColorButton(std::string(to_string(s)).c_str(), ImGui::ColorConvertU32ToFloat4(theme::state_colour(s)),
                       ImGuiColorEditFlags_NoTooltip, ImVec2(12, 12));
    ImGui::SameLine();
    ImGui::TextUnformatted(std::string(to_string(s)).c_str());
    ImGui::SameLine(0, 14);
  }
  ImGui::NewLine();
}

} // namespace

void App::draw_timeline_panel() {
  ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  draw_legend();
  if (!run.sim) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("wheel: zoom, drag: pan, double-click: fit");
  ImGui::BeginChild("lanes", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  const float lanes_h = kAxisH + static_cast<float>(run.lanes.size()) * (kLaneH + kLaneGap);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = std::max(ImGui::GetContentRegionAvail().x, kLabelW + 50);
  const float canvas_w = w - kLabelW;
  ImGui::InvisibleButton("canvas", ImVec2(w, std::max(lanes_h, 1.0f)));
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();

  // [SECTION] zoom and pan (view state only)
  ImGuiIO& io = ImGui::GetIO();
  const double span = static_cast<double>(std::max<Ns>(run.makespan, 1));
  if (view.px_per_ns <= 0 || (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))) {
    view.px_per_ns = canvas_w / span;
    view.view_start_ns = 0;
  }
  TimeMap map{view.view_start_ns, view.px_per_ns, p0.x + kLabelW};
  if (hovered && io.MouseWheel != 0) {
    const float mx = std::max(io.MousePos.x, map.x0);
    const double t_mouse = map.t(mx);
    const double min_px = canvas_w / span / 4, max_px = 20.0; // 20 px per ns is deep enough
    view.px_per_ns = std::clamp(view.px_per_ns * std::pow(1.25, static_cast<double>(io.MouseWheel)), min_px, max_px);
    view.view_start_ns = t_mouse - (mx - map.x0) / view.px_per_ns;
  }
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f))
    view.view_start_ns -= static_cast<double>(io.MouseDelta.x) / view.px_per_ns;
  map = TimeMap{view.view_start_ns, view.px_per_ns, p0.x + kLabelW};

  // [SECTION] lanes
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x_max = p0.x + w;
  dl->PushClipRect(ImVec2(p0.x, p0.y), ImVec2(x_max, p0.y + lanes_h), true);
  const Lane* hover_lane = nullptr;
  for (std::size_t i = 0; i < run.lanes.size(); ++i) {
    const float y = p0.y + kAxisH + static_cast<float>(i) * (kLaneH + kLaneGap);
    dl->AddRectFilled(ImVec2(p0.x, y - kLaneGap / 2), ImVec2(x_max, y + kLaneH + kLaneGap / 2),
                      i % 2 ? theme::kLaneBgAlt : theme::kLaneBg);
    dl->PushClipRect(ImVec2(p0.x, y), ImVec2(map.x0 - 6, y + kLaneH), true);
    dl->AddText(ImVec2(p0.x + 4, y + 1), theme::kLabel, run.lanes[i].label.c_str());
    dl->PopClipRect();
    draw_lane(dl, map, run.lanes[i], y, x_max);
    if (hovered && io.MousePos.y >= y && io.MousePos.y < y + kLaneH) hover_lane = &run.lanes[i];
  }
  draw_axis(dl, map, p0, canvas_w, lanes_h);
  dl->PopClipRect();

  if (hover_lane && io.MousePos.x >= map.x0 && !active) {
    const Segment* s = segment_at(*hover_lane, map.t(io.MousePos.x));
    if (s)
      ImGui::SetTooltip("%s\n%s\n%.6f ms .. %.6f ms (%.3f us)", hover_lane->label.c_str(),
                        std::string(to_string(s->state)).c_str(), static_cast<double>(s->t0) / 1e6,
                        static_cast<double>(s->t1) / 1e6, static_cast<double>(s->t1 - s->t0) / 1e3);
  }
  ImGui::EndChild();
  ImGui::End();
}

} // namespace il::ui
