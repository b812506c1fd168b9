// The scenario's Python listing, with every live thread's current line at the cursor highlighted and tagged
// with the thread's name in the colour of its state.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "theme.hpp"

namespace il::ui {

void App::draw_source_panel() {
  if (!a) {
    ImGui::TextDisabled("simulating...");
    return;
  }
  const Sim* live = sim_at_cursor();
  const std::string& src = a.kernel->program().source;
  std::vector<std::string_view> lines;
  for (std::size_t i = 0; i <= src.size();) {
    const std::size_t nl = src.find('\n', i);
    const std::size_t end = nl == std::string::npos ? src.size() : nl;
    if (end > i || nl != std::string::npos) lines.push_back(std::string_view(src).substr(i, end - i));
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  // Which threads stand on which line.
  std::vector<std::vector<ThreadId>> at(lines.size() + 1);
  if (live)
    for (const Thread& t : live->threads()) {
      if (t.state == ThreadState::Done || t.state == ThreadState::New) continue;
      const int line = live->current_line(t.id);
      if (line > 0 && static_cast<std::size_t>(line) <= lines.size()) at[static_cast<std::size_t>(line)].push_back(t.id);
    }
  ImGui::TextDisabled("at %.6f ms; threads are tagged on the line they are at", static_cast<double>(view.cursor) / 1e6);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& here = at[i + 1];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (!here.empty())
      dl->AddRectFilled(p, ImVec2(p.x + ImGui::GetContentRegionAvail().x, p.y + ImGui::GetTextLineHeight()),
                        theme::kHeader);
    ImGui::TextDisabled("%3zu", i + 1);
    ImGui::SameLine();
    ImGui::TextUnformatted(lines[i].data(), lines[i].data() + lines[i].size());
    if (here.empty()) continue;
    // The tags sit at the panel's right edge over a backdrop, so long lines cannot push them out of view.
    std::string tags;
    for (std::size_t k = 0; k < here.size() && k < 4; ++k) tags += (k ? " " : "") + live->threads()[static_cast<std::size_t>(here[k])].name;
    if (here.size() > 4) tags += " +" + std::to_string(here.size() - 4);
    const float right = p.x + ImGui::GetContentRegionAvail().x, w = ImGui::CalcTextSize(tags.c_str()).x + 8;
    const float x = std::max(p.x + 40, right - w), h = ImGui::GetTextLineHeight();
    const Thread& first = live->threads()[static_cast<std::size_t>(here.front())];
    dl->AddRectFilled(ImVec2(x, p.y), ImVec2(right, p.y + h), theme::state_colour(first.state), 3);
    dl->AddText(ImVec2(x + 4, p.y), IM_COL32(15, 15, 15, 255), tags.c_str());
    if (ImGui::IsMouseHoveringRect(ImVec2(x, p.y), ImVec2(right, p.y + h))) {
      std::string text;
      for (ThreadId t : here) text += live->threads()[static_cast<std::size_t>(t)].name + ": " + live->describe_wait(t) + "\n";
      ImGui::SetTooltip("%s", text.c_str());
    }
  }
}

} // namespace il::ui
