// The Console tab: what the program printed, line by line as its streams received them, each with the
// simulated time its line was complete and the thread that wrote it (stderr in red). Clicking a line moves the
// cursor there. Below, the text input() reads in the next run.
#include <cstdio>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app.hpp"
#include "i18n.hpp"
#include "theme.hpp"

namespace il::ui {

void App::draw_console_panel() {
  ImGui::TextDisabled(tr("input() reads (the next run):"));
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextMultiline("##stdin", &view.editor.stdin_text, ImVec2(-1, ImGui::GetTextLineHeight() * 3 + 8));
  mark("console-stdin");
  tip(tr("The text input() reads, line by line, in the next run (Ctrl+Enter in the editor, or any change of machine)"));
  ImGui::Separator();
  if (!a) {
    ImGui::TextDisabled(tr("simulating..."));
    return;
  }
  if (a.console.empty()) {
    ImGui::TextDisabled(tr("the program printed nothing"));
    return;
  }
  ImGui::BeginChild("console-lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(a.console.size()));
  const auto& threads = a.kernel->threads();
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const ConsoleLine& l = a.console[static_cast<std::size_t>(i)];
      const std::string who = l.thread >= 0 && static_cast<std::size_t>(l.thread) < threads.size()
                                  ? threads[static_cast<std::size_t>(l.thread)].name + (l.mixed ? " +" : "")
                                  : "?";
      char when[48];
      std::snprintf(when, sizeof when, "%10.3f ms", static_cast<double>(l.t) / 1e6);
      ImGui::PushID(i);
      const bool past = l.t <= view.cursor;
      if (ImGui::Selectable("##line", false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        view.cursor = l.t;
        view.playing = false;
      }
      mark("console-line:" + std::to_string(i));
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("%s at %.6f ms%s"), who.c_str(), static_cast<double>(l.t) / 1e6,
                          l.mixed ? " (other threads of its process wrote pieces of this line)" : "");
      ImGui::SameLine(0, 0);
      ImGui::TextDisabled("%s", when);
      ImGui::SameLine();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::thread_colour(l.thread)), "%-12s", who.c_str());
      ImGui::SameLine();
      const ImU32 colour = l.stream == Stream::Stderr ? theme::kError : past ? theme::kLabel : IM_COL32(130, 130, 130, 255);
      ImGui::PushStyleColor(ImGuiCol_Text, colour);
      ImGui::TextUnformatted(l.text.c_str());
      ImGui::PopStyleColor();
      ImGui::PopID();
    }
  ImGui::EndChild();
}

} // namespace il::ui
