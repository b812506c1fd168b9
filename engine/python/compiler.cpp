// The compiler (see compiler.hpp): a scope pass that sorts every name into local, module global, import,
// builtin or undefined, then code generation through vm/'s FnBuilder. Calls of the simulated modules'
// functions (threading.Thread(...), time.sleep(...)) are bound to their native at compile time with CPython's
// signature, so keyword arguments, defaults and the errors of a bad call come out as CPython's.
#include "python/compiler.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "python/modules.hpp"
#include "python/parser.hpp"
#include "python/star_names.hpp"
#include "vm/builder.hpp"
#include "vm/suggest.hpp"

namespace il::py {

namespace {
// The names `from module import *` binds ("" for a module the simulator does not provide).
std::string_view star_names(std::string_view module) {
  for (const StarNames& s : kStarNames)
    if (s.module == module) return s.names;
  return {};
}
} // namespace

namespace {

// [SECTION] the compiler

class Compiler {
public:
  Compiler(const Module& m, const TokenList& tl, std::string name, SyntaxErrorInfo& err)
      : m_(m), tl_(tl), err_(err), mb_(std::move(name)) {}

  bool run(Program& out) {
    for (const Node* s : m_.body) attach_genexpr_functions(s);
    scan_module();
    if (failed()) return false;
    FnBuilder& init = mb_.init();
    init.line(1);
    init.native(Native::module_name).store_global("__name__");
    // Module-level functions are made first (each body is its own bytecode function), those inside the
    // module's if/while/for/try/with blocks too; the def statements then bind their names where they stand.
    if (!define_module_functions(m_.body)) return false;
    body(init, m_.body);
    if (failed()) return false;
    mb_.main(); // the main thread's body is the module's top level (init): nothing more
    mb_.source(std::string(tl_.source));
    out = mb_.finish();
    return true;
  }

private:
  struct Scope {
    bool module = true;
    std::set<std::string> locals, globals;
    // Locals that inner functions use (kept in cells), and the enclosing functions' variables this one uses
    // (its closure's cells; they are among locals, as their cells sit in local slots).
    std::set<std::string> cells, frees;
    bool deref(const std::string& n) const { return !module && (cells.count(n) || frees.count(n)); }
  };

  bool failed() const { return err_.active(); }

  // NotImplementedError: CONSTRUCT is not supported by the simulator (line L, column C), at the node.
  bool refuse(const Node* n, const std::string& what) {
    if (failed()) return false;
    error_at(err_, tl_, n->pos, "NotImplementedError",
             what + " is not supported by the simulator (line " + std::to_string(n->pos.line) + ", column " +
                 std::to_string(n->pos.col + 1) + ")");
    if (n->pos.end_line != n->pos.line) err_.end_offset = 0; // the carets underline its first line only
    return false;
  }

  // A method call's position, and its attribute's end: a failed lookup marks only `obj.name`, as CPython's
  // LOAD_METHOD does.
  void at_method(FnBuilder& f, const Node* call) {
    at(f, call);
    if (call->a->pos.end_line == call->pos.line) f.span({call->pos.end_line, call->pos.end_col, -1, -1, call->a->pos.end_col});
  }

  void at(FnBuilder& f, const Node* n) {
    f.line(n->pos.line).column(n->pos.col + 1).span({n->pos.end_line, n->pos.end_col, -1, -1});
    if (n->pos.end_line != n->pos.line || (n->kind != K::BinOp && n->kind != K::Subscript)) return;
    // What CPython 3.11's traceback marks with ^ inside the ~ of a one-line binary operation or subscript.
    const std::string_view text = tl_.line_text(n->pos.line);
    const int end = std::min<int>(n->pos.end_col, static_cast<int>(text.size()));
    auto space = [&](int i) { return text[i] == ' ' || text[i] == '\t' || text[i] == '\f'; };
    int begin = -1, stop = -1;
    if (n->kind == K::BinOp) {
      // The operator: the first character after the left operand that is neither space nor ')' nor '#',
      // and the one after it when the operator has two characters.
      const int right = std::min(n->b->pos.col, end);
      begin = n->a->pos.end_col;
      while (begin < right && space(begin)) ++begin;
      stop = begin + 1;
      if (begin + 1 < right && !space(begin + 1)) ++stop;
      while (begin < end && (space(begin) || text[begin] == ')' || text[begin] == '#')) ++begin, ++stop;
    } else { // from the '[' after the value to the ']' after the slice
      begin = n->a->pos.end_col;
      while (begin < end && text[begin] != '[') ++begin;
      stop = n->b->pos.end_col + 1;
      while (stop < end && text[stop] != ']') ++stop;
      if (stop < end) ++stop;
    }
    f.span({n->pos.end_line, n->pos.end_col, begin, std::min(stop, end)});
  }

  // [SECTION] scopes

  static void scan_targets(const Node* t, std::set<std::string>& out) {
    if (!t) return;
    if (t->kind == K::Name) out.insert(t->name);
    if (t->kind == K::Tuple || t->kind == K::List)
      for (const Node* x : t->list) scan_targets(x, out);
    if (t->kind == K::Starred) scan_targets(t->a, out);
  }

  // Names a block of statements binds, and the names its functions declare global.
  static void scan_bindings(const Nodes& body, std::set<std::string>& bound, std::set<std::string>* globals) {
    for (const Node* s : body) {
      switch (s->kind) {
      case K::FunctionDef:
      case K::AsyncFunctionDef:
      case K::ClassDef: bound.insert(s->name); break;
      case K::Assign:
        for (const Node* t : s->list) scan_targets(t, bound);
        break;
      case K::AugAssign:
      case K::AnnAssign: scan_targets(s->a, bound); break;
      case K::For:
      case K::AsyncFor: scan_targets(s->a, bound); break;
      case K::With:
      case K::AsyncWith:
        for (const Node* it : s->list) scan_targets(it->b, bound);
        break;
      case K::Import:
      case K::ImportFrom:
        for (const Node* a : s->list)
          if (a->name != "*") bound.insert(a->asname.empty() ? a->name.substr(0, a->name.find('.')) : a->asname);
        break;
      case K::Global:
        if (globals) globals->insert(s->names.begin(), s->names.end());
        break;
      case K::Try:
      case K::TryStar:
        for (const Node* h : s->list) {
          if (!h->name.empty()) bound.insert(h->name);
          scan_bindings(h->body, bound, globals);
        }
        break;
      default: break;
      }
      if (s->kind == K::FunctionDef || s->kind == K::AsyncFunctionDef || s->kind == K::ClassDef) continue; // scopes of their own
      scan_bindings(s->body, bound, globals);
      scan_bindings(s->orelse, bound, globals);
      scan_bindings(s->finalbody, bound, globals);
    }
  }

  // Every def in body, at any depth (inside classes, other functions and compound statements).
  static void each_function(const Nodes& body, const std::function<void(const Node*)>& visit) {
    for (const Node* s : body) {
      if (s->kind == K::FunctionDef || s->kind == K::AsyncFunctionDef) visit(s);
      each_function(s->body, visit);
      each_function(s->orelse, visit);
      each_function(s->finalbody, visit);
      if (s->kind == K::Try || s->kind == K::TryStar || s->kind == K::Match)
        for (const Node* h : s->list) each_function(h->body, visit);
    }
  }

  void scan_module() {
    std::set<std::string> bound;
    scan_bindings(m_.body, bound, nullptr);
    each_function(m_.body, [&](const Node* s) { // names functions declare global are module globals too
      std::set<std::string> inner, globals;
      scan_bindings(s->body, inner, &globals);
      bound.insert(globals.begin(), globals.end());
    });
    module_names_ = bound;
    // Which module-level names are bound only by an import (so `threading.Thread` is the simulated one) or
    // only by a def (so a call can go straight to the function).
    std::map<std::string, int> bindings;
    count_bindings(m_.body, bindings);
    for (const Node* s : m_.body) {
      if (s->kind != K::Import && s->kind != K::ImportFrom) continue;
      for (const Node* a : s->list) {
        std::string local = a->asname.empty() ? a->name.substr(0, a->name.find('.')) : a->asname;
        if (bindings[local] != 1) continue;
        if (s->kind == K::Import) imports_[local] = {a->asname.empty() ? local : a->name, ""};
        else if (is_submodule(s->name + "." + a->name)) imports_[local] = {s->name + "." + a->name, ""};
        else if (a->name != "*") imports_[local] = {s->name, a->name};
      }
    }
    star_imports(bindings);
    for (const Node* s : m_.body)
      if (s->kind == K::FunctionDef && bindings[s->name] == 1 && !made_at_run_time(s)) functions_.insert(s->name);
  }

  // `from M import *` at the top level binds each name of M's __all__ (star_names.hpp) as `from M import name`
  // would, unless the program binds that name itself (its own binding, after the import, wins). A name the
  // program bound before the import would be replaced by it: refused rather than resolved the other way.
  void star_imports(std::map<std::string, int>& bindings) {
    std::set<std::string> bound_before;
    for (const Node* s : m_.body) {
      if (s->kind == K::ImportFrom && s->level == 0 && s->list.size() == 1 && s->list[0]->name == "*") {
        const std::string_view names = star_names(s->name);
        for (std::size_t at = 0; at < names.size();) {
          std::size_t end = names.find(' ', at);
          if (end == std::string_view::npos) end = names.size();
          const std::string n(names.substr(at, end - at));
          at = end + 1;
          if (bound_before.count(n))
            return (void)refuse(s->list[0], "'from " + s->name + " import *' replacing '" + n + "', bound before it");
          if (bindings[n] != 0) continue;
          imports_[n] = {s->name, n};
          module_names_.insert(n);
        }
        star_done_.insert(s);
      }
      scan_bindings(Nodes{const_cast<Node*>(s)}, bound_before, nullptr);
    }
  }

  void count_bindings(const Nodes& body, std::map<std::string, int>& n) {
    for (Node* s : body) {
      std::set<std::string> b;
      scan_bindings(Nodes{s}, b, nullptr);
      for (const auto& name : b) ++n[name];
    }
    each_function(m_.body, [&](const Node* s) { // a `global x` function assigning x rebinds it too
      std::set<std::string> inner, globals;
      scan_bindings(s->body, inner, &globals);
      for (const auto& g : globals)
        if (inner.count(g)) n[g] += 2;
    });
  }

  // [SECTION] functions

  // A default parameter value the Function can keep as a constant (CPython evaluates defaults when the def
  // runs; for a constant that is the same value): None, True, False, a number, a string.
  static bool constant_default(const Node* d) {
    if (d->kind == K::UnaryOp && d->unop == UnaryKind::USub && d->a->kind == K::Constant &&
        (d->a->value.kind == Constant::Kind::Int || d->a->value.kind == Constant::Kind::Float))
      return !d->a->value.big;
    if (d->kind != K::Constant) return false;
    switch (d->value.kind) {
    case Constant::Kind::None:
    case Constant::Kind::True:
    case Constant::Kind::False:
    case Constant::Kind::Float:
    case Constant::Kind::Str: return true;
    case Constant::Kind::Int: return !d->value.big;
    default: return false;
    }
  }

  Value constant_value(FnBuilder& f, const Node* d) {
    const bool negative = d->kind == K::UnaryOp;
    const Constant& c = negative ? d->a->value : d->value;
    switch (c.kind) {
    case Constant::Kind::None: return Value::none();
    case Constant::Kind::True: return Value::boolean(true);
    case Constant::Kind::False: return Value::boolean(false);
    case Constant::Kind::Int: return Value::integer(negative ? -c.i : c.i);
    case Constant::Kind::Float: return Value::real(negative ? -c.f : c.f);
    default: return Value::str(f.intern(c.text));
    }
  }

  // Does the def make its function value when it runs (defaults that are not constants, decorators)? Then
  // calls go through the name, never straight to the function.
  static bool made_at_run_time(const Node* s) {
    if (!s->decorators.empty()) return true;
    for (const Node* d : s->args->decorators)
      if (!constant_default(d)) return true;
    for (const Node* d : s->args->list4)
      if (d && !constant_default(d)) return true;
    return false;
  }

  // Does the function's own body (not the functions inside it) yield: is it a generator function?
  static bool yields(const Nodes& body) {
    std::vector<const Node*> stack(body.begin(), body.end());
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      if (!n) continue;
      if (n->kind == K::Yield || n->kind == K::YieldFrom) return true;
      if (n->kind == K::FunctionDef || n->kind == K::AsyncFunctionDef || n->kind == K::Lambda || n->kind == K::ClassDef) continue;
      for (const Node* c : {n->a, n->b, n->c}) stack.push_back(c);
      for (const Nodes* v : {&n->list, &n->list2, &n->list3, &n->list4, &n->body, &n->orelse, &n->finalbody})
        stack.insert(stack.end(), v->begin(), v->end());
    }
    return false;
  }

  // The names a block declares nonlocal (not those of the functions inside it).
  static void scan_nonlocals(const Nodes& body, std::set<std::string>& out) {
    for (const Node* s : body) {
      if (s->kind == K::Nonlocal) out.insert(s->names.begin(), s->names.end());
      if (s->kind == K::FunctionDef || s->kind == K::AsyncFunctionDef || s->kind == K::ClassDef) continue;
      scan_nonlocals(s->body, out);
      scan_nonlocals(s->orelse, out);
      scan_nonlocals(s->finalbody, out);
      if (s->kind == K::Try || s->kind == K::TryStar)
        for (const Node* h : s->list) scan_nonlocals(h->body, out);
    }
  }

  // The names n uses in its own scope, and the functions (defs, lambdas) defined in it, whose defaults and
  // decorators belong to this scope but whose bodies do not.
  static void scan_uses(const Node* n, std::set<std::string>& used, std::vector<const Node*>& nested) {
    if (!n) return;
    if (n->kind == K::Name) used.insert(n->name);
    if (n->kind == K::FunctionDef || n->kind == K::AsyncFunctionDef || n->kind == K::Lambda) {
      nested.push_back(n);
      for (const Node* d : n->decorators) scan_uses(d, used, nested);
      for (const Node* d : n->args->decorators) scan_uses(d, used, nested);
      for (const Node* d : n->args->list4) scan_uses(d, used, nested);
      return;
    }
    if (n->kind == K::GeneratorExp && n->args) { // a function of its own, but for its first iterable
      nested.push_back(n->args);
      scan_uses(n->list[0]->b, used, nested);
      return;
    }
    if (n->kind == K::ClassDef) { // its body is a scope of its own
      for (const Nodes* v : {&n->list, &n->list2, &n->decorators})
        for (const Node* c : *v) scan_uses(c, used, nested);
      return;
    }
    for (const Node* c : {n->a, n->b, n->c, n->args}) scan_uses(c, used, nested);
    for (const Nodes* v : {&n->list, &n->list2, &n->list3, &n->list4, &n->body, &n->orelse, &n->finalbody, &n->decorators})
      for (const Node* c : *v) scan_uses(c, used, nested);
  }

  static std::vector<std::string> param_names(const Node* args) {
    std::vector<std::string> out;
    for (const Nodes* v : {&args->list, &args->list2, &args->list3})
      for (const Node* p : *v) out.push_back(p->name);
    if (args->a) out.push_back(args->a->name);
    if (args->b) out.push_back(args->b->name);
    return out;
  }

  static const Nodes& body_of(const Node* def, Nodes& lambda_body) {
    if (def->kind != K::Lambda) return def->body;
    lambda_body = {def->a};
    return lambda_body;
  }

  // A function's free names, as CPython's symtable finds them: what its body and the functions inside it use
  // and do not bind, nor declare global. They resolve in an enclosing function, or else as globals.
  static std::set<std::string> free_names(const Node* def) {
    Nodes lambda_body;
    const Nodes& body = body_of(def, lambda_body);
    std::set<std::string> own, globals, nonlocals, used;
    for (const auto& p : param_names(def->args)) own.insert(p);
    scan_bindings(body, own, &globals);
    scan_nonlocals(body, nonlocals);
    std::vector<const Node*> nested;
    for (const Node* st : body) scan_uses(st, used, nested);
    for (const Node* n : nested)
      for (const auto& name : free_names(n)) used.insert(name);
    used.insert(nonlocals.begin(), nonlocals.end());
    std::set<std::string> out;
    for (const auto& n : used)
      if ((!own.count(n) || nonlocals.count(n)) && !globals.count(n)) out.insert(n);
    return out;
  }

  bool define_function(const Node* s, const std::string& qualname, bool is_lambda = false) {
    const Node* a = s->args;
    if (!a->list.empty()) return refuse(a->list[0], "a positional-only parameter");
    // (A class body may define a name again, as @x.setter does: the class keeps the last.)
    if (defined_.count(qualname) && !is_lambda && !class_) return refuse(s, "defining '" + qualname + "' twice");
    defined_.insert(qualname);
    std::vector<std::string> params, kwonly;
    for (const Node* p : a->list2) params.push_back(p->name);
    for (const Node* p : a->list3) kwonly.push_back(p->name);
    FnBuilder& f = mb_.def(qualname, params);
    const FuncId id = mb_.last_function();
    if (!s->body.empty() && s->body[0]->kind == K::Expr && s->body[0]->a->kind == K::Constant &&
        s->body[0]->a->value.kind == Constant::Kind::Str)
      f.doc(s->body[0]->a->value.text);
    int flags = 0; // what its def evaluates when it runs: defaults (1), keyword-only defaults (2)
    std::vector<Value> defaults, kwdefaults;
    for (const Node* d : a->decorators) {
      if (constant_default(d)) defaults.push_back(constant_value(f, d));
      else flags |= 1;
    }
    for (const Node* d : a->list4) {
      if (!d) kwdefaults.push_back(Value::unbound());
      else if (constant_default(d)) kwdefaults.push_back(constant_value(f, d));
      else flags |= 2;
    }
    if (!(flags & 1)) f.defaults(defaults);
    f.signature(kwonly, flags & 2 ? std::vector<Value>{} : kwdefaults, a->a ? a->a->name : "", a->b ? a->b->name : "");
    Scope sc;
    sc.module = false;
    std::set<std::string> bound, nonlocals;
    Nodes lambda_body;
    const Nodes& body_nodes = body_of(s, lambda_body);
    scan_bindings(body_nodes, bound, &sc.globals);
    scan_nonlocals(body_nodes, nonlocals);
    if (yields(body_nodes)) f.generator();
    for (const auto& p : param_names(a)) sc.locals.insert(p);
    for (const auto& b : bound)
      if (!sc.globals.count(b) && !nonlocals.count(b)) sc.locals.insert(b);
    // Its free names that an enclosing function binds come through its closure; the others are globals.
    if (!scope_->module)
      for (const auto& n : free_names(s))
        if (scope_->locals.count(n)) sc.frees.insert(n);
    std::set<std::string> used;
    std::vector<const Node*> nested;
    for (const Node* st : body_nodes) scan_uses(st, used, nested);
    for (const Node* n : nested)
      for (const auto& name : free_names(n))
        if (sc.locals.count(name)) sc.cells.insert(name);
    for (const auto& g : sc.globals) mb_.global(g);
    for (const auto& l : sc.locals) f.local(l);
    for (const auto& c : sc.cells) f.cell(c);
    for (const auto& v : sc.frees) sc.locals.insert(v), f.free(v);
    function_values_[s] = {id, flags, {sc.frees.begin(), sc.frees.end()}};
    if (class_) method_self_ = params.empty() ? "" : params[0];
    Scope* outer = scope_;
    scope_ = &sc;
    const std::string outer_name = enclosing_name_;
    enclosing_name_ = qualname;
    at(f, s);
    body(f, s->body);
    enclosing_name_ = outer_name;
    scope_ = outer;
    defined_id_ = id;
    return !failed();
  }

  // The function value of def (or lambda) node s, where it stands: a constant, or MakeFunction with the
  // defaults it evaluates now and the cells of this function's variables it uses.
  void push_function(FnBuilder& f, const Node* s) {
    const FunctionValue& v = function_values_.at(s);
    int flags = v.flags;
    if (flags & 1) {
      for (const Node* d : s->args->decorators) expr(f, d);
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(s->args->decorators.size()));
    }
    if (flags & 2) {
      for (const Node* d : s->args->list4) {
        if (d) expr(f, d);
        else f.push_value(Value::unbound());
      }
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(s->args->list4.size()));
    }
    if (!v.frees.empty()) {
      for (const auto& n : v.frees) f.instr(Op::LoadLocal, f.local(n)); // the cell itself
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(v.frees.size()));
      flags |= 4;
    }
    at(f, s);
    if (flags) f.make_function(v.id, flags);
    else f.push_value(Value::func(v.id));
  }

  // def NAME ...: the decorators' values first, then the function, each decorator called on it from the
  // innermost out, then NAME bound to the result.
  void def_stmt(FnBuilder& f, const Node* s) {
    for (const Node* d : s->decorators) expr(f, d);
    push_function(f, s);
    for (std::size_t k = s->decorators.size(); k-- > 0;) {
      at(f, s->decorators[k]);
      f.call_value(1);
    }
    Node target;
    target.kind = K::Name;
    target.name = s->name;
    target.pos = s->pos;
    store(f, &target);
  }

  bool define_module_functions(const Nodes& body) {
    for (const Node* s : body) {
      if (s->kind == K::FunctionDef && !define_function(s, s->name)) return false;
      if (s->kind == K::ClassDef && !define_methods(s)) return false;
      if (s->kind == K::FunctionDef || s->kind == K::ClassDef || s->kind == K::AsyncFunctionDef) continue;
      if (!define_module_functions(s->body) || !define_module_functions(s->orelse) ||
          !define_module_functions(s->finalbody))
        return false;
      if (s->kind == K::Try || s->kind == K::TryStar)
        for (const Node* h : s->list)
          if (!define_module_functions(h->body)) return false;
      if (s->kind == K::Match)
        for (const Node* c : s->list)
          if (!define_module_functions(c->body)) return false;
    }
    return true;
  }

  // [SECTION] statements

  void body(FnBuilder& f, const Nodes& stmts) {
    for (const Node* s : stmts) {
      if (failed()) return;
      stmt(f, s);
    }
  }

  void stmt(FnBuilder& f, const Node* s) {
    at(f, s);
    switch (s->kind) {
    case K::Expr:
      if (s->a->kind == K::Constant && s->a->value.kind == Constant::Kind::Str) return; // a docstring
      expr(f, s->a);
      f.pop();
      return;
    case K::Pass: return;
    case K::Assign: {
      expr(f, s->a);
      for (std::size_t i = 0; i < s->list.size(); ++i) {
        if (i + 1 < s->list.size()) f.dup();
        store(f, s->list[i]);
      }
      return;
    }
    case K::AugAssign: return aug_assign(f, s);
    case K::AnnAssign:
      if (!s->c) return; // an annotation alone binds nothing
      expr(f, s->c);
      store(f, s->a);
      return;
    case K::If:
      f.if_([&] { expr(f, s->a); }, [&] { body(f, s->body); },
            s->orelse.empty() ? FnBuilder::Body{} : FnBuilder::Body{[&] { body(f, s->orelse); }});
      return;
    case K::While: {
      FnBuilder::Body orelse;
      if (!s->orelse.empty()) orelse = [&] { loop_protect_.pop_back(); body(f, s->orelse); loop_protect_.push_back(regions_.size()); };
      loop_protect_.push_back(regions_.size());
      f.while_([&] { expr(f, s->a); }, [&] { body(f, s->body); }, orelse);
      loop_protect_.pop_back();
      return;
    }
    case K::For: return for_stmt(f, s);
    case K::Break:
    case K::Continue: {
      const FnBuilder::Loop* loop = f.innermost_loop();
      if (!loop) return (void)refuse(s, "this loop");
      exit_regions(f, loop_protect_.back()); // the `finally` blocks and `with` exits it leaves
      if (s->kind == K::Break) f.jump(loop->brk);
      else f.jump_back(loop->cont);
      return;
    }
    case K::Return:
      if (scope_->module) return (void)refuse(s, "'return' at module level");
      if (s->a) expr(f, s->a);
      else f.push_none();
      if (!regions_.empty()) { // the value first, then every `finally` and `with` exit on the way out
        const std::string value = hidden("ret");
        store_hidden(f, value);
        exit_regions(f, 0);
        at(f, s);
        load_hidden(f, value);
      }
      f.ret();
      return;
    case K::FunctionDef:
      if (!scope_->module) return nested_function(f, s);
      return def_stmt(f, s);
    case K::Global:
    case K::Nonlocal: return; // the scope pass has them
    case K::Import:
    case K::ImportFrom: return import_stmt(f, s);
    case K::With: return with_stmt(f, s, 0);
    case K::Try: return try_stmt(f, s);
    case K::Raise: return raise_stmt(f, s);
    case K::Assert: {
      f.if_([&] { expr(f, s->a); f.op(Op::Not); },
            [&] {
              f.push_str("AssertionError");
              if (s->b) expr(f, s->b);
              else f.push_none();
              at(f, s);
              f.native_stmt(Native::raise_new);
            });
      return;
    }
    case K::ClassDef: return class_stmt(f, s);
    case K::Match: return (void)refuse(s, "the 'match' statement");
    case K::Delete: return del_stmt(f, s);
    case K::AsyncFunctionDef: return (void)refuse(s, "'async def'");
    case K::AsyncFor: return (void)refuse(s, "'async for'");
    case K::AsyncWith: return (void)refuse(s, "'async with'");
    case K::TryStar: return (void)refuse(s, "'except*'");
    default: return (void)refuse(s, std::string("the ") + std::string(kind_name(s->kind)) + " statement");
    }
  }

  // del a, b[k]: a name is unbound (reading it first raises, as deleting an unbound name does); an item goes.
  void del_stmt(FnBuilder& f, const Node* s) {
    for (const Node* t : s->list) {
      if (t->kind == K::Name) {
        if (scope_->module && !module_names_.count(t->name)) return (void)refuse(t, "deleting a builtin or imported name");
        load(f, t);
        f.pop();
        f.push_value(Value::unbound());
        store(f, t);
      } else if (t->kind == K::Attribute) { // del obj.name: delattr(obj, 'name')
        expr(f, t->a);
        f.push_str(t->name);
        at(f, t);
        f.native_stmt(Native::delattr_, 2);
      } else if (t->kind == K::Subscript && t->b->kind == K::Slice) { // del a[i:j]
        slice_target(f, t);
        f.push_value(Value::unbound());
        at(f, t);
        f.native_stmt(Native::slice_store, 5);
      } else if (t->kind == K::Subscript && t->b->kind != K::Slice) {
        expr(f, t->a);
        expr(f, t->b);
        at(f, t);
        f.method_stmt("$delitem", 1);
      } else {
        return (void)refuse(t, "deleting this");
      }
    }
  }

  // [a, *b, c], (a, *b), {*a, b}: a list built left to right, each *x spread into it, then a tuple or a set of it
  void starred_display(FnBuilder& f, const Node* e) {
    const std::string l = hidden("d");
    f.list(0);
    store_hidden(f, l);
    for (const Node* x : e->list) {
      if (x->kind == K::Starred) {
        expr(f, x->a);
        load_hidden(f, l);
        f.push(e->kind == K::Set ? 0 : 1); // a set display's message is the iterator's own
        at(f, x);
        f.native_stmt(Native::extend_items, 3);
      } else {
        load_hidden(f, l);
        expr(f, x);
        f.op(Op::ListAppend);
      }
    }
    load_hidden(f, l);
    at(f, e);
    if (e->kind == K::Tuple) f.native(Native::tuple_of, 1);
    else if (e->kind == K::Set) f.native(Native::set_of, 1);
  }

  // seq[a:b:c] as a target: the sequence, then each bound (None where it is left out)
  void slice_target(FnBuilder& f, const Node* t) {
    expr(f, t->a);
    for (const Node* bound : {t->b->a, t->b->b, t->b->c}) {
      if (bound) expr(f, bound);
      else f.push_none();
    }
  }

  // [SECTION] classes

  struct ClassInfo {
    std::string name, user_base; // user_base: a module-level class, or empty
    bool thread = false;         // derives from threading.Thread (directly or through user_base)
    std::string exception;       // the builtin exception it derives from (directly or through user_base)
    bool has_init = false;       // defines __init__ itself
  };

  // A user class's __init__, looked up its bases too: whether one of them defines it.
  bool user_init(const std::string& cls) {
    for (std::string c = cls; !c.empty(); c = classes_[c].user_base)
      if (classes_[c].has_init) return true;
    return false;
  }

  // The class's base, as the compiler knows it: none, threading.Thread, or a class of this module.
  bool class_base(const Node* s, ClassInfo& info) {
    if (!s->decorators.empty()) return refuse(s->decorators[0], "a class decorator");
    if (!s->list2.empty()) return refuse(s->list2[0], "a class keyword (metaclass=...)");
    if (s->list.size() > 1) return refuse(s->list[1], "multiple inheritance");
    info.name = s->name;
    if (s->list.empty()) return true;
    const Node* b = s->list[0];
    std::string mod, attr;
    if (b->kind == K::Name && imports_.count(b->name)) std::tie(mod, attr) = imports_[b->name];
    if (b->kind == K::Attribute && b->a->kind == K::Name && imports_.count(b->a->name) && imports_[b->a->name].second.empty())
      mod = imports_[b->a->name].first, attr = b->name;
    if (mod == "threading" && attr == "Thread") {
      info.thread = true;
      return true;
    }
    if (b->kind == K::Name && b->name == "object" && !module_names_.count("object")) return true;
    if (b->kind == K::Name && classes_.count(b->name)) {
      info.user_base = b->name;
      info.thread = classes_[b->name].thread;
      info.exception = classes_[b->name].exception;
      return true;
    }
    if (b->kind == K::Name && is_exception_name(b->name) && !module_names_.count(b->name)) {
      info.exception = b->name;
      return true;
    }
    return refuse(b, "this base class");
  }

  // The special methods the runtime calls (lib/special_methods.cpp); the others are refused by name.
  static bool supported_special_method(const std::string& n) {
    return n == "__init__" || n == "__str__" || n == "__repr__" || n == "__enter__" || n == "__exit__" || n == "__iter__" ||
           n == "__next__" || n == "__eq__" || n == "__ne__" || n == "__lt__" || n == "__le__" || n == "__gt__" ||
           n == "__ge__" || n == "__call__" || n == "__len__" || n == "__bool__" || n == "__contains__" ||
           n == "__getitem__" || n == "__setitem__";
  }

  // The methods of a module-level class become functions named Class.method, made before the module runs.
  bool define_methods(const Node* s) {
    ClassInfo info;
    if (!class_base(s, info)) return false;
    if (classes_.count(s->name)) return refuse(s, "defining class '" + s->name + "' twice");
    classes_[s->name] = info;
    for (const Node* m : s->body) {
      if (m->kind != K::FunctionDef) continue;
      if (m->name == "__init__") classes_[s->name].has_init = true;
      const bool is_static = std::any_of(m->decorators.begin(), m->decorators.end(), [](const Node* d) {
        return d->kind == K::Name && d->name == "staticmethod";
      });
      if (m->args->list2.empty() && !is_static && !m->args->a) return refuse(m, "a method without a self parameter");
      // Special methods other than __init__ would be called by the runtime itself (print calls __str__):
      // refused until the interpreter can call back into Python from them.
      if (m->name.size() > 4 && m->name.rfind("__", 0) == 0 && !supported_special_method(m->name))
        return refuse(m, "the special method '" + m->name + "'");
      class_ = &classes_[s->name];
      const bool ok = define_function(m, s->name + "." + m->name);
      class_ = nullptr;
      if (!ok) return false;
    }
    return true;
  }

  void class_stmt(FnBuilder& f, const Node* s) {
    if (!scope_->module) return (void)refuse(s, "a class inside a function");
    const ClassInfo& info = classes_[s->name];
    f.push_str(s->name);
    if (info.user_base.empty()) f.push_none();
    else load(f, s->list[0]);
    f.push_bool(info.thread);
    if (info.exception.empty()) f.push_none();
    else f.push_str(info.exception);
    f.native(Native::class_new);
    ClassBody body{hidden("class"), {}};
    f.dup();
    store_hidden(f, body.var);
    class_body_ = &body;
    struct Leave {
      ClassBody*& at;
      ~Leave() { at = nullptr; }
    } leave{class_body_};
    for (const Node* m : s->body) {
      at(f, m);
      if (m->kind == K::FunctionDef) {
        f.dup();
        for (const Node* d : m->decorators) expr(f, d);
        push_function(f, m);
        for (std::size_t k = m->decorators.size(); k-- > 0;) {
          at(f, m->decorators[k]);
          f.call_value(1);
        }
        at(f, m);
        f.set_attr(m->name);
        body.names.insert(m->name);
      } else if (m->kind == K::Assign && m->list.size() == 1 && m->list[0]->kind == K::Name) {
        f.dup();
        expr(f, m->a);
        f.set_attr(m->list[0]->name);
        body.names.insert(m->list[0]->name);
      } else if (m->kind == K::AnnAssign && m->a->kind == K::Name) { // `x: int = 0` sets it; `y: int` nothing
        if (!m->c) continue;
        f.dup();
        expr(f, m->c);
        f.set_attr(m->a->name);
        body.names.insert(m->a->name);
      } else if (m->kind == K::Expr && m->a->kind == K::Constant && m->a->value.kind == Constant::Kind::Str) {
        // the class's docstring
      } else if (m->kind != K::Pass) {
        return (void)refuse(m, "this statement in a class body");
      }
    }
    at(f, s);
    f.store_global(s->name);
  }

  // super().method(...) in a method of class_: the base's method on the same self, or Thread.__init__.
  void super_call(FnBuilder& f, const Node* e, const Node* sup) {
    if (!class_ || scope_->module) return (void)refuse(sup, "super() outside a method");
    if (!sup->list2.empty() || (sup->list.size() != 0 && sup->list.size() != 2)) return (void)refuse(sup, "this form of super()");
    const std::string& self = method_self_;
    const std::string& m = e->a->name;
    const bool spread = has_spread(e);
    if (!class_->exception.empty() && m == "__init__" && (class_->user_base.empty() || !user_init(class_->user_base))) {
      // BaseException.__init__(self, *args): the exception's args
      if (spread) return (void)refuse(e, "'*' or '**' unpacking in BaseException.__init__()");
      if (!e->list2.empty()) return (void)refuse(e->list2[0], "keyword arguments to BaseException.__init__()");
      f.load(self);
      for (const Node* a : e->list) expr(f, a);
      at(f, e);
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size()));
      f.native(Native::exc_init, 2);
      return;
    }
    if (!class_->user_base.empty() && (spread || !e->list2.empty())) { // Base.method(self, *args, k=v, **kwargs)
      mb_.global(class_->user_base);
      f.load(class_->user_base);
      f.attr(m);
      f.load(self);
      spread_pieces(f, e, {kPositional});
      return;
    }
    if (!class_->user_base.empty()) { // Base.method(self, ...)
      mb_.global(class_->user_base);
      f.load(class_->user_base);
      f.attr(m);
      f.load(self);
      for (const Node* a : e->list) expr(f, a);
      at(f, e);
      f.call_value(static_cast<int>(e->list.size()) + 1);
      return;
    }
    if (class_->thread && m == "__init__" && spread) { // Thread.__init__(self, *args, **kwargs), bound when it runs
      push_intrinsic(f, *find_intrinsic("threading", "$Thread.__init__"));
      f.load(self);
      spread_pieces(f, e, {kPositional});
      return;
    }
    if (class_->thread && m == "__init__") {
      static const Intrinsic init{"threading", "Thread", Native::thread_init, "Thread.__init__",
                                  "group=None, target=None, name=None, args=None, kwargs=None, *, daemon=None",
                                  "target args name daemon"};
      f.load(self);
      const std::vector<Param> params = parse_params(init.params);
      std::vector<const Node*> slots;
      if (!bind_args(f, e, params, init.qualname, slots)) return;
      std::vector<int> order = {1, 3, 2, 5};
      push_bound(f, e, params, slots, order);
      at(f, e);
      f.native(Native::thread_init, 5);
      return;
    }
    if (!class_->thread && m == "__init__" && e->list.empty() && e->list2.empty()) { // object.__init__()
      f.push_none();
      return;
    }
    refuse(e, "super()." + m + "() of this base");
  }

  void import_stmt(FnBuilder& f, const Node* s) {
    // Modules are compiled in: an import binds nothing at run time, but an unknown module raises where the
    // import stands, as CPython does.
    std::string module = s->kind == K::Import ? "" : s->name;
    if (s->kind == K::ImportFrom && s->level > 0) return (void)refuse(s, "a relative import");
    for (const Node* a : s->list) {
      std::string m = s->kind == K::Import ? a->name : module;
      std::string top = m.substr(0, m.find('.'));
      if (!known_module(top) || (m != top && !is_submodule(m))) {
        f.push_str("ModuleNotFoundError");
        f.push_str("No module named '" + m + "' (the simulator provides: " + modules_list() + ")");
        f.native_stmt(Native::raise_new);
        return;
      }
      if (a->name == "*") {
        if (!star_done_.count(s)) return (void)refuse(a, "'from " + m + " import *' below the top level");
        continue;
      }
      std::string local = a->asname.empty() ? a->name.substr(0, a->name.find('.')) : a->asname;
      if (!imports_.count(local)) return (void)refuse(a, "rebinding the imported name '" + local + "'");
      if (Value v; s->kind == K::ImportFrom && !find_intrinsic(m, a->name) && !is_exception_name(a->name) &&
                   !module_constant(m, a->name, v) && !is_submodule(m + "." + a->name) && !module_has(m, a->name) &&
                   !(m == "sys" && (a->name == "stdout" || a->name == "stderr"))) // their write() and flush()
        return (void)refuse(a, "'" + m + "." + a->name + "'");
    }
  }

  void aug_assign(FnBuilder& f, const Node* s) {
    const Op op = binop(s, s->binop);
    if (failed()) return;
    const Node* t = s->a;
    if (t->kind == K::Name) { // load, op, store: three steps another thread may come between (at a switch point)
      load(f, t);
      expr(f, s->b);
      f.instr(op, 0, 1); // the augmented form: a list, set or dict changes in place
      store(f, t);
    } else if (t->kind == K::Attribute) {
      expr(f, t->a);
      f.dup();
      f.attr(t->name);
      expr(f, s->b);
      f.instr(op, 0, 1);
      f.set_attr(t->name);
    } else if (t->kind == K::Subscript) {
      if (t->b->kind == K::Slice) return (void)refuse(t->b, "a slice");
      std::string o = hidden("o"), k = hidden("k"), r = hidden("r");
      expr(f, t->a);
      store_hidden(f, o);
      expr(f, t->b);
      store_hidden(f, k);
      load_hidden(f, o);
      load_hidden(f, k);
      f.op(Op::GetItem);
      expr(f, s->b);
      f.instr(op, 0, 1);
      store_hidden(f, r);
      load_hidden(f, o);
      load_hidden(f, k);
      load_hidden(f, r);
      f.op(Op::SetItem);
    }
  }

  bool is_range_call(const Node* it) {
    return it->kind == K::Call && it->a->kind == K::Name && it->a->name == "range" && is_builtin_name("range") &&
           it->list2.empty() && !it->list.empty() && it->list.size() <= 3;
  }

  // for TARGET in range(...): range(n) is FOR_RANGE itself; range(a, b[, s]) counts i over len(range(a, b, s))
  // (a and s evaluated once, before the loop) and binds a + i * s.
  void range_loop(FnBuilder& f, const Node* it, const std::function<void()>& store_value, const FnBuilder::Body& loop_body,
                  const std::string& direct_name = {}, const FnBuilder::Body& orelse = {}) {
    if (it->list.size() == 1 && !direct_name.empty()) {
      f.for_range(direct_name, [&] { expr(f, it->list[0]); }, loop_body, orelse);
      return;
    }
    std::string start = hidden("rs"), step = hidden("rk"), i = hidden("ri");
    if (it->list.size() == 1) {
      f.push(0);
      store_hidden(f, start);
      f.push(1);
      store_hidden(f, step);
    } else {
      expr(f, it->list[0]);
      store_hidden(f, start);
      if (it->list.size() == 3) expr(f, it->list[2]);
      else f.push(1);
      store_hidden(f, step);
    }
    if (!scope_->module) f.local(i);
    f.for_range(i, [&] {
      load_hidden(f, start);
      if (it->list.size() == 1) expr(f, it->list[0]);
      else expr(f, it->list[1]);
      load_hidden(f, step);
      f.native(Native::range_len, 3);
    }, [&] {
      load_hidden(f, start);
      load_hidden(f, i);
      load_hidden(f, step);
      f.op(Op::Mul).op(Op::Add);
      store_value();
      loop_body();
    }, orelse);
  }

  void for_stmt(FnBuilder& f, const Node* s) {
    loop_protect_.push_back(regions_.size());
    const Node* it = s->b;
    FnBuilder::Body orelse;
    if (!s->orelse.empty()) orelse = [&] { loop_protect_.pop_back(); body(f, s->orelse); loop_protect_.push_back(regions_.size()); };
    if (is_range_call(it)) {
      const bool direct = s->a->kind == K::Name && !renames_.count(s->a->name) && !scope_->deref(s->a->name);
      range_loop(f, it, [&] { store(f, s->a); }, [&] { body(f, s->body); }, direct ? s->a->name : std::string(), orelse);
    } else {
      f.for_iter([&] { push_iterable(f, it); }, [&] { store(f, s->a); }, [&] { body(f, s->body); }, orelse);
    }
    loop_protect_.pop_back();
  }

  // Leaves the regions above `down_to`, innermost first; each one's exit code sees only the regions outside it.
  void exit_regions(FnBuilder& f, std::size_t down_to) {
    (void)f;
    const std::vector<FnBuilder::Body> saved = regions_;
    for (std::size_t i = saved.size(); i-- > down_to;) {
      regions_.resize(i);
      saved[i]();
    }
    regions_ = saved;
  }

  void with_stmt(FnBuilder& f, const Node* s, std::size_t item) {
    if (item == s->list.size()) {
      body(f, s->body);
      return;
    }
    const Node* w = s->list[item];
    std::string as;
    if (w->b) {
      if (w->b->kind != K::Name) return (void)refuse(w->b, "a 'with ... as' target that is not a name");
      as = w->b->name;
    }
    const std::string ctx = hidden("w");
    if (!scope_->module) f.local(ctx);
    else mb_.global(ctx);
    f.with_([&] { expr(f, w->a); },
            [&] {
              regions_.push_back([&f, ctx] { f.instr(Op::PopTry, 0).load(ctx).native_stmt(Native::with_exit, 1); });
              with_stmt(f, s, item + 1);
              regions_.pop_back();
            },
            as.empty() ? std::string_view{} : target_store_name(as), ctx, true);
  }

  std::string_view target_store_name(const std::string& n) {
    // FnBuilder::store picks local or global the same way this scope does (locals were declared up front).
    if (scope_->module || scope_->globals.count(n)) mb_.global(n);
    return n;
  }

  void try_stmt(FnBuilder& f, const Node* s) {
    auto protected_body = [&] {
      regions_.push_back([&f] { f.instr(Op::PopTry, 0); });
      body(f, s->body);
      regions_.pop_back();
    };
    auto with_finally = [&](const FnBuilder::Body& inner) {
      if (s->finalbody.empty()) return inner();
      f.try_finally(
          [&] {
            regions_.push_back([&f, this, s] { f.instr(Op::PopTry, 0); body(f, s->finalbody); });
            inner();
            regions_.pop_back();
          },
          [&] { body(f, s->finalbody); });
    };
    // try/finally alone: the finally's handler is the only one, so leaving the body pops just it (the region
    // with_finally pushes); protected_body's own PopTry would drop an enclosing try's handler too.
    if (s->list.empty()) return with_finally([&] { body(f, s->body); });
    std::vector<FnBuilder::Except> clauses;
    for (const Node* h : s->list) {
      FnBuilder::Except clause;
      std::vector<const Node*> types;
      if (h->a && h->a->kind == K::Tuple) types.assign(h->a->list.begin(), h->a->list.end());
      else if (h->a) types.push_back(h->a);
      for (const Node* t : types) {
        const bool builtin = t->kind == K::Name && is_exception_name(t->name) && !module_names_.count(t->name);
        const std::string module_exc = module_exception(t);
        if (!module_exc.empty()) {
          clause.types.push_back(module_exc);
          continue;
        }
        if (!builtin && user_exception_class(t).empty()) return (void)refuse(t, "an 'except' clause for this type");
        clause.types.push_back(t->name);
      }
      // The exception as a value, taken while it is still being handled: for `as e`, and for a bare `raise`.
      const std::string handled = hidden("exc");
      clause.bind = [&f, this, h, handled] {
        f.native(Native::current_exception);
        if (!h->name.empty()) {
          f.dup();
          Node name_node;
          name_node.kind = K::Name;
          name_node.name = h->name;
          name_node.pos = h->pos;
          store(f, &name_node);
        }
        store_hidden(f, handled);
      };
      clause.handler = [&f, this, h, handled] { // what it handles is the context of what it raises, until it ends
        handled_.push_back(handled);
        load_hidden(f, handled);
        f.native_stmt(Native::handling, 1);
        f.try_finally(
            [&] {
              regions_.push_back([&f] { f.instr(Op::PopTry, 0).native_stmt(Native::handled, 0); });
              body(f, h->body);
              regions_.pop_back();
            },
            [&] { f.native_stmt(Native::handled, 0); });
        handled_.pop_back();
      };
      clauses.push_back(std::move(clause));
    }
    FnBuilder::Body orelse;
    if (!s->orelse.empty()) orelse = [&] { body(f, s->orelse); };
    with_finally([&] { f.try_excepts(protected_body, clauses, orelse); });
  }

  // A raise statement's `from` part: None when it has none, Unbound for `from None` (no context shown).
  void push_cause(FnBuilder& f, const Node* s) {
    if (!s->b) f.push_none();
    else if (s->b->kind == K::Constant && s->b->value.kind == Constant::Kind::None) f.push_value(Value::unbound()); // the marker of `from None`
    else expr(f, s->b);
  }

  // Every Name node under n.
  static void names_in(const Node* n, std::vector<const Node*>& out) {
    if (!n) return;
    if (n->kind == K::Name) out.push_back(n);
    for (const Node* c : {n->a, n->b, n->c, n->args}) names_in(c, out);
    for (const Nodes* v : {&n->list, &n->list2, &n->list3, &n->list4, &n->body, &n->orelse, &n->finalbody, &n->decorators})
      for (const Node* c : *v) names_in(c, out);
  }

  // lambda ARGS: EXPR, a function of its own named <lambda> (f.<locals>.<lambda> inside f).
  // A generator expression is, as CPython compiles it, a generator function of one parameter (.0, the first
  // iterable's iterator) whose body is the loops and conditions around `yield elt`. Each GeneratorExp node gets
  // that function's def as its `args` before anything else is compiled, so the scope passes see it as a nested
  // function (its free names become cells of the functions around it) wherever it ends up used as a value.
  void attach_genexpr_functions(const Node* root) {
    std::vector<const Node*> stack{root};
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      if (!n) continue;
      if (n->kind == K::GeneratorExp && !n->args) const_cast<Node*>(n)->args = genexpr_def(n);
      for (const Node* c : {n->a, n->b, n->c}) stack.push_back(c);
      if (n->kind != K::GeneratorExp) stack.push_back(n->args);
      for (const Nodes* v : {&n->list, &n->list2, &n->list3, &n->list4, &n->body, &n->orelse, &n->finalbody, &n->decorators})
        stack.insert(stack.end(), v->begin(), v->end());
    }
  }

  Node* genexpr_def(const Node* e) {
    auto make = [&](K k, Pos p) -> Node& {
      Node& n = synthetic_.emplace_back();
      n.kind = k;
      n.pos = p;
      return n;
    };
    Node& yield = make(K::Yield, e->a->pos);
    yield.a = e->a;
    Node& stmt = make(K::Expr, e->a->pos);
    stmt.a = &yield;
    Node* inner = &stmt;
    for (std::size_t i = e->list.size(); i-- > 0;) {
      const Node* comp = e->list[i];
      for (std::size_t k = comp->list.size(); k-- > 0;) { // `if cond` clauses, innermost first
        Node& test = make(K::If, comp->list[k]->pos);
        test.a = comp->list[k];
        test.body = {inner};
        inner = &test;
      }
      Node& loop = make(K::For, comp->pos);
      loop.a = comp->a;
      if (i == 0) {
        Node& dot0 = make(K::Name, comp->b->pos);
        dot0.name = ".0";
        loop.b = &dot0;
      } else {
        loop.b = comp->b;
      }
      loop.body = {inner};
      inner = &loop;
    }
    Node& param = make(K::Arg, e->pos);
    param.name = ".0";
    Node& args = make(K::Arguments, e->pos);
    args.list2 = {&param};
    Node& def = make(K::FunctionDef, e->pos);
    def.name = "<genexpr>";
    def.args = &args;
    def.body = {inner};
    return &def;
  }

  // A generator expression as a value: its function called with iter(first iterable), made here.
  void genexpr_value(FnBuilder& f, const Node* e) {
    const Node* def = e->args;
    if (!def) return (void)refuse(e, "a generator expression");
    if (e->list[0]->is_async) return (void)refuse(e->list[0], "'async for' in a comprehension");
    const std::string name = scope_->module ? "<genexpr>" : enclosing_name_ + ".<locals>.<genexpr>";
    if (inner_function(def, name) == kNone) return;
    push_function(f, def);
    push_iterable(f, e->list[0]->b);
    at(f, e);
    f.call_value(1);
  }

  void lambda(FnBuilder& f, const Node* e) {
    Node& ret = synthetic_.emplace_back();
    ret.kind = K::Return;
    ret.pos = e->a->pos;
    ret.a = e->a;
    Node& def = synthetic_.emplace_back();
    def.kind = K::FunctionDef;
    def.pos = e->pos;
    def.args = e->args;
    def.body = {&ret};
    std::string name = "<lambda>";
    if (!scope_->module) name = enclosing_name_ + ".<locals>.<lambda>";
    if (inner_function(&def, name) == kNone) return;
    push_function(f, &def);
  }

  // def inside a function: a function of its own (f.<locals>.g), bound to the local name where the def stands.
  void nested_function(FnBuilder& f, const Node* s) {
    if (inner_function(s, enclosing_name_ + ".<locals>." + s->name) == kNone) return;
    def_stmt(f, s);
  }

  // Compiles def node `s` as a function of its own, apart from the statement around it; its id, or kNone.
  FuncId inner_function(const Node* s, const std::string& name) {
    for (const auto& n : free_names(s)) // comprehension variables are hidden locals, not cells yet
      if (renames_.count(n)) return refuse(s, "a function using the comprehension variable '" + n + "' (a closure)"), kNone;
    auto regions = std::move(regions_);
    auto handled = std::move(handled_);
    auto loops = std::move(loop_protect_);
    regions_.clear(), handled_.clear(), loop_protect_ = {0};
    auto renames = std::move(renames_);
    renames_.clear();
    ClassInfo* cls = class_;
    class_ = nullptr;
    const bool ok = define_function(s, name, true);
    const FuncId id = defined_id_;
    class_ = cls;
    renames_ = std::move(renames);
    regions_ = std::move(regions), handled_ = std::move(handled), loop_protect_ = std::move(loops);
    return ok ? id : kNone;
  }

  // The simulated modules' exceptions an except clause names (queue.Empty, threading.BrokenBarrierError, or the
  // names imported from there): the runtime's name of the type, or "".
  std::string module_exception(const Node* t) {
    static const std::set<std::pair<std::string, std::string>> kExceptions = {
        {"queue", "Empty"}, {"queue", "Full"}, {"threading", "BrokenBarrierError"}, {"multiprocessing.queues", "Empty"},
        {"concurrent.futures", "CancelledError"}, {"concurrent.futures", "TimeoutError"}, {"subprocess", "SubprocessError"},
        {"subprocess", "CalledProcessError"}, {"subprocess", "TimeoutExpired"}};
    if (t->kind == K::Attribute && t->a->kind == K::Name && is_module_name(t->a))
      return kExceptions.count({imports_[t->a->name].first, t->name}) ? t->name : std::string{};
    if (t->kind == K::Name && imports_.count(t->name) && (scope_->module || !scope_->locals.count(t->name))) {
      const auto& [mod, attr] = imports_[t->name];
      return kExceptions.count({mod, attr}) ? attr : std::string{};
    }
    return {};
  }

  // The name of the user exception class `n` names, or "".
  std::string user_exception_class(const Node* n) {
    if (n->kind != K::Name || !classes_.count(n->name) || classes_[n->name].exception.empty()) return {};
    if (!scope_->module && scope_->locals.count(n->name)) return {};
    return n->name;
  }

  // A call of a builtin exception class the runtime makes as a value: positional arguments only, and not an
  // OSError of two or more (its str is "[Errno 2] ...", which the simulator does not make).
  bool plain_exception_call(const Node* e) const {
    if (e->kind != K::Call || e->a->kind != K::Name || !e->list2.empty()) return false;
    const std::string& n = e->a->name;
    if (!is_builtin(n) || !is_exception_name(n) || module_names_.count(n) || imports_.count(n) ||
        (!scope_->module && scope_->locals.count(n)))
      return false;
    for (const Node* a : e->list)
      if (a->kind == K::Starred) return false;
    if (e->list.size() > 1)
      for (std::string_view c = n; !c.empty(); c = exception_parent(c))
        if (c == "OSError") return false;
    return true;
  }

  void raise_stmt(FnBuilder& f, const Node* s) {
    if (!s->a) { // the exception the innermost handler is handling, with its traceback
      at(f, s);
      if (handled_.empty()) {
        f.push_str("RuntimeError").push_str("No active exception to reraise").native_stmt(Native::raise_new);
        return;
      }
      load_hidden(f, handled_.back());
      f.push(1);
      f.push_none();
      f.native_stmt(Native::raise_value, 3);
      return;
    }
    const Node* e = s->a;
    const std::string cls = user_exception_class(e->kind == K::Call ? e->a : e);
    if (!cls.empty() || (e->kind == K::Name && !is_exception_name(e->name))) {
      // raise MyError(...), raise MyError, raise err: the object (a class is called with no arguments)
      if (e->kind == K::Name && !cls.empty()) {
        load(f, e);
        at(f, e);
        f.call_value(0);
      } else {
        expr(f, e);
      }
      f.push(0);
      push_cause(f, s);
      at(f, s);
      f.native_stmt(Native::raise_value, 3);
      return;
    }
    if (e->kind == K::Call && e->a->kind == K::Name && e->list.size() > 1 && plain_exception_call(e)) {
      expr(f, e); // raise ValueError("bad", 3): made as a value (exception_of), then raised
      f.push(0);
      push_cause(f, s);
      at(f, s);
      f.native_stmt(Native::raise_value, 3);
      return;
    }
    std::string type;
    const Node* message = nullptr;
    if (e->kind == K::Name) type = e->name;
    else if (e->kind == K::Call && e->a->kind == K::Name && e->list2.empty() && e->list.size() <= 1) {
      type = e->a->name;
      if (!e->list.empty()) message = e->list[0];
    }
    if (type.empty() || !is_exception_name(type)) return (void)refuse(e, "raising this");
    f.push_str(type);
    if (message) expr(f, message);
    else f.push_none();
    at(f, s); // RAISE_VARARGS stands for the whole statement
    if (s->b) { // raise E(msg) from cause: the object, then its cause
      f.native(Native::new_exception, 2);
      f.push(0);
      push_cause(f, s);
      at(f, s);
      f.native_stmt(Native::raise_value, 3);
      return;
    }
    f.native_stmt(Native::raise_new);
  }

  // [SECTION] names

  std::string hidden(const char* what) { return std::string("$") + what + std::to_string(hidden_++); }
  void store_hidden(FnBuilder& f, const std::string& n) {
    if (!scope_->module) f.local(n);
    f.store(n);
  }
  void load_hidden(FnBuilder& f, const std::string& n) { f.load(n); }

  bool is_builtin_name(const std::string& n) const { return !module_names_.count(n); }

  void load(FnBuilder& f, const Node* e) {
    const std::string& n = e->name;
    at(f, e);
    if (auto r = renames_.find(n); r != renames_.end()) {
      f.load(r->second);
      return;
    }
    if (class_body_ && scope_->module && class_body_->names.count(n)) { // a name the class body bound earlier
      load_hidden(f, class_body_->var);
      f.attr(n);
      return;
    }
    if (scope_->deref(n)) {
      f.load_deref(n);
      return;
    }
    if (!scope_->module && scope_->locals.count(n)) {
      f.load(n);
      return;
    }
    if (imports_.count(n)) {
      const auto& [mod, attr] = imports_[n];
      if (mod == "sys" && attr == "argv") return (void)f.native(Native::sys_argv, 0); // from sys import argv
      if (Value v; !attr.empty() && module_constant(mod, attr, v))
        return (void)(v.tag == Tag::Unbound ? f.push_str(attr) : v.tag == Tag::Float ? f.push_float(v.f) : f.push(v.i));
      if (const Intrinsic* in = attr.empty() ? nullptr : module_intrinsic(mod, attr)) return push_intrinsic(f, *in);
      if (attr.empty() && mod == "multiprocessing") return (void)f.native(Native::mp_module, 0); // run_with(mp)
      return (void)refuse(e, attr.empty() ? "using the module '" + mod + "' as a value" : "using '" + mod + "." + attr + "' as a value");
    }
    if (module_names_.count(n) || (!scope_->module && scope_->globals.count(n))) {
      mb_.global(n);
      f.load(n);
      return;
    }
    if (n == "__name__") {
      f.load(n);
      return;
    }
    if (const Intrinsic* in = find_intrinsic("builtins", n)) return push_intrinsic(f, *in); // len, int, ...
    if (n == "NotImplemented") return (void)f.native(Native::not_implemented, 0);
    if (is_builtin(n)) return (void)refuse(e, "using the builtin '" + n + "' as a value");
    // Bound nowhere: CPython raises NameError when it gets here, and its traceback suggests the closest name
    // among the function's variables, else the module's globals, else the builtins.
    std::string hint;
    if (!scope_->module) hint = suggest_name(n, {scope_->locals.begin(), scope_->locals.end()});
    if (hint.empty()) {
      std::vector<std::string> globals = {"__name__", "__doc__", "__package__", "__loader__", "__spec__",
                                          "__annotations__", "__builtins__", "__file__", "__cached__"};
      globals.insert(globals.end(), module_names_.begin(), module_names_.end());
      hint = suggest_name(n, globals);
    }
    if (hint.empty()) hint = suggest_name(n, builtin_names());
    f.push_str(n).push_str(hint).native(Native::raise_name_error);
  }

  void store(FnBuilder& f, const Node* t) {
    at(f, t);
    switch (t->kind) {
    case K::Name:
      if (auto r = renames_.find(t->name); r != renames_.end()) {
        store_hidden(f, r->second);
        return;
      }
      if (imports_.count(t->name)) return (void)refuse(t, "rebinding the imported name '" + t->name + "'");
      if (scope_->deref(t->name)) {
        f.store_deref(t->name);
        return;
      }
      if (scope_->module || scope_->globals.count(t->name)) {
        mb_.global(t->name);
        f.store_global(t->name);
      } else {
        f.store(t->name);
      }
      return;
    case K::Attribute: // the value is on the stack: object, swap, SET_ATTR
      expr(f, t->a);
      f.instr(Op::Swap, 0);
      at(f, t); // an error marks the target, obj.name
      f.set_attr(t->name);
      return;
    case K::Subscript: {
      if (t->b->kind == K::Slice) { // a[i:j] = value: the value first, then the list and the bounds
        std::string v = hidden("v");
        store_hidden(f, v);
        slice_target(f, t);
        load_hidden(f, v);
        at(f, t);
        f.native_stmt(Native::slice_store, 5);
        return;
      }
      std::string v = hidden("v");
      store_hidden(f, v);
      expr(f, t->a);
      expr(f, t->b);
      load_hidden(f, v);
      f.op(Op::SetItem);
      return;
    }
    case K::Tuple:
    case K::List: {
      int star = 0; // 1 + the index of a starred target (a, *rest = ...), or 0
      for (std::size_t i = 0; i < t->list.size(); ++i)
        if (t->list[i]->kind == K::Starred) star = static_cast<int>(i) + 1;
      f.instr(Op::Unpack, static_cast<std::int32_t>(t->list.size()), star);
      for (const Node* x : t->list) store(f, x->kind == K::Starred ? x->a : x);
      return;
    }
    default: return (void)refuse(t, "assigning to this");
    }
  }

  // [SECTION] expressions

  Op binop(const Node* where, BinOpKind k) {
    switch (k) {
    case BinOpKind::Add: return Op::Add;
    case BinOpKind::Sub: return Op::Sub;
    case BinOpKind::Mult: return Op::Mul;
    case BinOpKind::Div: return Op::Div;
    case BinOpKind::FloorDiv: return Op::FloorDiv;
    case BinOpKind::Mod: return Op::Mod;
    case BinOpKind::Pow: return Op::Pow;
    case BinOpKind::BitOr: return Op::BitOr;
    case BinOpKind::BitAnd: return Op::BitAnd;
    case BinOpKind::BitXor: return Op::BitXor;
    case BinOpKind::LShift: return Op::LShift;
    case BinOpKind::RShift: return Op::RShift;
    default: refuse(where, "the '" + std::string(binop_symbol(k)) + "' operator"); return Op::Nop;
    }
  }

  void expr(FnBuilder& f, const Node* e) {
    if (failed()) return;
    at(f, e);
    switch (e->kind) {
    case K::Constant: return constant(f, e);
    case K::Name: return load(f, e);
    case K::BinOp: {
      const Op op = binop(e, e->binop);
      expr(f, e->a);
      expr(f, e->b);
      at(f, e);
      f.op(op);
      return;
    }
    case K::UnaryOp:
      if (e->unop == UnaryKind::Not) {
        expr(f, e->a);
        f.op(Op::Not);
      } else if (e->unop == UnaryKind::USub) {
        expr(f, e->a);
        f.op(Op::Neg);
      } else if (e->unop == UnaryKind::Invert) {
        expr(f, e->a);
        f.op(Op::Invert);
      } else {
        refuse(e, "unary '+'");
      }
      return;
    case K::BoolOp: {
      // a and b: a, and if it is falsy that is the result; else b.
      FnBuilder::Label end = f.new_label();
      for (std::size_t i = 0; i < e->list.size(); ++i) {
        expr(f, e->list[i]);
        if (i + 1 == e->list.size()) break;
        f.dup();
        if (e->boolop == BoolKind::And) f.jump_if_false(end);
        else f.jump_if_true(end);
        f.pop();
      }
      f.bind(end);
      return;
    }
    case K::Compare: return compare(f, e);
    case K::IfExp:
      f.if_([&] { expr(f, e->a); }, [&] { expr(f, e->b); }, [&] { expr(f, e->c); });
      return;
    case K::Call: return call(f, e);
    case K::Attribute:
      if (e->name.size() > 4 && e->name.rfind("__", 0) == 0 && e->name.compare(e->name.size() - 2, 2, "__") == 0 &&
          e->name != "__name__" && e->name != "__init__" && e->name != "__doc__" && e->name != "__qualname__" && e->name != "__self__" &&
          e->name != "__module__" && e->name != "__wrapped__" && e->name != "__context__" && e->name != "__cause__" &&
          e->name != "__suppress_context__" && e->name != "__traceback__" && e->name != "__class__")
        return (void)refuse(e, "the attribute '" + e->name + "'");
      if (e->a->kind == K::Name && !module_names_.count(e->a->name) && !imports_.count(e->a->name) &&
          !(scope_->locals.count(e->a->name) && !scope_->module) && find_intrinsic("builtins", e->a->name)) {
        const std::string& type = e->a->name;
        if (builtin_type_method(e)) {
          f.push_str(type).push_str(e->name); // str.lower: the method of the type (checked when it runs)
          at(f, e);
          f.native(Native::type_method, 2);
          return;
        }
        return (void)refuse(e, "the attribute '" + e->a->name + "." + e->name + "'"); // int.from_bytes
      }
      if (e->a->kind == K::Name && imports_.count(e->a->name) && !(scope_->locals.count(e->a->name) && !scope_->module)) {
        const auto& [mod, attr] = imports_[e->a->name];
        if (attr.empty() && mod == "sys" && e->name == "argv") return (void)f.native(Native::sys_argv, 0);
        if (Value v; attr.empty() && module_constant(mod, e->name, v))
          return (void)(v.tag == Tag::Unbound ? f.push_str(e->name) : v.tag == Tag::Float ? f.push_float(v.f) : f.push(v.i));
        if (const Intrinsic* in = attr.empty() ? module_intrinsic(mod, e->name) : nullptr) return push_intrinsic(f, *in);
        return (void)refuse(e, "using '" + mod + "." + e->name + "' without calling it");
      }
      expr(f, e->a);
      at(f, e);
      f.attr(e->name);
      return;
    case K::Subscript:
      if (e->b->kind == K::Slice) { // x[a:b:c]: a new list, tuple or str (a missing bound is None)
        const Node* sl = e->b;
        expr(f, e->a);
        for (const Node* bound : {sl->a, sl->b, sl->c}) {
          if (bound) expr(f, bound);
          else f.push_none();
        }
        at(f, e);
        f.native(Native::slice, 4);
        return;
      }
      expr(f, e->a);
      expr(f, e->b);
      at(f, e);
      f.op(Op::GetItem);
      return;
    case K::List:
    case K::Tuple:
      if (std::any_of(e->list.begin(), e->list.end(), [](const Node* x) { return x->kind == K::Starred; }))
        return starred_display(f, e);
      for (const Node* x : e->list) expr(f, x);
      at(f, e);
      if (e->kind == K::List) f.list(static_cast<int>(e->list.size()));
      else f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size()));
      return;
    case K::Dict:
      f.native(Native::dict);
      for (std::size_t i = 0; i < e->list.size(); ++i) {
        if (!e->list[i]) return (void)refuse(e->list2[i], "'**' in a dict display");
        f.dup();
        expr(f, e->list[i]);
        expr(f, e->list2[i]);
        f.op(Op::SetItem);
      }
      return;
    case K::JoinedStr: return joined_str(f, e);
    case K::Lambda: return lambda(f, e);
    case K::ListComp: return list_comp(f, e);
    case K::SetComp: { // {x for ...}: SET_ADD into a hidden set
      const std::string result = hidden("sc");
      f.instr(Op::BuildSet, 0);
      store_hidden(f, result);
      comprehension(f, e, [&] {
        load_hidden(f, result);
        expr(f, e->a);
        f.op(Op::SetAdd);
      });
      load_hidden(f, result);
      return;
    }
    case K::DictComp: { // {k: v for ...}: key, then value, as CPython 3.8+ evaluates them
      const std::string result = hidden("dc");
      f.native(Native::dict);
      store_hidden(f, result);
      comprehension(f, e, [&] {
        load_hidden(f, result);
        expr(f, e->a);
        expr(f, e->b);
        f.op(Op::SetItem);
      });
      load_hidden(f, result);
      return;
    }
    case K::GeneratorExp: return genexpr_value(f, e);
    case K::Yield: // the value sent in when the generator is resumed (None for next() and for loops)
      if (e->a) expr(f, e->a);
      else f.push_none();
      at(f, e);
      f.op(Op::Yield);
      return;
    case K::YieldFrom:
      at(f, e);
      f.yield_from([&] { push_iterable(f, e->a); });
      return;
    case K::Await: return (void)refuse(e, "'await'");
    case K::NamedExpr: return (void)refuse(e, "the ':=' operator");
    case K::Set:
      if (std::any_of(e->list.begin(), e->list.end(), [](const Node* x) { return x->kind == K::Starred; }))
        return starred_display(f, e);
      for (const Node* x : e->list) expr(f, x);
      at(f, e);
      f.instr(Op::BuildSet, static_cast<std::int32_t>(e->list.size()), e->list.size() > 2 && all_constant(e->list));
      return;
    case K::Starred: return (void)refuse(e, "a starred expression");
    default: return (void)refuse(e, std::string("a ") + std::string(kind_name(e->kind)) + " expression");
    }
  }

  // Are these items constants once CPython's AST optimizer has folded them (-1, (1, 'a'))? A display of three or
  // more of them is built from a constant.
  static bool all_constant(const Nodes& items) {
    std::function<bool(const Node*)> constant = [&](const Node* x) {
      if (x->kind == K::Constant) return true;
      if (x->kind == K::UnaryOp && x->unop != UnaryKind::Not) return constant(x->a);
      if (x->kind == K::Tuple) return std::all_of(x->list.begin(), x->list.end(), constant);
      return false;
    };
    return std::all_of(items.begin(), items.end(), constant);
  }

  // [x for a in it if c]: inlined (CPython 3.11 calls a hidden function); the targets get hidden names so
  // they stay out of the enclosing scope, as in CPython.
  void list_comp(FnBuilder& f, const Node* e) {
    std::string result = hidden("lc");
    f.list(0);
    store_hidden(f, result);
    comprehension(f, e, [&] {
      load_hidden(f, result);
      expr(f, e->a);
      f.op(Op::ListAppend);
    });
    load_hidden(f, result);
  }

  // The loops of a comprehension (or generator expression) around `on_element`, which uses e->a.
  void comprehension(FnBuilder& f, const Node* e, const std::function<void()>& on_element) {
    std::vector<std::pair<std::string, std::string>> saved;
    std::function<void(std::size_t)> clause = [&](std::size_t i) {
      if (i == e->list.size()) {
        on_element();
        return;
      }
      const Node* c = e->list[i];
      if (c->is_async) return (void)refuse(c, "'async for' in a comprehension");
      std::set<std::string> names;
      scan_targets(c->a, names);
      auto loop_body = [&] {
        for (const Node* cond : c->list) {
          FnBuilder::Label keep = f.new_label();
          expr(f, cond);
          f.jump_if_true(keep);
          f.jump_back(f.innermost_loop()->cont);
          f.bind(keep);
        }
        clause(i + 1);
      };
      auto rename = [&] {
        for (const auto& n : names) {
          saved.emplace_back(n, renames_.count(n) ? renames_[n] : "");
          renames_[n] = hidden("c");
          if (!scope_->module) f.local(renames_[n]);
        }
      };
      const Node* it = c->b;
      if (is_range_call(it)) {
        rename();
        const bool direct = c->a->kind == K::Name && it->list.size() == 1;
        range_loop(f, it, [&] { store(f, c->a); }, loop_body, direct ? renames_[c->a->name] : std::string());
      } else {
        FnBuilder::Body push_iter = [&] { push_iterable(f, it); }; // evaluated before the names change
        rename();
        f.for_iter(push_iter, [&] { store(f, c->a); }, loop_body);
      }
    };
    clause(0);
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
      if (it->second.empty()) renames_.erase(it->first);
      else renames_[it->first] = it->second;
    }
  }

  // The value of `it` as FOR_ITER takes it: a list, tuple, str or generator as it is, a dict's keys.
  void push_iterable(FnBuilder& f, const Node* it) {
    expr(f, it);
    at(f, it);
    f.native(Native::iterable, 1);
  }

  // for each item of an iterable expression: a comprehension, range(...), or any list/tuple value.
  void each_item(FnBuilder& f, const Node* it, const std::function<void()>& on_item_on_stack) {
    if (it->kind == K::GeneratorExp || it->kind == K::ListComp) {
      comprehension(f, it, [&] {
        expr(f, it->a);
        on_item_on_stack();
      });
    } else if (is_range_call(it)) {
      std::string v = hidden("v");
      range_loop(f, it, [&] { store_hidden(f, v); }, [&] {
        load_hidden(f, v);
        on_item_on_stack();
      });
    } else {
      std::string v = hidden("v");
      f.for_iter([&] { push_iterable(f, it); }, [&] { store_hidden(f, v); }, [&] {
        load_hidden(f, v);
        on_item_on_stack();
      });
    }
  }

  // enumerate(it, start=0), zip(*its), reversed(seq): a list of their items (of tuples for enumerate and zip).
  void items_call(FnBuilder& f, const Node* e, const std::string& n) {
    for (const Node* a : e->list)
      if (a->kind == K::Starred) return (void)refuse(a, "'*' unpacking in a call");
    const Node* start = e->list.size() == 2 && n == "enumerate" ? e->list[1] : nullptr;
    const Node* strict = nullptr;
    for (const Node* k : e->list2) {
      if (n == "enumerate" && k->name == "start" && !start) start = k->a;
      else if (n == "zip" && k->name == "strict" && !strict) strict = k->a;
      else return raise_type_error(f, e, "'" + k->name + "' is an invalid keyword argument for " + n + "()");
    }
    const std::size_t positional = n == "enumerate" && start && e->list.size() == 2 ? 1 : e->list.size();
    if ((n != "zip" && positional != 1) || (n == "enumerate" && e->list.size() > 2))
      return raise_type_error(f, e, n + "() takes exactly one argument (" + std::to_string(e->list.size()) + " given)");
    for (std::size_t i = 0; i < positional; ++i) {
      const Node* it = e->list[i];
      if (it->kind == K::GeneratorExp || is_range_call(it)) materialize(f, it);
      else expr(f, it);
    }
    if (n == "enumerate") {
      if (start) expr(f, start);
      else f.push_none();
    }
    if (strict) expr(f, strict);
    at(f, e);
    const Native native = n == "enumerate" ? Native::enumerate_ : n == "reversed" ? Native::reversed_
                          : strict ? Native::zip_strict : Native::zip_;
    f.native(native, n == "enumerate" ? 2 : static_cast<int>(positional) + (strict ? 1 : 0));
  }

  // A list of the items of a generator expression or a range(...) call, built once.
  void materialize(FnBuilder& f, const Node* it) {
    if (it->kind == K::GeneratorExp) return list_comp(f, it);
    std::string r = hidden("l");
    f.list(0);
    store_hidden(f, r);
    each_item(f, it, [&] {
      std::string v = hidden("x");
      store_hidden(f, v);
      load_hidden(f, r);
      load_hidden(f, v);
      f.op(Op::ListAppend);
    });
    load_hidden(f, r);
  }

  // sum(it[, start]), any(it), all(it), min(...), max(...): loops inlined, nothing materialized for sum/any/all.
  bool reduce_call(FnBuilder& f, const Node* e, const std::string& n) {
    if ((n == "min" || n == "max") && !e->list2.empty()) return minmax_keywords(f, e, n), true;
    if (!e->list2.empty()) return refuse(e->list2[0], n + "() with keyword arguments");
    if (n == "min" || n == "max") {
      if (e->list.empty()) {
        raise_type_error(f, e, n + " expected at least 1 argument, got 0");
        return true;
      }
      if (e->list.size() == 1) {
        const Node* it = e->list[0];
        if (it->kind == K::GeneratorExp || is_range_call(it)) materialize(f, it);
        else expr(f, it);
      } else {
        for (const Node* a : e->list) expr(f, a);
        f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size()));
      }
      f.push_bool(n == "max");
      at(f, e);
      f.native(Native::minmax, 2);
      return true;
    }
    if (e->list.empty() || e->list.size() > (n == "sum" ? 2u : 1u)) {
      raise_type_error(f, e, n + "() takes " + (n == "sum" ? "at most 2 arguments" : "exactly one argument") + " (" +
                                 std::to_string(e->list.size()) + " given)");
      return true;
    }
    const Node* it = e->list[0];
    const std::string acc = hidden("acc");
    if (n == "sum" && e->list.size() == 1 && is_range_call(it)) { // a C loop over a C iterable: one call
      const auto& r = it->list;
      if (r.size() == 1) f.push(0);
      else expr(f, r[0]);
      expr(f, r.size() == 1 ? r[0] : r[1]);
      if (r.size() == 3) expr(f, r[2]);
      else f.push(1);
      at(f, e);
      f.native(Native::sum_range, 3);
      return true;
    }
    if (n == "sum") {
      if (e->list.size() == 2) expr(f, e->list[1]);
      else f.push(0);
      store_hidden(f, acc);
      each_item(f, it, [&] {
        std::string v = hidden("x");
        store_hidden(f, v);
        load_hidden(f, acc);
        load_hidden(f, v);
        at(f, e);
        f.op(Op::Add);
        store_hidden(f, acc);
      });
      load_hidden(f, acc);
      return true;
    }
    // any / all: stop at the first item that decides (a single loop: CPython stops the generator there too)
    const bool is_any = n == "any";
    if ((it->kind == K::GeneratorExp || it->kind == K::ListComp) && it->list.size() > 1)
      return refuse(it, n + "() over a comprehension with several 'for' clauses");
    f.push_bool(!is_any);
    store_hidden(f, acc);
    each_item(f, it, [&] {
      FnBuilder::Label keep = f.new_label();
      if (is_any) f.jump_if_false(keep);
      else f.jump_if_true(keep);
      f.push_bool(is_any);
      store_hidden(f, acc);
      f.jump(f.innermost_loop()->brk);
      f.bind(keep);
    });
    load_hidden(f, acc);
    return true;
  }

  void constant(FnBuilder& f, const Node* e) {
    const Constant& c = e->value;
    switch (c.kind) {
    case Constant::Kind::None: f.push_none(); return;
    case Constant::Kind::True: f.push_bool(true); return;
    case Constant::Kind::False: f.push_bool(false); return;
    case Constant::Kind::Int:
      if (c.big) return (void)refuse(e, "an integer beyond 64 bits");
      f.push(c.i);
      return;
    case Constant::Kind::Float: f.push_float(c.f); return;
    case Constant::Kind::Str:
      if (c.text.find("\\N{") != std::string::npos) return (void)refuse(e, "a \\N{...} escape");
      f.push_str(c.text);
      return;
    case Constant::Kind::Bytes: return (void)refuse(e, "a bytes literal");
    case Constant::Kind::Imag: return (void)refuse(e, "a complex number");
    case Constant::Kind::Ellipsis: return (void)refuse(e, "'...'");
    }
  }

  void compare(FnBuilder& f, const Node* e) {
    // a < b < c: b is evaluated once (kept in a hidden variable) and the chain stops at the first false.
    FnBuilder::Label end = f.new_label();
    expr(f, e->a);
    for (std::size_t i = 0; i < e->cmpops.size(); ++i) {
      const bool last = i + 1 == e->cmpops.size();
      expr(f, e->list[i]);
      std::string keep;
      if (!last) {
        keep = hidden("c");
        f.dup();
        store_hidden(f, keep);
      }
      at(f, e);
      switch (e->cmpops[i]) {
      case CmpKind::Eq: f.op(Op::Eq); break;
      case CmpKind::NotEq: f.op(Op::Ne); break;
      case CmpKind::Lt: f.op(Op::Lt); break;
      case CmpKind::LtE: f.op(Op::Le); break;
      case CmpKind::Gt: f.op(Op::Gt); break;
      case CmpKind::GtE: f.op(Op::Ge); break;
      case CmpKind::Is: f.op(Op::Is); break;
      case CmpKind::IsNot: f.op(Op::Is).op(Op::Not); break;
      case CmpKind::In: f.op(Op::In); break;
      case CmpKind::NotIn: f.op(Op::In).op(Op::Not); break;
      }
      if (!last) {
        f.dup();
        f.jump_if_false(end);
        f.pop();
        load_hidden(f, keep);
      }
    }
    f.bind(end);
  }

  void joined_str(FnBuilder& f, const Node* e) {
    if (e->list.empty()) {
      f.push_str("");
      return;
    }
    for (std::size_t i = 0; i < e->list.size(); ++i) {
      const Node* part = e->list[i];
      if (part->kind == K::Constant) {
        f.push_str(part->value.text);
      } else {
        expr(f, part->a);
        if (part->b) joined_str(f, part->b);
        else f.push_none();
        if (part->level > 0) f.push(part->level);
        else f.push_none();
        f.native(Native::format);
      }
      if (i > 0) f.op(Op::Add);
    }
  }

  // [SECTION] calls

  void call(FnBuilder& f, const Node* e) {
    if (has_spread(e)) return spread_call(f, e);
    const Node* fn = e->a;
    if (fn->kind == K::Name) {
      const std::string& n = fn->name;
      const bool local = !scope_->module && scope_->locals.count(n);
      if (!local && imports_.count(n)) {
        const auto& [mod, attr] = imports_[n];
        if (attr.empty()) return (void)refuse(fn, "calling the module '" + mod + "'");
        return module_call(f, e, mod, attr);
      }
      if (!local && !module_names_.count(n)) {
        if (n == "print") return print_call(f, e);
        if (n == "sum" || n == "any" || n == "all" || n == "min" || n == "max") return (void)reduce_call(f, e, n);
        if ((n == "list" || n == "tuple" || n == "sorted" || n == "set" || n == "frozenset" || n == "dict") &&
            e->list.size() == 1 && e->list2.empty() && (e->list[0]->kind == K::GeneratorExp || is_range_call(e->list[0]))) {
          // the call drains the generator expression at once: its items are made first, as a list
          materialize(f, e->list[0]);
          if (n == "list") return;
          at(f, e);
          f.native(n == "tuple" ? Native::tuple_of : n == "sorted" ? Native::sorted : n == "set" ? Native::set_of
                   : n == "frozenset" ? Native::frozenset_of : Native::dict_of, 1);
          return;
        }
        if (n == "dict") return dict_call(f, e);
        if (n == "map" || n == "filter") return map_call(f, e, n);
        if (n == "sorted" && !e->list2.empty()) return keyed_call(f, e, n);
        if (n == "enumerate" || n == "zip" || n == "reversed") return items_call(f, e, n);
        if (n == "range") return range_value(f, e);
        if (n == "dir") {
          if (!e->list2.empty()) return raise_type_error(f, e, "dir() takes no keyword arguments");
          if (e->list.size() > 1) return raise_type_error(f, e, "dir expected at most 1 argument, got " + std::to_string(e->list.size()));
          if (e->list.empty()) f.push_value(Value::unbound());
          else expr(f, e->list[0]);
          int imported = 0; // the module's imports are names of its namespace that the compiler resolved
          if (e->list.empty() && scope_->module)
            for (const auto& [name, what] : imports_) f.push_str(name), ++imported;
          f.instr(Op::BuildTuple, imported);
          at(f, e);
          f.native(Native::dir_, 2);
          return;
        }
        if (n == "isinstance" || n == "issubclass" || n == "getattr" || n == "hasattr" || n == "setattr" || n == "delattr" || n == "next" ||
            n == "iter")
          return reflection_call(f, e, n);
        if (const Intrinsic* b = find_intrinsic("builtins", n)) return intrinsic_call(f, e, *b);
        if (plain_exception_call(e)) {
          f.push_str(n); // err = ValueError("bad", 3): the exception as a value, its args as given
          for (const Node* a : e->list) expr(f, a);
          at(f, e);
          f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size()));
          f.native(Native::exception_of, 2);
          return;
        }
        if (is_builtin(n)) return (void)refuse(fn, "the builtin '" + n + "()'");
      }
      if (!local && functions_.count(n)) return function_call(f, e, n);
    }
    if (fn->kind == K::Attribute && fn->a->kind == K::Name && imports_.count(fn->a->name) &&
        (scope_->module || !scope_->locals.count(fn->a->name))) {
      const auto& [mod, attr] = imports_[fn->a->name];
      if (mod == "sys" && (attr == "stdout" || attr == "stderr")) return stream_call(f, e, attr == "stderr"); // from sys import stdout
      if (!attr.empty()) return (void)refuse(fn, "an attribute of '" + mod + "." + attr + "'");
      return module_call(f, e, mod, fn->name);
    }
    if (fn->kind == K::Attribute && fn->a->kind == K::Attribute && is_module_name(fn->a->a) &&
        imports_[fn->a->a->name].first == "sys" && (fn->a->name == "stdout" || fn->a->name == "stderr"))
      return stream_call(f, e, fn->a->name == "stderr"); // sys.stdout.write(s)
    if (fn->kind == K::Attribute && builtin_type_method(fn)) { // str.upper(s): the type's method, then the call
      expr(f, fn);
      return push_arguments(f, e);
    }
    if (fn->kind == K::Attribute) return method_call(f, e);
    expr(f, fn);
    push_arguments(f, e);
  }

  // str.lower, list.append, dict.get...: a method of a builtin type named by the type (not shadowed).
  bool builtin_type_method(const Node* e) {
    if (e->kind != K::Attribute || e->a->kind != K::Name) return false;
    const std::string& type = e->a->name;
    if (type != "str" && type != "list" && type != "dict" && type != "set" && type != "frozenset") return false;
    return !module_names_.count(type) && !imports_.count(type) && !(scope_->locals.count(type) && !scope_->module);
  }

  // dict(), dict(mapping or pairs), dict(k=v, ...), dict(pairs, k=v): the keywords set after the positional one.
  void dict_call(FnBuilder& f, const Node* e) {
    if (e->list.size() > 1) return raise_type_error(f, e, "dict expected at most 1 argument, got " + std::to_string(e->list.size()));
    if (e->list.empty()) f.native(Native::dict);
    else {
      expr(f, e->list[0]);
      at(f, e);
      f.native(Native::dict_of, 1);
    }
    for (const Node* k : e->list2) {
      f.dup();
      f.push_str(k->name);
      expr(f, k->a);
      f.op(Op::SetItem);
    }
  }

  // functools.partial(func, *args, **keywords): the function, a tuple of the arguments and a dict of the keywords.
  void partial_call(FnBuilder& f, const Node* e) {
    if (e->list.empty()) return raise_type_error(f, e, "type 'partial' takes at least one argument");
    for (const Node* a : e->list)
      if (a->kind == K::Starred) return (void)refuse(a, "'*' unpacking in functools.partial()");
    for (const Node* k : e->list2)
      if (k->name.empty()) return (void)refuse(k, "'**' unpacking in functools.partial()");
    for (const Node* a : e->list) expr(f, a);
    f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size() - 1));
    f.native(Native::dict);
    for (const Node* k : e->list2) {
      f.dup();
      f.push_str(k->name);
      expr(f, k->a);
      f.op(Op::SetItem);
    }
    at(f, e);
    f.native(Native::partial_new, 3);
  }

  // map(fn, *iterables) and filter(fn, iterable): generators of the runtime's ($map, $map_rows, $filter).
  void map_call(FnBuilder& f, const Node* e, const std::string& n) {
    if (!e->list2.empty()) return raise_type_error(f, e, n + "() takes no keyword arguments");
    if (n == "map" && e->list.size() < 2) return raise_type_error(f, e, "map() must have at least two arguments.");
    if (n == "filter" && e->list.size() != 2)
      return raise_type_error(f, e, "filter expected 2 arguments, got " + std::to_string(e->list.size()));
    const bool rows = e->list.size() > 2;
    f.push_func(rows ? "$map_rows" : n == "map" ? "$map" : "$filter");
    expr(f, e->list[0]);
    if (rows) {
      for (std::size_t i = 1; i < e->list.size(); ++i) expr(f, e->list[i]);
      at(f, e);
      f.native(Native::zip_, static_cast<int>(e->list.size() - 1));
    } else {
      push_iterable(f, e->list[1]); // map() and filter() take iter() of it at once, as CPython's do
    }
    at(f, e);
    f.call_value(2);
  }

  // range(...) as a value (a for loop over range() counts without one): range(stop), range(start, stop[, step]).
  void range_value(FnBuilder& f, const Node* e) {
    if (!e->list2.empty()) return raise_type_error(f, e, "range() takes no keyword arguments");
    const std::size_t n = e->list.size();
    if (n == 0 || n > 3)
      return raise_type_error(f, e, n == 0 ? "range expected at least 1 argument, got 0" : "range expected at most 3 arguments, got " + std::to_string(n));
    if (n == 1) f.push(0);
    for (const Node* a : e->list) expr(f, a);
    if (n < 3) f.push_none();
    at(f, e);
    f.native(Native::range_new, 3);
  }

  // sorted(it, key=k, reverse=r), min(it, key=k), max(it, key=k): the $keyed helper calls k on each item.
  // min/max(iterable, *, key=None, default=...) and min/max(a, b, *args, key=None): the arguments in the order
  // written, then (as CPython's C loop does) the items in a list, default for none, else the least or greatest
  // item or key.
  void minmax_keywords(FnBuilder& f, const Node* e, const std::string& n) {
    const Node *key = nullptr, *deflt = nullptr;
    for (const Node* k : e->list2) {
      if (k->name == "key" && !key) key = k->a;
      else if (k->name == "default" && !deflt) deflt = k->a;
      else if (k->name == "key" || k->name == "default")
        return raise_type_error(f, e, "keyword argument repeated: " + k->name);
      else return raise_type_error(f, e, "'" + k->name + "' is an invalid keyword argument for " + n + "()");
    }
    if (e->list.empty()) return raise_type_error(f, e, n + " expected at least 1 argument, got 0");
    if (deflt && e->list.size() > 1)
      return raise_type_error(f, e, "Cannot specify a default for " + n + "() with multiple positional arguments");
    const std::string items = hidden("mi"), keyv = hidden("mk"), dv = hidden("md");
    if (e->list.size() == 1) expr(f, e->list[0]);
    else {
      for (const Node* a : e->list) expr(f, a);
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size()));
    }
    store_hidden(f, items);
    if (key) expr(f, key);
    else f.push_none();
    store_hidden(f, keyv);
    if (deflt) {
      expr(f, deflt);
      store_hidden(f, dv);
    }
    load_hidden(f, items);
    at(f, e);
    f.native(Native::list_of, 1);
    store_hidden(f, items);
    FnBuilder::Label empty = f.new_label(), end = f.new_label();
    if (deflt) {
      load_hidden(f, items);
      f.jump_if_false(empty);
    }
    if (key) {
      f.push_func("$keyed");
      load_hidden(f, items);
      load_hidden(f, keyv);
      f.push(n == "max" ? 3 : 2);
      f.push_none();
      at(f, e);
      f.call_value(4);
    } else {
      load_hidden(f, items);
      f.push_bool(n == "max");
      at(f, e);
      f.native(Native::minmax, 2);
    }
    if (deflt) {
      f.jump(end);
      f.bind(empty);
      load_hidden(f, dv);
      f.bind(end);
    }
  }

  void keyed_call(FnBuilder& f, const Node* e, const std::string& n) {
    if (e->list.size() != 1) return raise_type_error(f, e, n == "sorted" ? "sorted expected 1 argument, got " + std::to_string(e->list.size())
                                                                         : n + "() with several arguments and key= is not supported by the simulator");
    const Node *key = nullptr, *reverse = nullptr;
    for (const Node* k : e->list2) {
      if (k->name == "key") key = k->a;
      else if (k->name == "reverse" && n == "sorted") reverse = k->a;
      else return raise_type_error(f, e, "'" + k->name + "' is an invalid keyword argument for " + n + "()");
    }
    f.push_func("$keyed");
    expr(f, e->list[0]);
    if (key) expr(f, key);
    else f.push_none();
    if (n == "sorted") {
      if (reverse) expr(f, reverse), f.native(Native::bool_, 1);
      else f.push_bool(false);
    } else {
      f.push(n == "max" ? 3 : 2);
    }
    f.push_none();
    at(f, e);
    f.call_value(4);
  }

  // isinstance, issubclass, getattr, hasattr, setattr: CPython's counts of arguments, then the native.
  void reflection_call(FnBuilder& f, const Node* e, const std::string& n) {
    if (!e->list2.empty()) return raise_type_error(f, e, n + "() takes no keyword arguments");
    const bool one_or_two = n == "next" || n == "iter";
    const std::size_t given = e->list.size(), least = n == "setattr" ? 3 : one_or_two ? 1 : 2;
    const std::size_t most = n == "hasattr" || n == "delattr" || n == "isinstance" || n == "issubclass" || one_or_two ? 2 : 3;
    if (given < least || given > most) {
      auto args = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " argument" : " arguments"); };
      const std::string expected = least == most ? args(least) : given < least ? "at least " + args(least) : "at most " + args(most);
      return raise_type_error(f, e, n + " expected " + expected + ", got " + std::to_string(given));
    }
    if (n == "isinstance" || n == "issubclass") {
      if (n == "issubclass") class_spec(f, e->list[0]);
      else expr(f, e->list[0]);
      class_spec(f, e->list[1]);
      at(f, e);
      f.push(n == "issubclass").native(Native::isinstance_, 3);
      return;
    }
    for (const Node* a : e->list) expr(f, a);
    if ((n == "getattr" && given == 2) || (one_or_two && given == 1)) f.push_value(Value::unbound()); // no default
    at(f, e);
    f.native(n == "getattr" ? Native::getattr_ : n == "hasattr" ? Native::hasattr_ : n == "delattr" ? Native::delattr_ : n == "next" ? Native::next_
             : n == "iter" ? Native::iter_ : Native::setattr_);
  }

  // A class as isinstance's argument: a builtin class by its name (int, str, ValueError), a tuple of classes
  // item by item, anything else as its value (a user class, threading.Thread).
  void class_spec(FnBuilder& f, const Node* c) {
    static const std::set<std::string> kBuiltinClasses = {"int", "float", "str", "bool", "list", "tuple", "dict", "frozenset",
                                                          "set", "object", "type"};
    if (c->kind == K::Name && !module_names_.count(c->name) && !(!scope_->module && scope_->locals.count(c->name)) &&
        (kBuiltinClasses.count(c->name) || is_exception_name(c->name))) {
      f.push_str(c->name);
      return;
    }
    // A simulated module's exception class: queue.Empty, or Empty imported from queue.
    if (std::string exc = module_exception(c); !exc.empty()) {
      f.push_str(exc);
      return;
    }
    if (c->kind == K::Tuple) {
      for (const Node* x : c->list) class_spec(f, x);
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(c->list.size()));
      return;
    }
    expr(f, c);
  }

  // A call's arguments after its callee (or, for a method, its object): positional ones, then the keywords'
  // values; then the call, bound to the parameters when it runs.
  void push_arguments(FnBuilder& f, const Node* e, const std::string& method = {}) {
    // A generator expression that is a draining method's only argument (", ".join(str(x) for x in xs),
    // s.update(...)) is made into a list first: the method takes every item at once, so nothing can tell.
    static const std::set<std::string> kDraining = {"join", "extend", "update", "union", "intersection", "difference",
                                                    "symmetric_difference", "issubset", "issuperset", "isdisjoint",
                                                    "intersection_update", "difference_update", "symmetric_difference_update"};
    if (!method.empty() && e->list.size() == 1 && e->list2.empty() && e->list[0]->kind == K::GeneratorExp && kDraining.count(method))
      materialize(f, e->list[0]);
    else
      for (const Node* a : e->list) expr(f, a);
    std::vector<std::string> names;
    for (const Node* k : e->list2) expr(f, k->a), names.push_back(k->name);
    if (method.empty()) at(f, e);
    else at_method(f, e);
    const int n = static_cast<int>(e->list.size() + e->list2.size());
    if (!method.empty()) names.empty() ? f.method(method, n) : f.method_kw(method, names, n);
    else names.empty() ? f.call_value(n) : f.call_kw(names, n);
  }

  // A list of a call's positional arguments, *iterables spread: built when the call runs.
  void pieces_list(FnBuilder& f, const Node* e) {
    const std::string l = hidden("args");
    f.list(0);
    store_hidden(f, l);
    for (const Node* a : e->list) {
      load_hidden(f, l);
      expr(f, a->kind == K::Starred ? a->a : a);
      f.method_stmt(a->kind == K::Starred ? "extend" : "append", 1);
    }
    load_hidden(f, l);
  }

  // f(*a, k=v, **d): the callee's value, then each piece as it is written, spread when the call runs.
  void spread_call(FnBuilder& f, const Node* e) {
    const Node* fn = e->a;
    if (fn->kind == K::Name && !scope_->locals.count(fn->name) && !module_names_.count(fn->name) && !imports_.count(fn->name) &&
        is_builtin(fn->name)) {
      if (fn->name == "print") return print_call(f, e);
      const bool strict = e->list2.size() == 1 && e->list2[0]->name == "strict";
      if (fn->name == "zip" && (e->list2.empty() || strict)) { // zip(*rows): the native with however many there are
        f.push(static_cast<std::int64_t>(strict ? Native::zip_strict : Native::zip_));
        pieces_list(f, e);
        if (strict) { // the flag last
          f.dup();
          expr(f, e->list2[0]->a);
          f.method_stmt("append", 1);
        }
        at(f, e);
        f.native(Native::apply_native, 2);
        return;
      }
      if (!find_intrinsic("builtins", fn->name)) // (the others are values, called as any callable is)
        return (void)refuse(fn, "'*' or '**' unpacking in a call of the builtin '" + fn->name + "()'");
    }
    if (fn->kind == K::Attribute && is_super(fn->a)) return super_call(f, e, fn->a);
    expr(f, fn);
    spread_pieces(f, e, {});
  }

  // The pieces of call e after its callee (already pushed), with `first` positional ones before them, then the
  // call that spreads them when it runs.
  void spread_pieces(FnBuilder& f, const Node* e, std::vector<StrId> kinds) {
    for (const Node* a : e->list) {
      expr(f, a->kind == K::Starred ? a->a : a);
      kinds.push_back(a->kind == K::Starred ? kSpreadArgs : kPositional);
    }
    for (const Node* k : e->list2) {
      expr(f, k->a);
      kinds.push_back(k->name.empty() ? kSpreadKw : f.intern(k->name));
    }
    at(f, e);
    f.call_ex(kinds);
  }

  // Does call e spread an iterable (*a) or a mapping (**d) into its arguments?
  static bool has_spread(const Node* e) {
    return std::any_of(e->list.begin(), e->list.end(), [](const Node* a) { return a->kind == K::Starred; }) ||
           std::any_of(e->list2.begin(), e->list2.end(), [](const Node* k) { return k->name.empty(); });
  }

  bool is_super(const Node* n) const {
    return n->kind == K::Call && n->a->kind == K::Name && n->a->name == "super" && !module_names_.count("super");
  }

  // sys.stdout.write(s) / .flush() (and sys.stderr's): what print() writes through, one piece per write.
  void stream_call(FnBuilder& f, const Node* e, bool stderr_stream) {
    const std::string& m = e->a->name;
    const std::string stream = stderr_stream ? "sys.stderr" : "sys.stdout";
    if (m != "write" && m != "flush") return (void)refuse(e->a, "'" + stream + "." + m + "()'");
    if (!e->list2.empty()) return raise_type_error(f, e, "TextIOWrapper." + m + "() takes no keyword arguments");
    const std::size_t want = m == "write" ? 1 : 0;
    if (e->list.size() != want)
      return raise_type_error(f, e, "TextIOWrapper." + m + "() takes " + (want ? "exactly one argument" : "no arguments") +
                                        " (" + std::to_string(e->list.size()) + " given)");
    if (m == "flush") {
      at(f, e);
      f.native(Native::flush, 0);
      return;
    }
    expr(f, e->list[0]);
    f.push(stderr_stream ? 1 : 0);
    at(f, e);
    f.native(Native::stream_write, 2);
  }

  void module_call(FnBuilder& f, const Node* e, const std::string& mod, const std::string& name) {
    if (mod == "functools" && name == "partial") return partial_call(f, e);
    if (mod == "contextlib" && name == "suppress") { // suppress(*exceptions): the classes as isinstance takes them
      if (!e->list2.empty()) return raise_type_error(f, e, "suppress() got an unexpected keyword argument '" + e->list2[0]->name + "'");
      for (const Node* a : e->list) {
        if (a->kind == K::Starred) return (void)refuse(a, "'*' unpacking in contextlib.suppress()");
        class_spec(f, a);
      }
      f.instr(Op::BuildTuple, static_cast<std::int32_t>(e->list.size()));
      at(f, e);
      f.native(Native::suppress_new, 1);
      return;
    }
    if (mod == "functools" && name == "wraps") {
      if (e->list.size() != 1 || !e->list2.empty()) return (void)refuse(e, "functools.wraps() with assigned= or updated=");
      expr(f, e->list[0]);
      at(f, e);
      f.native(Native::wraps_new, 1);
      return;
    }
    if (mod == "functools" && name == "reduce") {
      if (!e->list2.empty()) return raise_type_error(f, e, "reduce() takes no keyword arguments");
      if (e->list.size() < 2 || e->list.size() > 3)
        return raise_type_error(f, e, "reduce expected at least 2 arguments, got " + std::to_string(e->list.size()));
      f.push_func("$reduce");
      for (const Node* a : e->list) expr(f, a);
      if (e->list.size() == 2) f.push_none();
      f.push_bool(e->list.size() == 3); // an initial value was given
      at(f, e);
      f.call_value(4);
      return;
    }
    if (const Intrinsic* in = module_intrinsic(mod, name)) return intrinsic_call(f, e, *in);
    refuse(e->a, "'" + mod + "." + name + "()'");
  }

  static const Intrinsic* module_intrinsic(const std::string& mod, const std::string& name) {
    if (const Intrinsic* in = find_intrinsic(mod, name)) return in;
    if (is_submodule(mod)) return find_intrinsic(mod.substr(0, mod.find('.')), name); // multiprocessing.pool.Pool
    return nullptr;
  }

  // A simulated module's function or class as a value (t = threading.Thread), called later with any arguments.
  void push_intrinsic(FnBuilder& f, const Intrinsic& in) { f.push(intrinsic_index(in)).native(Native::intrinsic, 1); }

  // A runtime TypeError where the call stands (CPython raises it when the call runs).
  void raise_type_error(FnBuilder& f, const Node* e, const std::string& msg) {
    at(f, e);
    f.push_str("TypeError").push_str(msg).native(Native::raise_new);
  }

  // Binds a call's arguments to `params` (CPython's rules); each slot gets the argument node or nullptr
  // (its default). False, with the TypeError emitted, when the call is wrong.
  bool bind_args(FnBuilder& f, const Node* e, const std::vector<Param>& params, std::string_view qualname,
                 std::vector<const Node*>& slots) {
    slots.assign(params.size(), nullptr);
    std::size_t positional = 0;
    for (const Param& p : params) positional += !p.keyword_only;
    if (e->list.size() > positional) {
      std::size_t required = 0;
      for (const Param& p : params) required += !p.keyword_only && !p.has_default;
      std::string takes = required == positional ? std::to_string(positional)
                                                 : "from " + std::to_string(required) + " to " + std::to_string(positional);
      raise_type_error(f, e, std::string(qualname) + "() takes " + takes + " positional argument" + (positional == 1 && required == positional ? "" : "s") +
                                 " but " + std::to_string(e->list.size()) + (e->list.size() == 1 ? " was" : " were") + " given");
      return false;
    }
    for (std::size_t i = 0; i < e->list.size(); ++i) slots[i] = e->list[i];
    for (const Node* k : e->list2) {
      std::size_t i = 0;
      while (i < params.size() && params[i].name != k->name) ++i;
      if (i == params.size()) {
        raise_type_error(f, e, std::string(qualname) + "() got an unexpected keyword argument '" + k->name + "'");
        return false;
      }
      if (slots[i]) {
        raise_type_error(f, e, std::string(qualname) + "() got multiple values for argument '" + k->name + "'");
        return false;
      }
      slots[i] = k->a;
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < params.size(); ++i)
      if (!slots[i] && !params[i].has_default) missing.push_back(params[i].name);
    if (!missing.empty()) {
      std::string names;
      for (std::size_t i = 0; i < missing.size(); ++i) {
        names += "'" + missing[i] + "'";
        if (i + 2 < missing.size()) names += ", ";
        else if (i + 2 == missing.size()) names += missing.size() > 2 ? ", and " : " and ";
      }
      raise_type_error(f, e, std::string(qualname) + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                                 (missing.size() == 1 ? "" : "s") + ": " + names);
      return false;
    }
    return true;
  }

  void push_default(FnBuilder& f, const std::string& text) {
    if (text == "None") f.push_none();
    else if (text == "True") f.push_bool(true);
    else if (text == "False") f.push_bool(false);
    else if (text == "()") f.instr(Op::BuildTuple, 0);
    else if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') f.push_str(text.substr(1, text.size() - 2));
    else if (text.find('.') != std::string::npos) f.push_float(std::stod(text));
    else f.push(std::stoll(text));
  }

  // Pushes the arguments of a call in `order` (indexes into slots; -1 for None). Arguments are evaluated in
  // the order they were written: when the order differs they go through hidden variables first.
  void push_value(FnBuilder& f, Value v) {
    switch (v.tag) {
    case Tag::None: f.push_none(); break;
    case Tag::Bool: f.push_bool(v.i != 0); break;
    case Tag::Int: f.push(v.i); break;
    case Tag::Float: f.push_float(v.f); break;
    default: break; // strings are pushed by their text (push_bound_with's callers)
    }
  }

  bool is_module_name(const Node* v) {
    return v->kind == K::Name && imports_.count(v->name) && imports_[v->name].second.empty() &&
           (scope_->module || !scope_->locals.count(v->name));
  }

  void push_bound(FnBuilder& f, const Node* e, const std::vector<Param>& params, const std::vector<const Node*>& slots,
                  const std::vector<int>& order) {
    push_bound_with(f, e, params, slots, order, [&](std::size_t i) { push_default(f, params[i].default_text); });
  }

  void push_bound_with(FnBuilder& f, const Node* e, const std::vector<Param>& params, const std::vector<const Node*>& slots,
                       const std::vector<int>& order, const std::function<void(std::size_t)>& push_default_of) {
    (void)params;
    std::vector<const Node*> written(e->list.begin(), e->list.end());
    for (const Node* k : e->list2)
      if (!is_module_name(k->a)) written.push_back(k->a); // a module evaluates to itself: nothing to run
    std::vector<const Node*> pushed;
    for (int i : order)
      if (i >= 0 && slots[i]) pushed.push_back(slots[i]);
    auto simple = [](const Node* x) { return x->kind == K::Constant || x->kind == K::Name; };
    bool in_order = pushed.size() == written.size();
    for (std::size_t i = 0; in_order && i < pushed.size(); ++i) in_order = pushed[i] == written[i];
    bool all_simple = true;
    for (const Node* x : written) all_simple = all_simple && simple(x);
    std::map<const Node*, std::string> temps;
    if (!in_order && !all_simple) {
      for (const Node* x : written) {
        std::string t = hidden("a");
        expr(f, x);
        store_hidden(f, t);
        temps[x] = t;
      }
    } else {
      for (const Node* x : written) { // arguments the native does not take are still evaluated
        if (std::find(pushed.begin(), pushed.end(), x) != pushed.end()) continue;
        expr(f, x);
        f.pop();
      }
    }
    for (int i : order) {
      if (i < 0) {
        f.push_none();
      } else if (!slots[i]) {
        push_default_of(static_cast<std::size_t>(i));
      } else if (temps.count(slots[i])) {
        load_hidden(f, temps[slots[i]]);
      } else {
        expr(f, slots[i]);
      }
    }
  }

  void intrinsic_call(FnBuilder& f, const Node* e, const Intrinsic& in) {
    const std::vector<Param> params = parse_params(in.params);
    std::vector<const Node*> slots;
    if (!bind_args(f, e, params, in.qualname, slots)) return;
    const std::vector<int> order = native_order(in, params);
    for (std::size_t i = 0; i < params.size(); ++i) { // parameters the simulator does not model must keep their default
      if (std::find(order.begin(), order.end(), static_cast<int>(i)) != order.end() || !slots[i]) continue;
      const Node* v = slots[i];
      // queues.Queue(ctx=multiprocessing): the module as its context is what the simulator models anyway.
      const bool module_ctx = params[i].name == "ctx" && is_module_name(v) && imports_[v->name].first == "multiprocessing";
      if (!(v->kind == K::Constant && v->value.kind == Constant::Kind::None) && !module_ctx)
        return (void)refuse(v, std::string(in.qualname) + "(" + params[i].name + "=...)");
    }
    at(f, e);
    if (!in.deprecated.empty()) f.push_str(std::string(in.deprecated)).native_stmt(Native::deprecated, 1);
    push_bound(f, e, params, slots, order);
    at(f, e);
    f.native(in.native, static_cast<int>(order.size()));
  }

  // A call of a module-level function the program binds once, with a def: straight to it (CALL), or with
  // keywords through its value, bound when the call runs.
  void function_call(FnBuilder& f, const Node* e, const std::string& name) {
    if (e->list2.empty()) {
      for (const Node* a : e->list) expr(f, a);
      at(f, e);
      f.call(name, static_cast<int>(e->list.size())); // the interpreter raises CPython's TypeError on a bad call
      return;
    }
    f.push_func(name);
    push_arguments(f, e);
  }

  // print(a, b, sep=S, end=E, file=F, flush=X): the arguments are evaluated first, then written one piece at a
  // time as CPython does (str(a), S, str(b), E), each piece a C call another thread may come between.
  void print_call(FnBuilder& f, const Node* e) {
    std::string sep = " ", end = "\n";
    int stream = 0; // the runtime's Stream: 0 stdout, 1 stderr
    bool flush = false;
    for (const Node* k : e->list2) {
      const Node* v = k->a;
      const bool const_str = v->kind == K::Constant && v->value.kind == Constant::Kind::Str;
      const bool is_none = v->kind == K::Constant && v->value.kind == Constant::Kind::None;
      if ((k->name == "sep" || k->name == "end") && (const_str || is_none)) {
        if (const_str) (k->name == "sep" ? sep : end) = v->value.text;
      } else if (k->name == "sep" || k->name == "end") {
        if (v->kind == K::Constant) return raise_type_error(f, k, k->name + " must be None or a string, not " + constant_type(v));
        return (void)refuse(k, "print(" + k->name + "=...) that is not a constant");
      } else if (k->name == "flush" && v->kind == K::Constant) {
        const Constant& c = v->value;
        flush = c.kind == Constant::Kind::True || c.kind == Constant::Kind::Ellipsis ||
                (c.kind == Constant::Kind::Int && (c.i != 0 || c.big)) ||
                ((c.kind == Constant::Kind::Float || c.kind == Constant::Kind::Imag) && c.f != 0) ||
                ((c.kind == Constant::Kind::Str || c.kind == Constant::Kind::Bytes) && !c.text.empty());
      } else if (k->name == "file" && v->kind == K::Attribute && v->a->kind == K::Name && imports_.count(v->a->name) &&
                 imports_[v->a->name] == std::pair<std::string, std::string>{"sys", ""} &&
                 (v->name == "stdout" || v->name == "stderr")) {
        stream = v->name == "stdout" ? 0 : 1;
      } else if (k->name == "sep" || k->name == "end" || k->name == "file" || k->name == "flush") {
        return (void)refuse(k, "print(" + k->name + "=...) with this value");
      } else {
        return raise_type_error(f, e, "'" + k->name + "' is an invalid keyword argument for print()");
      }
    }
    if (std::any_of(e->list.begin(), e->list.end(), [](const Node* a) { return a->kind == K::Starred; })) {
      // print(*items): the pieces are known when it runs: $print_items writes them one at a time
      f.push_func("$print_items");
      pieces_list(f, e);
      f.push_str(sep).push_str(end).push(stream);
      at(f, e);
      f.call_value(4);
      return;
    }
    auto write = [&](const FnBuilder::Body& push) {
      push();
      f.push(stream);
      at(f, e);
      f.native_stmt(Native::write, 2);
    };
    auto write_text = [&](const std::string& text) {
      if (!text.empty()) write([&] { f.push_str(text); });
    };
    if (e->list.size() == 1) { // nothing to evaluate after the argument: write it as it comes
      write([&] { expr(f, e->list[0]); });
    } else {
      std::vector<std::string> values;
      for (const Node* a : e->list) {
        values.push_back(hidden("p"));
        expr(f, a);
        store_hidden(f, values.back());
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) write_text(sep);
        write([&] { load_hidden(f, values[i]); });
      }
    }
    write_text(end);
    if (flush) {
      at(f, e);
      f.native_stmt(Native::flush, 0);
    }
    f.push_none(); // print()'s result
  }

  static std::string constant_type(const Node* v) {
    switch (v->value.kind) {
    case Constant::Kind::True:
    case Constant::Kind::False: return "bool";
    case Constant::Kind::Int: return "int";
    case Constant::Kind::Float: return "float";
    case Constant::Kind::Imag: return "complex";
    case Constant::Kind::Bytes: return "bytes";
    case Constant::Kind::Ellipsis: return "ellipsis";
    default: return "str";
    }
  }

  // Methods: positional arguments go straight to the object; keyword arguments are placed by the method's
  // signature in the simulated library (the same for every object that has a method of that name).
  void method_call(FnBuilder& f, const Node* e) {
    const Node* fn = e->a;
    const std::string& m = fn->name;
    if (is_super(fn->a)) return super_call(f, e, fn->a);
    if ((m == "apply" || m == "apply_async") && e->list.size() > 2) return (void)refuse(e->list[2], "Pool." + m + "() with kwds");
    expr(f, fn->a);
    push_arguments(f, e, m);
  }

  const Module& m_;
  const TokenList& tl_;
  SyntaxErrorInfo& err_;
  ModuleBuilder mb_;
  Scope module_scope_;
  Scope* scope_ = &module_scope_;
  std::set<std::string> module_names_, functions_, defined_;
  std::set<const Node*> star_done_; // the top level's `from M import *` statements, their names in imports_
  std::map<std::string, std::pair<std::string, std::string>> imports_; // local name -> (module, attribute)
  struct FunctionValue {
    FuncId id = kNone;
    int flags = 0;                  // MakeFunction's: defaults (1) and keyword-only defaults (2) evaluated by the def
    std::vector<std::string> frees; // the variables of enclosing functions it closes over, in its free_slots order
  };
  std::map<const Node*, FunctionValue> function_values_; // each def and lambda node's function
  std::map<std::string, ClassInfo> classes_;
  ClassInfo* class_ = nullptr; // the class whose method is being compiled
  // The class body being compiled: the hidden variable holding its class, and the names it has bound so far,
  // which its later statements read as the class's attributes (x = property(_get_x), @x.setter).
  struct ClassBody {
    std::string var;
    std::set<std::string> names;
  };
  ClassBody* class_body_ = nullptr;
  std::string method_self_;    // that method's first parameter
  std::map<std::string, std::string> renames_; // comprehension variables -> their hidden names
  int hidden_ = 0;
  // The `try` and `with` blocks around the statement being compiled, innermost last: what a return, break or
  // continue that leaves one must do (drop its handler; run its finally block or its release()).
  std::vector<FnBuilder::Body> regions_;
  std::vector<std::size_t> loop_protect_{0}; // regions_.size() where each loop began
  std::vector<std::string> handled_;     // the hidden variables holding the exceptions being handled
  std::deque<Node> synthetic_;           // nodes the compiler makes (a lambda's return statement)
  std::string enclosing_name_;           // the qualified name of the function being compiled
  FuncId defined_id_ = kNone;            // the function define_function made last
};

} // namespace

CompileResult compile_program(std::string_view source, std::string name) {
  CompileResult r;
  ParseResult parsed = parse_module(source);
  if (!parsed.ok()) {
    r.error = parsed.error;
    return r;
  }
  Compiler c(parsed.module, parsed.tokens, std::move(name), r.error);
  try {
    c.run(r.program);
  } catch (const std::logic_error& e) { // a compiler bug: reported as CPython reports its own, never a crash
    r.error = {};
    r.error.type = "SystemError";
    r.error.msg = std::string("the simulator's compiler failed on this program: ") + e.what();
  }
  return r;
}

} // namespace il::py
