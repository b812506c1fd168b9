// A compile-time error in a Python program, as CPython 3.11 reports it: SyntaxError, IndentationError or
// TabError (or NotImplementedError for a construct the simulator does not run) with its position and text.
#pragma once
#include <string>
#include <string_view>

namespace il::py {

struct SyntaxErrorInfo {
  std::string type = "SyntaxError"; // "SyntaxError", "IndentationError", "TabError", "NotImplementedError"
  std::string msg;
  // CPython's SyntaxError attributes: 1-based line, 1-based character (code point) offsets; end_offset may be
  // 0 or -1 where CPython leaves it unset.
  int lineno = 0, offset = 0, end_lineno = 0, end_offset = 0;
  std::string text; // the offending source line (without its newline)
  bool active() const { return !msg.empty(); }

  // What `python3 FILE` prints on stderr for it: the File line, the source line and its carets, the message.
  std::string format(std::string_view filename) const;
};

// The 1-based character offset of byte column `byte_col` (0-based) of `line`, counting UTF-8 code points.
int char_offset(std::string_view line, int byte_col);

} // namespace il::py
