// The parser: Python 3.11 source to a syntax tree (ast.hpp), or CPython's SyntaxError / IndentationError /
// TabError with its message and position. A hand-written recursive descent over the grammar of CPython's
// Grammar/python.gram; the precise messages CPython's second pass (its invalid_* rules) gives are raised where
// the failing construct is recognised.
#pragma once
#include <string_view>

#include "python/ast.hpp"
#include "python/syntax_error.hpp"
#include "python/tokenizer.hpp"

namespace il::py {

struct ParseResult {
  Module module;
  SyntaxErrorInfo error; // active() when the program does not parse
  TokenList tokens;      // the source as tokenized (lines for messages)
  bool ok() const { return !error.active(); }
};

// Sets err to an error of `type` at the byte range `where` of the tokenized source. A file's parser, symbol
// table and compiler errors report UTF-8 byte offsets in CPython (it converts them to characters only for
// source with a declared encoding, or a str); its tokenizer errors count characters.
void error_at(SyntaxErrorInfo& err, const TokenList& tl, const Pos& where, std::string type, std::string msg);

// Parses a whole module (`exec` mode). The checks CPython makes after parsing, in its symbol table and
// compiler ('return' outside function, duplicate arguments, global after use...) are check_module's.
// With `check` false it stops after parsing, as `ast.parse` does.
ParseResult parse_module(std::string_view source, bool check = true);

// CPython's errors found after parsing: statements outside their context and name-scope conflicts. Returns
// false with err set (the first one in source order) when the module has one.
bool check_module(const Module& m, const TokenList& tokens, SyntaxErrorInfo& err);

} // namespace il::py
