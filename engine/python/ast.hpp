// The syntax tree of a Python 3.11 module, shaped like CPython's `ast` module (Parser/Python.asdl): the same
// node kinds, fields and positions (1-based lines, 0-based UTF-8 byte columns), so it can be checked against
// `ast.parse`. Nodes live in the Module's arena; children are plain pointers into it.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace il::py {

#define IL_PY_STMT_KINDS(X)                                                                                   \
  X(FunctionDef) X(AsyncFunctionDef) X(ClassDef) X(Return) X(Delete) X(Assign) X(AugAssign) X(AnnAssign)   \
  X(For) X(AsyncFor) X(While) X(If) X(With) X(AsyncWith) X(Match) X(Raise) X(Try) X(TryStar) X(Assert)     \
  X(Import) X(ImportFrom) X(Global) X(Nonlocal) X(Expr) X(Pass) X(Break) X(Continue)

#define IL_PY_EXPR_KINDS(X)                                                                                   \
  X(BoolOp) X(NamedExpr) X(BinOp) X(UnaryOp) X(Lambda) X(IfExp) X(Dict) X(Set) X(ListComp) X(SetComp)       \
  X(DictComp) X(GeneratorExp) X(Await) X(Yield) X(YieldFrom) X(Compare) X(Call) X(FormattedValue)          \
  X(JoinedStr) X(Constant) X(Attribute) X(Subscript) X(Starred) X(Name) X(List) X(Tuple) X(Slice)

#define IL_PY_OTHER_KINDS(X)                                                                                  \
  X(ExceptHandler) X(Arguments) X(Arg) X(Keyword) X(Alias) X(WithItem) X(Comprehension) X(MatchCase)        \
  X(MatchValue) X(MatchSingleton) X(MatchSequence) X(MatchMapping) X(MatchClass) X(MatchStar) X(MatchAs)     \
  X(MatchOr)

enum class K : std::uint8_t {
#define IL_PY_KIND_ENUM(n) n,
  IL_PY_STMT_KINDS(IL_PY_KIND_ENUM) IL_PY_EXPR_KINDS(IL_PY_KIND_ENUM) IL_PY_OTHER_KINDS(IL_PY_KIND_ENUM)
#undef IL_PY_KIND_ENUM
      count_
};

std::string_view kind_name(K k);
inline bool is_stmt(K k) { return k <= K::Continue; }
inline bool is_expr(K k) { return k >= K::BoolOp && k <= K::Slice; }

enum class Ctx : std::uint8_t { Load, Store, Del };

// Operators of BinOp / AugAssign, UnaryOp, BoolOp and Compare, with ast's names.
enum class BinOpKind : std::uint8_t { Add, Sub, Mult, MatMult, Div, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, FloorDiv };
enum class UnaryKind : std::uint8_t { Invert, Not, UAdd, USub };
enum class BoolKind : std::uint8_t { And, Or };
enum class CmpKind : std::uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };
std::string_view binop_symbol(BinOpKind k); // "+", "-", ...

struct Pos {
  int line = 0, col = 0, end_line = 0, end_col = 0;
};

struct Constant {
  enum class Kind : std::uint8_t { None, True, False, Ellipsis, Int, Float, Imag, Str, Bytes };
  Kind kind = Kind::None;
  std::string text;   // Str/Bytes: the decoded value (UTF-8 / raw bytes); Int: the digits as written, cleaned
  std::int64_t i = 0; // Int, when it fits (big == false)
  bool big = false;   // an Int beyond 64 bits: only `text` holds it
  double f = 0;       // Float, Imag
  bool unicode_prefix = false; // u'...' (ast's Constant.kind == 'u')
};

struct Node;
using Nodes = std::vector<Node*>;

// One node. Which fields a kind uses (named as in ast; unused ones stay empty):
//   FunctionDef/AsyncFunctionDef: name, args (Arguments), body, decorators, returns (a)
//   ClassDef: name, bases (list), keywords (list2), body, decorators
//   Return: a (value or null)      Delete: list (targets)      Assign: list (targets), a (value)
//   AugAssign: a (target), binop, b (value)        AnnAssign: a (target), b (annotation), c (value), simple
//   For/AsyncFor: a (target), b (iter), body, orelse     While/If: a (test), body, orelse
//   With/AsyncWith: list (WithItems), body         Match: a (subject), list (MatchCases)
//   Raise: a (exc), b (cause)      Try/TryStar: body, list (ExceptHandlers), orelse, finalbody
//   Assert: a (test), b (msg)      Import: list (Aliases)      ImportFrom: name (module), list (Aliases), level
//   Global/Nonlocal: names         Expr: a
//   BoolOp: boolop, list (values)  NamedExpr: a (target), b (value)   BinOp: a, binop, b   UnaryOp: unop, a
//   Lambda: args, a (body)         IfExp: a (test), b (body), c (orelse)
//   Dict: list (keys, null for **), list2 (values)   Set/List/Tuple: list (elts), ctx
//   ListComp/SetComp/GeneratorExp: a (elt), list (Comprehensions)   DictComp: a (key), b (value), list
//   Await/Yield/YieldFrom: a (value or null)   Compare: a (left), cmpops, list (comparators)
//   Call: a (func), list (args), list2 (Keywords)   FormattedValue: a (value), level (conversion: -1, 's', 'r',
//   'a'), b (format_spec, a JoinedStr)   JoinedStr: list (values)   Constant: value
//   Attribute: a (value), name (attr), ctx    Subscript: a (value), b (slice), ctx   Starred: a, ctx
//   Name: name (id), ctx           Slice: a (lower), b (upper), c (step)
//   ExceptHandler: a (type), name, body       Arguments: list (posonlyargs), list2 (args), a (vararg),
//   list3 (kwonlyargs), list4 (kw_defaults, null where none), b (kwarg), decorators (defaults)
//   Arg: name, a (annotation)      Keyword: name (arg, empty for **), a (value)    Alias: name, asname
//   WithItem: a (context_expr), b (optional_vars)   Comprehension: a (target), b (iter), list (ifs), is_async
//   MatchCase: a (pattern), b (guard), body     MatchValue: a      MatchSingleton: value
//   MatchSequence: list (patterns)   MatchMapping: list (keys), list2 (patterns), name (rest)
//   MatchClass: a (cls), list (patterns), names (kwd_attrs), list2 (kwd_patterns)
//   MatchStar: name (may be empty)   MatchAs: a (pattern), name (may be empty)   MatchOr: list (patterns)
struct Node {
  K kind = K::Pass;
  Pos pos;
  Ctx ctx = Ctx::Load;
  BinOpKind binop = BinOpKind::Add;
  UnaryKind unop = UnaryKind::Not;
  BoolKind boolop = BoolKind::And;
  bool simple = false, is_async = false, parenthesized = false;
  int level = 0;
  std::string name, asname;
  std::vector<std::string> names;
  std::vector<CmpKind> cmpops;
  Constant value;
  Node *a = nullptr, *b = nullptr, *c = nullptr;
  Node* args = nullptr;
  Nodes list, list2, list3, list4;
  Nodes body, orelse, finalbody, decorators;
};

struct Module {
  std::deque<Node> arena;
  Nodes body;
  Node* make(K k, Pos p) {
    Node& n = arena.emplace_back();
    n.kind = k;
    n.pos = p;
    return &n;
  }
};

// Every statement (and except handler, match case) of m in ast's pre-order, one line each:
// "Kind line col end_line end_col" (the format of tools/ast_stmts.py).
std::string dump_statements(const Module& m);

} // namespace il::py
