// The patterns of `match` statements (PEP 634): literals, captures, wildcards, values, groups, sequences,
// mappings, class patterns, `|` alternatives and `as` bindings. The simulator's compiler refuses `match`; the
// parser still reads it whole, so every valid 3.11 program parses.
#include "python/parser_impl.hpp"

namespace il::py::detail {

// patterns: an open sequence `case a, *b:` or one pattern.
Node* Parser::patterns() {
  const Token& first = tok();
  Node* p = maybe_star_pattern();
  if (!p) return nullptr;
  if (!at(T::Comma)) {
    if (p->kind == K::MatchStar) return fail_at(p->pos, "invalid syntax");
    return p;
  }
  Node* seq = make(K::MatchSequence, p->pos);
  seq->list.push_back(p);
  while (accept(T::Comma)) {
    if (at(T::Colon) || at(T::kw_if)) break;
    Node* x = maybe_star_pattern();
    if (!x) return nullptr;
    seq->list.push_back(x);
  }
  seq->pos = from(first);
  return seq;
}

Node* Parser::maybe_star_pattern() {
  if (!at(T::Star)) return pattern();
  const Token& s = tok();
  ++p_;
  if (!at(T::Name)) return fail();
  Node* n = make(K::MatchStar, pos_of(s));
  if (text(tok()) != "_") n->name = std::string(text(tok()));
  ++p_;
  n->pos = from(s);
  return n;
}

// as_pattern | or_pattern
Node* Parser::pattern() {
  const Token& first = tok();
  Node* p = or_pattern();
  if (!p || !at(T::kw_as)) return p;
  ++p_;
  if (!at(T::Name)) return fail();
  if (text(tok()) == "_") return fail_tok(tok(), "cannot use '_' as a target");
  Node* as = make(K::MatchAs, pos_of(first));
  as->a = p;
  as->name = std::string(text(tok()));
  ++p_;
  as->pos = from(first);
  return as;
}

Node* Parser::or_pattern() {
  const Token& first = tok();
  Node* p = closed_pattern();
  if (!p || !at(T::VBar)) return p;
  Node* o = make(K::MatchOr, p->pos);
  o->list.push_back(p);
  while (accept(T::VBar)) {
    Node* x = closed_pattern();
    if (!x) return nullptr;
    o->list.push_back(x);
  }
  o->pos = from(first);
  return o;
}

// A number pattern: signed_number, or a complex literal `-1 + 2j`.
Node* Parser::signed_number_pattern() {
  const Token& first = tok();
  Node* e;
  if (at(T::Minus)) {
    ++p_;
    if (!at(T::Number)) return fail();
    Node* u = make(K::UnaryOp, pos_of(first));
    u->unop = UnaryKind::USub;
    u->a = number();
    u->pos = from(first);
    e = u;
  } else {
    e = number();
  }
  if (at(T::Plus) || at(T::Minus)) {
    Node* b = make(K::BinOp, e->pos);
    b->binop = at(T::Plus) ? BinOpKind::Add : BinOpKind::Sub;
    ++p_;
    b->a = e;
    if (!at(T::Number)) return fail();
    b->b = number();
    b->pos = from(first);
    e = b;
  }
  Node* v = make(K::MatchValue, e->pos);
  v->a = e;
  return v;
}

Node* Parser::closed_pattern() {
  const Token& first = tok();
  switch (kind()) {
  case T::Number:
  case T::Minus: return signed_number_pattern();
  case T::String: {
    Node* s = strings();
    if (!s) return nullptr;
    Node* v = make(K::MatchValue, s->pos);
    v->a = s;
    return v;
  }
  case T::kw_None:
  case T::kw_True:
  case T::kw_False: {
    ++p_;
    Node* v = make(K::MatchSingleton, pos_of(first));
    v->value.kind = first.kind == T::kw_None ? Constant::Kind::None : first.kind == T::kw_True ? Constant::Kind::True : Constant::Kind::False;
    return v;
  }
  case T::LPar:
  case T::LSqb: {
    const T close = at(T::LPar) ? T::RPar : T::RSqb;
    ++p_;
    Node* seq = make(K::MatchSequence, pos_of(first));
    if (accept(close)) {
      seq->pos = from(first);
      return seq;
    }
    Node* p = maybe_star_pattern();
    if (!p) return nullptr;
    if (close == T::RPar && at(T::RPar) && p->kind != K::MatchStar) { // a group: (pattern)
      ++p_;
      return p;
    }
    seq->list.push_back(p);
    while (accept(T::Comma)) {
      if (at(close)) break;
      Node* x = maybe_star_pattern();
      if (!x) return nullptr;
      seq->list.push_back(x);
    }
    if (!expect(close)) return nullptr;
    seq->pos = from(first);
    return seq;
  }
  case T::LBrace: {
    ++p_;
    Node* m = make(K::MatchMapping, pos_of(first));
    while (!at(T::RBrace)) {
      if (accept(T::DoubleStar)) {
        if (!at(T::Name)) return fail();
        m->name = std::string(text(tok()));
        ++p_;
        accept(T::Comma);
        break;
      }
      Node* key;
      if (at(T::Number) || at(T::Minus)) {
        Node* v = signed_number_pattern();
        if (!v) return nullptr;
        key = v->a;
      } else if (at(T::String)) {
        if (!(key = strings())) return nullptr;
      } else if (at(T::kw_None) || at(T::kw_True) || at(T::kw_False)) {
        key = constant(pos_of(tok()), at(T::kw_None) ? Constant::Kind::None : at(T::kw_True) ? Constant::Kind::True : Constant::Kind::False);
        ++p_;
      } else if (at(T::Name) && kind(1) == T::Dot) {
        if (!(key = primary())) return nullptr;
      } else {
        return fail();
      }
      if (!expect(T::Colon)) return nullptr;
      Node* v = pattern();
      if (!v) return nullptr;
      m->list.push_back(key);
      m->list2.push_back(v);
      if (!accept(T::Comma)) break;
    }
    if (!expect(T::RBrace)) return nullptr;
    m->pos = from(first);
    return m;
  }
  case T::Name: {
    // capture (NAME), wildcard (_), value (a.b.c), or class pattern (Name(...)).
    ++p_;
    Node* name = make(K::Name, pos_of(first));
    name->name = std::string(text(first));
    Node* dotted = name;
    while (at(T::Dot)) {
      ++p_;
      if (!at(T::Name)) return fail();
      Node* a = make(K::Attribute, dotted->pos);
      a->a = dotted;
      a->name = std::string(text(tok()));
      ++p_;
      a->pos = from(first);
      dotted = a;
    }
    if (at(T::LPar)) {
      ++p_;
      Node* c = make(K::MatchClass, pos_of(first));
      c->a = dotted;
      while (!at(T::RPar)) {
        if (at(T::Name) && kind(1) == T::Equal) {
          c->names.emplace_back(text(tok()));
          p_ += 2;
          Node* v = pattern();
          if (!v) return nullptr;
          c->list2.push_back(v);
        } else {
          if (!c->names.empty()) return fail_tok(tok(), "positional patterns follow keyword patterns");
          Node* v = pattern();
          if (!v) return nullptr;
          c->list.push_back(v);
        }
        if (!accept(T::Comma)) break;
      }
      if (!expect(T::RPar)) return nullptr;
      c->pos = from(first);
      return c;
    }
    if (dotted != name) {
      Node* v = make(K::MatchValue, dotted->pos);
      v->a = dotted;
      return v;
    }
    Node* as = make(K::MatchAs, pos_of(first));
    if (name->name != "_") as->name = name->name;
    return as;
  }
  default: return fail();
  }
}

} // namespace il::py::detail
