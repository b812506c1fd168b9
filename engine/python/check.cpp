// The errors CPython raises after parsing, in the order it raises them: its symbol table's (duplicate
// arguments, global/nonlocal conflicts, yield outside a function, then unbound nonlocals), then its
// compiler's ('return' outside function, 'break' outside loop, starred misuse, repeated keywords).
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "python/parser.hpp"

namespace il::py {

namespace {

struct Scope {
  enum class Kind : std::uint8_t { Module, Function, Class, Lambda, Comprehension };
  Kind kind = Kind::Module;
  Scope* parent = nullptr;
  bool async = false;
  // Name flags as the statements so far have them.
  std::map<std::string, int> flags;
  std::set<std::string> nonlocals;
  std::vector<std::pair<std::string, const Node*>> nonlocal_decls;
};

enum Flag { kParam = 1, kAssigned = 2, kUsed = 4, kGlobal = 8, kNonlocal = 16, kAnnot = 32 };

class Checker {
public:
  Checker(const TokenList& tl, SyntaxErrorInfo& err) : tl_(tl), err_(err) {}

  bool fail(const Pos& p, std::string msg) {
    if (!err_.active()) error_at(err_, tl_, p, "SyntaxError", std::move(msg));
    return false;
  }

  // [SECTION] symbol table pass
  bool symtable(const Module& m) {
    Scope mod;
    mod.kind = Scope::Kind::Module;
    scopes_.push_back(&mod);
    bool ok = stmts(m.body, mod);
    if (ok) ok = resolve_nonlocals();
    return ok;
  }

  bool stmts(const Nodes& ss, Scope& sc) {
    for (const Node* s : ss)
      if (!stmt(s, sc)) return false;
    return true;
  }

  bool declare(Scope& sc, const std::string& name, int flag) {
    sc.flags[name] |= flag;
    return true;
  }

  bool function(const Node* s, Scope& outer, Scope::Kind kind) {
    const Node* a = s->args;
    if (a) {
      for (const Node* d : a->decorators) if (!expr(d, outer)) return false;
      for (const Node* d : a->list4) if (d && !expr(d, outer)) return false;
    }
    for (const Node* d : s->decorators) if (!expr(d, outer)) return false;
    auto owned = std::make_unique<Scope>();
    owned->kind = kind;
    Scope& sc = *owned;
    all_.push_back(std::move(owned));
    sc.parent = &outer;
    sc.async = s->kind == K::AsyncFunctionDef;
    if (a) {
      std::vector<const Node*> params(a->list.begin(), a->list.end());
      params.insert(params.end(), a->list2.begin(), a->list2.end());
      if (a->a) params.push_back(a->a);
      params.insert(params.end(), a->list3.begin(), a->list3.end());
      if (a->b) params.push_back(a->b);
      for (const Node* p : params) {
        if (sc.flags.count(p->name) && (sc.flags[p->name] & kParam))
          return fail(p->pos, "duplicate argument '" + p->name + "' in function definition");
        declare(sc, p->name, kParam);
        if (p->a && !expr(p->a, outer)) return false;
      }
    }
    if (s->a && kind != Scope::Kind::Lambda && !expr(s->a, outer)) return false; // return annotation
    scopes_.push_back(&sc);
    bool ok = kind == Scope::Kind::Lambda ? expr(s->a, sc) : stmts(s->body, sc);
    scopes_.pop_back();
    return ok;
  }

  bool target(const Node* e, Scope& sc) {
    if (!e) return true;
    switch (e->kind) {
    case K::Name: return declare(sc, e->name, kAssigned);
    case K::Tuple:
    case K::List:
      for (const Node* x : e->list) if (!target(x, sc)) return false;
      return true;
    case K::Starred: return target(e->a, sc);
    default: return expr(e, sc);
    }
  }

  bool stmt(const Node* s, Scope& sc) {
    switch (s->kind) {
    case K::FunctionDef:
    case K::AsyncFunctionDef:
      declare(sc, s->name, kAssigned);
      return function(s, sc, Scope::Kind::Function);
    case K::ClassDef: {
      for (const Node* b : s->list) if (!expr(b, sc)) return false;
      for (const Node* k : s->list2) if (!expr(k->a, sc)) return false;
      for (const Node* d : s->decorators) if (!expr(d, sc)) return false;
      declare(sc, s->name, kAssigned);
      auto owned = std::make_unique<Scope>();
      owned->kind = Scope::Kind::Class;
      owned->parent = &sc;
      Scope& cs = *owned;
      all_.push_back(std::move(owned));
      scopes_.push_back(&cs);
      bool ok = stmts(s->body, cs);
      scopes_.pop_back();
      return ok;
    }
    case K::Global:
    case K::Nonlocal: {
      const bool global = s->kind == K::Global;
      for (const std::string& n : s->names) {
        int cur = sc.flags.count(n) ? sc.flags[n] : 0;
        const char* what = global ? "global" : "nonlocal";
        if (cur & (kParam | kAssigned | kUsed | kAnnot)) {
          std::string msg = "name '" + n + "' is ";
          if (cur & kParam) msg += std::string("parameter and ") + what;
          else if (cur & kUsed) msg += std::string("used prior to ") + what + " declaration";
          else if (cur & kAnnot) msg = "annotated name '" + n + "' can't be " + what;
          else msg += std::string("assigned to before ") + what + " declaration";
          return fail(s->pos, msg);
        }
        if (!global && sc.kind == Scope::Kind::Module) return fail(s->pos, "nonlocal declaration not allowed at module level");
        if (global && (cur & kNonlocal)) return fail(s->pos, "name '" + n + "' is nonlocal and global");
        if (!global && (cur & kGlobal)) return fail(s->pos, "name '" + n + "' is nonlocal and global");
        declare(sc, n, global ? kGlobal : kNonlocal);
        if (!global) sc.nonlocal_decls.emplace_back(n, s);
      }
      return true;
    }
    case K::Return: return !s->a || expr(s->a, sc);
    case K::Delete:
      for (const Node* t : s->list) if (!target(t, sc)) return false;
      return true;
    case K::Assign:
      for (const Node* t : s->list) if (!target(t, sc)) return false;
      return expr(s->a, sc);
    case K::AugAssign:
      if (!target(s->a, sc)) return false;
      return expr(s->b, sc);
    case K::AnnAssign:
      if (s->a->kind == K::Name) declare(sc, s->a->name, kAnnot | (s->c ? kAssigned : 0));
      else if (!expr(s->a, sc)) return false;
      if (!expr(s->b, sc)) return false;
      return !s->c || expr(s->c, sc);
    case K::For:
    case K::AsyncFor:
      if (!target(s->a, sc) || !expr(s->b, sc)) return false;
      return stmts(s->body, sc) && stmts(s->orelse, sc);
    case K::While:
    case K::If: return expr(s->a, sc) && stmts(s->body, sc) && stmts(s->orelse, sc);
    case K::With:
    case K::AsyncWith:
      for (const Node* it : s->list) if (!expr(it->a, sc) || !target(it->b, sc)) return false;
      return stmts(s->body, sc);
    case K::Match: {
      if (!expr(s->a, sc)) return false;
      for (const Node* c : s->list) if (!(c->b == nullptr || expr(c->b, sc)) || !stmts(c->body, sc)) return false;
      return true;
    }
    case K::Raise: return (!s->a || expr(s->a, sc)) && (!s->b || expr(s->b, sc));
    case K::Try:
    case K::TryStar:
      if (!stmts(s->body, sc)) return false;
      for (const Node* h : s->list) {
        if (h->a && !expr(h->a, sc)) return false;
        if (!h->name.empty()) declare(sc, h->name, kAssigned);
        if (!stmts(h->body, sc)) return false;
      }
      return stmts(s->orelse, sc) && stmts(s->finalbody, sc);
    case K::Assert: return expr(s->a, sc) && (!s->b || expr(s->b, sc));
    case K::Import:
    case K::ImportFrom:
      for (const Node* a : s->list) {
        if (a->name == "*") {
          if (sc.kind != Scope::Kind::Module) return fail(s->pos, "import * only allowed at module level");
          continue;
        }
        std::string bound = a->asname.empty() ? a->name.substr(0, a->name.find('.')) : a->asname;
        declare(sc, bound, kAssigned);
      }
      return true;
    case K::Expr: return expr(s->a, sc);
    default: return true;
    }
  }

  bool expr(const Node* e, Scope& sc) {
    if (!e) return true;
    switch (e->kind) {
    case K::Name:
      if (e->ctx == Ctx::Load) declare(sc, e->name, kUsed);
      else declare(sc, e->name, kAssigned);
      return true;
    case K::Lambda: return function(e, sc, Scope::Kind::Lambda);
    case K::Yield:
    case K::YieldFrom:
      if (sc.kind == Scope::Kind::Module || sc.kind == Scope::Kind::Class) return fail(e->pos, "'yield' outside function");
      if (e->kind == K::YieldFrom && sc.async) return fail(e->pos, "'yield from' inside async function");
      return !e->a || expr(e->a, sc);
    case K::NamedExpr:
      if (!expr(e->b, sc)) return false;
      return target(e->a, sc);
    case K::ListComp:
    case K::SetComp:
    case K::GeneratorExp:
    case K::DictComp: {
      // The first iterable is evaluated outside; the rest in the comprehension's own scope.
      if (!e->list.empty() && !expr(e->list[0]->b, sc)) return false;
      Scope cs;
      cs.kind = Scope::Kind::Comprehension;
      cs.parent = &sc;
      cs.async = sc.async;
      for (std::size_t i = 0; i < e->list.size(); ++i) {
        const Node* c = e->list[i];
        if (i > 0 && !expr(c->b, cs)) return false;
        if (!target(c->a, cs)) return false;
        for (const Node* cond : c->list) if (!expr(cond, cs)) return false;
      }
      return expr(e->a, cs) && expr(e->b, cs);
    }
    default: break;
    }
    for (const Node* x : {e->a, e->b, e->c}) if (x && !expr(x, sc)) return false;
    for (const Nodes* l : {&e->list, &e->list2})
      for (const Node* x : *l) {
        if (!x) continue;
        if (x->kind == K::Keyword || x->kind == K::Comprehension) {
          if (!expr(x->a, sc)) return false;
          continue;
        }
        if (!expr(x, sc)) return false;
      }
    return true;
  }

  bool resolve_nonlocals() {
    for (const auto& owned : all_) {
      Scope& sc = *owned;
      for (const auto& [name, s] : sc.nonlocal_decls) {
        bool found = false;
        for (Scope* up = sc.parent; up && up->kind != Scope::Kind::Module; up = up->parent) {
          if (up->kind == Scope::Kind::Class) continue;
          auto it = up->flags.find(name);
          if (it != up->flags.end() && (it->second & (kParam | kAssigned | kNonlocal)) && !(it->second & kGlobal)) {
            found = true;
            break;
          }
        }
        if (!found) return fail(s->pos, "no binding for nonlocal '" + name + "' found");
      }
    }
    return true;
  }

  // [SECTION] compiler pass
  struct Where {
    bool in_function = false, in_async = false;
    int loops = 0;
  };

  bool compile_stmts(const Nodes& ss, Where c) {
    for (const Node* s : ss)
      if (!compile_stmt(s, c)) return false;
    return true;
  }

  bool compile_stmt(const Node* s, Where c) {
    switch (s->kind) {
    case K::FunctionDef:
    case K::AsyncFunctionDef: {
      if (!compile_args(s->args, c)) return false;
      for (const Node* d : s->decorators) if (!compile_expr(d, c)) return false;
      Where inner{true, s->kind == K::AsyncFunctionDef, 0};
      return compile_stmts(s->body, inner);
    }
    case K::ClassDef: {
      for (const Node* b : s->list) if (!compile_expr(b, c)) return false;
      Where inner{false, false, 0};
      return compile_stmts(s->body, inner);
    }
    case K::Return:
      if (!c.in_function) return fail(s->pos, "'return' outside function");
      return !s->a || compile_expr(s->a, c, true);
    case K::Break:
      if (c.loops == 0) return fail(s->pos, "'break' outside loop");
      return true;
    case K::Continue:
      if (c.loops == 0) return fail(s->pos, "'continue' not properly in loop");
      return true;
    case K::For:
    case K::AsyncFor: {
      if (s->kind == K::AsyncFor && !c.in_async) return fail(s->pos, "'async for' outside async function");
      if (!compile_target(s->a) || !compile_expr(s->b, c, true)) return false;
      Where loop = c;
      ++loop.loops;
      return compile_stmts(s->body, loop) && compile_stmts(s->orelse, c);
    }
    case K::While: {
      if (!compile_expr(s->a, c)) return false;
      Where loop = c;
      ++loop.loops;
      return compile_stmts(s->body, loop) && compile_stmts(s->orelse, c);
    }
    case K::If: return compile_expr(s->a, c) && compile_stmts(s->body, c) && compile_stmts(s->orelse, c);
    case K::With:
    case K::AsyncWith:
      if (s->kind == K::AsyncWith && !c.in_async) return fail(s->pos, "'async with' outside async function");
      for (const Node* it : s->list) if (!compile_expr(it->a, c) || (it->b && !compile_target(it->b))) return false;
      return compile_stmts(s->body, c);
    case K::Try:
    case K::TryStar:
      if (!compile_stmts(s->body, c)) return false;
      for (const Node* h : s->list) if ((h->a && !compile_expr(h->a, c)) || !compile_stmts(h->body, c)) return false;
      return compile_stmts(s->orelse, c) && compile_stmts(s->finalbody, c);
    case K::Match:
      if (!compile_expr(s->a, c)) return false;
      for (const Node* mc : s->list) if (!compile_stmts(mc->body, c)) return false;
      return true;
    case K::Assign:
      for (const Node* t : s->list) if (!compile_target(t)) return false;
      return compile_expr(s->a, c, true);
    case K::AugAssign: return compile_expr(s->b, c, true);
    case K::AnnAssign: return (!s->c || compile_expr(s->c, c, true));
    case K::Expr: return compile_expr(s->a, c);
    case K::Raise: return (!s->a || compile_expr(s->a, c)) && (!s->b || compile_expr(s->b, c));
    case K::Assert: return compile_expr(s->a, c) && (!s->b || compile_expr(s->b, c));
    case K::Delete:
      for (const Node* t : s->list) if (!compile_expr(t, c)) return false;
      return true;
    default: return true;
    }
  }

  bool compile_args(const Node* a, Where c) {
    if (!a) return true;
    for (const Node* d : a->decorators) if (!compile_expr(d, c)) return false;
    for (const Node* d : a->list4) if (d && !compile_expr(d, c)) return false;
    return true;
  }

  // Targets: a starred one only inside a list or tuple, at most one per level.
  bool compile_target(const Node* t) {
    if (t->kind == K::Starred) return fail(t->pos, "starred assignment target must be in a list or tuple");
    if (t->kind == K::Tuple || t->kind == K::List) {
      int stars = 0;
      for (const Node* x : t->list) {
        if (x->kind == K::Starred) {
          if (++stars > 1) return fail(x->pos, "multiple starred expressions in assignment");
          if (x->a->kind == K::Tuple || x->a->kind == K::List) {
            if (!compile_target(x->a)) return false;
          }
        } else if (!compile_target(x)) {
          return false;
        }
      }
    }
    return true;
  }

  // `value_position`: a bare starred expression is an error here (x = *a), not in a tuple (x = *a, b).
  bool compile_expr(const Node* e, Where c, bool value_position = false) {
    if (!e) return true;
    switch (e->kind) {
    case K::Starred:
      if (value_position) return fail(e->pos, "can't use starred expression here");
      return compile_expr(e->a, c);
    case K::Await:
      if (!c.in_function) return fail(e->pos, "'await' outside function");
      if (!c.in_async) return fail(e->pos, "'await' outside async function");
      return compile_expr(e->a, c);
    case K::Lambda: {
      if (!compile_args(e->args, c)) return false;
      Where inner{true, false, 0};
      return compile_expr(e->a, inner);
    }
    case K::Call: {
      std::set<std::string> seen;
      for (const Node* k : e->list2) {
        if (!k->name.empty() && !seen.insert(k->name).second) return fail(k->pos, "keyword argument repeated: " + k->name);
      }
      if (!compile_expr(e->a, c)) return false;
      for (const Node* x : e->list) if (!compile_expr(x, c)) return false;
      for (const Node* k : e->list2) if (!compile_expr(k->a, c)) return false;
      return true;
    }
    case K::ListComp:
    case K::SetComp:
    case K::GeneratorExp:
    case K::DictComp: {
      Where inner = c;
      inner.loops = 0;
      for (const Node* q : e->list) {
        if (!compile_expr(q->b, inner)) return false;
        for (const Node* cond : q->list) if (!compile_expr(cond, inner)) return false;
      }
      return compile_expr(e->a, inner) && compile_expr(e->b, inner);
    }
    default: break;
    }
    for (const Node* x : {e->a, e->b, e->c}) if (x && !compile_expr(x, c)) return false;
    for (const Nodes* l : {&e->list, &e->list2})
      for (const Node* x : *l) {
        if (!x) continue;
        if (x->kind == K::Keyword || x->kind == K::Comprehension) {
          if (!compile_expr(x->a, c)) return false;
          continue;
        }
        if (!compile_expr(x, c)) return false;
      }
    return true;
  }

private:
  const TokenList& tl_;
  SyntaxErrorInfo& err_;
  std::vector<Scope*> scopes_;
  std::vector<std::unique_ptr<Scope>> all_;
};

} // namespace

bool check_module(const Module& m, const TokenList& tokens, SyntaxErrorInfo& err) {
  Checker c(tokens, err);
  if (!c.symtable(m)) return false;
  return c.compile_stmts(m.body, {});
}

} // namespace il::py
