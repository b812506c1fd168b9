// The Source tab: the built-in scenario's Python listing, or the editor with the user's program (a copy of a
// built-in, a new one). Either way every live thread's current line at the cursor is highlighted and tagged
// with the thread's name in the colour of its state; the editor also marks a compile error's line and column.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "theme.hpp"

namespace il::ui {

namespace {

// The threads standing on each line at the cursor: one tag per line, in line order.
std::vector<EditorMarks::Tag> thread_tags(const Sim* live, int nlines) {
  std::vector<std::vector<ThreadId>> at(static_cast<std::size_t>(nlines) + 1);
  if (live)
    for (const Thread& t : live->threads()) {
      if (t.state == ThreadState::Done || t.state == ThreadState::New) continue;
      const int line = live->current_line(t.id);
      if (line > 0 && line <= nlines) at[static_cast<std::size_t>(line)].push_back(t.id);
    }
  std::vector<EditorMarks::Tag> tags;
  for (int l = 1; l <= nlines; ++l) {
    const auto& here = at[static_cast<std::size_t>(l)];
    if (here.empty()) continue;
    EditorMarks::Tag tag;
    tag.line = l;
    for (std::size_t k = 0; k < here.size() && k < 4; ++k) tag.text += (k ? " " : "") + live->threads()[static_cast<std::size_t>(here[k])].name;
    if (here.size() > 4) tag.text += " +" + std::to_string(here.size() - 4);
    tag.colour = theme::state_colour(live->threads()[static_cast<std::size_t>(here.front())].state);
    for (ThreadId t : here) tag.tip += live->threads()[static_cast<std::size_t>(t)].name + ": " + wait_label(*live, t) + "\n";
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::vector<std::string_view> split_lines(std::string_view src) {
  std::vector<std::string_view> lines;
  for (std::size_t i = 0; i <= src.size();) {
    const std::size_t nl = src.find('\n', i);
    const std::size_t end = nl == std::string::npos ? src.size() : nl;
    if (end > i || nl != std::string::npos) lines.push_back(src.substr(i, end - i));
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  return lines;
}

} // namespace

// The run's uncaught exceptions, one line each above the listing or the editor; a click goes to the moment it
// was raised and (in the editor) to its line. Returns them as the editor marks them.
std::vector<EditorMarks::Raised> App::draw_uncaught(int* goto_line) {
  std::vector<EditorMarks::Raised> raised;
  if (!a) return raised;
  for (std::size_t i = 0; i < a.uncaught.size(); ++i) {
    const UncaughtMark& u = a.uncaught[i];
    const std::string& thread = a.kernel->threads()[static_cast<std::size_t>(u.thread)].name;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), tr("line %d: %s (ended %s at %.6f ms)"), u.line,
                       u.text.c_str(), thread.c_str(), static_cast<double>(u.t) / 1e6);
    ImGui::PopTextWrapPos();
    mark("uncaught:" + std::to_string(i));
    tip(tr("An exception nobody caught ended this thread; its traceback is in the Console. Click: go to that moment"));
    if (ImGui::IsItemClicked()) {
      view.cursor = u.t;
      view.playing = false;
      if (goto_line) *goto_line = u.line;
    }
    if (u.line > 0) raised.push_back({u.line, u.text + " (" + tr("ended") + " " + thread + ")"});
  }
  return raised;
}

void App::draw_source_panel() {
  EditorState& e = view.editor;
  auto open_button = [&] {
    if (!platform.pick_file_available()) return; // natively: a path on the command line, or a file dropped
    ImGui::SameLine();
    if (ImGui::Button(tr("Open .py"))) platform.pick_file();
    mark("open-program");
    tip(tr("Open a Python file from this computer in the editor, and run it"));
  };
  if (!e.open) {
    if (ImGui::Button(tr("Edit a copy"))) edit_copy();
    mark("edit-copy");
    tip(tr("Open this scenario's program in the editor, to change it and run it (Ctrl+Enter)"));
    ImGui::SameLine();
    if (ImGui::Button(tr("New"))) new_program();
    mark("new-program");
    tip(tr("Start an empty program with the main guard"));
    open_button();
    if (!e.text.empty()) {
      ImGui::SameLine();
      if (ImGui::Button((tr("Back to ") + e.name + "###back").c_str())) e.open = true, e.widget.focus = true;
      mark("back-to-program");
      tip(tr("Your program, as you left it (Ctrl+Enter runs it)"));
    }
    if (!a) {
      ImGui::TextDisabled(tr("simulating..."));
      return;
    }
    const std::vector<EditorMarks::Raised> raised = draw_uncaught(nullptr);
    const Sim* live = sim_at_cursor();
    const std::vector<std::string_view> lines = split_lines(a.kernel->program().source);
    const std::vector<EditorMarks::Tag> tags = thread_tags(live, static_cast<int>(lines.size()));
    ImGui::TextDisabled(tr("at %.6f ms; threads are tagged on the line they are at"), static_cast<double>(view.cursor) / 1e6);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::size_t next = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const EditorMarks::Tag* tag = next < tags.size() && tags[next].line == static_cast<int>(i) + 1 ? &tags[next++] : nullptr;
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const ImVec2 end(p.x + ImGui::GetContentRegionAvail().x, p.y + ImGui::GetTextLineHeight());
      for (const auto& r : raised)
        if (r.line == static_cast<int>(i) + 1) {
          dl->AddRectFilled(p, end, theme::kRaisedLine);
          if (ImGui::IsMouseHoveringRect(p, end)) ImGui::SetTooltip("%s", r.text.c_str());
        }
      if (tag) dl->AddRectFilled(p, end, theme::kHeader);
      ImGui::TextDisabled("%3zu", i + 1);
      ImGui::SameLine();
      ImGui::TextUnformatted(lines[i].data(), lines[i].data() + lines[i].size());
      if (!tag) continue;
      // The tags sit at the panel's right edge over a backdrop, so long lines cannot push them out of view.
      const float right = p.x + ImGui::GetContentRegionAvail().x, w = ImGui::CalcTextSize(tag->text.c_str()).x + 8;
      const float x = std::max(p.x + 40, right - w), h = ImGui::GetTextLineHeight();
      dl->AddRectFilled(ImVec2(x, p.y), ImVec2(right, p.y + h), tag->colour, 3);
      dl->AddText(ImVec2(x + 4, p.y), IM_COL32(15, 15, 15, 255), tag->text.c_str());
      if (ImGui::IsMouseHoveringRect(ImVec2(x, p.y), ImVec2(right, p.y + h))) ImGui::SetTooltip("%s", tag->tip.c_str());
    }
    return;
  }

  // The editor.
  if (ImGui::Button(tr("Run"))) run_program();
  mark("run-program");
  tip(tr("Compile and run the program (Ctrl+Enter); a program that does not compile keeps the previous run on screen"));
  ImGui::SameLine();
  if (ImGui::Button(tr("New"))) new_program();
  mark("new-program");
  tip(tr("Start an empty program with the main guard"));
  open_button();
  ImGui::SameLine();
  if (ImGui::Button(tr("Save .py"))) save_program();
  mark("save-program");
  tip(platform.pick_file_available() ? tr("Download the editor's text as a .py file")
                                     : tr("Write the editor's text to a .py file in the working directory"));
  ImGui::SameLine();
  ImGui::TextUnformatted(e.name.c_str());
  const bool current = e.text == e.ran; // the runs are of this text: their marks line up with it
  if (!current) {
    ImGui::SameLine();
    ImGui::TextDisabled(tr("(edited: Ctrl+Enter runs it)"));
  }
  EditorMarks marks;
  if (!e.error.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme::kError), tr("line %d, column %d: %s"), e.error_line, e.error_col, e.error.c_str());
    ImGui::PopTextWrapPos();
    mark("compile-error");
    if (ImGui::IsItemClicked()) e.widget.goto_line = e.error_line;
    marks.error_line = e.error_line;
    marks.error_col = e.error_col;
    marks.error = e.error;
  }
  if (current && a) {
    int nlines = 1;
    for (char c : e.text) nlines += c == '\n';
    marks.raised = draw_uncaught(&e.widget.goto_line);
    marks.tags = thread_tags(sim_at_cursor(), nlines);
  }
  code_editor("editor", e.text, e.widget, marks, ImVec2(0, ImGui::GetContentRegionAvail().y));
  mark("editor");
}

} // namespace il::ui
