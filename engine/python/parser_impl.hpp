// The parser's class, shared by its files: parser.cpp (tokens, errors, statements), parser_expr.cpp
// (expressions, arguments, targets), parser_pattern.cpp (match patterns), parser_string.cpp (literals, f-strings).
#pragma once
#include <string>
#include <string_view>

#include "python/parser.hpp"

namespace il::py::detail {

enum class Targets : std::uint8_t { Star, Del, For };

// ast's name for what an expression is, as CPython's messages say it ("function call", "literal").
std::string_view expr_name(const Node* e);
// The first part of e that cannot be assigned to (or deleted), as CPython's _PyPegen_get_invalid_target.
const Node* invalid_target(const Node* e, Targets t);

class Parser {
public:
  Parser(const TokenList& tl, Module& m, SyntaxErrorInfo& err, Pos shift = {}) : tl_(tl), m_(m), err_(err), shift_(shift) {}
  void file();
  Node* fstring_expression(); // the whole token list is `( expr )`: an f-string replacement field

  // [SECTION] tokens
  const Token& tok(std::size_t k = 0) {
    std::size_t i = p_ + k;
    if (i >= tl_.tokens.size()) i = tl_.tokens.size() - 1;
    if (i > furthest_) furthest_ = i;
    return tl_.tokens[i];
  }
  T kind(std::size_t k = 0) { return tok(k).kind; }
  bool at(T k) { return kind() == k; }
  bool accept(T k) {
    if (!at(k)) return false;
    ++p_;
    return true;
  }
  bool at_soft(std::string_view word) { return at(T::Name) && tl_.text(tok()) == word; }
  const Token& prev() const { return tl_.tokens[p_ - 1]; }
  std::string_view text(const Token& t) const { return tl_.text(t); }

  // [SECTION] positions and errors
  Pos pos_of(const Token& t) const;
  Pos span(Pos a, Pos b) const { return {a.line, a.col, b.end_line, b.end_col}; }
  Pos span(const Token& a, const Token& b) const { return span(pos_of(a), pos_of(b)); }
  Pos from(const Token& a) const { return span(pos_of(a), pos_of(prev())); } // a .. last consumed token
  Pos from(Pos a) const { return span(a, pos_of(prev())); }
  Pos block_end(const Token& first, const Node* s) const;
  bool failed() const { return err_.active(); }
  std::nullptr_t fail();                                    // CPython's generic error at the furthest token
  std::nullptr_t fail_at(Pos where, std::string msg, std::string type = "SyntaxError");
  std::nullptr_t fail_tok(const Token& t, std::string msg, std::string type = "SyntaxError");
  std::nullptr_t fail_indent(const Token& t, std::string msg); // IndentationError at INDENT/DEDENT/EOF
  bool expect(T k) { return accept(k) || (fail(), false); }
  bool expect_forced(T k, std::string_view what); // CPython's &&'x': "expected 'x'" at the current token
  Node* make(K k, Pos p) { return m_.make(k, p); }

  // [SECTION] statements (parser.cpp)
  void statement(Nodes& out);
  void simple_stmts(Nodes& out);
  Node* simple_stmt();
  Node* expression_statement();
  void block(Nodes& out, const std::string& what, int line);
  bool else_block(Nodes& out);
  Node* compound_stmt();
  Node* function_def(Nodes decorators, const Token& first);
  Node* class_def(Nodes decorators, const Token& first);
  Node* if_stmt(bool elif);
  Node* while_stmt();
  Node* for_stmt(const Token* async_tok);
  Node* with_stmt(const Token* async_tok);
  bool with_items(Nodes& items, bool parenthesized);
  Node* try_stmt();
  Node* import_stmt();
  Node* from_import_stmt();
  Node* match_stmt();
  bool looks_like_match();
  Node* parameters(bool lambda, T closer); // Arguments; stops before closer
  Node* dotted_name_alias(bool allow_as);

  // [SECTION] expressions (parser_expr.cpp)
  Node* star_expressions();             // a, *b, c  (a Tuple when there is a comma)
  Node* star_expression();
  Node* star_named_expression();
  Node* named_expression();
  Node* expression();
  Node* expression_no_check();          // expression without the "forgot a comma" probe
  Node* disjunction();
  Node* conjunction();
  Node* bool_chain(T op, BoolKind kind, Node* (Parser::*operand)());
  Node* inversion();
  Node* comparison();
  Node* bitwise_or();
  Node* bitwise_xor();
  Node* bitwise_and();
  Node* shift_expr();
  Node* sum();
  Node* term();
  Node* factor();
  Node* power();
  Node* await_primary();
  Node* primary();
  Node* atom();
  Node* paren_atom();
  Node* list_atom();
  bool display_rest(Nodes& out, T close);
  Node* brace_atom();
  Node* lambdef();
  Node* yield_expr();
  Node* slices();
  Node* slice();
  bool call_arguments(Node* call); // after '(', up to and including ')'
  bool comprehension_clauses(Nodes& out);
  Node* star_targets();      // for the targets of `for` and comprehensions (parsed as expressions)
  bool check_target(Node* e, Targets t, bool here_hint = false);
  void set_ctx(Node* e, Ctx c);
  bool starts_expression(T k);
  Node* constant(Pos p, Constant::Kind k);

  // [SECTION] literals (parser_string.cpp)
  Node* strings();
  Node* number();
  bool fstring(const Token& t, std::string_view body, bool raw, Pos p, Nodes& parts, std::string& literal);
  bool decode_escapes(std::string_view body, bool bytes, const Token& t, std::string& out);
  Node* field_expression(std::string_view expr, const Token& t, std::size_t offset_in_token);

  // [SECTION] patterns (parser_pattern.cpp)
  Node* patterns();
  Node* pattern();
  Node* or_pattern();
  Node* closed_pattern();
  Node* signed_number_pattern();
  Node* maybe_star_pattern();

  const TokenList& tl_;
  Module& m_;
  SyntaxErrorInfo& err_;
  Pos shift_; // f-string fields: where the field's text stands in the enclosing source
  std::size_t p_ = 0;
  std::size_t furthest_ = 0;
  int depth_ = 0; // nesting of expressions and blocks, bounded so deep input cannot exhaust the C++ stack
};

// Counts one level of nesting for as long as it lives; past kMaxDepth the parse fails as CPython's compiler
// does for such input ("maximum recursion depth exceeded during compilation").
constexpr int kMaxDepth = 2000;
struct Nest {
  Parser& p;
  bool ok;
  explicit Nest(Parser& parser) : p(parser), ok(++parser.depth_ <= kMaxDepth) {
    if (!ok && !p.failed()) {
      p.err_.type = "RecursionError";
      p.err_.msg = "maximum recursion depth exceeded during compilation";
      p.err_.lineno = p.err_.end_lineno = p.tok().line;
    }
  }
  ~Nest() { --p.depth_; }
  Nest(const Nest&) = delete;
  Nest& operator=(const Nest&) = delete;
};

} // namespace il::py::detail
