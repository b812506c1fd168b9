// `interleave check FILE.py...`: reads each program as python3 would and reports its compile-time errors as
// CPython 3.11 does (the same text `python3 FILE.py` prints on stderr), and what the simulator refuses as
// NotImplementedError. `--dump-statements` prints the
// statement tree instead, in the format of tools/ast_stmts.py (the parser agreement test diffs the two).
#include "check.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "python/compiler.hpp"
#include "python/parser.hpp"
#include "scenarios/scenarios.hpp"

namespace il::cli {

bool read_source(std::string_view path, std::string& out) {
  if (path == "-") {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

namespace {

// The file name as python3 shows it in a traceback: `python3 NAME` prints `File "NAME"` (made absolute
// only by the interpreter's own startup, which the simulator has no use for).
std::string shown_name(std::string_view path) { return path == "-" ? "<stdin>" : std::string(path); }

} // namespace

bool load_program(const std::string& name, Program& prog, std::string& shown, int& status, bool* file) {
  const bool is_file = name == "-" || (name.size() > 3 && name.compare(name.size() - 3, 3, ".py") == 0);
  if (file) *file = is_file;
  if (!is_file) {
    const Scenario* sc = find_scenario(name);
    if (!sc) {
      std::fprintf(stderr, "interleave: unknown scenario '%s' (see 'interleave list'; a Python file must end in .py)\n",
                   name.c_str());
      status = 2;
      return false;
    }
    prog = sc->build();
    shown = sc->name;
    return true;
  }
  std::string source;
  if (!read_source(name, source)) {
    std::fprintf(stderr, "interleave: cannot read %s\n", name.c_str());
    status = 1;
    return false;
  }
  shown = shown_name(name);
  py::CompileResult r = py::compile_program(source, shown);
  if (!r.ok()) { // CPython's text for a program that does not compile, and exit status 2
    std::string msg = r.error.format(shown);
    std::fwrite(msg.data(), 1, msg.size(), stderr);
    status = 2;
    return false;
  }
  prog = std::move(r.program);
  return true;
}

int check(const std::vector<std::string_view>& args) {
  bool dump = false;
  std::vector<std::string_view> files;
  for (std::string_view a : args) {
    if (a == "--dump-statements") dump = true;
    else if (a.size() > 1 && a.substr(0, 2) == "--") {
      std::fprintf(stderr, "interleave: check: unknown option '%.*s'\n", static_cast<int>(a.size()), a.data());
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "interleave: check needs a Python file (or - for stdin)\n");
    return 2;
  }
  int status = 0;
  std::string out;
  for (std::string_view path : files) {
    std::string source;
    if (!read_source(path, source)) {
      std::fprintf(stderr, "interleave: cannot read %.*s\n", static_cast<int>(path.size()), path.data());
      status = 1;
      continue;
    }
    if (dump) {
      // ast.parse's view: the tree only, without the symbol table's and compiler's checks.
      py::ParseResult r = py::parse_module(source, false);
      out += "== " + std::string(path) + "\n";
      if (r.ok()) out += py::dump_statements(r.module);
      else out += "! SyntaxError " + std::to_string(r.error.lineno) + " " + std::to_string(r.error.offset) + "\n";
      continue;
    }
    py::CompileResult r = py::compile_program(source, shown_name(path)); // CPython's errors and the simulator's refusals
    if (r.ok()) continue;
    std::string msg = r.error.format(shown_name(path));
    if (std::size_t at = msg.find("{file}"); at != std::string::npos) msg.replace(at, 6, shown_name(path));
    std::fwrite(msg.data(), 1, msg.size(), stderr);
    status = 1;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return status;
}

} // namespace il::cli
