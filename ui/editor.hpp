// The Source tab's code editor: ImGui's multi-line text field (selection, the clipboard, undo and redo, the
// usual keys) under a gutter of line numbers, with Python's colouring drawn over it. Tab indents to the next
// multiple of four spaces, Enter keeps the line's indentation and adds a level after a ':'. Platform-free: the
// app decides what Ctrl+Enter does.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <imgui.h>

namespace il::ui {

// What the editor marks over the text.
struct EditorMarks {
  int error_line = 0, error_col = 0; // a compile error's place (1-based; 0: none): the line and a caret there
  std::string error;                 // its message, shown when the line is hovered
  struct Tag {
    int line = 0;
    std::string text; // the threads at that line at the cursor
    ImU32 colour = 0; // the first one's state colour
    std::string tip;  // what each waits for
  };
  std::vector<Tag> tags;
  struct Raised {
    int line = 0;
    std::string text; // the exception and the thread it ended
  };
  std::vector<Raised> raised; // where the run's uncaught exceptions were raised
};

// What the widget keeps between frames.
struct EditorWidget {
  int caret = 0;        // byte offset of the caret in the text
  int caret_line = 1;   // its line (1-based)
  int shown_line = 0;   // the caret line last scrolled into view
  bool active = false;  // the text field has the keyboard
  bool indent_next = false, tab_next = false; // Enter or Tab was typed: the callback adds the spaces
  bool edited_here = false; // the callback changed the text this frame (indentation, a paste)
  bool focus = false;   // take the keyboard on the next frame
  int goto_line = 0;    // scroll this line into view on the next frame (an error's)
  std::string paste;    // text to put in place of the selection (at the caret) while the field has the keyboard:
                        // the browser's paste, which ImGui's clipboard cannot read synchronously
};

// Python colouring: the kind of each byte of one line, given whether it starts inside a triple-quoted string
// (and which quote); `in_string` is updated for the next line.
enum class Syntax : unsigned char { Text, Keyword, Builtin, String, Number, Comment, Decorator };
std::vector<Syntax> colour_line(std::string_view line, char& in_string);

// Draws the editor filling `size`; true when the text changed.
bool code_editor(const char* id, std::string& text, EditorWidget& w, const EditorMarks& marks, ImVec2 size);

} // namespace il::ui
