// CPython 3.11's display of a SyntaxError (Python/pythonrun.c, print_error_text): the source line with its
// leading whitespace stripped, and a caret line under the offending range.
#include "python/syntax_error.hpp"

namespace il::py {

int char_offset(std::string_view line, int byte_col) {
  int chars = 0;
  for (int i = 0; i < byte_col && i < static_cast<int>(line.size()); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
  if (byte_col > static_cast<int>(line.size())) chars += byte_col - static_cast<int>(line.size());
  return chars + 1;
}

std::string SyntaxErrorInfo::format(std::string_view filename) const {
  if (type == "RecursionError" || type == "MemoryError") return type + (msg.empty() ? "" : ": " + msg) + "\n";
  std::string out = "  File \"" + std::string(filename) + "\", line " + std::to_string(lineno) + "\n";
  if (!text.empty()) {
    // CPython underlines the range, but marks an indentation error with one caret.
    const bool one = type == "IndentationError" || type == "TabError";
    // A range over several lines is underlined to the end of its first; no range reaches past the line's end.
    const long line_size = static_cast<long>(text.size()) + 1; // CPython's text keeps its newline
    long end = end_lineno > lineno ? line_size : end_offset;
    if (end > line_size + 1) end = line_size + 1;
    const long reps = (!one && end > 0 && end > offset) ? end - offset : 1;
    long off = offset - 1; // 0-based, in characters
    std::string_view t = text;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\f')) {
      t.remove_prefix(1);
      --off;
    }
    if (!t.empty() && t.back() == '\n') t.remove_suffix(1);
    const long len = static_cast<long>(t.size()); // CPython clips to the line's bytes (offsets may count either)
    if (off > len) off = len;
    out += "    " + std::string(t) + "\n";
    if (off >= 0) out += "    " + std::string(static_cast<std::size_t>(off), ' ') + std::string(reps, '^') + "\n";
  }
  out += type + ": " + msg + "\n";
  return out;
}

} // namespace il::py
