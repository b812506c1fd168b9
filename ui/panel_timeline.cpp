// The timeline: for run A (and B when comparing) a lane per thread grouped by process, a lane per logical CPU
// grouped by core, a GIL lane per process, lock lanes in Tracy's colours, counter lanes, and arrows from each
// wake-up's cause to the moment the woken thread ran. One time-to-pixel map for all; wheel zooms, drag pans,
// the axis row scrubs the cursor. Items narrower than a few pixels merge, so per-frame work follows pixels.
//
// [SECTION] geometry
// [SECTION] lane painters
// [SECTION] rows
// [SECTION] panel
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

// [SECTION] geometry

constexpr float kLabelW = 190.0f;
constexpr float kAxisH = 22.0f;
constexpr float kLaneH = 16.0f;
constexpr float kRowH = 20.0f;
constexpr float kMinPx = 3.0f;    // narrower items merge into one
constexpr std::size_t kMaxArrows = 1500; // more visible wake-ups than this: zoom in to see them

struct TimeMap {
  double start_ns, px_per_ns;
  float x0;
  float x(double t) const { return x0 + static_cast<float>((t - start_ns) * px_per_ns); }
  double t(float px) const { return start_ns + (px - x0) / px_per_ns; }
};

void format_time(char* buf, std::size_t n, double ns, double step) {
  if (step >= 1e6) std::snprintf(buf, n, "%.*f ms", step >= 1e7 ? 0 : 1, ns / 1e6);
  else if (step >= 1e3) std::snprintf(buf, n, "%.*f us", step >= 1e4 ? 0 : 1, ns / 1e3);
  else std::snprintf(buf, n, "%.0f ns", ns);
}

std::string ms(Ns t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f ms", static_cast<double>(t) / 1e6);
  return buf;
}

double nice_step(double min_ns) {
  const double p = std::pow(10.0, std::floor(std::log10(std::max(min_ns, 1.0))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= min_ns) return m * p;
  return 10 * p;
}

// [SECTION] lane painters

// Walks the visible items of a sorted interval list, so that work follows pixels: an item at least kMinPx
// wide is drawn as itself; from a narrower one, everything ending within the next kMinPx pixels is skipped by
// binary search and drawn as one folded item. Per lane that is O(visible width / kMinPx * log n).
//   item(it, a, b): draw one item over pixels [a, b)
//   fold(first, last, a, b): draw the items [first, last) folded over pixels [a, b)
template <class V, class Item, class Fold>
void walk(const V& v, const TimeMap& map, float x_max, Item&& item, Fold&& fold) {
  auto it = std::lower_bound(v.begin(), v.end(), map.start_ns,
                             [](const auto& s, double t) { return static_cast<double>(s.t1) <= t; });
  while (it != v.end()) {
    const float a = std::max(map.x(static_cast<double>(it->t0)), map.x0);
    if (a >= x_max) break;
    const float b = std::min(map.x(static_cast<double>(it->t1)), x_max);
    if (b - a >= kMinPx) {
      item(it, a, b);
      ++it;
      continue;
    }
    const double t_group_end = map.t(a + kMinPx);
    auto last = std::upper_bound(it, v.end(), t_group_end,
                                 [](double t, const auto& s) { return t < static_cast<double>(s.t1); });
    if (last == it) ++last; // cannot happen with b - a < kMinPx; keeps the walk moving regardless
    fold(it, last, a, std::min(map.x(static_cast<double>(std::prev(last)->t1)), x_max));
    it = last;
  }
}

// The most common of `key` over up to 8 items spread evenly through [first, last), weighted by duration.
template <class It, class Key> auto sampled_majority(It first, It last, Key key) {
  const auto n = static_cast<std::size_t>(last - first);
  const std::size_t step = std::max<std::size_t>(1, n / 8);
  decltype(key(*first)) best = key(*first);
  std::array<std::pair<decltype(best), Ns>, 8> seen{};
  std::size_t used = 0;
  Ns best_ns = -1;
  for (std::size_t i = 0; i < n; i += step) {
    const auto& s = *(first + static_cast<std::ptrdiff_t>(i));
    const auto k = key(s);
    std::size_t j = 0;
    while (j < used && seen[j].first != k) ++j;
    if (j == used) {
      if (used == seen.size()) continue;
      seen[used++] = {k, 0};
    }
    seen[j].second += s.t1 - s.t0 + 1;
    if (seen[j].second > best_ns) best_ns = seen[j].second, best = k;
  }
  return best;
}

void paint_thread(ImDrawList* dl, const TimeMap& map, const ThreadLane& lane, float y, float x_max) {
  const float y1 = y + kLaneH;
  const auto begin = lane.segments.begin();
  walk(lane.segments, map, x_max,
       [&](auto it, float a, float b) { dl->AddRectFilled(ImVec2(a, y), ImVec2(b, y1), theme::state_colour(it->state)); },
       [&](auto first, auto last, float a, float b) {
         const ThreadState st = sampled_majority(first, last, [](const Segment& s) { return s.state; });
         dl->AddRectFilled(ImVec2(a, y), ImVec2(std::max(b, a + 1), y1), theme::state_colour(st));
         // A wait stays visible however short: it is what people look for.
         const auto i = static_cast<std::size_t>(first - begin), j = static_cast<std::size_t>(last - begin);
         if (st != ThreadState::Blocked && st != ThreadState::WaitGil && lane.waits_before[j] > lane.waits_before[i])
           dl->AddRectFilled(ImVec2(a, y + kLaneH / 2), ImVec2(a + kMinPx, y1), theme::kBlocked);
       });
}

void paint_spans(ImDrawList* dl, const TimeMap& map, const std::vector<Span>& spans, float y, float x_max,
                 const Kernel& sim) {
  const float y1 = y + kLaneH;
  walk(spans, map, x_max,
       [&](auto it, float a, float b) {
         dl->AddRectFilled(ImVec2(a, y), ImVec2(b, y1), theme::thread_colour(it->thread));
         if (b - a > 40) {
           dl->PushClipRect(ImVec2(a, y), ImVec2(b, y1), true);
           dl->AddText(ImVec2(a + 3, y), IM_COL32(20, 20, 20, 255), sim.threads()[static_cast<std::size_t>(it->thread)].name.c_str());
           dl->PopClipRect();
         }
       },
       [&](auto first, auto last, float a, float b) {
         const ThreadId t = sampled_majority(first, last, [](const Span& s) { return s.thread; });
         dl->AddRectFilled(ImVec2(a, y), ImVec2(std::max(b, a + 1), y1), theme::thread_colour(t));
       });
}

ImU32 lock_colour(LockState s) {
  switch (s) {
  case LockState::Held: return theme::kLockHeld;
  case LockState::Contended: return theme::kLockContended;
  case LockState::Waiting: return theme::kLockWaiting;
  }
  return theme::kLockHeld;
}

void paint_lock(ImDrawList* dl, const TimeMap& map, const LockLane& lane, float y, float x_max) {
  const float y1 = y + kLaneH;
  const auto begin = lane.spans.begin();
  walk(lane.spans, map, x_max,
       [&](auto it, float a, float b) { dl->AddRectFilled(ImVec2(a, y), ImVec2(b, y1), lock_colour(it->state)); },
       [&](auto first, auto last, float a, float b) {
         const LockState st = sampled_majority(first, last, [](const LockSpan& s) { return s.state; });
         dl->AddRectFilled(ImVec2(a, y), ImVec2(std::max(b, a + 1), y1), lock_colour(st));
         const auto i = static_cast<std::size_t>(first - begin), j = static_cast<std::size_t>(last - begin);
         if (st == LockState::Held && lane.contended_before[j] > lane.contended_before[i])
           dl->AddRectFilled(ImVec2(a, y + kLaneH / 2), ImVec2(a + kMinPx, y1), theme::kLockContended);
       });
}

// A step plot; with more samples than pixels it draws each pixel column's value range instead.
void paint_counter(ImDrawList* dl, const TimeMap& map, const CounterLane& lane, float y, float x_max) {
  if (lane.samples.empty()) return;
  const float h = kLaneH - 2;
  const double scale = lane.max > 0 ? h / static_cast<double>(lane.max) : 0;
  auto py = [&](std::int64_t v) { return y + kLaneH - 1 - static_cast<float>(static_cast<double>(v) * scale); };
  const double t_end = map.t(x_max);
  auto first = std::upper_bound(lane.samples.begin(), lane.samples.end(), map.start_ns,
                                [](double t, const auto& s) { return t < static_cast<double>(s.first); });
  auto last = std::upper_bound(first, lane.samples.end(), t_end,
                               [](double t, const auto& s) { return t < static_cast<double>(s.first); });
  if (last - first > static_cast<std::ptrdiff_t>(x_max - map.x0)) {
    for (float px = map.x0; px < x_max; px += 1) {
      const Ns t0 = static_cast<Ns>(map.t(px)), t1 = static_cast<Ns>(map.t(px + 1));
      std::int64_t lo = counter_at(lane, t0), hi = lo;
      auto it = std::upper_bound(lane.samples.begin(), lane.samples.end(), t0,
                                 [](Ns t, const auto& s) { return t < s.first; });
      for (int n = 0; it != lane.samples.end() && it->first < t1 && n < 64; ++it, ++n)
        lo = std::min(lo, it->second), hi = std::max(hi, it->second);
      dl->AddRectFilled(ImVec2(px, py(hi)), ImVec2(px + 1, std::max(py(lo), py(hi) + 1)), theme::kCounter);
    }
    return;
  }
  float x = map.x0;
  std::int64_t v = counter_at(lane, static_cast<Ns>(map.start_ns));
  for (auto it = first; it != last; ++it) {
    const float nx = map.x(static_cast<double>(it->first));
    dl->AddLine(ImVec2(x, py(v)), ImVec2(nx, py(v)), theme::kCounter);
    dl->AddLine(ImVec2(nx, py(v)), ImVec2(nx, py(it->second)), theme::kCounter);
    x = nx;
    v = it->second;
  }
  dl->AddLine(ImVec2(x, py(v)), ImVec2(x_max, py(v)), theme::kCounter);
}

// [SECTION] rows

enum class RowKind : std::uint8_t { Header, Thread, Cpu, Gil, Lock, Counter };
struct Row {
  RowKind kind;
  const RunSlot* run;
  std::size_t index; // into the model's lane vector
  std::string header;
};

void add_rows(std::vector<Row>& rows, const RunSlot& run, const ViewState& v, const char* name) {
  const Model& m = run.model;
  const Kernel& sim = *run.kernel;
  if (name && run.real) {
    char buf[160];
    std::snprintf(buf, sizeof buf, tr("%s: real threads (%d CPUs, time scale %g), GIL %s, makespan %.3f ms nominal"), name,
                  run.real_cpus, run.time_scale, std::string(to_string(run.cfg.gil)).c_str(),
                  static_cast<double>(m.makespan) / 1e6);
    rows.push_back({RowKind::Header, &run, 0, buf});
  } else if (name) {
    char buf[160];
    std::snprintf(buf, sizeof buf, tr("%s: %d cores%s, slice %.3g ms, GIL %s, seed %llu, makespan %.3f ms"), name,
                  run.cfg.cores, run.cfg.smt == 2 ? " x2 SMT" : "", static_cast<double>(run.cfg.slice_ns) / 1e6,
                  std::string(to_string(run.cfg.gil)).c_str(), static_cast<unsigned long long>(run.cfg.seed),
                  static_cast<double>(m.makespan) / 1e6);
    rows.push_back({RowKind::Header, &run, 0, buf});
  }
  ProcId proc = -2;
  for (std::size_t i = 0; i < m.threads.size(); ++i) {
    if (m.threads[i].proc != proc && sim.processes().size() > 1) {
      proc = m.threads[i].proc;
      const Process& p = sim.processes()[static_cast<std::size_t>(proc)];
      rows.push_back({RowKind::Header, &run, 0, tr("process ") + p.name + " (pid " + std::to_string(p.pid) + ")"});
    }
    rows.push_back({RowKind::Thread, &run, i, {}});
  }
  if (v.show_cpus) {
    rows.push_back({RowKind::Header, &run, 0, tr("CPUs")});
    for (std::size_t i = 0; i < m.cpus.size(); ++i) rows.push_back({RowKind::Cpu, &run, i, {}});
  }
  if (v.show_gil && !m.gils.empty()) {
    rows.push_back({RowKind::Header, &run, 0, "GIL"});
    for (std::size_t i = 0; i < m.gils.size(); ++i) rows.push_back({RowKind::Gil, &run, i, {}});
  }
  if (v.show_locks && !m.locks.empty()) {
    rows.push_back({RowKind::Header, &run, 0, tr("locks")});
    for (std::size_t i = 0; i < m.locks.size(); ++i) rows.push_back({RowKind::Lock, &run, i, {}});
  }
  if (v.show_counters && !m.counters.empty()) {
    rows.push_back({RowKind::Header, &run, 0, tr("counters")});
    for (std::size_t i = 0; i < m.counters.size(); ++i) rows.push_back({RowKind::Counter, &run, i, {}});
  }
}

std::string thread_name(const Kernel& sim, ThreadId t) {
  return t >= 0 && static_cast<std::size_t>(t) < sim.threads().size() ? sim.threads()[static_cast<std::size_t>(t)].name
                                                                      : std::string("nobody");
}

std::string object_name(const Kernel& sim, ObjId o) {
  const Object* obj = o >= 0 && static_cast<std::size_t>(o) < sim.object_count() ? sim.object(o) : nullptr;
  return obj ? obj->name : std::string("?");
}

void row_tooltip(const Row& row, Ns t) {
  const Model& m = row.run->model;
  const Kernel& sim = *row.run->kernel;
  switch (row.kind) {
  case RowKind::Header: return;
  case RowKind::Thread: {
    const ThreadLane& lane = m.threads[row.index];
    const Segment* s = segment_at(lane, t);
    if (!s) return ImGui::SetTooltip(tr("%s\nnot started"), lane.label.c_str());
    std::string why(state_label(s->state));
    if (s->state == ThreadState::Running) why = tr("running on CPU ") + std::to_string(s->cpu);
    if (s->state == ThreadState::Blocked && s->on >= 0)
      why = tr("blocked on ") + object_name(sim, s->on) + (s->holder >= 0 ? tr(", held by ") + thread_name(sim, s->holder) : "");
    if (s->state == ThreadState::WaitGil)
      for (const GilLane& g : m.gils)
        if (g.proc == lane.proc)
          if (const Span* h = span_at(g.spans, t)) why = tr("waiting for the GIL, held by ") + thread_name(sim, h->thread);
    return ImGui::SetTooltip(tr("%s\n%s\n%s .. %s (%.3f us)"), lane.label.c_str(), why.c_str(), ms(s->t0).c_str(),
                             ms(s->t1).c_str(), static_cast<double>(s->t1 - s->t0) / 1e3);
  }
  case RowKind::Cpu:
  case RowKind::Gil: {
    const auto& spans = row.kind == RowKind::Cpu ? m.cpus[row.index].spans : m.gils[row.index].spans;
    const std::string& label = row.kind == RowKind::Cpu ? m.cpus[row.index].label : m.gils[row.index].label;
    const Span* s = span_at(spans, t);
    if (!s) return ImGui::SetTooltip("%s\n%s", label.c_str(), row.kind == RowKind::Cpu ? tr("idle") : tr("free"));
    return ImGui::SetTooltip("%s\n%s %s\n%s .. %s", label.c_str(), row.kind == RowKind::Cpu ? tr("running") : tr("held by"),
                             thread_name(sim, s->thread).c_str(), ms(s->t0).c_str(), ms(s->t1).c_str());
  }
  case RowKind::Lock: {
    const LockLane& lane = m.locks[row.index];
    const LockSpan* s = lock_span_at(lane, t);
    if (!s) return ImGui::SetTooltip(tr("%s\nfree, nobody waiting"), lane.label.c_str());
    const char* what = s->state == LockState::Held        ? "held, nobody waiting"
                       : s->state == LockState::Contended ? "held while others wait"
                                                          : "free, but a woken waiter has not taken it yet";
    return ImGui::SetTooltip(tr("%s\n%s\nholders %d (%s), waiters %d\n%s .. %s"), lane.label.c_str(), what, s->holders,
                             thread_name(sim, s->holder).c_str(), s->waiters, ms(s->t0).c_str(), ms(s->t1).c_str());
  }
  case RowKind::Counter: {
    const CounterLane& lane = m.counters[row.index];
    return ImGui::SetTooltip(tr("%s\nvalue %lld at %s (max %lld)"), lane.label.c_str(),
                             static_cast<long long>(counter_at(lane, t)), ms(t).c_str(), static_cast<long long>(lane.max));
  }
  }
}

const char* row_label(const Row& row) {
  const Model& m = row.run->model;
  switch (row.kind) {
  case RowKind::Header: return row.header.c_str();
  case RowKind::Thread: return m.threads[row.index].label.c_str();
  case RowKind::Cpu: return m.cpus[row.index].label.c_str();
  case RowKind::Gil: return m.gils[row.index].label.c_str();
  case RowKind::Lock: return m.locks[row.index].label.c_str();
  case RowKind::Counter: return m.counters[row.index].label.c_str();
  }
  return "";
}

void draw_legend(ViewState& v) {
  constexpr ThreadState states[] = {ThreadState::New,      ThreadState::Running,  ThreadState::Ready,
                                    ThreadState::WaitGil,  ThreadState::Blocked,  ThreadState::Sleeping,
                                    ThreadState::Io,       ThreadState::Done};
  for (ThreadState s : states) {
    ImGui::ColorButton(std::string(to_string(s)).c_str(), ImGui::ColorConvertU32ToFloat4(theme::state_colour(s)),
                       ImGuiColorEditFlags_NoTooltip, ImVec2(11, 11));
    ImGui::SameLine(0, 3);
    ImGui::TextUnformatted(state_label(s));
    ImGui::SameLine(0, 10);
  }
  const std::pair<ImU32, const char*> locks[] = {
      {theme::kLockHeld, tr("lock held")}, {theme::kLockContended, tr("held, others wait")}, {theme::kLockWaiting, tr("waited for")}};
  for (const auto& [c, name] : locks) {
    ImGui::ColorButton(name, ImGui::ColorConvertU32ToFloat4(c), ImGuiColorEditFlags_NoTooltip, ImVec2(11, 11));
    ImGui::SameLine(0, 3);
    ImGui::TextUnformatted(name);
    ImGui::SameLine(0, 10);
  }
  ImGui::NewLine();
  ImGui::Checkbox(tr("CPUs"), &v.show_cpus);
  tip(tr("A lane per logical CPU, hyperthread siblings under their core: which thread runs where"));
  ImGui::SameLine();
  ImGui::Checkbox(tr("GIL"), &v.show_gil);
  tip(tr("Who holds each process's GIL"));
  ImGui::SameLine();
  ImGui::Checkbox(tr("locks"), &v.show_locks);
  tip(tr("Each primitive: green held alone, yellow held while others wait, red waited for while free"));
  ImGui::SameLine();
  ImGui::Checkbox(tr("counters"), &v.show_counters);
  tip(tr("Semaphore values and queue lengths over time"));
  ImGui::SameLine();
  ImGui::Checkbox(tr("wake arrows"), &v.show_arrows);
  tip(tr("Arrows from a release / notify / put to the moment the thread it woke got to run"));
  ImGui::SameLine();
  ImGui::Checkbox(tr("follow"), &v.follow);
  tip(tr("Keep the cursor in view while playing"));
}

} // namespace

// [SECTION] panel

void App::draw_timeline_panel() {
  ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                        ImGuiWindowFlags_NoTitleBar);
  draw_legend(view);
  if (!a) {
    ImGui::TextDisabled(busy() ? "simulating..." : "no run");
    ImGui::End();
    return;
  }
  if (view.compare && b.real && !b) { // a real run B takes seconds, or could not run: say so above the lanes
    if (!b.refused.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), tr("B: %s"), b.refused.c_str());
    else ImGui::TextDisabled(tr("B: running on real threads... (%.1f s)"), b.job ? b.job->wall_ms() / 1000 : 0.0);
  }
  std::vector<Row> rows;
  add_rows(rows, a, view, view.compare && b ? "A" : nullptr);
  if (view.compare && b) add_rows(rows, b, view, "B");
  const Ns span_ns = std::max<Ns>({a.model.makespan, view.compare && b ? b.model.makespan : 0, 1});

  ImGui::BeginChild("lanes", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = std::max(ImGui::GetContentRegionAvail().x, kLabelW + 50);
  const float canvas_w = w - kLabelW;
  const float total_h = kAxisH + static_cast<float>(rows.size()) * kRowH;
  ImGui::InvisibleButton("canvas", ImVec2(w, total_h));
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  timeline_rect_ = Rect{p0.x, ImGui::GetWindowPos().y, w, ImGui::GetWindowSize().y};
  mark("timeline");

  // [SECTION] zoom, pan and scrub (view state only)
  ImGuiIO& io = ImGui::GetIO();
  const double span = static_cast<double>(span_ns);
  if (view.px_per_ns <= 0 || (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))) {
    view.px_per_ns = canvas_w / span;
    view.view_start_ns = 0;
  }
  const float x0 = p0.x + kLabelW;
  const double min_px = canvas_w / span / 4, max_px = 20.0;
  view.px_per_ns = std::clamp(view.px_per_ns, min_px, max_px);
  if (hovered && io.MouseWheel != 0) {
    const float mx = std::max(io.MousePos.x, x0);
    const double t_mouse = view.view_start_ns + (mx - x0) / view.px_per_ns;
    view.px_per_ns = std::clamp(view.px_per_ns * std::pow(1.25, static_cast<double>(io.MouseWheel)), min_px, max_px);
    view.view_start_ns = t_mouse - (mx - x0) / view.px_per_ns;
  }
  const float scroll_y = ImGui::GetScrollY();
  const bool on_axis = io.MouseClickedPos[0].y < p0.y + scroll_y + kAxisH;
  if (active && on_axis) { // the axis row is the scrubber
    view.cursor = std::clamp<Ns>(static_cast<Ns>(view.view_start_ns + (io.MousePos.x - x0) / view.px_per_ns), 0, a.model.makespan);
    view.playing = false;
  } else if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    view.view_start_ns -= static_cast<double>(io.MouseDelta.x) / view.px_per_ns;
  }
  if (view.playing && view.follow) {
    const double right = view.view_start_ns + canvas_w / view.px_per_ns;
    const double c = static_cast<double>(view.cursor);
    if (c < view.view_start_ns || c > right) view.view_start_ns = c - 0.1 * canvas_w / view.px_per_ns;
  }
  const TimeMap map{view.view_start_ns, view.px_per_ns, x0};

  // [SECTION] rows: only those inside the visible part of the child window
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x_max = p0.x + w;
  const float vis_top = ImGui::GetWindowPos().y, vis_bot = vis_top + ImGui::GetWindowSize().y;
  const Row* hover_row = nullptr;
  const RaisedAt* exception_hover = nullptr;
  std::vector<float> thread_y(a.kernel->threads().size(), -1); // lane middle per thread of run A, for wake arrows
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const float y = p0.y + kAxisH + static_cast<float>(i) * kRowH;
    if (row.kind == RowKind::Thread && row.run == &a)
      thread_y[static_cast<std::size_t>(a.model.threads[row.index].thread)] = y + kLaneH / 2;
    if (y + kRowH < vis_top || y > vis_bot) continue;
    const Model& m = row.run->model;
    if (row.kind == RowKind::Header) {
      dl->AddRectFilled(ImVec2(p0.x, y), ImVec2(x_max, y + kRowH - 2), theme::kHeader);
      dl->AddText(ImVec2(p0.x + 4, y + 1), theme::kLabel, row.header.c_str());
      continue;
    }
    dl->AddRectFilled(ImVec2(p0.x, y - 1), ImVec2(x_max, y + kLaneH + 1), i % 2 ? theme::kLaneBgAlt : theme::kLaneBg);
    dl->PushClipRect(ImVec2(p0.x, y), ImVec2(x0 - 6, y + kLaneH), true);
    dl->AddText(ImVec2(p0.x + (row.kind == RowKind::Thread ? 4.0f : 12.0f), y), theme::kLabel, row_label(row));
    dl->PopClipRect();
    dl->PushClipRect(ImVec2(x0, y), ImVec2(x_max, y + kLaneH), true);
    switch (row.kind) {
    case RowKind::Thread: paint_thread(dl, map, m.threads[row.index], y, x_max); break;
    case RowKind::Cpu: paint_spans(dl, map, m.cpus[row.index].spans, y, x_max, *row.run->kernel); break;
    case RowKind::Gil: paint_spans(dl, map, m.gils[row.index].spans, y, x_max, *row.run->kernel); break;
    case RowKind::Lock: paint_lock(dl, map, m.locks[row.index], y, x_max); break;
    case RowKind::Counter: paint_counter(dl, map, m.counters[row.index], y, x_max); break;
    case RowKind::Header: break;
    }
    dl->PopClipRect();
    if (hovered && io.MousePos.y >= y && io.MousePos.y < y + kRowH) hover_row = &row;
  }

  // [SECTION] exceptions (run A): a red mark where each was raised
  for (const RaisedAt& r : a.model.raised) {
    if (r.thread < 0 || static_cast<std::size_t>(r.thread) >= thread_y.size() || thread_y[static_cast<std::size_t>(r.thread)] < 0) continue;
    const float x = map.x(static_cast<double>(r.t)), y = thread_y[static_cast<std::size_t>(r.thread)];
    if (x < x0 || x > x_max) continue;
    dl->AddTriangleFilled(ImVec2(x, y - kLaneH / 2), ImVec2(x - 5, y + kLaneH / 2), ImVec2(x + 5, y + kLaneH / 2), theme::kError);
    if (hovered && std::abs(io.MousePos.x - x) < 6 && std::abs(io.MousePos.y - y) < kLaneH / 2)
      exception_hover = &r;
  }

  // [SECTION] wake-up arrows (run A), only when few enough are in view to read
  dl->PushClipRect(ImVec2(x0, p0.y + scroll_y + kAxisH), ImVec2(x_max, vis_bot), true);
  if (view.show_arrows) {
    const double t_end = map.t(x_max);
    const auto& wakes = a.model.wakes;
    auto first = std::lower_bound(wakes.begin(), wakes.end(), map.start_ns,
                                  [](const WakeArrow& wa, double t) { return static_cast<double>(wa.t_from) < t; });
    auto last = std::lower_bound(first, wakes.end(), t_end,
                                 [](const WakeArrow& wa, double t) { return static_cast<double>(wa.t_from) < t; });
    if (static_cast<std::size_t>(last - first) <= kMaxArrows) {
      for (auto it = first; it != last; ++it) {
        if (it->from < 0 || it->to < 0) continue; // timers wake without a thread to point from
        if (static_cast<std::size_t>(std::max(it->from, it->to)) >= thread_y.size()) continue;
        const float ya = thread_y[static_cast<std::size_t>(it->from)], yb = thread_y[static_cast<std::size_t>(it->to)];
        if (ya < 0 || yb < 0) continue;
        const ImVec2 pa(map.x(static_cast<double>(it->t_from)), ya), pb(map.x(static_cast<double>(it->t_to)), yb);
        dl->AddBezierCubic(pa, ImVec2(pa.x + 12, pa.y), ImVec2(pb.x - 12, pb.y), pb, theme::kArrow, 1.2f);
        dl->AddTriangleFilled(ImVec2(pb.x, pb.y), ImVec2(pb.x - 6, pb.y - 3), ImVec2(pb.x - 6, pb.y + 3), theme::kArrow);
      }
    }
  }
  dl->PopClipRect();

  // [SECTION] axis (pinned to the top of the view), the future dimmed, the cursor
  const float axis_y = p0.y + scroll_y;
  dl->AddRectFilled(ImVec2(p0.x, axis_y), ImVec2(x_max, axis_y + kAxisH), theme::kLaneBg);
  {
    const double step = nice_step(90.0 / map.px_per_ns);
    const double t_end = map.t(x_max);
    char buf[32];
    for (double t = std::floor(std::max(map.start_ns, 0.0) / step) * step; t <= t_end; t += step) {
      const float x = map.x(t);
      if (x < x0) continue;
      dl->AddLine(ImVec2(x, axis_y + kAxisH - 6), ImVec2(x, vis_bot), theme::kGrid);
      format_time(buf, sizeof buf, t, step);
      dl->AddText(ImVec2(x + 3, axis_y + 2), theme::kAxis, buf);
    }
    dl->AddText(ImVec2(p0.x + 4, axis_y + 2), theme::kAxis, tr("time (drag here: cursor)"));
  }
  const float cx = map.x(static_cast<double>(view.cursor));
  if (cx < x_max) dl->AddRectFilled(ImVec2(std::max(cx, x0), axis_y + kAxisH), ImVec2(x_max, vis_bot), theme::kFuture);
  if (cx >= x0 && cx <= x_max) {
    dl->AddLine(ImVec2(cx, axis_y), ImVec2(cx, vis_bot), theme::kCursor, 1.5f);
    dl->AddTriangleFilled(ImVec2(cx - 5, axis_y), ImVec2(cx + 5, axis_y), ImVec2(cx, axis_y + 7), theme::kCursor);
  }

  if (hovered && !active && io.MousePos.x >= x0) {
    const Ns t = static_cast<Ns>(std::max(0.0, map.t(io.MousePos.x)));
    if (io.MousePos.y < axis_y + kAxisH) ImGui::SetTooltip(tr("%s\nclick or drag to move the cursor here"), ms(t).c_str());
    else if (exception_hover)
      ImGui::SetTooltip(tr("%s raised %s: %s\nat %s"), thread_name(*a.kernel, exception_hover->thread).c_str(),
                        exception_hover->type.c_str(), exception_hover->message.c_str(), ms(exception_hover->t).c_str());
    else if (hover_row) row_tooltip(*hover_row, t);
  }
  ImGui::EndChild();
  ImGui::End();
}

} // namespace il::ui
