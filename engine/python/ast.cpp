// Names of syntax tree kinds and operators, and the statement dump the parser agreement test diffs against
// tools/ast_stmts.py.
#include "python/ast.hpp"

namespace il::py {

std::string_view kind_name(K k) {
  static constexpr std::string_view names[] = {
#define IL_PY_KIND_NAME(n) #n,
      IL_PY_STMT_KINDS(IL_PY_KIND_NAME) IL_PY_EXPR_KINDS(IL_PY_KIND_NAME) IL_PY_OTHER_KINDS(IL_PY_KIND_NAME)
#undef IL_PY_KIND_NAME
  };
  static_assert(std::size(names) == static_cast<std::size_t>(K::count_));
  return names[static_cast<int>(k)];
}

std::string_view binop_symbol(BinOpKind k) {
  static constexpr std::string_view s[] = {"+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//"};
  return s[static_cast<int>(k)];
}

namespace {

void line(std::string& out, std::string_view kind, const Pos& p) {
  out += kind;
  for (int v : {p.line, p.col, p.end_line, p.end_col}) {
    out += ' ';
    out += std::to_string(v);
  }
  out += '\n';
}

void dump(std::string& out, const Nodes& stmts) {
  for (const Node* s : stmts) {
    line(out, kind_name(s->kind), s->pos);
    // ast's _fields order: body, then handlers / cases, orelse, finalbody.
    dump(out, s->body);
    if (s->kind == K::Try || s->kind == K::TryStar) {
      for (const Node* h : s->list) {
        line(out, "ExceptHandler", h->pos);
        dump(out, h->body);
      }
    }
    if (s->kind == K::Match) {
      for (const Node* c : s->list) {
        line(out, "match_case", c->a->pos); // a match_case has no position of its own: its pattern's
        dump(out, c->body);
      }
    }
    dump(out, s->orelse);
    dump(out, s->finalbody);
  }
}

} // namespace

std::string dump_statements(const Module& m) {
  std::string out;
  dump(out, m.body);
  return out;
}

} // namespace il::py
