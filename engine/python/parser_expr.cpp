// Expressions, from star_expressions down to atoms, with call arguments, subscripts, comprehensions, lambdas
// and assignment targets, and the messages CPython 3.11 gives for their common mistakes.
#include "python/parser_impl.hpp"

namespace il::py::detail {

// [SECTION] names of expressions in messages

std::string_view expr_name(const Node* e) {
  switch (e->kind) {
  case K::Attribute: return "attribute";
  case K::Subscript: return "subscript";
  case K::Starred: return "starred";
  case K::Name: return "name";
  case K::List: return "list";
  case K::Tuple: return "tuple";
  case K::Lambda: return "lambda";
  case K::Call: return "function call";
  case K::BoolOp:
  case K::BinOp:
  case K::UnaryOp: return "expression";
  case K::GeneratorExp: return "generator expression";
  case K::Yield:
  case K::YieldFrom: return "yield expression";
  case K::Await: return "await expression";
  case K::ListComp: return "list comprehension";
  case K::SetComp: return "set comprehension";
  case K::DictComp: return "dict comprehension";
  case K::Dict: return "dict literal";
  case K::Set: return "set display";
  case K::JoinedStr:
  case K::FormattedValue: return "f-string expression";
  case K::Constant:
    switch (e->value.kind) {
    case Constant::Kind::None: return "None";
    case Constant::Kind::True: return "True";
    case Constant::Kind::False: return "False";
    case Constant::Kind::Ellipsis: return "ellipsis";
    default: return "literal";
    }
  case K::Compare: return "comparison";
  case K::IfExp: return "conditional expression";
  case K::NamedExpr: return "named expression";
  default: return "expression";
  }
}

const Node* invalid_target(const Node* e, Targets t) {
  if (!e) return nullptr;
  switch (e->kind) {
  case K::List:
  case K::Tuple:
    for (const Node* x : e->list)
      if (const Node* bad = invalid_target(x, t)) return bad;
    return nullptr;
  case K::Starred: return t == Targets::Del ? e : invalid_target(e->a, t);
  case K::Compare:
    // `for a in b` parses its target as far as the comparison `a in b`: look at its left side.
    if (t == Targets::For) return e->cmpops[0] == CmpKind::In ? invalid_target(e->a, t) : nullptr;
    return e;
  case K::Name:
  case K::Subscript:
  case K::Attribute: return nullptr;
  default: return e;
  }
}

// A target that is not one raises CPython's message; `here_hint` is the single `a = b` whose a CPython's second
// pass takes for a comparison typed with '='.
bool Parser::check_target(Node* e, Targets t, bool here_hint) {
  const Node* bad = invalid_target(e, t);
  if (!bad) return true;
  if (here_hint) {
    const Node* hinted = e;
    if (e->kind == K::Tuple && !e->parenthesized && !e->list.empty()) hinted = e->list.back();
    const bool excluded = hinted->kind == K::List || hinted->kind == K::Tuple || hinted->kind == K::GeneratorExp ||
                          (hinted->kind == K::Constant && (hinted->value.kind == Constant::Kind::None ||
                                                           hinted->value.kind == Constant::Kind::True ||
                                                           hinted->value.kind == Constant::Kind::False)) ||
                          hinted->kind == K::Compare || hinted->kind == K::BoolOp || hinted->kind == K::IfExp ||
                          hinted->kind == K::Lambda || hinted->kind == K::Starred || hinted->kind == K::NamedExpr ||
                          (hinted->kind == K::UnaryOp && hinted->unop == UnaryKind::Not);
    if (!excluded && invalid_target(hinted, t)) {
      fail_at(hinted->pos, "cannot assign to " + std::string(expr_name(hinted)) + " here. Maybe you meant '==' instead of '='?");
      return false;
    }
  }
  fail_at(bad->pos, std::string(t == Targets::Del ? "cannot delete " : "cannot assign to ") + std::string(expr_name(bad)));
  return false;
}

void Parser::set_ctx(Node* e, Ctx c) {
  if (!e) return;
  e->ctx = c;
  if (e->kind == K::Tuple || e->kind == K::List)
    for (Node* x : e->list) set_ctx(x, c);
  if (e->kind == K::Starred) set_ctx(e->a, c);
}

bool Parser::starts_expression(T k) {
  switch (k) {
  case T::Name: case T::Number: case T::String: case T::LPar: case T::LSqb: case T::LBrace: case T::Minus:
  case T::Plus: case T::Tilde: case T::Star: case T::Ellipsis: case T::kw_None: case T::kw_True: case T::kw_False:
  case T::kw_not: case T::kw_lambda: case T::kw_await: case T::kw_yield:
    return true;
  default: return false;
  }
}

Node* Parser::constant(Pos p, Constant::Kind k) {
  Node* n = make(K::Constant, p);
  n->value.kind = k;
  return n;
}

// [SECTION] expression lists

Node* Parser::star_expressions() {
  const Token& first = tok();
  Node* e = star_expression();
  if (!e || !at(T::Comma)) return e;
  Node* t = make(K::Tuple, e->pos);
  t->list.push_back(e);
  while (accept(T::Comma)) {
    if (!starts_expression(kind()) || at(T::kw_yield)) break;
    Node* x = star_expression();
    if (!x) return nullptr;
    t->list.push_back(x);
  }
  t->pos = from(first);
  return t;
}

Node* Parser::star_expression() {
  if (at(T::Star)) {
    const Token& s = tok();
    ++p_;
    Node* n = make(K::Starred, pos_of(s));
    if (!(n->a = bitwise_or())) return nullptr;
    n->pos = from(s);
    return n;
  }
  return expression();
}

Node* Parser::star_named_expression() {
  if (at(T::Star)) return star_expression();
  return named_expression();
}

Node* Parser::named_expression() {
  if (at(T::Name) && kind(1) == T::ColonEqual) {
    const Token& n = tok();
    Node* target = make(K::Name, pos_of(n));
    target->name = std::string(text(n));
    target->ctx = Ctx::Store;
    p_ += 2;
    Node* e = make(K::NamedExpr, pos_of(n));
    e->a = target;
    if (!(e->b = expression())) return nullptr;
    e->pos = from(n);
    return e;
  }
  const Token& first = tok();
  Node* e = expression();
  if (!e) return nullptr;
  if (at(T::ColonEqual)) return fail_at(e->pos, "cannot use assignment expressions with " + std::string(expr_name(e)));
  if (at(T::Equal) && kind(1) != T::Equal && tok().level == first.level) {
    // `if x = 1:` — CPython's second pass reads this as a comparison or walrus typed as '='.
    std::size_t save = p_;
    ++p_;
    SyntaxErrorInfo saved = err_;
    Node* rhs = starts_expression(kind()) ? bitwise_or() : nullptr;
    if (rhs && !at(T::Equal) && !at(T::ColonEqual)) {
      if (e->kind == K::Name) return fail_at(span(e->pos, rhs->pos), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      const bool excluded = e->kind == K::List || e->kind == K::Tuple || e->kind == K::GeneratorExp ||
                            (e->kind == K::Constant && (e->value.kind == Constant::Kind::None ||
                                                        e->value.kind == Constant::Kind::True ||
                                                        e->value.kind == Constant::Kind::False));
      if (!excluded)
        return fail_at(e->pos, "cannot assign to " + std::string(expr_name(e)) + " here. Maybe you meant '==' instead of '='?");
    }
    err_ = saved;
    p_ = save;
  }
  return e;
}

// [SECTION] expression

Node* Parser::expression() {
  Nest nest(*this);
  if (!nest.ok) return nullptr;
  if (at(T::kw_lambda)) return lambdef();
  const Token& first = tok();
  Node* e = disjunction();
  if (!e) return nullptr;
  if (at(T::kw_if)) {
    ++p_;
    Node* test = disjunction();
    if (!test) return nullptr;
    if (!accept(T::kw_else)) {
      if (at(T::Colon)) return fail();
      return fail_at(span(e->pos, test->pos), "expected 'else' after 'if' expression");
    }
    Node* n = make(K::IfExp, pos_of(first));
    n->a = test;
    n->b = e;
    if (!(n->c = expression())) return nullptr;
    n->pos = from(first);
    return n;
  }
  // `[a b]`: two expressions side by side inside brackets are a missing comma (not `name "string"`).
  if (prev().level > 0 && starts_expression(kind()) && !at(T::Star) && !at(T::kw_yield) && !at(T::kw_not) &&
      !at(T::kw_lambda) && !(e->kind == K::Name && at(T::String)) && !(at(T::Name) && (at_soft("match") || at_soft("case") || at_soft("_")))) {
    std::size_t save = p_;
    SyntaxErrorInfo saved = err_;
    Node* next = expression_no_check();
    if (next) return fail_at(span(e->pos, next->pos), "invalid syntax. Perhaps you forgot a comma?");
    err_ = saved;
    p_ = save;
  }
  return e;
}

Node* Parser::expression_no_check() {
  if (at(T::kw_lambda)) return lambdef();
  const Token& first = tok();
  Node* e = disjunction();
  if (!e || !at(T::kw_if)) return e;
  ++p_;
  Node* test = disjunction();
  if (!test || !accept(T::kw_else)) return nullptr;
  Node* n = make(K::IfExp, pos_of(first));
  n->a = test;
  n->b = e;
  if (!(n->c = expression_no_check())) return nullptr;
  n->pos = from(first);
  return n;
}

// a or b or c / a and b and c: one BoolOp over all the operands.
Node* Parser::bool_chain(T op, BoolKind kind, Node* (Parser::*operand)()) {
  const Token& first = tok();
  Node* e = (this->*operand)();
  if (!e || !at(op)) return e;
  Node* b = make(K::BoolOp, e->pos);
  b->boolop = kind;
  b->list.push_back(e);
  while (accept(op)) {
    Node* x = (this->*operand)();
    if (!x) return nullptr;
    b->list.push_back(x);
  }
  b->pos = from(first);
  return b;
}

Node* Parser::disjunction() { return bool_chain(T::kw_or, BoolKind::Or, &Parser::conjunction); }
Node* Parser::conjunction() { return bool_chain(T::kw_and, BoolKind::And, &Parser::inversion); }

Node* Parser::inversion() {
  Nest nest(*this);
  if (!nest.ok) return nullptr;
  if (at(T::kw_not)) {
    const Token& n = tok();
    ++p_;
    Node* u = make(K::UnaryOp, pos_of(n));
    u->unop = UnaryKind::Not;
    if (!(u->a = inversion())) return nullptr;
    u->pos = from(n);
    return u;
  }
  return comparison();
}

Node* Parser::comparison() {
  const Token& first = tok();
  Node* e = bitwise_or();
  if (!e) return nullptr;
  Node* c = nullptr;
  for (;;) {
    CmpKind op;
    switch (kind()) {
    case T::EqEqual: op = CmpKind::Eq; break;
    case T::NotEqual: op = CmpKind::NotEq; break;
    case T::Less: op = CmpKind::Lt; break;
    case T::LessEqual: op = CmpKind::LtE; break;
    case T::Greater: op = CmpKind::Gt; break;
    case T::GreaterEqual: op = CmpKind::GtE; break;
    case T::kw_in: op = CmpKind::In; break;
    case T::kw_is: op = kind(1) == T::kw_not ? CmpKind::IsNot : CmpKind::Is; break;
    case T::kw_not:
      if (kind(1) != T::kw_in) return c ? c : e;
      op = CmpKind::NotIn;
      break;
    default: return c ? (c->pos = from(first), c) : e;
    }
    p_ += (op == CmpKind::IsNot || op == CmpKind::NotIn) ? 2 : 1;
    if (!c) {
      c = make(K::Compare, e->pos);
      c->a = e;
    }
    Node* r = bitwise_or();
    if (!r) return nullptr;
    c->cmpops.push_back(op);
    c->list.push_back(r);
  }
}

namespace {
struct BinLevel {
  T tok;
  BinOpKind op;
};
} // namespace

#define IL_PY_BINARY(fn, next, ...)                                                                           \
  Node* Parser::fn() {                                                                                        \
    static constexpr BinLevel ops[] = {__VA_ARGS__};                                                          \
    const Token& first = tok();                                                                               \
    Node* e = next();                                                                                         \
    while (e) {                                                                                               \
      const BinLevel* hit = nullptr;                                                                          \
      for (const BinLevel& o : ops)                                                                           \
        if (at(o.tok)) hit = &o;                                                                              \
      if (!hit) break;                                                                                        \
      ++p_;                                                                                                   \
      Node* b = make(K::BinOp, e->pos);                                                                       \
      b->a = e;                                                                                               \
      b->binop = hit->op;                                                                                     \
      if (!(b->b = next())) return nullptr;                                                                   \
      b->pos = from(first);                                                                                   \
      e = b;                                                                                                  \
    }                                                                                                         \
    return e;                                                                                                 \
  }

IL_PY_BINARY(bitwise_or, bitwise_xor, {T::VBar, BinOpKind::BitOr})
IL_PY_BINARY(bitwise_xor, bitwise_and, {T::Circumflex, BinOpKind::BitXor})
IL_PY_BINARY(bitwise_and, shift_expr, {T::Amper, BinOpKind::BitAnd})
IL_PY_BINARY(shift_expr, sum, {T::LeftShift, BinOpKind::LShift}, {T::RightShift, BinOpKind::RShift})
IL_PY_BINARY(sum, term, {T::Plus, BinOpKind::Add}, {T::Minus, BinOpKind::Sub})
IL_PY_BINARY(term, factor, {T::Star, BinOpKind::Mult}, {T::Slash, BinOpKind::Div}, {T::DoubleSlash, BinOpKind::FloorDiv},
             {T::Percent, BinOpKind::Mod}, {T::At, BinOpKind::MatMult})
#undef IL_PY_BINARY

Node* Parser::factor() {
  Nest nest(*this);
  if (!nest.ok) return nullptr;
  UnaryKind op;
  switch (kind()) {
  case T::Plus: op = UnaryKind::UAdd; break;
  case T::Minus: op = UnaryKind::USub; break;
  case T::Tilde: op = UnaryKind::Invert; break;
  default: return power();
  }
  const Token& t = tok();
  ++p_;
  Node* u = make(K::UnaryOp, pos_of(t));
  u->unop = op;
  if (!(u->a = factor())) return nullptr;
  u->pos = from(t);
  return u;
}

Node* Parser::power() {
  const Token& first = tok();
  Node* e = await_primary();
  if (!e || !at(T::DoubleStar)) return e;
  ++p_;
  Node* b = make(K::BinOp, e->pos);
  b->a = e;
  b->binop = BinOpKind::Pow;
  if (!(b->b = factor())) return nullptr;
  b->pos = from(first);
  return b;
}

Node* Parser::await_primary() {
  if (!at(T::kw_await)) return primary();
  const Token& t = tok();
  ++p_;
  Node* a = make(K::Await, pos_of(t));
  if (!(a->a = primary())) return nullptr;
  a->pos = from(t);
  return a;
}

Node* Parser::primary() {
  const Token& first = tok();
  Node* e = atom();
  while (e) {
    if (at(T::Dot)) {
      ++p_;
      if (!at(T::Name)) return fail();
      Node* a = make(K::Attribute, e->pos);
      a->a = e;
      a->name = std::string(text(tok()));
      ++p_;
      a->pos = from(first);
      e = a;
    } else if (at(T::LPar)) {
      ++p_;
      Node* c = make(K::Call, e->pos);
      c->a = e;
      if (!call_arguments(c)) return nullptr;
      c->pos = from(first);
      e = c;
    } else if (at(T::LSqb)) {
      ++p_;
      Node* s = make(K::Subscript, e->pos);
      s->a = e;
      if (!(s->b = slices())) return nullptr;
      if (!expect(T::RSqb)) return nullptr;
      s->pos = from(first);
      e = s;
    } else {
      break;
    }
  }
  return e;
}

Node* Parser::slices() {
  const Token& first = tok();
  Node* s = slice();
  if (!s || !at(T::Comma)) return s;
  Node* t = make(K::Tuple, s->pos);
  t->list.push_back(s);
  while (accept(T::Comma)) {
    if (at(T::RSqb)) break;
    Node* x = at(T::Star) ? star_expression() : slice();
    if (!x) return nullptr;
    t->list.push_back(x);
  }
  t->pos = from(first);
  return t;
}

Node* Parser::slice() {
  const Token& first = tok();
  if (at(T::Star)) return star_expression();
  Node* lower = nullptr;
  if (!at(T::Colon)) {
    lower = named_expression();
    if (!lower || !at(T::Colon)) return lower;
  }
  ++p_; // ':'
  Node* s = make(K::Slice, pos_of(first));
  s->a = lower;
  if (!at(T::Colon) && !at(T::RSqb) && !at(T::Comma) && !(s->b = expression())) return nullptr;
  if (accept(T::Colon) && !at(T::RSqb) && !at(T::Comma) && !(s->c = expression())) return nullptr;
  s->pos = from(first);
  return s;
}

// [SECTION] atoms

Node* Parser::atom() {
  Nest nest(*this);
  if (!nest.ok) return nullptr;
  const Token& t = tok();
  switch (t.kind) {
  case T::Name: {
    ++p_;
    Node* n = make(K::Name, pos_of(t));
    n->name = std::string(text(t));
    return n;
  }
  case T::kw_None: ++p_; return constant(pos_of(t), Constant::Kind::None);
  case T::kw_True: ++p_; return constant(pos_of(t), Constant::Kind::True);
  case T::kw_False: ++p_; return constant(pos_of(t), Constant::Kind::False);
  case T::Ellipsis: ++p_; return constant(pos_of(t), Constant::Kind::Ellipsis);
  case T::Number: return number();
  case T::String: return strings();
  case T::LPar: return paren_atom();
  case T::LSqb: return list_atom();
  case T::LBrace: return brace_atom();
  default: return fail();
  }
}

// ( ): a tuple, a parenthesized expression or yield, or a generator expression.
Node* Parser::paren_atom() {
  const Token& open = tok();
  ++p_;
  if (accept(T::RPar)) return make(K::Tuple, from(open));
  if (at(T::kw_yield)) {
    Node* y = yield_expr();
    if (!y || !expect(T::RPar)) return nullptr;
    return y;
  }
  Node* e = star_named_expression();
  if (!e) return nullptr;
  if (at(T::kw_for) || (at(T::kw_async) && kind(1) == T::kw_for)) {
    if (e->kind == K::Starred) return fail_at(e->pos, "iterable unpacking cannot be used in comprehension");
    Node* g = make(K::GeneratorExp, pos_of(open));
    g->a = e;
    if (!comprehension_clauses(g->list) || !expect(T::RPar)) return nullptr;
    g->pos = from(open);
    return g;
  }
  if (at(T::Comma)) {
    Node* t = make(K::Tuple, pos_of(open));
    t->list.push_back(e);
    while (accept(T::Comma)) {
      if (at(T::RPar)) break;
      Node* x = star_named_expression();
      if (!x) return nullptr;
      t->list.push_back(x);
    }
    if (!expect(T::RPar)) return nullptr;
    t->pos = from(open);
    t->parenthesized = true;
    return t;
  }
  if (!at(T::RPar)) return fail();
  ++p_;
  if (e->kind == K::Starred) return fail_at(e->pos, "cannot use starred expression here");
  e->parenthesized = true;
  return e;
}

// The rest of a list or set display after its first element: `, x` (a trailing comma allowed), then `close`.
bool Parser::display_rest(Nodes& out, T close) {
  while (accept(T::Comma)) {
    if (at(close)) break;
    Node* x = star_named_expression();
    if (!x) return false;
    out.push_back(x);
  }
  return expect(close);
}

Node* Parser::list_atom() {
  const Token& open = tok();
  ++p_;
  Node* l = make(K::List, pos_of(open));
  if (accept(T::RSqb)) {
    l->pos = from(open);
    return l;
  }
  Node* e = star_named_expression();
  if (!e) return nullptr;
  if (at(T::kw_for) || (at(T::kw_async) && kind(1) == T::kw_for)) {
    if (e->kind == K::Starred) return fail_at(e->pos, "iterable unpacking cannot be used in comprehension");
    l->kind = K::ListComp;
    l->a = e;
    if (!comprehension_clauses(l->list) || !expect(T::RSqb)) return nullptr;
    l->pos = from(open);
    return l;
  }
  l->list.push_back(e);
  if (!display_rest(l->list, T::RSqb)) return nullptr;
  l->pos = from(open);
  return l;
}

// { }: a dict, a set, or their comprehensions.
Node* Parser::brace_atom() {
  const Token& open = tok();
  ++p_;
  Node* d = make(K::Dict, pos_of(open));
  if (accept(T::RBrace)) {
    d->pos = from(open);
    return d;
  }
  bool is_dict;
  Node* first_key = nullptr;
  Node* first_val = nullptr;
  if (at(T::DoubleStar)) {
    ++p_;
    if (!(first_val = bitwise_or())) return nullptr;
    is_dict = true;
  } else {
    Node* e = star_named_expression();
    if (!e) return nullptr;
    if (accept(T::Colon)) {
      is_dict = true;
      first_key = e;
      if (!(first_val = expression())) return nullptr;
    } else {
      is_dict = false;
      first_key = e;
    }
  }
  if (at(T::kw_for) || (at(T::kw_async) && kind(1) == T::kw_for)) {
    if (is_dict && !first_key) return fail_tok(tok(), "dict unpacking cannot be used in dict comprehension");
    if (!is_dict && first_key->kind == K::Starred) return fail_at(first_key->pos, "iterable unpacking cannot be used in comprehension");
    d->kind = is_dict ? K::DictComp : K::SetComp;
    d->a = first_key;
    d->b = is_dict ? first_val : nullptr;
    if (!comprehension_clauses(d->list) || !expect(T::RBrace)) return nullptr;
    d->pos = from(open);
    return d;
  }
  if (is_dict) {
    d->list.push_back(first_key);
    d->list2.push_back(first_val);
    while (accept(T::Comma)) {
      if (at(T::RBrace)) break;
      if (accept(T::DoubleStar)) {
        Node* v = bitwise_or();
        if (!v) return nullptr;
        d->list.push_back(nullptr);
        d->list2.push_back(v);
        continue;
      }
      Node* k = expression();
      if (!k) return nullptr;
      if (!at(T::Colon)) {
        if (at(T::RBrace) || at(T::Comma)) return fail_at(k->pos, "':' expected after dictionary key");
        return fail();
      }
      ++p_;
      Node* v = expression();
      if (!v) return nullptr;
      d->list.push_back(k);
      d->list2.push_back(v);
    }
    if (!expect(T::RBrace)) return nullptr;
    d->pos = from(open);
    return d;
  }
  d->kind = K::Set;
  d->list.push_back(first_key);
  if (!display_rest(d->list, T::RBrace)) return nullptr;
  d->pos = from(open);
  return d;
}

Node* Parser::lambdef() {
  const Token& l = tok();
  ++p_;
  Node* n = make(K::Lambda, pos_of(l));
  if (!(n->args = parameters(true, T::Colon))) return nullptr;
  if (!expect(T::Colon)) return nullptr;
  if (!(n->a = expression())) return nullptr;
  n->pos = from(l);
  return n;
}

Node* Parser::yield_expr() {
  const Token& y = tok();
  ++p_;
  if (accept(T::kw_from)) {
    Node* n = make(K::YieldFrom, pos_of(y));
    if (!(n->a = expression())) return nullptr;
    n->pos = from(y);
    return n;
  }
  Node* n = make(K::Yield, pos_of(y));
  if (starts_expression(kind()) && !at(T::kw_yield) && !(n->a = star_expressions())) return nullptr;
  n->pos = from(y);
  return n;
}

// [SECTION] calls and comprehensions

bool Parser::call_arguments(Node* call) {
  bool seen_keyword = false, seen_double_star = false;
  while (!at(T::RPar)) {
    const Token& t = tok();
    if (at(T::Star) || at(T::DoubleStar)) {
      const bool dbl = at(T::DoubleStar);
      ++p_;
      if (!dbl && (at(T::Comma) || at(T::RPar))) { // `f(a=1, *)`: the `*` marker of a signature
        fail_tok(t, seen_double_star || seen_keyword ? "iterable argument unpacking follows keyword argument unpacking"
                                                     : "invalid syntax");
        return false;
      }
      Node* v = expression();
      if (!v) return false;
      if (dbl) {
        Node* k = make(K::Keyword, from(t));
        k->a = v;
        call->list2.push_back(k);
        seen_double_star = true;
      } else {
        if (seen_double_star) {
          fail_tok(t, "iterable argument unpacking follows keyword argument unpacking");
          return false;
        }
        Node* s = make(K::Starred, from(t));
        s->a = v;
        call->list.push_back(s);
      }
    } else if (at(T::Name) && kind(1) == T::Equal) {
      Node* k = make(K::Keyword, pos_of(t));
      k->name = std::string(text(t));
      p_ += 2;
      if (!(k->a = expression())) return false;
      k->pos = from(t);
      call->list2.push_back(k);
      seen_keyword = true;
    } else if ((at(T::kw_True) || at(T::kw_False) || at(T::kw_None)) && kind(1) == T::Equal) {
      fail_tok(t, "cannot assign to " + std::string(text(t)));
      return false;
    } else {
      // An argument is a walrus or an expression; `a.b=1` is CPython's invalid_kwarg.
      Node* e = at(T::Name) && kind(1) == T::ColonEqual ? named_expression() : expression();
      if (!e) return false;
      if (at(T::kw_for) || (at(T::kw_async) && kind(1) == T::kw_for)) {
        Node* g = make(K::GeneratorExp, e->pos);
        g->a = e;
        if (!comprehension_clauses(g->list)) return false;
        g->pos = from(t);
        const bool alone = call->list.empty() && call->list2.empty() && at(T::RPar);
        if (!alone) {
          fail_at(g->pos, "Generator expression must be parenthesized");
          return false;
        }
        call->list.push_back(g);
        break;
      }
      if (at(T::Equal)) {
        fail_at(span(e->pos, pos_of(tok())), "expression cannot contain assignment, perhaps you meant \"==\"?");
        return false;
      }
      if (at(T::ColonEqual)) return fail_at(e->pos, "cannot use assignment expressions with " + std::string(expr_name(e))), false;
      // CPython raises these where its parser stands: the token after the argument.
      if (seen_double_star) {
        fail_tok(tok(), "positional argument follows keyword argument unpacking");
        return false;
      }
      if (seen_keyword) {
        fail_tok(tok(), "positional argument follows keyword argument");
        return false;
      }
      call->list.push_back(e);
    }
    if (!accept(T::Comma)) break;
  }
  if (!at(T::RPar)) {
    fail();
    return false;
  }
  ++p_;
  // A generator expression that is the only argument spans the call's parentheses, as in ast.
  if (call->list.size() == 1 && call->list2.empty() && call->list[0]->kind == K::GeneratorExp) {
    Node* g = call->list[0];
    // Find the '(' that opened this call: scan back from the ')' at bracket depth.
    int depth = 0;
    for (std::size_t k = p_ - 1; k-- > 0;) {
      const Token& x = tl_.tokens[k];
      if (x.kind == T::RPar || x.kind == T::RSqb || x.kind == T::RBrace) ++depth;
      if (x.kind == T::LPar || x.kind == T::LSqb || x.kind == T::LBrace) {
        if (depth == 0) {
          g->pos = span(pos_of(x), pos_of(prev()));
          break;
        }
        --depth;
      }
    }
  }
  return true;
}

bool Parser::comprehension_clauses(Nodes& out) {
  while (at(T::kw_for) || (at(T::kw_async) && kind(1) == T::kw_for)) {
    const Token& first = tok();
    Node* c = make(K::Comprehension, pos_of(first));
    c->is_async = accept(T::kw_async);
    ++p_; // 'for'
    if (!(c->a = star_targets())) return false;
    if (!check_target(c->a, Targets::For)) return false;
    if (!at(T::kw_in)) return fail(), false;
    ++p_;
    set_ctx(c->a, Ctx::Store);
    if (!(c->b = disjunction())) return false;
    while (accept(T::kw_if)) {
      Node* cond = disjunction();
      if (!cond) return false;
      c->list.push_back(cond);
    }
    c->pos = from(first);
    out.push_back(c);
  }
  return true;
}

// Targets of `for ... in` and `with ... as`: star_targets, parsed as expressions up to `in`/`=`/`:`
// (bitwise_or elements, so `in` ends them) and checked by check_target.
Node* Parser::star_targets() {
  const Token& first = tok();
  auto one = [&]() -> Node* {
    if (at(T::Star)) {
      const Token& s = tok();
      ++p_;
      Node* n = make(K::Starred, pos_of(s));
      if (!(n->a = bitwise_or())) return nullptr;
      n->pos = from(s);
      return n;
    }
    return bitwise_or();
  };
  Node* e = one();
  if (!e || !at(T::Comma)) return e;
  Node* t = make(K::Tuple, e->pos);
  t->list.push_back(e);
  while (accept(T::Comma)) {
    if (at(T::kw_in) || at(T::Equal) || at(T::Colon) || at(T::RPar) || at(T::Comma)) break;
    Node* x = one();
    if (!x) return nullptr;
    t->list.push_back(x);
  }
  t->pos = from(first);
  return t;
}

} // namespace il::py::detail
