// Python 3.11's tokenizer (CPython's Parser/tokenizer.c is the reference for the rules): NAME, NUMBER, STRING
// and operator tokens, NEWLINE at the end of each logical line, INDENT/DEDENT from the indentation stack,
// implicit line joining inside brackets, backslash continuation, and CPython's tokenizer errors.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "python/syntax_error.hpp"

namespace il::py {

#define IL_PY_OPERATORS(X)                                                                                    \
  X(LPar, "(") X(RPar, ")") X(LSqb, "[") X(RSqb, "]") X(LBrace, "{") X(RBrace, "}") X(Colon, ":")            \
  X(Comma, ",") X(Semi, ";") X(Plus, "+") X(Minus, "-") X(Star, "*") X(Slash, "/") X(VBar, "|")              \
  X(Amper, "&") X(Less, "<") X(Greater, ">") X(Equal, "=") X(Dot, ".") X(Percent, "%") X(EqEqual, "==")     \
  X(NotEqual, "!=") X(LessEqual, "<=") X(GreaterEqual, ">=") X(Tilde, "~") X(Circumflex, "^")                \
  X(LeftShift, "<<") X(RightShift, ">>") X(DoubleStar, "**") X(PlusEqual, "+=") X(MinEqual, "-=")           \
  X(StarEqual, "*=") X(SlashEqual, "/=") X(PercentEqual, "%=") X(AmperEqual, "&=") X(VBarEqual, "|=")       \
  X(CircumflexEqual, "^=") X(LeftShiftEqual, "<<=") X(RightShiftEqual, ">>=") X(DoubleStarEqual, "**=")     \
  X(DoubleSlash, "//") X(DoubleSlashEqual, "//=") X(At, "@") X(AtEqual, "@=") X(RArrow, "->")               \
  X(Ellipsis, "...") X(ColonEqual, ":=")

#define IL_PY_KEYWORDS(X)                                                                                     \
  X(False) X(None) X(True) X(and) X(as) X(assert) X(async) X(await) X(break) X(class) X(continue) X(def)    \
  X(del) X(elif) X(else) X(except) X(finally) X(for) X(from) X(global) X(if) X(import) X(in) X(is)          \
  X(lambda) X(nonlocal) X(not) X(or) X(pass) X(raise) X(return) X(try) X(while) X(with) X(yield)

enum class T : std::uint8_t {
  EndMarker, // also the token where input ended inside brackets (Token::unclosed)
  Newline,
  Indent,
  Dedent,
  Name,
  Number,
  String,
  ErrorTok, // a character no token starts with ('$', '?', '!' alone, '`'): the parser reports invalid syntax
#define IL_PY_OP_ENUM(n, s) n,
  IL_PY_OPERATORS(IL_PY_OP_ENUM)
#undef IL_PY_OP_ENUM
#define IL_PY_KW_ENUM(n) kw_##n,
  IL_PY_KEYWORDS(IL_PY_KW_ENUM)
#undef IL_PY_KW_ENUM
  count_
};

std::string_view token_name(T k); // "'('", "NAME", "'def'"...

struct Token {
  T kind = T::EndMarker;
  std::uint32_t begin = 0, end = 0; // byte range in the tokenized source
  int line = 0, col = 0;            // 1-based line, 0-based byte column
  int end_line = 0, end_col = 0;
  int level = 0;        // bracket depth at this token
  bool unclosed = false; // EndMarker reached with brackets open
};

struct Bracket {
  char ch;
  int line, col; // where it opened
};

struct TokenList {
  std::string source; // the program as tokenized: UTF-8, newlines normalized to \n, ending in \n
  std::vector<Token> tokens;
  std::vector<std::uint32_t> line_starts; // byte offset of each line (index 0 = line 1)
  std::vector<Bracket> open_brackets;     // brackets still open at the end of input
  SyntaxErrorInfo error;                  // the first tokenizer error; tokens stop before it

  std::string_view text(const Token& t) const { return std::string_view(source).substr(t.begin, t.end - t.begin); }
  std::string_view line_text(int line) const; // without its newline
};

// Tokenizes a whole program (raw bytes of a .py file: a UTF-8 BOM and a latin-1 coding declaration are honoured).
TokenList tokenize(std::string_view raw);

// Unicode identifier classes as CPython 3.11 has them (tools/gen_unicode_tables.py).
bool is_id_start(std::uint32_t cp);
bool is_id_continue(std::uint32_t cp);
bool is_printable(std::uint32_t cp);
// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode as themselves.
std::uint32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, std::uint32_t cp);

} // namespace il::py
