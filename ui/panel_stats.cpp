// The Stats tab: what a finished run adds up to (il::Stats), for run A and, in the compare view, run B beside
// it: makespan and end, per-CPU utilization, each thread's time per state, switches and GIL hand-offs,
// primitives, shared variables and exceptions. Charts are drawn with the draw list; hovering one gives its
// exact numbers. Long lists go through ImGuiListClipper, so 500 threads cost what the visible rows cost.
//
// [SECTION] formatting
// [SECTION] charts
// [SECTION] sections
// [SECTION] the panel
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "scenarios/scenarios.hpp"
#include "export.hpp"
#include "trace/json.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

// [SECTION] formatting

// ns as milliseconds with every digit: tooltips promise exact numbers.
std::string exact_ms(Ns ns) { return fixed_ratio(ns, kMilli, 6) + " ms"; }

// ns in the unit that suits it, for labels.
std::string short_time(Ns ns) {
  char buf[32];
  const double v = static_cast<double>(ns);
  if (ns >= kSecond) std::snprintf(buf, sizeof buf, "%.3f s", v / 1e9);
  else if (ns >= kMilli) std::snprintf(buf, sizeof buf, "%.3f ms", v / 1e6);
  else if (ns >= kMicro) std::snprintf(buf, sizeof buf, "%.3f us", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%lld ns", static_cast<long long>(ns));
  return buf;
}

std::string percent(Ns part, Ns whole) {
  return whole > 0 ? fixed_ratio(part * 100, whole, 1) + "%" : std::string("-");
}

// Bars list the states in this order: alive time first (running, then the ways of not running), then the
// greys before the start and after the end.
constexpr ThreadState kBarOrder[] = {ThreadState::Running, ThreadState::Ready,    ThreadState::WaitGil,
                                     ThreadState::Blocked, ThreadState::Sleeping, ThreadState::Io,
                                     ThreadState::New,     ThreadState::Done};
static_assert(std::size(kBarOrder) == kStateCount);

std::string thread_name(const Stats& st, const ThreadStats& t) {
  return st.processes.size() > 1 ? t.process_name + "/" + t.name : t.name;
}

void swatch(ImU32 colour) {
  const float s = ImGui::GetTextLineHeight() * 0.7f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float pad = (ImGui::GetTextLineHeight() - s) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + pad), ImVec2(p.x + s, p.y + pad + s), colour);
  ImGui::Dummy(ImVec2(s, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, 4);
}

// [SECTION] charts

// One thread's time per state as a stacked bar scaled to the makespan (a thread created late has a shorter
// bar), with the exact split in a tooltip when the mouse is between hover_lo and the bar's end.
void state_bar(const Stats& st, const ThreadStats& t, ImVec2 p0, ImVec2 size, ImVec2 hover_lo) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), theme::kLaneBg);
  const double scale = st.makespan_ns > 0 ? size.x / static_cast<double>(st.makespan_ns) : 0;
  double x = p0.x;
  for (ThreadState s : kBarOrder) {
    const Ns ns = t.ns[static_cast<int>(s)];
    if (ns <= 0) continue;
    const double x1 = x + static_cast<double>(ns) * scale;
    dl->AddRectFilled(ImVec2(static_cast<float>(x), p0.y), ImVec2(static_cast<float>(x1), p0.y + size.y),
                      theme::state_colour(s));
    x = x1;
  }
  if (!ImGui::IsWindowHovered() || !ImGui::IsMouseHoveringRect(hover_lo, ImVec2(p0.x + size.x, p0.y + size.y))) return;
  ImGui::BeginTooltip();
  ImGui::Text(tr("%s (pid %d), ends %s"), thread_name(st, t).c_str(), t.pid, state_label(t.state));
  for (ThreadState s : kBarOrder) {
    const Ns ns = t.ns[static_cast<int>(s)];
    if (ns <= 0) continue;
    swatch(theme::state_colour(s));
    ImGui::Text("%-9s %s  %s", state_label(s), exact_ms(ns).c_str(),
                percent(ns, st.makespan_ns).c_str());
  }
  ImGui::Text(tr("context switches: %lld voluntary, %lld involuntary"), static_cast<long long>(t.voluntary_switches),
              static_cast<long long>(t.involuntary_switches));
  if (!t.uncaught.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), tr("died of %s"), t.uncaught.c_str());
  ImGui::EndTooltip();
}

// Logical CPUs as small vertical bars of their utilization, hyperthread siblings together, wrapping onto more
// rows when there are many.
void utilization_chart(const Stats& st) {
  if (st.cpus.empty()) return;
  const float avail = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  const float bar_h = 36, core_gap = 3;
  const int n = static_cast<int>(st.cpus.size());
  // CPU numbers go round the cores first (cpu 0 and cpu 4 share core 0 on 4x2): order by core.
  std::vector<int> order(st.cpus.size());
  for (int i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](int l, int r) { return st.cpus[l].core < st.cpus[r].core; });
  int cores = 1;
  for (int k = 1; k < n; ++k) cores += st.cpus[order[k]].core != st.cpus[order[k - 1]].core;
  const float bar_w =
      std::clamp((avail - core_gap * static_cast<float>(cores - 1)) / static_cast<float>(n) - 1, 3.0f, 18.0f);
  // Lay out first (x, row per CPU), so the hover test and the drawing agree.
  struct Slot { float x; int row; };
  std::vector<Slot> slots(st.cpus.size());
  float x = 0;
  int row = 0;
  for (int k = 0; k < n; ++k) {
    if (k > 0 && st.cpus[order[k]].core != st.cpus[order[k - 1]].core) x += core_gap;
    if (x + bar_w > avail && x > 0) x = 0, ++row;
    slots[order[k]] = {x, row};
    x += bar_w + 1;
  }
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float row_h = bar_h + 4;
  ImGui::Dummy(ImVec2(avail, row_h * static_cast<float>(row + 1)));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < n; ++i) {
    const CpuStats& c = st.cpus[i];
    const ImVec2 lo(p0.x + slots[i].x, p0.y + row_h * static_cast<float>(slots[i].row));
    const ImVec2 hi(lo.x + bar_w, lo.y + bar_h);
    const float frac = static_cast<float>(std::clamp<std::int64_t>(c.utilization_e4, 0, 10000)) / 10000.0f;
    dl->AddRectFilled(lo, hi, theme::kLaneBg);
    dl->AddRectFilled(ImVec2(lo.x, hi.y - bar_h * frac), hi, theme::kRunning);
    if (hovered && mouse.x >= lo.x && mouse.x < hi.x + 1 && mouse.y >= lo.y && mouse.y < hi.y) {
      dl->AddRect(lo, hi, theme::kCursor);
      ImGui::SetTooltip(tr("CPU %d (core %d): %s%% busy\nbusy %s\nswitching %s\nmakespan %s"), c.cpu, c.core,
                        fixed_ratio(c.utilization_e4, 100, 2).c_str(), exact_ms(c.busy_ns).c_str(),
                        exact_ms(c.switch_ns).c_str(), exact_ms(st.makespan_ns).c_str());
    }
  }
  // The machine as a whole: how many CPUs' worth of work it did.
  std::int64_t sum_e4 = 0, max_e4 = 0;
  for (const CpuStats& c : st.cpus) sum_e4 += c.utilization_e4, max_e4 = std::max(max_e4, c.utilization_e4);
  ImGui::TextDisabled(tr("mean %s%%, max %s%%"), fixed_ratio(sum_e4, 100 * n, 1).c_str(),
                      fixed_ratio(max_e4, 100, 1).c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("Mean and highest utilization over %d logical CPUs: together %s CPUs' worth of work"), n,
                      fixed_ratio(sum_e4, 10000, 2).c_str());
}

// A primitive's contended share of its acquisitions as a thin bar: red for contended, green for the rest.
void contention_bar(const PrimitiveRow& p, float width) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float h = 5;
  ImGui::Dummy(ImVec2(width, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + h), theme::kLaneBg);
  if (p.acquisitions > 0) {
    const float f = static_cast<float>(std::min(p.contended, p.acquisitions)) / static_cast<float>(p.acquisitions);
    dl->AddRectFilled(p0, ImVec2(p0.x + width * (1 - f), p0.y + h), theme::kLockHeld);
    dl->AddRectFilled(ImVec2(p0.x + width * (1 - f), p0.y), ImVec2(p0.x + width, p0.y + h), theme::kLockWaiting);
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("%s (%s)\n%lld acquisitions, %lld had to wait (%s)\nat most %lld holders at once"),
                      p.name.c_str(), p.kind.c_str(), static_cast<long long>(p.acquisitions), static_cast<long long>(p.contended),
                      percent(p.contended, p.acquisitions).c_str(), static_cast<long long>(p.max_holders));
}

// [SECTION] sections

// The runs the panel shows, A first; a run still simulating (or that could not start) is left out.
struct Shown {
  const RunSlot* slot;
  const char* label;
};

// Starts a table with a column per run (headed "A: 4c2t" when comparing); false if nothing to draw.
bool begin_runs_table(const char* id, const std::vector<Shown>& runs) {
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable(id, static_cast<int>(runs.size()), flags)) return false;
  if (runs.size() > 1) {
    for (const Shown& r : runs) {
      const std::string head = std::string(r.label) + ": " + machine_label(*r.slot);
      ImGui::TableSetupColumn(head.c_str());
    }
    ImGui::TableHeadersRow();
  }
  return true;
}

void summary_cell(const RunSlot& run) {
  const Stats& st = run.stats;
  const bool bad = st.end != RunEnd::Finished;
  ImGui::Text(tr("makespan %s"), short_time(st.makespan_ns).c_str());
  if (ImGui::IsItemHovered() && run.real)
    ImGui::SetTooltip(tr("Nominal time until the run ended: %s\n(%lld ns: real elapsed / time scale %g; the real "
                         "run took %.1f ms of wall time)"),
                      exact_ms(st.makespan_ns).c_str(), static_cast<long long>(st.makespan_ns), run.time_scale, run.run_ms);
  else if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("Simulated time until the run ended: %s\n(%lld ns; simulating took %.1f ms of wall time)"),
                      exact_ms(st.makespan_ns).c_str(), static_cast<long long>(st.makespan_ns), run.run_ms);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(bad ? theme::kError : theme::kLabel), tr("ended: %s"),
                     end_label(st.end));
  tip(tr("finished: every thread ended; deadlock: a cycle of waits; livelock: threads ran without progress; "
      "time_limit: the run hit its simulated time limit (--max-sim-seconds); instruction_limit: it ran past its "
      "instruction budget (--max-instructions)"));
  ImGui::Text(tr("threads: %zu, processes: %zu"), st.threads.size(), st.processes.size());
  ImGui::Text(tr("switches %lld / %lld"), static_cast<long long>(st.voluntary_switches), static_cast<long long>(st.involuntary_switches));
  tip(tr("Context switches, voluntary / involuntary: voluntary when a thread blocked, slept or waited for I/O; "
      "involuntary when the OS scheduler took its CPU away (its slice ended)"));
  ImGui::Text(tr("GIL hand-offs %lld"), static_cast<long long>(st.gil_handoffs));
  tip(tr("How often a GIL passed from one thread to another, summed over processes"));
  if (st.processes.size() > 1)
    for (const ProcessStats& p : st.processes) {
      if (p.exited) ImGui::TextDisabled(tr("pid %d %s: exit %d"), p.pid, p.name.c_str(), p.exit_code);
      else ImGui::TextDisabled(tr("pid %d %s: still running"), p.pid, p.name.c_str());
    }
}

void legend() {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  for (std::size_t i = 0; i < std::size(kBarOrder); ++i) {
    const std::string name(state_label(kBarOrder[i]));
    // Wrap the way text would: on this line while the swatch and name still fit.
    const float w = ImGui::GetTextLineHeight() + ImGui::CalcTextSize(name.c_str()).x;
    if (i > 0 && ImGui::GetItemRectMax().x + 10 + w < right) ImGui::SameLine(0, 10);
    swatch(theme::state_colour(kBarOrder[i]));
    ImGui::TextUnformatted(name.c_str());
  }
}

void thread_cell(const Stats& st, const ThreadStats& t, float row_h) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float label_w = std::min(140.0f, avail * 0.4f);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::string name = thread_name(st, t);
  const ImVec4 clip(p0.x, p0.y, p0.x + label_w - 4, p0.y + row_h);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), p0, t.uncaught.empty() ? theme::kLabel : theme::kError,
              name.c_str(), nullptr, 0, &clip);
  const float bar_h = std::max(4.0f, row_h - 6);
  state_bar(st, t, ImVec2(p0.x + label_w, p0.y + (row_h - bar_h) / 2), ImVec2(std::max(8.0f, avail - label_w), bar_h),
            p0); // the label is cut to fit: hovering it shows the whole name too
  ImGui::Dummy(ImVec2(avail, row_h));
}

void primitive_cell(const PrimitiveRow& p) {
  ImGui::Text("%s (%s)", p.name.c_str(), p.kind.c_str());
  ImGui::TextDisabled(tr("%lld acq / %lld waited / max %lld"), static_cast<long long>(p.acquisitions),
                      static_cast<long long>(p.contended), static_cast<long long>(p.max_holders));
  tip(tr("Acquisitions / acquisitions that had to wait / most holders at once"));
  contention_bar(p, ImGui::GetContentRegionAvail().x);
}

// A shared variable's final value; long ones (a list of 512 counts) are cut, the tooltip has more.
void shared_cell(const SharedVar& v) {
  constexpr std::size_t kShown = 120, kTip = 2000;
  std::string text = v.name + " = " + (v.repr.size() > kShown ? v.repr.substr(0, kShown) + "..." : v.repr);
  ImGui::TextWrapped("%s", text.c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s = %s", v.name.c_str(),
                      (v.repr.size() > kTip ? v.repr.substr(0, kTip) + "..." : v.repr).c_str());
}

// Lost updates: each counted variable's final value against what it would be had no update been lost.
void lost_updates_cell(const RunSlot& r) {
  const Scenario* sc = find_scenario(r.scenario);
  if (!sc) return;
  ImGui::PushTextWrapPos(0);
  for (const auto& counted : sc->expected) {
    const std::string& name = counted.first; // not a structured binding: clang 14 cannot capture those
    const std::int64_t expected = counted.second;
    const auto v = std::find_if(r.stats.shared.begin(), r.stats.shared.end(), [&](const SharedVar& sv) { return sv.name == name; });
    if (v == r.stats.shared.end()) continue;
    char* end = nullptr;
    const long long got = std::strtoll(v->json.c_str(), &end, 10);
    if (end == v->json.c_str() || *end != '\0') continue; // not an integer
    const long long lost = expected - got;
    if (lost == 0) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kRunning), "%s = %lld: none lost", name.c_str(), got);
    else ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "%s = %lld: %lld %s", name.c_str(), got,
                            lost < 0 ? -lost : lost, lost > 0 ? tr("updates lost") : tr("too many (a lost subtraction)"));
    tip(tr("Without lost updates it would end at the expected value; a thread switch between a load and its store "
        "makes one thread overwrite the other's update"));
    ImGui::TextDisabled(tr("expected %lld"), static_cast<long long>(expected));
  }
  ImGui::PopTextWrapPos();
}

void exception_cell(const ExceptionRow& e) {
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), "%s", e.thread.c_str());
  ImGui::Indent();
  ImGui::TextWrapped("%s%s%s", e.type.c_str(), e.message.empty() ? "" : ": ", e.message.c_str());
  ImGui::Unindent();
}

// Rows i of every run's list side by side, clipped to the visible ones. Rows must share one height (the
// clipper measures the first).
template <class Count, class Cell>
void clipped_rows(const char* id, const std::vector<Shown>& runs, float row_h, Count count, Cell cell) {
  std::size_t rows = 0;
  for (const Shown& r : runs) rows = std::max(rows, count(r.slot->stats));
  if (rows == 0) {
    ImGui::TextDisabled(tr("none"));
    return;
  }
  if (!begin_runs_table(id, runs)) return;
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(rows));
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
      for (std::size_t c = 0; c < runs.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        const Stats& st = runs[c].slot->stats;
        if (static_cast<std::size_t>(i) < count(st)) cell(st, static_cast<std::size_t>(i));
      }
    }
  ImGui::EndTable();
}

// Rows of unequal height (wrapped text), for the short lists.
template <class Body>
void per_run(const char* id, const std::vector<Shown>& runs, Body body) {
  if (!begin_runs_table(id, runs)) return;
  ImGui::TableNextRow();
  for (std::size_t c = 0; c < runs.size(); ++c) {
    ImGui::TableSetColumnIndex(static_cast<int>(c));
    ImGui::PushID(static_cast<int>(c));
    body(*runs[c].slot);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

} // namespace

// [SECTION] the panel

void App::draw_stats_panel() {
  std::vector<Shown> runs;
  if (a) runs.push_back({&a, "A"});
  if (view.compare && b) runs.push_back({&b, "B"});
  if (runs.empty()) {
    ImGui::TextDisabled("%s", busy() ? tr("simulating...") : tr("no finished run"));
    return;
  }
  if (view.compare && !b)
    ImGui::TextDisabled(tr("B: %s"), !b.refused.empty() ? b.refused.c_str()
                                 : b.pending        ? (b.real ? tr("running on real threads...") : tr("simulating..."))
                                                    : tr("no run"));

  const float line = ImGui::GetTextLineHeightWithSpacing();
  constexpr ImGuiTreeNodeFlags open = ImGuiTreeNodeFlags_DefaultOpen;

  if (ImGui::CollapsingHeader(stable_label(tr("Run"), "run").c_str(), open)) per_run("summary", runs, summary_cell);

  if (ImGui::CollapsingHeader(stable_label(tr("CPU utilization"), "cpus").c_str(), open)) {
    per_run("cpus", runs, [](const RunSlot& r) { utilization_chart(r.stats); });
    tip(tr("Busy share of the makespan per logical CPU, hyperthread siblings side by side; hover a bar for its numbers"));
  }

  if (ImGui::CollapsingHeader(stable_label(tr("Time per state"), "states").c_str(), open)) {
    legend();
    clipped_rows(
        "threads", runs, line, [](const Stats& st) { return st.threads.size(); },
        [line](const Stats& st, std::size_t i) { thread_cell(st, st.threads[i], line); });
  }

  bool any_primitives = false, any_shared = false, any_exceptions = false;
  for (const Shown& r : runs) {
    any_primitives |= !r.slot->stats.primitives.empty();
    any_shared |= !r.slot->stats.shared.empty();
    any_exceptions |= !r.slot->stats.exceptions.empty();
  }
  if (any_primitives && ImGui::CollapsingHeader(stable_label(tr("Primitives"), "primitives").c_str(), open)) {
    const float row_h = 2 * line + 8;
    clipped_rows(
        "primitives", runs, row_h, [](const Stats& st) { return st.primitives.size(); },
        [](const Stats& st, std::size_t i) { primitive_cell(st.primitives[i]); });
  }
  bool counted = false;
  for (const Shown& r : runs)
    if (const Scenario* sc = find_scenario(r.slot->scenario)) counted |= !sc->expected.empty();
  if (counted && ImGui::CollapsingHeader(stable_label(tr("Lost updates"), "lost").c_str(), open)) per_run("lost", runs, lost_updates_cell);
  if (any_shared && ImGui::CollapsingHeader(stable_label(tr("Shared variables (final)"), "shared").c_str(), open))
    per_run("shared", runs, [](const RunSlot& r) {
      for (const SharedVar& v : r.stats.shared) shared_cell(v);
    });
  if (any_exceptions && ImGui::CollapsingHeader(stable_label(tr("Exceptions"), "exceptions").c_str(), open))
    per_run("exceptions", runs, [](const RunSlot& r) {
      // Bounded: a scenario raising in a loop must not make this tab slow.
      constexpr std::size_t kMax = 200;
      const auto& ex = r.stats.exceptions;
      for (std::size_t i = 0; i < ex.size() && i < kMax; ++i) exception_cell(ex[i]);
      if (ex.size() > kMax) ImGui::TextDisabled(tr("... and %zu more"), ex.size() - kMax);
      if (ex.empty()) ImGui::TextDisabled(tr("none"));
    });
}

} // namespace il::ui
