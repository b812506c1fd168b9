// The tokenizer: one pass over the whole program, line by line as CPython's tok_get does, producing every
// token up front (the parser then looks ahead freely) or stopping at the first error with CPython's message
// and position (offsets count characters from the line start to where CPython's cursor stood).
#include "python/tokenizer.hpp"

#include <algorithm>
#include <cstdio>

#include "python/unicode_tables.hpp"

namespace il::py {

// [SECTION] unicode

namespace {
template <std::size_t N> bool in_ranges(const CodeRange (&rs)[N], std::uint32_t cp) {
  auto it = std::upper_bound(std::begin(rs), std::end(rs), cp, [](std::uint32_t v, const CodeRange& r) { return v < r.lo; });
  return it != std::begin(rs) && cp <= (it - 1)->hi;
}
} // namespace

bool is_id_start(std::uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
  return in_ranges(kIdStart, cp);
}
bool is_id_continue(std::uint32_t cp) {
  if (cp < 0x80) return is_id_start(cp) || (cp >= '0' && cp <= '9');
  return in_ranges(kIdContinue, cp);
}
bool is_printable(std::uint32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
  return in_ranges(kPrintable, cp);
}

std::uint32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  std::uint32_t c = b(i);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  if (c >= 0x80 && c < 0xC0) extra = 0;
  if (i + extra >= s.size() + (extra ? 0 : 1)) extra = 0;
  if (extra == 0) {
    ++i;
    return c;
  }
  std::uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// [SECTION] token names

std::string_view token_name(T k) {
  static constexpr std::string_view names[] = {
      "ENDMARKER", "NEWLINE", "INDENT", "DEDENT", "NAME", "NUMBER", "STRING", "ERRORTOKEN",
#define IL_PY_OP_NAME(n, s) "'" s "'",
      IL_PY_OPERATORS(IL_PY_OP_NAME)
#undef IL_PY_OP_NAME
#define IL_PY_KW_NAME(n) "'" #n "'",
      IL_PY_KEYWORDS(IL_PY_KW_NAME)
#undef IL_PY_KW_NAME
  };
  static_assert(std::size(names) == static_cast<std::size_t>(T::count_));
  return names[static_cast<int>(k)];
}

std::string_view TokenList::line_text(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts.size())) return {};
  std::size_t b = line_starts[line - 1];
  std::size_t e = source.find('\n', b);
  if (e == std::string::npos) e = source.size();
  return std::string_view(source).substr(b, e - b);
}

// [SECTION] source decoding

namespace {

bool valid_utf8(std::string_view s, std::size_t& bad) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 0 : (c >= 0xC2 && c < 0xE0) ? 1 : (c >= 0xE0 && c < 0xF0) ? 2 : (c >= 0xF0 && c < 0xF5) ? 3 : -1;
    if (n < 0 || i + n >= s.size() + (n ? 0 : 1)) {
      bad = i;
      return false;
    }
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        bad = i;
        return false;
      }
    i += n + 1;
  }
  return true;
}

// PEP 263: a `coding[:=]` comment on line 1 or 2 (a comment alone on its line). Empty if none.
std::string coding_spec(std::string_view src) {
  std::size_t pos = 0;
  for (int line = 0; line < 2 && pos < src.size(); ++line) {
    std::size_t e = src.find('\n', pos);
    std::string_view l = src.substr(pos, e == std::string_view::npos ? std::string_view::npos : e - pos);
    std::size_t i = 0;
    while (i < l.size() && (l[i] == ' ' || l[i] == '\t' || l[i] == '\f')) ++i;
    if (i < l.size() && l[i] == '#') {
      for (std::size_t k = l.find("coding", i); k != std::string_view::npos; k = l.find("coding", k + 1)) {
        std::size_t j = k + 6;
        if (j >= l.size() || (l[j] != ':' && l[j] != '=')) continue;
        ++j;
        while (j < l.size() && (l[j] == ' ' || l[j] == '\t')) ++j;
        std::size_t b = j;
        while (j < l.size() && (std::isalnum(static_cast<unsigned char>(l[j])) || l[j] == '-' || l[j] == '_' || l[j] == '.')) ++j;
        if (j > b) {
          std::string name(l.substr(b, j - b));
          for (char& ch : name) ch = ch == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return name;
        }
      }
    } else if (i < l.size()) {
      return {}; // code on line 1: no cookie on line 2 either
    }
    if (e == std::string_view::npos) break;
    pos = e + 1;
  }
  return {};
}

bool is_latin1(const std::string& n) {
  for (std::string_view p : {"latin-1", "iso-8859-1", "iso-latin-1", "latin1", "l1", "iso8859-1", "8859", "cp819", "latin"})
    if (n == p || n.rfind(std::string(p) + "-", 0) == 0) return true;
  return false;
}

} // namespace

// [SECTION] the tokenizer

namespace {

constexpr int kMaxIndent = 100;
constexpr int kMaxLevel = 200;

class Tokenizer {
public:
  explicit Tokenizer(TokenList& out) : out_(out), s_(out.source) {}
  void run();

private:
  // Errors: offset counts the characters from the start of the error's line to byte `cur_byte`.
  void error_at(std::size_t cur_byte, std::string msg, std::string type = "SyntaxError", int end_offset = -2);
  int line_of(std::size_t byte) const;
  std::size_t start_of_line(int line) const { return out_.line_starts[line - 1]; }
  int chars(std::size_t from, std::size_t to) const;
  void push(T k, std::size_t b, std::size_t e);
  void push_marker(T k, std::size_t at); // zero width, INDENT/DEDENT
  bool indentation(std::size_t& p);
  bool number(std::size_t& p);
  bool string(std::size_t& p, std::size_t start);
  bool name_or_string(std::size_t& p);
  bool verify_end_of_number(std::size_t& p, const char* kind);
  bool decimal_tail(std::size_t& p);
  char at(std::size_t p) const { return p < s_.size() ? s_[p] : '\0'; }
  bool failed() const { return out_.error.active(); }

  TokenList& out_;
  const std::string& s_;
  int indents_[kMaxIndent + 1] = {0};
  int alt_indents_[kMaxIndent + 1] = {0};
  int top_ = 0;
};

int Tokenizer::line_of(std::size_t byte) const {
  auto it = std::upper_bound(out_.line_starts.begin(), out_.line_starts.end(), static_cast<std::uint32_t>(byte));
  return static_cast<int>(it - out_.line_starts.begin());
}

int Tokenizer::chars(std::size_t from, std::size_t to) const {
  int n = 0;
  for (std::size_t i = from; i < to && i < s_.size(); ++i) n += (static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80;
  if (to > s_.size()) n += static_cast<int>(to - s_.size());
  return n;
}

void Tokenizer::error_at(std::size_t cur_byte, std::string msg, std::string type, int end_offset) {
  if (failed()) return;
  int line = line_of(cur_byte == 0 ? 0 : cur_byte - (cur_byte >= s_.size() || s_[cur_byte - 1] == '\n' ? 1 : 0));
  SyntaxErrorInfo& e = out_.error;
  e.type = std::move(type);
  e.msg = std::move(msg);
  e.lineno = e.end_lineno = line;
  e.offset = chars(start_of_line(line), cur_byte);
  e.end_offset = end_offset == -2 ? e.offset : end_offset;
  e.text = std::string(out_.line_text(line));
}

void Tokenizer::push(T k, std::size_t b, std::size_t e) {
  Token t;
  t.kind = k;
  t.begin = static_cast<std::uint32_t>(b);
  t.end = static_cast<std::uint32_t>(e);
  if (b >= s_.size()) { // ENDMARKER and the DEDENTs before it stand on the line after the last one
    t.line = t.end_line = static_cast<int>(out_.line_starts.size()) + 1;
    t.level = static_cast<int>(out_.open_brackets.size());
    out_.tokens.push_back(t);
    return;
  }
  t.line = line_of(b);
  t.col = static_cast<int>(b - start_of_line(t.line));
  std::size_t last = e > b ? e - 1 : b;
  t.end_line = line_of(last);
  t.end_col = static_cast<int>(e - start_of_line(t.end_line));
  t.level = static_cast<int>(out_.open_brackets.size());
  out_.tokens.push_back(t);
}

void Tokenizer::push_marker(T k, std::size_t at_byte) { push(k, at_byte, at_byte); }

// At the start of a logical line: measure the indentation (tabs to multiples of 8, and again with tabs as one
// column to catch inconsistent use), compare with the stack, and queue INDENT / DEDENT. False on an error.
bool Tokenizer::indentation(std::size_t& p) {
  const std::size_t line_begin = p;
  int col = 0, altcol = 0;
  for (;; ++p) {
    char c = at(p);
    if (c == ' ') ++col, ++altcol;
    else if (c == '\t') col = (col / 8 + 1) * 8, ++altcol;
    else if (c == '\f') col = altcol = 0;
    else break;
  }
  char c = at(p);
  if (c == '#' || c == '\n' || p >= s_.size()) return true; // blank or comment-only line: no indentation
  if (col == indents_[top_]) {
    if (altcol != alt_indents_[top_]) {
      error_at(line_begin + 1, "inconsistent use of tabs and spaces in indentation", "TabError", 0);
      out_.error.offset = 1;
      return false;
    }
  } else if (col > indents_[top_]) {
    if (top_ + 1 >= kMaxIndent) {
      error_at(p, "too many levels of indentation", "IndentationError");
      return false;
    }
    if (altcol <= alt_indents_[top_]) {
      error_at(line_begin + 1, "inconsistent use of tabs and spaces in indentation", "TabError", 0);
      out_.error.offset = 1;
      return false;
    }
    ++top_;
    indents_[top_] = col;
    alt_indents_[top_] = altcol;
    push_marker(T::Indent, p);
  } else {
    while (top_ > 0 && col < indents_[top_]) {
      --top_;
      push_marker(T::Dedent, p);
    }
    if (col != indents_[top_]) {
      std::size_t eol = s_.find('\n', p);
      error_at(eol + 1, "unindent does not match any outer indentation level", "IndentationError", -1);
      out_.error.lineno = out_.error.end_lineno = line_of(p);
      out_.error.offset = chars(line_begin, eol + 1);
      out_.error.text = std::string(out_.line_text(line_of(p)));
      return false;
    }
    if (altcol != alt_indents_[top_]) {
      error_at(line_begin + 1, "inconsistent use of tabs and spaces in indentation", "TabError", 0);
      out_.error.offset = 1;
      return false;
    }
  }
  return true;
}

bool Tokenizer::verify_end_of_number(std::size_t& p, const char* kind) {
  // CPython 3.11 accepts `1if x else y` and friends (with a DeprecationWarning nobody sees by default).
  char c = at(p);
  auto ahead = [&](std::string_view rest) { return std::string_view(s_).substr(p + 1, rest.size()) == rest; };
  bool keyword = (c == 'a' && ahead("nd")) || (c == 'e' && ahead("lse")) || (c == 'f' && ahead("or")) ||
                 (c == 'i' && (at(p + 1) == 'f' || at(p + 1) == 'n' || at(p + 1) == 's')) ||
                 (c == 'o' && ahead("r")) || (c == 'n' && ahead("ot"));
  if (keyword) return true;
  // A non-ASCII character after a number ends it (then it is an invalid character, or a name).
  if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
    error_at(p, std::string("invalid ") + kind + " literal");
    return false;
  }
  return true;
}

// Digits with single underscores between them; p stops at the first character after them.
bool Tokenizer::decimal_tail(std::size_t& p) {
  for (;;) {
    while (std::isdigit(static_cast<unsigned char>(at(p)))) ++p;
    if (at(p) != '_') return true;
    ++p;
    if (!std::isdigit(static_cast<unsigned char>(at(p)))) {
      error_at(p, "invalid decimal literal");
      return false;
    }
  }
}

bool Tokenizer::number(std::size_t& p) {
  const std::size_t start = p;
  auto isdig = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(at(k))) != 0; };
  auto radix = [&](auto is_digit, const char* kind, bool report_digit) {
    ++p; // the x / o / b
    do {
      if (at(p) == '_') ++p;
      if (!is_digit(at(p))) {
        if (report_digit && isdig(p)) {
          error_at(p + 1, std::string("invalid digit '") + at(p) + "' in " + kind + " literal");
        } else {
          error_at(p, std::string("invalid ") + kind + " literal");
        }
        return false;
      }
      while (is_digit(at(p))) ++p;
    } while (at(p) == '_');
    if (report_digit && isdig(p)) {
      error_at(p + 1, std::string("invalid digit '") + at(p) + "' in " + kind + " literal");
      return false;
    }
    return verify_end_of_number(p, kind);
  };
  bool fraction = false, exponent = false, imaginary = false;
  if (at(p) == '0' && (at(p + 1) == 'x' || at(p + 1) == 'X')) {
    ++p;
    if (!radix([](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }, "hexadecimal", false)) return false;
    push(T::Number, start, p);
    return true;
  }
  if (at(p) == '0' && (at(p + 1) == 'o' || at(p + 1) == 'O')) {
    ++p;
    if (!radix([](char c) { return c >= '0' && c < '8'; }, "octal", true)) return false;
    push(T::Number, start, p);
    return true;
  }
  if (at(p) == '0' && (at(p + 1) == 'b' || at(p + 1) == 'B')) {
    ++p;
    if (!radix([](char c) { return c == '0' || c == '1'; }, "binary", true)) return false;
    push(T::Number, start, p);
    return true;
  }
  if (at(p) == '.') {
    fraction = true;
  } else if (at(p) == '0') {
    bool nonzero = false;
    ++p;
    for (;;) {
      if (at(p) == '_') {
        ++p;
        if (!isdig(p)) {
          error_at(p, "invalid decimal literal");
          return false;
        }
      }
      if (at(p) != '0') break;
      ++p;
    }
    std::size_t zeros_end = p;
    if (isdig(p)) {
      nonzero = true;
      if (!decimal_tail(p)) return false;
    }
    char c = at(p);
    if (c == '.') fraction = true;
    else if (c == 'e' || c == 'E') exponent = true;
    else if (c == 'j' || c == 'J') imaginary = true;
    else if (nonzero) {
      std::size_t ls = start_of_line(line_of(start));
      error_at(start, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
      out_.error.offset = chars(ls, start) + 1;
      out_.error.end_offset = chars(ls, zeros_end) + 1;
      return false;
    } else {
      if (!verify_end_of_number(p, "decimal")) return false;
      push(T::Number, start, p);
      return true;
    }
  } else {
    if (!decimal_tail(p)) return false;
    char c = at(p);
    if (c == '.') fraction = true;
    else if (c == 'e' || c == 'E') exponent = true;
    else if (c == 'j' || c == 'J') imaginary = true;
  }
  if (fraction) {
    ++p; // the '.'
    if (isdig(p) && !decimal_tail(p)) return false;
    if (at(p) == 'e' || at(p) == 'E') exponent = true;
    else if (at(p) == 'j' || at(p) == 'J') imaginary = true;
  }
  if (exponent) {
    std::size_t e = p;
    ++p;
    if (at(p) == '+' || at(p) == '-') {
      ++p;
      if (!isdig(p)) {
        error_at(p, "invalid decimal literal");
        return false;
      }
    } else if (!isdig(p)) {
      // `1e` then a name: CPython reports at the 'e'; `1else` is a number then `else`.
      p = e;
      if (!verify_end_of_number(p, "decimal")) return false;
      push(T::Number, start, p);
      return true;
    }
    if (!decimal_tail(p)) return false;
    if (at(p) == 'j' || at(p) == 'J') imaginary = true;
  }
  if (imaginary) {
    ++p;
    if (!verify_end_of_number(p, "imaginary")) return false;
  } else if (!verify_end_of_number(p, "decimal")) {
    return false;
  }
  push(T::Number, start, p);
  return true;
}

// A string literal whose opening quote is at p (its prefix began at start).
bool Tokenizer::string(std::size_t& p, std::size_t start) {
  const char quote = at(p);
  int quote_size = 1, end_quote_size = 0;
  ++p;
  if (at(p) == quote) {
    ++p;
    if (at(p) == quote) {
      quote_size = 3;
      ++p;
    } else {
      end_quote_size = 1; // the empty string
    }
  }
  while (end_quote_size != quote_size) {
    if (p >= s_.size() || (quote_size == 1 && at(p) == '\n')) {
      int detected = line_of(p >= s_.size() ? s_.size() - 1 : p);
      error_at(start + 1, std::string(quote_size == 3 ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                              " (detected at line " + std::to_string(detected) + ")");
      return false;
    }
    char c = s_[p++];
    if (c == quote) {
      ++end_quote_size;
    } else {
      end_quote_size = 0;
      if (c == '\\' && p < s_.size()) ++p;
    }
  }
  push(T::String, start, p);
  return true;
}

bool Tokenizer::name_or_string(std::size_t& p) {
  const std::size_t start = p;
  bool saw_b = false, saw_r = false, saw_u = false, saw_f = false;
  for (;;) { // string prefixes: at most one of b/u/f, and r with b or f
    char c = at(p);
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!(saw_b || saw_u || saw_f) && l == 'b') saw_b = true;
    else if (!(saw_b || saw_u || saw_r || saw_f) && l == 'u') saw_u = true;
    else if (!(saw_r || saw_u) && l == 'r') saw_r = true;
    else if (!(saw_f || saw_b || saw_u) && l == 'f') saw_f = true;
    else break;
    ++p;
    if (at(p) == '"' || at(p) == '\'') return string(p, start);
  }
  bool ascii = true;
  while (p < s_.size()) {
    unsigned char c = static_cast<unsigned char>(s_[p]);
    if (std::isalnum(c) || c == '_') ++p;
    else if (c >= 128) ascii = false, ++p;
    else break;
  }
  if (!ascii) {
    std::size_t i = start;
    bool first = true;
    while (i < p) {
      std::uint32_t cp = decode_utf8(s_, i);
      if (!(first ? is_id_start(cp) : is_id_continue(cp))) {
        char buf[64];
        if (is_printable(cp)) {
          std::string ch;
          append_utf8(ch, cp);
          std::snprintf(buf, sizeof buf, "' (U+%04X)", cp);
          error_at(i, "invalid character '" + ch + buf);
        } else {
          std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X", cp);
          error_at(i, buf);
        }
        return false;
      }
      first = false;
    }
  }
  std::string_view word = std::string_view(s_).substr(start, p - start);
  T kind = T::Name;
#define IL_PY_KW_MATCH(n)                                                                                   \
  if (word == #n) kind = T::kw_##n;
  IL_PY_KEYWORDS(IL_PY_KW_MATCH)
#undef IL_PY_KW_MATCH
  push(kind, start, p);
  return true;
}

void Tokenizer::run() {
  std::size_t p = 0;
  bool at_bol = true;
  for (;;) {
    if (failed()) return;
    if (at_bol) {
      at_bol = false;
      if (out_.open_brackets.empty() && !indentation(p)) return;
    }
    while (at(p) == ' ' || at(p) == '\t' || at(p) == '\f') ++p;
    if (p >= s_.size()) break;
    const std::size_t start = p;
    char c = s_[p];
    if (c == '#') {
      while (p < s_.size() && s_[p] != '\n') ++p;
      continue;
    }
    if (c == '\n') {
      // A NEWLINE ends a logical line unless brackets are open or the line held no token.
      bool blank = out_.tokens.empty() || out_.tokens.back().kind == T::Newline ||
                   out_.tokens.back().kind == T::Indent || out_.tokens.back().kind == T::Dedent;
      if (out_.open_brackets.empty() && !blank) push(T::Newline, p, p);
      ++p;
      at_bol = out_.open_brackets.empty();
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u) || c == '_' || u >= 128) {
      if (!name_or_string(p)) return;
      continue;
    }
    if (std::isdigit(u) || (c == '.' && std::isdigit(static_cast<unsigned char>(at(p + 1))))) {
      if (!number(p)) return;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (!string(p, start)) return;
      continue;
    }
    if (c == '\\') {
      ++p;
      if (at(p) != '\n') {
        error_at(p + 1, "unexpected character after line continuation character", "SyntaxError", 0);
        return;
      }
      ++p;
      if (p >= s_.size()) {
        error_at(p, "unexpected EOF while parsing", "SyntaxError", -1);
        out_.error.lineno = out_.error.end_lineno = line_of(p - 1);
        out_.error.text = std::string(out_.line_text(out_.error.lineno));
        out_.error.offset = chars(start_of_line(out_.error.lineno), p);
        return;
      }
      continue;
    }
    // operators: the longest match
    static constexpr std::pair<std::string_view, T> ops[] = {
#define IL_PY_OP_PAIR(n, s) {s, T::n},
        IL_PY_OPERATORS(IL_PY_OP_PAIR)
#undef IL_PY_OP_PAIR
    };
    T best = T::ErrorTok;
    std::size_t best_len = 0;
    for (auto& [text, kind] : ops)
      if (text.size() > best_len && std::string_view(s_).substr(p, text.size()) == text) best = kind, best_len = text.size();
    if (best_len == 0) {
      if (!is_printable(u)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X", static_cast<unsigned>(u));
        error_at(p + 1, buf);
        return;
      }
      push(T::ErrorTok, p, p + 1);
      ++p;
      continue;
    }
    if (best == T::LPar || best == T::LSqb || best == T::LBrace) {
      if (out_.open_brackets.size() >= kMaxLevel) {
        error_at(p + 1, "too many nested parentheses");
        return;
      }
      push(best, p, p + 1);
      int line = line_of(p);
      out_.open_brackets.push_back({c, line, static_cast<int>(p - start_of_line(line))});
      ++p;
      continue;
    }
    if (best == T::RPar || best == T::RSqb || best == T::RBrace) {
      if (out_.open_brackets.empty()) {
        error_at(p + 1, std::string("unmatched '") + c + "'");
        return;
      }
      Bracket open = out_.open_brackets.back();
      out_.open_brackets.pop_back();
      char want = open.ch == '(' ? ')' : open.ch == '[' ? ']' : '}';
      if (c != want) {
        std::string msg = std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" + open.ch + "'";
        if (open.line != line_of(p)) msg += " on line " + std::to_string(open.line);
        error_at(p + 1, msg);
        return;
      }
      push(best, p, p + 1);
      ++p;
      continue;
    }
    push(best, p, p + best_len);
    p += best_len;
  }
  // End of input.
  const std::size_t eof = s_.size();
  if (!out_.open_brackets.empty()) {
    push(T::EndMarker, eof, eof);
    out_.tokens.back().unclosed = true;
    return;
  }
  for (; top_ > 0; --top_) push_marker(T::Dedent, eof);
  push(T::EndMarker, eof, eof);
}

} // namespace

namespace {
// The single-byte codec a coding declaration names (after latin-1 and UTF-8), or nullptr.
const SingleByteCodec* find_codec(std::string name) {
  for (char& c : name) c = c == '_' ? '-' : c;
  for (const SingleByteCodec& c : kCodecs)
    for (const char* n : c.names)
      if (n && name == n) return &c;
  return nullptr;
}
} // namespace

TokenList tokenize(std::string_view raw) {
  TokenList out;
  const bool bom = raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF";
  if (bom) raw.remove_prefix(3);
  std::string src;
  src.reserve(raw.size() + 1);
  for (std::size_t i = 0; i < raw.size(); ++i) { // universal newlines, as CPython reads source files
    if (raw[i] == '\r') {
      src += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      src += raw[i];
    }
  }
  if (src.empty() || src.back() != '\n') src += '\n';
  auto refuse = [&](std::string msg) {
    out.source = src;
    out.line_starts.push_back(0);
    out.error.msg = std::move(msg);
    out.error.lineno = out.error.end_lineno = 0;
    out.error.offset = out.error.end_offset = -1;
    return out;
  };
  const std::string coding = coding_spec(src);
  const bool utf8 = coding.empty() || coding == "utf-8" || coding.rfind("utf-8-", 0) == 0 || coding == "utf8" ||
                    coding == "ascii" || coding == "us-ascii";
  if (bom && !coding.empty() && coding != "utf-8" && coding.rfind("utf-8-", 0) != 0) return refuse("encoding problem: " + coding + " with BOM");
  if (!utf8) {
    const SingleByteCodec* codec = is_latin1(coding) ? nullptr : find_codec(coding);
    if (!is_latin1(coding) && !codec) return refuse("unknown encoding: " + coding + " (the simulator reads UTF-8, latin-1 and common single-byte encodings)");
    std::string utf8_src;
    for (unsigned char c : src) append_utf8(utf8_src, c < 0x80 || !codec ? c : codec->high[c - 0x80]);
    src = std::move(utf8_src);
  }
  out.source = std::move(src);
  out.line_starts.push_back(0);
  for (std::size_t i = 0; i + 1 < out.source.size(); ++i)
    if (out.source[i] == '\n') out.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
  std::size_t bad = 0;
  if (!valid_utf8(out.source, bad)) {
    auto line = std::upper_bound(out.line_starts.begin(), out.line_starts.end(), static_cast<std::uint32_t>(bad)) -
                out.line_starts.begin();
    char buf[32];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(out.source[bad])));
    out.error.msg = std::string("Non-UTF-8 code starting with '") + buf + "' in file {file} on line " +
                    std::to_string(line) + ", but no encoding declared; see https://peps.python.org/pep-0263/ for details";
    out.error.lineno = out.error.end_lineno = static_cast<int>(line);
    return out;
  }
  if (out.source.find('\0') != std::string::npos) {
    out.error.msg = "source code cannot contain null bytes";
    out.error.lineno = out.error.end_lineno = 1;
    return out;
  }
  Tokenizer tk(out);
  tk.run();
  return out;
}

} // namespace il::py
