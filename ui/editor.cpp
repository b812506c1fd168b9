// The code editor: a gutter, ImGui's InputTextMultiline sized to the whole text inside a scrolling child (so
// the editor knows where every line is drawn), the text drawn again over it in Python's colours, the caret,
// and the marks (an error's line and column, the threads at each line).
//
// [SECTION] colouring
// [SECTION] typing: indentation
// [SECTION] the widget
#include "editor.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <string>

#include <imgui_internal.h> // the text field's undo state
#include <imgui_stdlib.h>

#include "theme.hpp"

namespace il::ui {

// [SECTION] colouring

namespace {

constexpr std::string_view kKeywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};

constexpr std::string_view kBuiltins[] = {
    "print", "range", "len", "str", "repr", "int", "float", "bool", "list", "tuple", "dict", "set", "sum",
    "min", "max", "abs", "round", "divmod", "sorted", "reversed", "enumerate", "zip", "map", "filter", "any",
    "all", "iter", "next", "isinstance", "issubclass", "getattr", "setattr", "hasattr", "type", "id", "hash",
    "input", "super", "object", "self", "staticmethod", "classmethod", "property", "Exception", "open"};

bool word_char(char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

} // namespace

std::vector<Syntax> colour_line(std::string_view line, char& in_string) {
  std::vector<Syntax> out(line.size(), Syntax::Text);
  std::size_t i = 0;
  auto string_from = [&](std::size_t from, char quote, bool triple) { // to its end on this line
    std::size_t j = from;
    while (j < line.size()) {
      if (line[j] == '\\') {
        j += 2;
        continue;
      }
      if (line[j] == quote && (!triple || line.substr(j, 3) == std::string(3, quote))) {
        j += triple ? 3 : 1;
        in_string = 0;
        return std::min(j, line.size());
      }
      ++j;
    }
    in_string = triple ? quote : 0; // a one-line string without its end: CPython's error, coloured to the end
    return line.size();
  };
  if (in_string) {
    const std::size_t end = string_from(0, in_string, true);
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(end), Syntax::String);
    i = end;
  }
  bool first_word = true; // a decorator's @ begins its line
  while (i < line.size()) {
    const char c = line[i];
    if (c == '#') {
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.end(), Syntax::Comment);
      break;
    }
    if (c == '"' || c == '\'') {
      const bool triple = line.substr(i, 3) == std::string(3, c);
      const std::size_t end = string_from(i + (triple ? 3 : 1), c, triple);
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(end), Syntax::String);
      i = end;
      first_word = false;
      continue;
    }
    if (c == '@' && first_word) {
      std::size_t j = i + 1;
      while (j < line.size() && (word_char(line[j]) || line[j] == '.')) ++j;
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(j), Syntax::Decorator);
      i = j;
      continue;
    }
    if (word_char(c)) {
      std::size_t j = i;
      while (j < line.size() && word_char(line[j])) ++j;
      const std::string_view w = line.substr(i, j - i);
      // A string prefix (f"", rb'') belongs to its string.
      if (j < line.size() && (line[j] == '"' || line[j] == '\'') && w.size() <= 2 &&
          std::all_of(w.begin(), w.end(), [](char ch) { return std::string_view("rRbBfFuU").find(ch) != std::string_view::npos; })) {
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(j), Syntax::String);
        i = j;
        continue;
      }
      Syntax k = Syntax::Text;
      if (std::isdigit(static_cast<unsigned char>(c))) k = Syntax::Number;
      else if (std::find(std::begin(kKeywords), std::end(kKeywords), w) != std::end(kKeywords)) k = Syntax::Keyword;
      else if (std::find(std::begin(kBuiltins), std::end(kBuiltins), w) != std::end(kBuiltins)) k = Syntax::Builtin;
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(j), k);
      i = j;
      first_word = false;
      continue;
    }
    if (c != ' ' && c != '\t') first_word = false;
    ++i;
  }
  return out;
}

namespace {

ImU32 syntax_colour(Syntax s) {
  switch (s) {
  case Syntax::Keyword: return IM_COL32(198, 120, 221, 255);
  case Syntax::Builtin: return IM_COL32(97, 175, 239, 255);
  case Syntax::String: return IM_COL32(152, 195, 121, 255);
  case Syntax::Number: return IM_COL32(209, 154, 102, 255);
  case Syntax::Comment: return IM_COL32(127, 132, 142, 255);
  case Syntax::Decorator: return IM_COL32(229, 192, 123, 255);
  case Syntax::Text: break;
  }
  return theme::kLabel;
}

// [SECTION] typing: indentation

std::size_t line_start(const char* buf, std::size_t at) {
  while (at > 0 && buf[at - 1] != '\n') --at;
  return at;
}

int on_text_event(ImGuiInputTextCallbackData* d) {
  auto& w = *static_cast<EditorWidget*>(d->UserData);
  if (d->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) {
    if (d->EventChar == '\n') w.indent_next = true;
    if (d->EventChar != '\t') return 0;
    w.tab_next = true; // the callback below indents instead
    return 1;
  }
  if (d->EventFlag != ImGuiInputTextFlags_CallbackAlways) return 0;
  if (!w.paste.empty()) { // one edit, as a paste through ImGui's clipboard would be; Windows line ends become '\n'
    std::string text;
    for (char c : w.paste)
      if (c != '\r') text += c;
    w.paste.clear();
    if (d->HasSelection()) {
      const int lo = std::min(d->SelectionStart, d->SelectionEnd);
      d->DeleteChars(lo, std::abs(d->SelectionEnd - d->SelectionStart));
      d->CursorPos = lo;
    }
    d->InsertChars(d->CursorPos, text.c_str());
    d->SelectionStart = d->SelectionEnd = d->CursorPos;
  }
  if (w.indent_next) { // the new line takes the previous one's indentation, and a level more after a ':'
    w.indent_next = false;
    const auto at = static_cast<std::size_t>(d->CursorPos);
    if (at > 0 && d->Buf[at - 1] == '\n') {
      const std::size_t prev = line_start(d->Buf, at - 1);
      std::size_t e = prev;
      while (e < at - 1 && d->Buf[e] == ' ') ++e;
      std::string indent(e - prev, ' ');
      std::size_t last = at - 1;
      while (last > prev && (d->Buf[last - 1] == ' ' || d->Buf[last - 1] == '\r')) --last;
      if (last > prev && d->Buf[last - 1] == ':') indent += "    ";
      if (!indent.empty()) d->InsertChars(d->CursorPos, indent.c_str());
    }
  }
  if (w.tab_next) {
    w.tab_next = false;
    const bool shift = ImGui::GetIO().KeyShift;
    if (d->HasSelection() || shift) { // indent (Shift: dedent) every line the selection touches
      const int lo = std::min(d->SelectionStart, d->SelectionEnd), hi = std::max(d->SelectionStart, d->SelectionEnd);
      std::vector<int> starts;
      for (auto s = static_cast<int>(line_start(d->Buf, static_cast<std::size_t>(lo)));;) {
        starts.push_back(s);
        const char* nl = static_cast<const char*>(std::memchr(d->Buf + s, '\n', static_cast<std::size_t>(d->BufTextLen - s)));
        if (!nl || nl - d->Buf + 1 >= hi || nl - d->Buf + 1 > d->BufTextLen) break;
        s = static_cast<int>(nl - d->Buf + 1);
      }
      for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
        if (!shift) {
          d->InsertChars(*it, "    ");
        } else {
          int n = 0;
          while (n < 4 && *it + n < d->BufTextLen && d->Buf[*it + n] == ' ') ++n;
          if (n) d->DeleteChars(*it, n);
        }
      }
      if (!shift) d->SelectionStart = starts.front(), d->SelectionEnd = d->CursorPos;
    } else { // spaces to the next multiple of four
      const int column = d->CursorPos - static_cast<int>(line_start(d->Buf, static_cast<std::size_t>(d->CursorPos)));
      d->InsertChars(d->CursorPos, std::string(static_cast<std::size_t>(4 - column % 4), ' ').c_str());
    }
  }
  w.caret = d->CursorPos;
  w.edited_here = w.edited_here || d->BufDirty;
  return 0;
}

float text_width(std::string_view s) {
  return ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
}

} // namespace

// [SECTION] the widget

bool code_editor(const char* id, std::string& text, EditorWidget& w, const EditorMarks& marks, ImVec2 size) {
  // The lines, by byte offset.
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  const int nlines = static_cast<int>(starts.size());
  auto line_of = [&](std::size_t at) {
    return static_cast<int>(std::upper_bound(starts.begin(), starts.end(), at) - starts.begin());
  };
  auto line_text = [&](int l) { // 1-based
    const std::size_t b = starts[static_cast<std::size_t>(l - 1)];
    const std::size_t e = l < nlines ? starts[static_cast<std::size_t>(l)] - 1 : text.size();
    return std::string_view(text).substr(b, e - b);
  };
  float widest = 0;
  for (int l = 1; l <= nlines; ++l) widest = std::max(widest, text_width(line_text(l)));

  const ImGuiStyle& style = ImGui::GetStyle();
  const float lh = ImGui::GetTextLineHeight();
  const float gutter = text_width(std::to_string(std::max(nlines, 999))) + 14;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(26, 28, 32, 255));
  ImGui::BeginChild(id, size, true, ImGuiWindowFlags_HorizontalScrollbar);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float view_w = ImGui::GetContentRegionAvail().x, view_h = ImGui::GetWindowHeight();
  const float scroll_y = ImGui::GetScrollY();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float top = origin.y + style.FramePadding.y; // line l is drawn at top + (l - 1) * lh
  const int first = std::max(1, static_cast<int>((scroll_y - style.FramePadding.y) / lh));
  const int last = std::min(nlines, first + static_cast<int>(view_h / lh) + 2);
  const float text_x = origin.x + gutter + style.FramePadding.x;

  // Under the text: the lines where threads stand, the error's line.
  const float right = origin.x + std::max(view_w, gutter + widest + 40);
  for (const auto& tag : marks.tags)
    if (tag.line >= first && tag.line <= last)
      dl->AddRectFilled(ImVec2(origin.x, top + static_cast<float>(tag.line - 1) * lh),
                        ImVec2(right, top + static_cast<float>(tag.line) * lh), theme::kHeader);
  for (const auto& r : marks.raised)
    if (r.line >= first && r.line <= last)
      dl->AddRectFilled(ImVec2(origin.x, top + static_cast<float>(r.line - 1) * lh),
                        ImVec2(right, top + static_cast<float>(r.line) * lh), theme::kRaisedLine);
  if (marks.error_line >= 1 && marks.error_line <= nlines)
    dl->AddRectFilled(ImVec2(origin.x, top + static_cast<float>(marks.error_line - 1) * lh),
                      ImVec2(right, top + static_cast<float>(marks.error_line) * lh), IM_COL32(110, 32, 32, 255));

  // The text field, as large as the text: it never scrolls itself, this child does.
  ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter, origin.y));
  if (w.focus) {
    ImGui::SetKeyboardFocusHere();
    w.focus = false;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0)); // drawn again in colour below
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
  const ImVec2 field(std::max(view_w - gutter, widest + 40), static_cast<float>(nlines) * lh + 2 * style.FramePadding.y + view_h * 0.5f);
  const bool changed = ImGui::InputTextMultiline("##text", &text, field,
                                                 ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackAlways |
                                                     ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_NoHorizontalScroll,
                                                 on_text_event, &w);
  ImGui::PopStyleColor(2);
  w.active = ImGui::IsItemActive();
  if (w.edited_here) {
    // ImGui 1.86 keeps no undo record of a callback's edits, and its older records would then apply at stale
    // places (past the end of a text that shrank): the undo history starts again after each of ours.
    w.edited_here = false;
    if (ImGuiInputTextState* st = ImGui::GetInputTextState(ImGui::GetActiveID())) {
      st->Stb.undostate.undo_point = 0;
      st->Stb.undostate.undo_char_point = 0;
      st->Stb.undostate.redo_point = STB_TEXTEDIT_UNDOSTATECOUNT;
      st->Stb.undostate.redo_char_point = STB_TEXTEDIT_UNDOCHARCOUNT;
    }
  }
  if (changed) { // the lines moved: measure again before drawing over them
    starts.assign(1, 0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts.push_back(i + 1);
  }
  const int n = static_cast<int>(starts.size());
  w.caret = std::clamp(w.caret, 0, static_cast<int>(text.size()));
  w.caret_line = line_of(static_cast<std::size_t>(w.caret));

  // The gutter and the coloured text, for the lines in view.
  char in_string = 0;
  for (int l = 1; l < first && l <= n; ++l) colour_line(line_text(l), in_string); // a triple-quoted string's state
  for (int l = first; l <= std::min(n, last); ++l) {
    const float y = top + static_cast<float>(l - 1) * lh;
    const std::string num = std::to_string(l);
    const bool err = l == marks.error_line ||
                     std::any_of(marks.raised.begin(), marks.raised.end(), [&](const EditorMarks::Raised& r) { return r.line == l; });
    dl->AddText(ImVec2(origin.x + gutter - 8 - text_width(num), y), err ? theme::kError : IM_COL32(110, 116, 128, 255), num.c_str());
    const std::string_view s = line_text(l);
    const std::vector<Syntax> kinds = colour_line(s, in_string);
    float x = text_x;
    for (std::size_t i = 0; i < s.size();) {
      std::size_t j = i;
      while (j < s.size() && kinds[j] == kinds[i]) ++j;
      dl->AddText(ImVec2(x, y), syntax_colour(kinds[i]), s.data() + i, s.data() + j);
      x += text_width(s.substr(i, j - i));
      i = j;
    }
  }
  // The error's column: a caret under it.
  if (marks.error_line >= 1 && marks.error_line <= n) {
    const std::string_view s = line_text(marks.error_line);
    const auto col = static_cast<std::size_t>(std::clamp(marks.error_col - 1, 0, static_cast<int>(s.size())));
    const float x = text_x + text_width(s.substr(0, col)), y = top + static_cast<float>(marks.error_line) * lh - 2;
    dl->AddTriangleFilled(ImVec2(x, y - 4), ImVec2(x - 4, y + 2), ImVec2(x + 4, y + 2), theme::kError);
    if (ImGui::IsMouseHoveringRect(ImVec2(origin.x, y + 2 - lh), ImVec2(right, y + 2)) && !marks.error.empty())
      ImGui::SetTooltip("%s", marks.error.c_str());
  }
  for (const auto& r : marks.raised) { // what was raised there, on hovering its line
    const float y = top + static_cast<float>(r.line - 1) * lh;
    if (r.line >= first && r.line <= last && ImGui::IsMouseHoveringRect(ImVec2(origin.x, y), ImVec2(right, y + lh)))
      ImGui::SetTooltip("%s", r.text.c_str());
  }
  // The caret (the field's own is drawn in its transparent text colour).
  if (w.active && std::fmod(ImGui::GetTime(), 1.2) < 0.8) {
    const std::string_view s = line_text(w.caret_line);
    const std::size_t col = static_cast<std::size_t>(w.caret) - starts[static_cast<std::size_t>(w.caret_line - 1)];
    const float x = text_x + text_width(s.substr(0, std::min(col, s.size())));
    const float y = top + static_cast<float>(w.caret_line - 1) * lh;
    dl->AddLine(ImVec2(x, y), ImVec2(x, y + lh), theme::kCursor);
  }
  // The threads' tags at the right edge of the view.
  const float view_right = origin.x + ImGui::GetScrollX() + view_w;
  for (const auto& tag : marks.tags) {
    if (tag.line < first || tag.line > last) continue;
    const float y = top + static_cast<float>(tag.line - 1) * lh;
    const float tw = text_width(tag.text) + 8, x = std::max(origin.x + gutter + 40, view_right - tw);
    dl->AddRectFilled(ImVec2(x, y), ImVec2(view_right, y + lh), tag.colour, 3);
    dl->AddText(ImVec2(x + 4, y), IM_COL32(15, 15, 15, 255), tag.text.c_str());
    if (!tag.tip.empty() && ImGui::IsMouseHoveringRect(ImVec2(x, y), ImVec2(view_right, y + lh))) ImGui::SetTooltip("%s", tag.tip.c_str());
  }

  // Keep the caret in view as it moves, and go to a line when asked.
  auto show_line = [&](int l) {
    const float y = static_cast<float>(l - 1) * lh + style.FramePadding.y;
    if (y < scroll_y) ImGui::SetScrollY(y);
    else if (y + lh > scroll_y + view_h - style.ScrollbarSize - lh) ImGui::SetScrollY(y + 2 * lh - view_h + style.ScrollbarSize);
  };
  if (w.goto_line > 0) {
    show_line(std::min(w.goto_line, n));
    w.goto_line = 0;
  } else if (w.active && w.caret_line != w.shown_line) {
    show_line(w.caret_line);
  }
  w.shown_line = w.active ? w.caret_line : 0;
  ImGui::EndChild();
  ImGui::PopStyleColor();
  return changed;
}

} // namespace il::ui
