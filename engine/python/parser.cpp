// The parser's driver, its error reporting (CPython's rules for where a SyntaxError points) and statements.
#include "python/parser.hpp"

#include "python/parser_impl.hpp"

namespace il::py {

void error_at(SyntaxErrorInfo& err, const TokenList& tl, const Pos& where, std::string type, std::string msg) {
  err.type = std::move(type);
  err.msg = std::move(msg);
  err.lineno = where.line;
  err.end_lineno = where.end_line;
  err.text = std::string(tl.line_text(where.line));
  err.offset = where.col + 1;
  err.end_offset = where.end_col + 1;
}

namespace detail {

// [SECTION] positions and errors

Pos Parser::pos_of(const Token& t) const {
  Pos p{t.line, t.col, t.end_line, t.end_col};
  if (shift_.line) { // a token of an f-string field: move it to where the field stands in the source
    if (p.line == 1) p.col += shift_.col - 1;
    if (p.end_line == 1) p.end_col += shift_.col - 1;
    p.line += shift_.line - 1;
    p.end_line += shift_.line - 1;
  }
  return p;
}

std::nullptr_t Parser::fail_at(Pos where, std::string msg, std::string type) {
  if (!failed()) error_at(err_, tl_, where, std::move(type), std::move(msg));
  return nullptr;
}

std::nullptr_t Parser::fail_tok(const Token& t, std::string msg, std::string type) {
  if (t.kind == T::Indent || t.kind == T::Dedent || t.kind == T::EndMarker) return fail_indent(t, std::move(msg)), nullptr;
  if (failed()) return nullptr;
  fail_at(pos_of(t), std::move(msg), std::move(type));
  return nullptr;
}

// INDENT, DEDENT and ENDMARKER have no columns in CPython: its messages then point where the tokenizer stood,
// after the indentation (or at the end of the last line).
std::nullptr_t Parser::fail_indent(const Token& t, std::string msg) {
  if (failed()) return nullptr;
  const bool indentation = msg.rfind("expected an indented block", 0) == 0 || msg == "unexpected indent" ||
                           msg == "unexpected unindent";
  err_.type = indentation ? "IndentationError" : "SyntaxError";
  err_.msg = std::move(msg);
  int line = t.line;
  int offset;
  if (line > static_cast<int>(tl_.line_starts.size()) || t.begin >= tl_.source.size()) {
    line = static_cast<int>(tl_.line_starts.size());
    offset = static_cast<int>(tl_.line_text(line).size()) + 1; // just past the newline
  } else {
    offset = t.col;
  }
  err_.lineno = err_.end_lineno = line;
  err_.offset = offset;
  err_.end_offset = -1;
  err_.text = std::string(tl_.line_text(line));
  return nullptr;
}

std::nullptr_t Parser::fail() {
  if (failed()) return nullptr;
  const Token& t = tl_.tokens[furthest_ < tl_.tokens.size() ? furthest_ : tl_.tokens.size() - 1];
  if (t.kind == T::EndMarker && t.unclosed) {
    const Bracket& b = tl_.open_brackets.back();
    fail_at({b.line, b.col, b.line, b.col + 1}, std::string("'") + b.ch + "' was never closed");
    err_.end_offset = 0;
    return nullptr;
  }
  if (t.kind == T::Indent) return fail_indent(t, "unexpected indent");
  if (t.kind == T::Dedent && t.begin < tl_.source.size()) return fail_indent(t, "unexpected unindent");
  if (t.kind == T::EndMarker || t.kind == T::Dedent) return fail_indent(t, "invalid syntax");
  return fail_tok(t, "invalid syntax");
}

bool Parser::expect_forced(T k, std::string_view what) {
  if (accept(k)) return true;
  fail_tok(tok(), "expected '" + std::string(what) + "'");
  return false;
}

// A compound statement ends at the last token it consumed that is not a NEWLINE, INDENT or DEDENT (as
// pegen's EXTRA does), so a trailing ';' in its last block counts.
Pos Parser::block_end(const Token& first, const Node* s) const {
  (void)s;
  std::size_t k = p_;
  while (k > 0) {
    const T kind = tl_.tokens[k - 1].kind;
    if (kind != T::Newline && kind != T::Indent && kind != T::Dedent) break;
    --k;
  }
  return span(pos_of(first), pos_of(tl_.tokens[k - 1]));
}

// [SECTION] the module

void Parser::file() {
  while (!failed() && !at(T::EndMarker)) statement(m_.body);
  if (!failed() && tok().unclosed) fail();
}

Node* Parser::fstring_expression() {
  // Tokens: '(' expr ')' NEWLINE ENDMARKER. A `yield`, a star expression or a bare tuple are allowed here.
  expect(T::LPar);
  if (failed()) return nullptr;
  Node* e = at(T::kw_yield) ? yield_expr() : star_expressions();
  if (!e) return nullptr;
  if (!at(T::RPar)) return fail();
  return e;
}

// [SECTION] statements

void Parser::statement(Nodes& out) {
  Nest nest(*this);
  if (!nest.ok) return;
  if (at(T::Indent)) {
    fail_indent(tok(), "unexpected indent");
    return;
  }
  const T k = kind();
  if (k == T::kw_def || k == T::kw_if || k == T::kw_class || k == T::kw_with || k == T::kw_for ||
      k == T::kw_try || k == T::kw_while || k == T::At || (k == T::kw_async && (kind(1) == T::kw_def || kind(1) == T::kw_for || kind(1) == T::kw_with)) ||
      (k == T::Name && at_soft("match") && looks_like_match())) {
    if (Node* s = compound_stmt()) out.push_back(s);
    return;
  }
  simple_stmts(out);
}

void Parser::simple_stmts(Nodes& out) {
  for (;;) {
    Node* s = simple_stmt();
    if (!s) {
      if (!failed()) fail();
      return;
    }
    out.push_back(s);
    if (accept(T::Semi)) {
      if (at(T::Newline)) break;
      continue;
    }
    break;
  }
  if (accept(T::Newline)) return;
  // `print x`: CPython's hint for Python 2's print and exec statements.
  Node* last = out.back();
  if (last->kind == K::Expr && last->a->kind == K::Name && (last->a->name == "print" || last->a->name == "exec") &&
      starts_expression(kind()) && kind() != T::LPar) {
    std::size_t save = p_;
    SyntaxErrorInfo saved = err_;
    if (Node* rest = star_expressions()) {
      std::string n = last->a->name;
      fail_at(span(last->a->pos, rest->pos), "Missing parentheses in call to '" + n + "'. Did you mean " + n + "(...)?");
      return;
    }
    err_ = saved;
    p_ = save;
  }
  fail();
}

Node* Parser::simple_stmt() {
  const Token& t = tok();
  switch (t.kind) {
  case T::kw_pass: ++p_; return make(K::Pass, pos_of(t));
  case T::kw_break: ++p_; return make(K::Break, pos_of(t));
  case T::kw_continue: ++p_; return make(K::Continue, pos_of(t));
  case T::kw_return: {
    ++p_;
    Node* s = make(K::Return, pos_of(t));
    if (starts_expression(kind())) {
      if (!(s->a = star_expressions())) return nullptr;
    }
    s->pos = from(t);
    return s;
  }
  case T::kw_raise: {
    ++p_;
    Node* s = make(K::Raise, pos_of(t));
    if (starts_expression(kind())) {
      if (!(s->a = expression())) return nullptr;
      if (accept(T::kw_from) && !(s->b = expression())) return nullptr;
    }
    s->pos = from(t);
    return s;
  }
  case T::kw_global:
  case T::kw_nonlocal: {
    ++p_;
    Node* s = make(t.kind == T::kw_global ? K::Global : K::Nonlocal, pos_of(t));
    do {
      if (!at(T::Name)) return fail();
      s->names.emplace_back(text(tok()));
      ++p_;
    } while (accept(T::Comma));
    s->pos = from(t);
    return s;
  }
  case T::kw_del: {
    ++p_;
    Node* s = make(K::Delete, pos_of(t));
    // del_targets: ','.del_target+ [','], then the statement must end.
    do {
      if (!starts_expression(kind())) break;
      Node* e = bitwise_or();
      if (!e) return nullptr;
      s->list.push_back(e);
    } while (accept(T::Comma));
    if (s->list.empty()) return fail();
    for (Node* e : s->list)
      if (!check_target(e, Targets::Del)) return nullptr;
    if (!at(T::Semi) && !at(T::Newline)) return fail();
    for (Node* e : s->list) set_ctx(e, Ctx::Del);
    s->pos = from(t);
    return s;
  }
  case T::kw_assert: {
    ++p_;
    Node* s = make(K::Assert, pos_of(t));
    if (!(s->a = expression())) return nullptr;
    if (accept(T::Comma) && !(s->b = expression())) return nullptr;
    s->pos = from(t);
    return s;
  }
  case T::kw_import: return import_stmt();
  case T::kw_from: return from_import_stmt();
  default: break;
  }
  if (!starts_expression(t.kind)) return fail();
  return expression_statement();
}

// An expression statement, assignment, annotated assignment or augmented assignment.
Node* Parser::expression_statement() {
  const Token& first = tok();
  Node* e = at(T::kw_yield) ? yield_expr() : star_expressions();
  if (!e) return nullptr;
  static constexpr std::pair<T, BinOpKind> aug[] = {
      {T::PlusEqual, BinOpKind::Add},         {T::MinEqual, BinOpKind::Sub},         {T::StarEqual, BinOpKind::Mult},
      {T::AtEqual, BinOpKind::MatMult},       {T::SlashEqual, BinOpKind::Div},       {T::PercentEqual, BinOpKind::Mod},
      {T::AmperEqual, BinOpKind::BitAnd},     {T::VBarEqual, BinOpKind::BitOr},      {T::CircumflexEqual, BinOpKind::BitXor},
      {T::LeftShiftEqual, BinOpKind::LShift}, {T::RightShiftEqual, BinOpKind::RShift}, {T::DoubleStarEqual, BinOpKind::Pow},
      {T::DoubleSlashEqual, BinOpKind::FloorDiv}};
  for (auto [tk, op] : aug) {
    if (!at(tk)) continue;
    if (e->kind != K::Name && e->kind != K::Attribute && e->kind != K::Subscript)
      return fail_at(e->pos, "'" + std::string(expr_name(e)) + "' is an illegal expression for augmented assignment");
    ++p_;
    Node* s = make(K::AugAssign, pos_of(first));
    s->a = e;
    s->binop = op;
    set_ctx(e, Ctx::Store);
    if (!(s->b = at(T::kw_yield) ? yield_expr() : star_expressions())) return nullptr;
    s->pos = from(first);
    return s;
  }
  if (at(T::Colon)) { // annotated assignment
    if (e->kind == K::Tuple && !e->parenthesized) return fail_at(e->pos, "only single target (not tuple) can be annotated");
    if ((e->kind == K::Tuple || e->kind == K::List) && e->parenthesized)
      return fail_at(e->pos, std::string("only single target (not ") + (e->kind == K::Tuple ? "tuple" : "list") + ") can be annotated");
    if (e->kind != K::Name && e->kind != K::Attribute && e->kind != K::Subscript)
      return fail_at(e->pos, "illegal target for annotation");
    ++p_;
    Node* s = make(K::AnnAssign, pos_of(first));
    s->a = e;
    s->simple = e->kind == K::Name && !e->parenthesized;
    set_ctx(e, Ctx::Store);
    if (!(s->b = expression())) return nullptr;
    if (accept(T::Equal) && !(s->c = at(T::kw_yield) ? yield_expr() : star_expressions())) return nullptr;
    s->pos = from(first);
    return s;
  }
  if (!at(T::Equal)) {
    Node* s = make(K::Expr, from(first));
    s->a = e;
    return s;
  }
  Nodes chain{e};
  while (accept(T::Equal)) {
    Node* v = at(T::kw_yield) ? yield_expr() : star_expressions();
    if (!v) return nullptr;
    chain.push_back(v);
  }
  // CPython's second pass first sees `a = b` (one '=') with an invalid a as a mistyped comparison.
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    Node* target = chain[i];
    if (target->kind == K::Yield || target->kind == K::YieldFrom)
      return fail_at(target->pos, "assignment to yield expression not possible");
    if (!check_target(target, Targets::Star, chain.size() == 2 && i == 0)) return nullptr;
  }
  Node* s = make(K::Assign, pos_of(first));
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    set_ctx(chain[i], Ctx::Store);
    s->list.push_back(chain[i]);
  }
  s->a = chain.back();
  s->pos = from(first);
  return s;
}

// `: NEWLINE INDENT statements DEDENT` or simple statements on the header's line.
void Parser::block(Nodes& out, const std::string& what, int line) {
  if (failed()) return;
  if (accept(T::Newline)) {
    if (!at(T::Indent)) {
      fail_indent(tok(), "expected an indented block after " + what + " on line " + std::to_string(line));
      if (tok().kind != T::EndMarker && tok().kind != T::Dedent) {
        // CPython points at the first token of the unindented line.
        const Token& t = tok();
        SyntaxErrorInfo keep = err_;
        err_ = {};
        fail_at(pos_of(t), keep.msg, "IndentationError");
      }
      return;
    }
    ++p_;
    while (!failed() && !at(T::Dedent) && !at(T::EndMarker)) statement(out);
    if (!failed()) accept(T::Dedent);
    return;
  }
  if (at(T::Indent) || at(T::EndMarker)) {
    fail();
    return;
  }
  simple_stmts(out);
}

Node* Parser::compound_stmt() {
  const Token& first = tok();
  if (at(T::At)) {
    Nodes decorators;
    while (accept(T::At)) {
      Node* d = named_expression();
      if (!d) return nullptr;
      decorators.push_back(d);
      if (!expect(T::Newline)) return nullptr;
    }
    const Token& t = tok();
    if (at(T::kw_def) || (at(T::kw_async) && kind(1) == T::kw_def)) return function_def(std::move(decorators), t);
    if (at(T::kw_class)) return class_def(std::move(decorators), t);
    return fail();
  }
  switch (first.kind) {
  case T::kw_def: return function_def({}, first);
  case T::kw_class: return class_def({}, first);
  case T::kw_if: return if_stmt(false);
  case T::kw_while: return while_stmt();
  case T::kw_for: return for_stmt(nullptr);
  case T::kw_with: return with_stmt(nullptr);
  case T::kw_try: return try_stmt();
  case T::kw_async: {
    ++p_;
    if (at(T::kw_def)) return function_def({}, first);
    if (at(T::kw_for)) return for_stmt(&first);
    if (at(T::kw_with)) return with_stmt(&first);
    return fail();
  }
  default: return match_stmt();
  }
}

Node* Parser::function_def(Nodes decorators, const Token& first) {
  const bool async = accept(T::kw_async) || first.kind == T::kw_async;
  const Token& def = tok();
  ++p_; // 'def'
  Node* s = make(async ? K::AsyncFunctionDef : K::FunctionDef, pos_of(first));
  s->decorators = std::move(decorators);
  if (!at(T::Name)) return fail();
  s->name = std::string(text(tok()));
  ++p_;
  if (!expect(T::LPar)) return nullptr;
  if (!(s->args = parameters(false, T::RPar))) return nullptr;
  if (!expect(T::RPar)) return nullptr;
  if (accept(T::RArrow) && !(s->a = expression())) return nullptr;
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, "function definition", def.line);
  if (failed()) return nullptr;
  s->pos = block_end(first, s);
  return s;
}

Node* Parser::class_def(Nodes decorators, const Token& first) {
  const Token& cls = tok();
  ++p_;
  Node* s = make(K::ClassDef, pos_of(first));
  s->decorators = std::move(decorators);
  if (!at(T::Name)) return fail();
  s->name = std::string(text(tok()));
  ++p_;
  if (accept(T::LPar)) {
    Node* call = make(K::Call, pos_of(cls));
    if (!call_arguments(call)) return nullptr;
    s->list = std::move(call->list);
    s->list2 = std::move(call->list2);
  }
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, "class definition", cls.line);
  if (failed()) return nullptr;
  s->pos = block_end(first, s);
  return s;
}

Node* Parser::if_stmt(bool elif) {
  const Token& first = tok();
  ++p_; // 'if' / 'elif'
  Node* s = make(K::If, pos_of(first));
  if (!(s->a = named_expression())) return nullptr;
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, elif ? "'elif' statement" : "'if' statement", first.line);
  if (failed()) return nullptr;
  if (at(T::kw_elif)) {
    Node* e = if_stmt(true);
    if (!e) return nullptr;
    s->orelse.push_back(e);
  } else if (!else_block(s->orelse)) {
    return nullptr;
  }
  s->pos = block_end(first, s);
  return s;
}

// An optional `else:` block of if / while / for / try; false when it is there and does not parse.
bool Parser::else_block(Nodes& out) {
  if (!at(T::kw_else)) return true;
  const Token& els = tok();
  ++p_;
  if (!expect_forced(T::Colon, ":")) return false;
  block(out, "'else' statement", els.line);
  return !failed();
}

Node* Parser::while_stmt() {
  const Token& first = tok();
  ++p_;
  Node* s = make(K::While, pos_of(first));
  if (!(s->a = named_expression())) return nullptr;
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, "'while' statement", first.line);
  if (failed()) return nullptr;
  if (!else_block(s->orelse)) return nullptr;
  s->pos = block_end(first, s);
  return s;
}

Node* Parser::for_stmt(const Token* async_tok) {
  const Token& f = tok();
  const Token& first = async_tok ? *async_tok : f;
  ++p_;
  Node* s = make(async_tok ? K::AsyncFor : K::For, pos_of(first));
  if (!(s->a = star_targets())) return nullptr;
  if (!at(T::kw_in)) {
    if (!check_target(s->a, Targets::For)) return nullptr;
    return fail();
  }
  if (!check_target(s->a, Targets::For)) return nullptr;
  set_ctx(s->a, Ctx::Store);
  ++p_;
  if (!(s->b = star_expressions())) return nullptr;
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, "'for' statement", f.line);
  if (failed()) return nullptr;
  if (!else_block(s->orelse)) return nullptr;
  s->pos = block_end(first, s);
  return s;
}

bool Parser::with_items(Nodes& items, bool parenthesized) {
  do {
    if (parenthesized && at(T::RPar)) break; // a trailing comma
    const Token& t = tok();
    Node* item = make(K::WithItem, pos_of(t));
    if (!(item->a = expression())) return false;
    if (accept(T::kw_as)) {
      if (!(item->b = at(T::Star) ? star_expression() : bitwise_or())) return false;
      if (!check_target(item->b, Targets::Star)) return false;
      set_ctx(item->b, Ctx::Store);
    }
    item->pos = from(t);
    items.push_back(item);
  } while (accept(T::Comma));
  return true;
}

Node* Parser::with_stmt(const Token* async_tok) {
  const Token& w = tok();
  const Token& first = async_tok ? *async_tok : w;
  ++p_;
  Node* s = make(async_tok ? K::AsyncWith : K::With, pos_of(first));
  bool done = false;
  if (at(T::LPar)) { // `with (a as b, c):` (3.9+), else an expression that starts with a parenthesis
    std::size_t save = p_;
    SyntaxErrorInfo saved = err_;
    ++p_;
    Nodes items;
    if (with_items(items, true) && accept(T::RPar) && at(T::Colon)) {
      s->list = std::move(items);
      done = true;
    } else {
      err_ = saved;
      p_ = save;
    }
  }
  if (!done && !with_items(s->list, false)) return nullptr;
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, "'with' statement", w.line);
  if (failed()) return nullptr;
  s->pos = block_end(first, s);
  return s;
}

Node* Parser::try_stmt() {
  const Token& first = tok();
  ++p_;
  Node* s = make(K::Try, pos_of(first));
  if (!expect_forced(T::Colon, ":")) return nullptr;
  block(s->body, "'try' statement", first.line);
  if (failed()) return nullptr;
  bool star = false;
  while (at(T::kw_except)) {
    const Token& ex = tok();
    ++p_;
    Node* h = make(K::ExceptHandler, pos_of(ex));
    bool this_star = accept(T::Star);
    if (!s->list.empty() && this_star != star) {
      return fail_tok(ex, "cannot have both 'except' and 'except*' on the same 'try'");
    }
    star = this_star;
    if (!at(T::Colon)) {
      const Token& tstart = tok();
      if (!(h->a = expression())) return nullptr;
      if (at(T::Comma)) { // `except A, B:` is Python 2
        std::size_t save = p_;
        ++p_;
        Node* more = expression();
        if (more && (at(T::Colon) || at(T::kw_as)))
          return fail_at(span(pos_of(tstart), more->pos), "multiple exception types must be parenthesized");
        if (failed()) return nullptr;
        p_ = save;
      }
      if (accept(T::kw_as)) {
        if (!at(T::Name)) return fail();
        h->name = std::string(text(tok()));
        ++p_;
      }
    } else if (star) {
      return fail_tok(tok(), "expected one or more exception types");
    }
    if (!expect_forced(T::Colon, ":")) return nullptr;
    block(h->body, star ? "'except*' statement" : "'except' statement", ex.line);
    if (failed()) return nullptr;
    h->pos = block_end(ex, h);
    s->list.push_back(h);
  }
  if (star) s->kind = K::TryStar;
  if (!s->list.empty() && !else_block(s->orelse)) return nullptr;
  if (at(T::kw_finally)) {
    const Token& fin = tok();
    ++p_;
    if (!expect_forced(T::Colon, ":")) return nullptr;
    block(s->finalbody, "'finally' statement", fin.line);
    if (failed()) return nullptr;
  }
  if (s->list.empty() && s->finalbody.empty()) return fail_tok(tok(), "expected 'except' or 'finally' block");
  s->pos = block_end(first, s);
  return s;
}

Node* Parser::dotted_name_alias(bool allow_as) {
  const Token& first = tok();
  if (!at(T::Name)) return fail();
  Node* a = make(K::Alias, pos_of(first));
  a->name = std::string(text(first));
  ++p_;
  while (allow_as && at(T::Dot)) { // dotted only for `import a.b`
    ++p_;
    if (!at(T::Name)) return fail();
    a->name += "." + std::string(text(tok()));
    ++p_;
  }
  if (accept(T::kw_as)) {
    if (!at(T::Name)) return fail();
    a->asname = std::string(text(tok()));
    ++p_;
  }
  a->pos = from(first);
  return a;
}

Node* Parser::import_stmt() {
  const Token& first = tok();
  ++p_;
  Node* s = make(K::Import, pos_of(first));
  do {
    Node* a = dotted_name_alias(true);
    if (!a) return nullptr;
    s->list.push_back(a);
  } while (accept(T::Comma));
  s->pos = from(first);
  return s;
}

Node* Parser::from_import_stmt() {
  const Token& first = tok();
  ++p_;
  Node* s = make(K::ImportFrom, pos_of(first));
  for (;;) {
    if (accept(T::Dot)) ++s->level;
    else if (accept(T::Ellipsis)) s->level += 3;
    else break;
  }
  if (at(T::Name)) {
    s->name = std::string(text(tok()));
    ++p_;
    while (at(T::Dot)) {
      ++p_;
      if (!at(T::Name)) return fail();
      s->name += "." + std::string(text(tok()));
      ++p_;
    }
  } else if (s->level == 0) {
    return fail();
  }
  if (!expect(T::kw_import)) return nullptr;
  if (at(T::Star)) {
    Node* a = make(K::Alias, pos_of(tok()));
    a->name = "*";
    ++p_;
    s->list.push_back(a);
  } else {
    const bool paren = accept(T::LPar);
    do {
      if (paren && at(T::RPar)) break;
      Node* a = dotted_name_alias(false);
      if (!a) return nullptr;
      s->list.push_back(a);
      if (!paren && at(T::Comma) && (kind(1) == T::Newline || kind(1) == T::Semi))
        return fail_tok(tok(1), "trailing comma not allowed without surrounding parentheses");
    } while (accept(T::Comma));
    if (paren && !expect(T::RPar)) return nullptr;
  }
  s->pos = from(first);
  return s;
}

// `match` is a soft keyword: a statement only when a subject and ':' end the line, as in CPython's PEG
// alternative order (match_stmt is tried before an expression statement).
bool Parser::looks_like_match() {
  const T next = kind(1);
  if (next == T::Newline || next == T::Equal || next == T::Dot || next == T::Colon || next == T::Comma ||
      next == T::RPar || next == T::EndMarker || next == T::Semi)
    return false;
  if (!starts_expression(next)) return false;
  int depth = 0;
  for (std::size_t k = 1;; ++k) {
    const Token& t = tl_.tokens[std::min(p_ + k, tl_.tokens.size() - 1)];
    if (t.kind == T::EndMarker) return false;
    if (t.kind == T::LPar || t.kind == T::LSqb || t.kind == T::LBrace) ++depth;
    if (t.kind == T::RPar || t.kind == T::RSqb || t.kind == T::RBrace) --depth;
    if (t.kind == T::Newline) {
      const Token& last = tl_.tokens[p_ + k - 1];
      return last.kind == T::Colon && depth <= 0;
    }
  }
}

Node* Parser::match_stmt() {
  const Token& first = tok();
  ++p_; // 'match'
  Node* s = make(K::Match, pos_of(first));
  const Token& subj = tok();
  Node* e = star_named_expression();
  if (!e) return nullptr;
  if (at(T::Comma)) {
    Node* t = make(K::Tuple, e->pos);
    t->list.push_back(e);
    while (accept(T::Comma)) {
      if (at(T::Colon)) break;
      Node* x = star_named_expression();
      if (!x) return nullptr;
      t->list.push_back(x);
    }
    t->pos = from(subj);
    e = t;
  }
  s->a = e;
  if (!expect_forced(T::Colon, ":")) return nullptr;
  if (!accept(T::Newline)) return fail();
  if (!at(T::Indent)) return fail_indent(tok(), "expected an indented block after 'match' statement on line " + std::to_string(first.line));
  ++p_;
  while (!failed() && at_soft("case")) {
    const Token& c = tok();
    ++p_;
    Node* mc = make(K::MatchCase, pos_of(c));
    if (!(mc->a = patterns())) return nullptr;
    if (accept(T::kw_if) && !(mc->b = named_expression())) return nullptr;
    if (!expect_forced(T::Colon, ":")) return nullptr;
    block(mc->body, "'case' statement", c.line);
    if (failed()) return nullptr;
    mc->pos = block_end(c, mc);
    s->list.push_back(mc);
  }
  if (s->list.empty()) return fail();
  if (!at(T::Dedent)) return fail();
  ++p_;
  s->pos = block_end(first, s);
  return s;
}

// Parameters of a def (with annotations) or a lambda, up to `closer`.
Node* Parser::parameters(bool lambda, T closer) {
  Node* a = make(K::Arguments, pos_of(tok()));
  bool seen_default = false, seen_slash = false, seen_star = false, seen_kwarg = false;
  const Token* bare_star = nullptr;
  while (!at(closer)) {
    const Token& t = tok();
    if (seen_kwarg) return fail_tok(t, "arguments cannot follow var-keyword argument");
    if (at(T::Slash)) {
      if (seen_slash) return fail_tok(t, "/ may appear only once");
      if (seen_star) return fail_tok(t, "/ must be ahead of *");
      if (a->list2.empty()) return fail_tok(t, "at least one argument must precede /");
      ++p_;
      seen_slash = true;
      a->list = std::move(a->list2);
      a->list2.clear();
    } else if (at(T::Star) || at(T::DoubleStar)) {
      const bool dbl = at(T::DoubleStar);
      ++p_;
      if (!dbl && seen_star) return fail_tok(t, "* argument may appear only once");
      if (!dbl && (at(T::Comma) || at(closer))) {
        seen_star = true;
        bare_star = &t;
      } else {
        if (!at(T::Name)) return fail();
        const Token& n = tok();
        Node* arg = make(K::Arg, pos_of(n));
        arg->name = std::string(text(n));
        ++p_;
        if (!lambda && accept(T::Colon)) {
          if (!(arg->a = dbl ? expression() : star_expression())) return nullptr;
        }
        arg->pos = from(n);
        if (at(T::Equal))
          return fail_tok(tok(), dbl ? "var-keyword argument cannot have default value" : "var-positional argument cannot have default value");
        if (dbl) {
          a->b = arg;
          seen_kwarg = true;
        } else {
          a->a = arg;
          seen_star = true;
        }
      }
    } else if (at(T::Name)) {
      const Token& n = tok();
      Node* arg = make(K::Arg, pos_of(n));
      arg->name = std::string(text(n));
      ++p_;
      if (!lambda && accept(T::Colon) && !(arg->a = expression())) return nullptr;
      arg->pos = from(n);
      Node* def = nullptr;
      if (accept(T::Equal)) {
        if (at(T::Comma) || at(closer)) return fail_tok(tok(), "expected default value expression");
        if (!(def = expression())) return nullptr;
      }
      if (seen_star) {
        a->list3.push_back(arg);
        a->list4.push_back(def);
      } else {
        if (def) seen_default = true;
        else if (seen_default) return fail_at(arg->pos, "non-default argument follows default argument");
        a->list2.push_back(arg);
        if (def) a->decorators.push_back(def);
      }
    } else {
      return fail();
    }
    if (!accept(T::Comma)) break;
  }
  if (bare_star && a->list3.empty() && !failed()) {
    if (at(closer) || at(T::Comma)) return fail_tok(*bare_star, "named arguments must follow bare *");
  }
  return a;
}

} // namespace detail

ParseResult parse_module(std::string_view source, bool check) {
  ParseResult r;
  r.tokens = tokenize(source);
  if (r.tokens.error.active()) {
    r.error = r.tokens.error;
    return r;
  }
  detail::Parser p(r.tokens, r.module, r.error);
  p.file();
  if (r.error.active()) {
    // CPython tokenizes the rest of the input after a parser error: a bracket left open on an earlier line wins.
    if (!r.tokens.open_brackets.empty() && r.error.type == "SyntaxError") {
      const Bracket& b = r.tokens.open_brackets.back();
      if (b.line < r.error.lineno) {
        r.error = {};
        r.error.msg = std::string("'") + b.ch + "' was never closed";
        r.error.lineno = r.error.end_lineno = b.line;
        r.error.text = std::string(r.tokens.line_text(b.line));
        r.error.offset = b.col + 1;
        r.error.end_offset = 0;
      }
    }
    return r;
  }
  if (check) check_module(r.module, r.tokens, r.error);
  return r;
}

} // namespace il::py
