// The inspector: the machine at the cursor (which thread is on which CPU, who holds each GIL, who is ready,
// who waits for what), every primitive's owner, waiter queue and value, each process's shared variables, the
// exceptions raised so far, and the deadlock's wait-for graph with its cycle. Primitive and variable state is
// read from a second simulation of run A stepped to the cursor (deterministic, so it is the same run).
//
// [SECTION] the machine
// [SECTION] primitives and variables
// [SECTION] exceptions
// [SECTION] deadlock graph
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// [SECTION] the machine

// CPUs as boxes, hyperthread siblings side by side under their core, filled with the thread running there.
void draw_cpus(const RunSlot& run, Ns t) {
  const Model& m = run.model;
  const Kernel& sim = *run.kernel;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float box_w = 120, box_h = 34, gap = 6;
  const float avail = ImGui::GetContentRegionAvail().x;
  const int per_core = run.cfg.smt;
  const int cores_per_row = std::max(1, static_cast<int>(avail / (per_core * (box_w + 2) + gap)));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  int rows = 0;
  for (std::size_t i = 0; i < m.cpus.size(); ++i) {
    const CpuLane& lane = m.cpus[i];
    const int core_slot = static_cast<int>(i) / per_core;
    const int row = core_slot / cores_per_row, col_in_row = core_slot % cores_per_row;
    rows = std::max(rows, row + 1);
    const float x = origin.x + static_cast<float>(col_in_row) * (per_core * (box_w + 2) + gap) +
                    static_cast<float>(lane.hyperthread) * (box_w + 2);
    const float y = origin.y + static_cast<float>(row) * (box_h + gap);
    const Span* s = span_at(lane.spans, t);
    const ImU32 fill = s ? theme::thread_colour(s->thread) : theme::kIdle;
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + box_w, y + box_h), fill, 3);
    dl->AddText(ImVec2(x + 4, y + 1), s ? IM_COL32(20, 20, 20, 255) : theme::kAxis, lane.label.c_str());
    const std::string who = s ? sim.threads()[static_cast<std::size_t>(s->thread)].name : std::string(tr("idle"));
    dl->PushClipRect(ImVec2(x, y), ImVec2(x + box_w - 2, y + box_h), true);
    dl->AddText(ImVec2(x + 4, y + 17), s ? IM_COL32(10, 10, 10, 255) : theme::kAxis, who.c_str());
    dl->PopClipRect();
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::InvisibleButton(lane.label.c_str(), ImVec2(box_w, box_h));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(tr("CPU %d (%s): %s"), lane.cpu, lane.label.c_str(),
                        s ? (tr("running ") + who).c_str() : tr("idle"));
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + static_cast<float>(rows) * (box_h + gap)));
  ImGui::Dummy(ImVec2(1, 1));
}

void draw_threads_at(const RunSlot& run, const Sim* live, Ns t) { // live: run A stepped to t, or null
  const Model& m = run.model;
  const Kernel& sim = *run.kernel;
  for (const GilLane& g : m.gils) {
    const Span* s = span_at(g.spans, t);
    ImGui::Text("%s: %s", g.label.c_str(),
                s ? (tr("held by ") + sim.threads()[static_cast<std::size_t>(s->thread)].name).c_str() : tr("free"));
  }
  if (!ImGui::BeginTable("threads", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn(tr("thread"));
  ImGui::TableSetupColumn(tr("state at the cursor"));
  ImGui::TableHeadersRow();
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(m.threads.size()));
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const ThreadLane& lane = m.threads[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(lane.label.c_str());
      ImGui::TableNextColumn();
      // The live simulation says why, naming the owners as they are now; the model when it is still catching up.
      if (live) {
        if (static_cast<std::size_t>(lane.thread) >= live->threads().size()) {
          ImGui::TextDisabled(tr("not created yet"));
          continue;
        }
        const Thread& th = live->threads()[static_cast<std::size_t>(lane.thread)];
        if (th.state == ThreadState::New) ImGui::TextDisabled(tr("not started"));
        else ImGui::TextColored(col(theme::state_colour(th.state)), "%s", wait_label(*live, lane.thread).c_str());
        continue;
      }
      const Segment* s = segment_at(lane, t);
      if (s) ImGui::TextColored(col(theme::state_colour(s->state)), "%s", state_label(s->state));
      else ImGui::TextDisabled("-");
    }
  ImGui::EndTable();
}

// [SECTION] primitives and variables

void draw_primitives(const Sim& live) {
  if (!ImGui::BeginTable("primitives", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                              ImGuiTableFlags_Resizable)) return;
  ImGui::TableSetupColumn(tr("name"));
  ImGui::TableSetupColumn(tr("owner"));
  ImGui::TableSetupColumn(tr("waiters, in order"));
  ImGui::TableSetupColumn(tr("value"));
  ImGui::TableHeadersRow();
  std::vector<ThreadId> owners;
  for (std::size_t i = 0; i < live.object_count(); ++i) {
    const Object* o = live.object(static_cast<ObjId>(i));
    if (!o || !o->is_primitive()) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%s", o->name.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", o->repr(live).c_str());
    ImGui::TableNextColumn();
    owners.clear();
    o->owners(live, owners);
    std::string s;
    for (ThreadId t : owners) s += (s.empty() ? "" : ", ") + live.threads()[static_cast<std::size_t>(t)].name;
    ImGui::TextUnformatted(s.empty() ? "-" : s.c_str());
    ImGui::TableNextColumn();
    s.clear();
    for (ThreadId t : o->waiters.q) s += (s.empty() ? "" : " < ") + live.threads()[static_cast<std::size_t>(t)].name;
    if (o->in_flight > 0) s += (s.empty() ? "" : ", ") + std::to_string(o->in_flight) + " woken, not yet running";
    ImGui::TextUnformatted(s.empty() ? "-" : s.c_str());
    ImGui::TableNextColumn();
    const std::int64_t v = o->counter();
    ImGui::Text("%s", std::string(o->kind()).c_str());
    if (v >= 0) ImGui::SameLine(), ImGui::Text("%lld", static_cast<long long>(v));
  }
  ImGui::EndTable();
}

void draw_variables(const Sim& live) {
  const Program& prog = live.program();
  for (const Process& p : live.processes()) {
    if (live.processes().size() > 1) ImGui::TextDisabled(tr("%s (pid %d)"), p.name.c_str(), p.pid);
    for (std::size_t g = 0; g < prog.globals.size() && g < p.globals.size(); ++g) {
      if (prog.globals[g].empty() || prog.globals[g][0] == '$') continue; // the compiler's temporaries
      const std::string repr = live.repr(p.globals[g]);
      if (repr.rfind("<function", 0) == 0 || repr.rfind("<module", 0) == 0 || repr.rfind("<built-in", 0) == 0) continue;
      ImGui::Text("%s = %s", prog.globals[g].c_str(), repr.c_str());
    }
  }
}

// [SECTION] exceptions

void draw_raised(const RunSlot& run, Ns t) {
  int shown = 0;
  ImGui::PushTextWrapPos(0);
  for (const RaisedAt& r : run.model.raised) {
    if (r.t > t) break;
    const std::string who = r.thread >= 0 ? run.kernel->threads()[static_cast<std::size_t>(r.thread)].name : "?";
    ImGui::TextColored(col(theme::kError), tr("%.6f ms %s: %s: %s"), static_cast<double>(r.t) / 1e6, who.c_str(),
                       r.type.c_str(), r.message.c_str());
    ++shown;
  }
  ImGui::PopTextWrapPos();
  if (!shown) ImGui::TextDisabled(tr("none so far"));
}

// [SECTION] deadlock graph

// Threads and the primitives they wait on, on a circle: thread -> primitive "waits for", primitive -> thread
// "held by". The cycle is red.
void draw_deadlock(const Kernel& sim) {
  const DeadlockReport& d = sim.deadlock();
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(col(theme::kError), "%s", d.text.c_str());
  ImGui::PopTextWrapPos();
  const std::size_t n = d.cycle_threads.size();
  if (n == 0 || d.cycle_objs.size() != n) return;
  const float size = std::min(ImGui::GetContentRegionAvail().x, 300.0f);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 c(o.x + size / 2, o.y + size / 2);
  const float r = size / 2 - 50;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto at = [&](std::size_t k) { // 2n nodes: thread i, then the object it waits on
    const float a = static_cast<float>(k) / static_cast<float>(2 * n) * 6.2831853f - 1.5707963f;
    return ImVec2(c.x + r * std::cos(a), c.y + r * std::sin(a));
  };
  for (std::size_t k = 0; k < 2 * n; ++k) {
    const ImVec2 p = at(k), q = at((k + 1) % (2 * n));
    dl->AddLine(p, q, theme::kLockWaiting, 2.0f);
    const ImVec2 dir((q.x - p.x), (q.y - p.y));
    const float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
    if (len < 1) continue;
    const ImVec2 u(dir.x / len, dir.y / len), tip_pt(q.x - u.x * 22, q.y - u.y * 22);
    dl->AddTriangleFilled(tip_pt, ImVec2(tip_pt.x - u.x * 9 - u.y * 5, tip_pt.y - u.y * 9 + u.x * 5),
                          ImVec2(tip_pt.x - u.x * 9 + u.y * 5, tip_pt.y - u.y * 9 - u.x * 5), theme::kLockWaiting);
    const ImVec2 mid((p.x + q.x) / 2, (p.y + q.y) / 2);
    dl->AddText(ImVec2(mid.x + 4, mid.y - 7), theme::kAxis, k % 2 == 0 ? tr("waits for") : tr("held by"));
  }
  for (std::size_t k = 0; k < 2 * n; ++k) {
    const ImVec2 p = at(k);
    const bool thread = k % 2 == 0;
    const std::string label = thread ? sim.threads()[static_cast<std::size_t>(d.cycle_threads[k / 2])].name
                                     : sim.object(d.cycle_objs[k / 2])->name;
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const ImU32 fill = thread ? theme::kBlocked : theme::kLockContended;
    dl->AddRectFilled(ImVec2(p.x - ts.x / 2 - 6, p.y - 11), ImVec2(p.x + ts.x / 2 + 6, p.y + 11), fill, thread ? 10.0f : 2.0f);
    dl->AddText(ImVec2(p.x - ts.x / 2, p.y - ts.y / 2), IM_COL32(15, 15, 15, 255), label.c_str());
  }
  ImGui::Dummy(ImVec2(size, size));
}

} // namespace

void App::draw_inspector_panel() {
  if (!a) {
    ImGui::TextDisabled(tr("simulating..."));
    return;
  }
  ImGui::Text(tr("cursor at %.6f ms of %.6f ms"), static_cast<double>(view.cursor) / 1e6,
              static_cast<double>(a.model.makespan) / 1e6);
  const Sim* live = sim_at_cursor();
  if (live && live->next_event_time() >= 0 && live->next_event_time() <= view.cursor) {
    ImGui::TextDisabled(tr("catching up with the cursor..."));
    live = nullptr; // not there yet: show what the model knows
  }
  if (ImGui::CollapsingHeader(stable_label(tr("Machine"), "machine").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_cpus(a, view.cursor);
    draw_threads_at(a, live, view.cursor);
  }
  if (live && ImGui::CollapsingHeader(stable_label(tr("Primitives"), "primitives").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) draw_primitives(*live);
  if (live && ImGui::CollapsingHeader(stable_label(tr("Shared variables"), "shared").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) draw_variables(*live);
  if (ImGui::CollapsingHeader(stable_label(tr("Exceptions"), "exceptions").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) draw_raised(a, view.cursor);
  if (a.kernel->deadlock().found && ImGui::CollapsingHeader(stable_label(tr("Deadlock"), "deadlock").c_str(), ImGuiTreeNodeFlags_DefaultOpen))
    draw_deadlock(*a.kernel);
}

} // namespace il::ui
