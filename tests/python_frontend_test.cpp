// The Python front end against CPython 3.11: tokens and trees of small programs, the syntax-error corpus of
// tests/python/syntax (each .exp is what python3 printed), and the tutorials' programs in ../shared/seedcode.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "python/parser.hpp"

using namespace il::py;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string kinds(const TokenList& tl) {
  std::string out;
  for (const Token& t : tl.tokens) {
    if (!out.empty()) out += ' ';
    out += std::string(token_name(t.kind));
  }
  return out;
}

// What python3 FILE prints on stderr for a program that does not compile, then its exit status.
std::string cpython_report(const std::string& source, const std::string& filename) {
  ParseResult r = parse_module(source);
  if (r.ok()) return "compiled\n";
  return r.error.format(filename) + "exit 1\n";
}

// The row of ../shared/seedcode/INDEX.md's table for `file`.
std::string index_row(const std::string& index, const std::string& file) {
  const std::size_t at = index.find("| " + file + " |");
  if (at == std::string::npos) return {};
  return index.substr(at, index.find('\n', at) - at);
}

std::vector<fs::path> files_in(const fs::path& dir, std::string_view ext) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("Tokenizer: indentation becomes INDENT/DEDENT and brackets join lines") {
  TokenList tl = tokenize("def f(a,\n      b):\n    return a\n\n# c\nx = 1");
  CHECK_FALSE(tl.error.active());
  CHECK(kinds(tl) == "'def' NAME '(' NAME ',' NAME ')' ':' NEWLINE INDENT 'return' NAME NEWLINE DEDENT NAME '=' NUMBER "
                     "NEWLINE ENDMARKER");
  CHECK(tl.tokens[5].line == 2);
  CHECK(tl.tokens[5].col == 6);
}

TEST_CASE("Tokenizer: strings with prefixes, continuation lines and numbers") {
  TokenList tl = tokenize("s = rb'\\x' + f\"{a}\" \\\n  + '''x\ny''' + 0x_1f + 1_000.5e-3j\n");
  REQUIRE_FALSE(tl.error.active());
  CHECK(kinds(tl) == "NAME '=' STRING '+' STRING '+' STRING '+' NUMBER '+' NUMBER NEWLINE ENDMARKER");
  CHECK(tl.text(tl.tokens[6]) == "'''x\ny'''");
  CHECK(tl.tokens[6].end_line == 3);
}

TEST_CASE("Tokenizer: CPython's messages for bad characters and literals") {
  struct Case {
    const char* src;
    const char* msg;
    int offset;
  };
  for (const Case& c : {Case{"x = 1，2\n", "invalid character '，' (U+FF0C)", 6},
                        Case{"x = 0123\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 5},
                        Case{"x = 'abc\n", "unterminated string literal (detected at line 1)", 5},
                        Case{"x = 0b12\n", "invalid digit '2' in binary literal", 8},
                        Case{"x = 1 \\ 2\n", "unexpected character after line continuation character", 8}}) {
    CAPTURE(c.src);
    TokenList tl = tokenize(c.src);
    CHECK(tl.error.msg == c.msg);
    CHECK(tl.error.offset == c.offset);
  }
}

TEST_CASE("Parser: statements get ast's kinds and positions") {
  ParseResult r = parse_module("@dec\ndef f(a, *b, c=1, **d):\n    if a:\n        return 1\n    else:\n        pass;\n"
                               "class C(B, metaclass=M):\n    x: int = 3\n"
                               "try:\n    f()\nexcept (A, B) as e:\n    raise X from e\nfinally:\n    del x[0]\n"
                               "with (open(a) as f, open(b) as g):\n    pass\n"
                               "match p:\n    case [1, *rest] | {'k': _} if rest:\n        pass\n");
  REQUIRE_MESSAGE(r.ok(), r.error.msg);
  CHECK(dump_statements(r.module) == "FunctionDef 2 0 6 13\nIf 3 4 6 13\nReturn 4 8 4 16\nPass 6 8 6 12\n"
                                     "ClassDef 7 0 8 14\nAnnAssign 8 4 8 14\n"
                                     "Try 9 0 14 12\nExpr 10 4 10 7\nExceptHandler 11 0 12 18\nRaise 12 4 12 18\nDelete 14 4 14 12\n"
                                     "With 15 0 16 8\nPass 16 4 16 8\n"
                                     "Match 17 0 19 12\nmatch_case 18 9 18 30\nPass 19 8 19 12\n");
  const Node* f = r.module.body[0];
  CHECK(f->args->list2.size() == 1); // a
  CHECK(f->args->a->name == "b");
  CHECK(f->args->list3.size() == 1); // c, keyword-only after *b
  CHECK(f->args->b->name == "d");
  CHECK(f->decorators.size() == 1);
}

TEST_CASE("Parser: expressions keep precedence, f-string fields and constants") {
  ParseResult r = parse_module("x = -a ** 2 + b * c if not d else f'{e!r:>{w}} {g=}'\n");
  REQUIRE(r.ok());
  const Node* v = r.module.body[0]->a;
  REQUIRE(v->kind == K::IfExp);
  const Node* sum = v->b;
  REQUIRE(sum->kind == K::BinOp);
  CHECK(sum->binop == BinOpKind::Add);
  CHECK(sum->a->kind == K::UnaryOp); // -(a ** 2)
  CHECK(sum->a->a->binop == BinOpKind::Pow);
  const Node* js = v->c;
  REQUIRE(js->kind == K::JoinedStr);
  REQUIRE(js->list.size() == 3); // {e!r:...}, ' g=', {g!r}
  CHECK(js->list[0]->kind == K::FormattedValue);
  CHECK(js->list[0]->level == 'r');
  CHECK(js->list[0]->b->kind == K::JoinedStr);
  CHECK(js->list[1]->value.text == " g=");
  CHECK(js->list[2]->level == 'r');
  const Node* e = js->list[0]->a;
  CHECK(e->name == "e");
  CHECK(e->pos.col == 37); // where `e` stands in the source
}

TEST_CASE("Parser: CPython's messages for common mistakes") {
  struct Case {
    const char* src;
    const char* type;
    const char* msg;
    int line, offset;
  };
  for (const Case& c : {
           Case{"if x = 1:\n  pass\n", "SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4},
           Case{"f() = 1\n", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1},
           Case{"x = [1 2]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6},
           Case{"print 'hi'\n", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1},
           Case{"for x in y\n  pass\n", "SyntaxError", "expected ':'", 1, 11},
           Case{"def f():\nreturn 1\n", "IndentationError", "expected an indented block after function definition on line 1", 2, 1},
           Case{"x = (1,\ny = 2\n", "SyntaxError", "'(' was never closed", 1, 5},
           Case{"return 1\n", "SyntaxError", "'return' outside function", 1, 1},
           Case{"def f(a, a): pass\n", "SyntaxError", "duplicate argument 'a' in function definition", 1, 10},
           Case{"match x:\n  case 1:\n    pass\n  y = 2\n", "SyntaxError", "invalid syntax", 4, 3},
       }) {
    CAPTURE(c.src);
    ParseResult r = parse_module(c.src);
    CHECK(r.error.type == c.type);
    CHECK(r.error.msg == c.msg);
    CHECK(r.error.lineno == c.line);
    CHECK(r.error.offset == c.offset);
  }
}

TEST_CASE("Parser: the syntax-error corpus reports what python3 printed") {
  const fs::path dir = fs::path(INTERLEAVE_SOURCE_DIR) / "tests/python/syntax";
  auto programs = files_in(dir, ".py");
  REQUIRE(programs.size() >= 40);
  for (const fs::path& p : programs) {
    CAPTURE(p.filename().string());
    fs::path exp = p;
    exp.replace_extension(".exp");
    CHECK(cpython_report(read_file(p), p.filename().string()) == read_file(exp));
  }
}

TEST_CASE("Parser: the tutorials' programs compile, or fail as CPython's did") {
  const fs::path seed = fs::path(INTERLEAVE_SOURCE_DIR) / "../shared/seedcode";
  auto programs = files_in(seed, ".py");
  if (programs.empty()) {
    MESSAGE("skipped: no " << seed.string() << " beside the checkout");
    return;
  }
  const std::string index = read_file(seed / "INDEX.md");
  int compiled = 0, errors = 0;
  for (const fs::path& p : programs) {
    CAPTURE(p.filename().string());
    const fs::path err = seed / "runs" / (p.stem().string() + ".err");
    const std::string report = cpython_report(read_file(p), p.filename().string());
    if (fs::exists(err)) {
      const std::string cpython = read_file(err);
      if (cpython.find("SyntaxError: ") != std::string::npos || cpython.find("IndentationError: ") != std::string::npos) {
        CHECK(report == cpython + "exit 1\n"); // CPython's own text, caret included
        ++errors;
      } else {
        CHECK(report == "compiled\n");
        ++compiled;
      }
    } else {
      // A fragment (never run): INDEX.md says what CPython makes of it as a file, e.g. "as a file: SyntaxError
      // (bare `key: value` pairs)" or "as a file: NameError (p)".
      const std::string row = index_row(index, p.filename().string());
      REQUIRE_MESSAGE(!row.empty(), "INDEX.md has no row for " << p.filename().string());
      const std::size_t at = row.find("as a file: ");
      REQUIRE(at != std::string::npos);
      const std::string cls = row.substr(at + 11, row.find_first_of(" |", at + 11) - (at + 11));
      if (cls == "SyntaxError" || cls == "IndentationError") {
        CHECK(report.find("\n" + cls + ": ") != std::string::npos);
        ++errors;
      } else {
        CHECK(report == "compiled\n"); // it compiles, then fails when it runs
        ++compiled;
      }
    }
  }
  MESSAGE(compiled << " tutorial programs compile; " << errors << " fail as CPython's do");
  CHECK(compiled >= 60);
}

TEST_CASE("Parser: any bytes end in a tree or an error, never a crash") {
  // A few nasty shapes; the fuzz target (tests/fuzz) runs millions more.
  for (std::string src : {std::string("(((((((((("), std::string("\xff\xfe"), std::string("f'{'"), std::string("x = '''"),
                          std::string(300, '('), std::string("if 1:\n") + std::string(120, ' ') + "x\n",
                          std::string("lambda: (yield)"), std::string("match = case = 1"), std::string("\t \f\n\\"),
                          std::string("a[b:c:d, ...] @= e"), std::string("f'{f\"{f'{1}'}\"}'"), std::string("x = 1\0", 6)}) {
    ParseResult r = parse_module(src);
    CHECK((r.ok() || !r.error.msg.empty()));
  }
}
