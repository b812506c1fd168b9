// The compiler: a parsed Python module to the engine's bytecode (vm/bytecode.hpp), through vm/'s builder.
// It covers the procedural core the tutorials use (the census's tier 1: module-level functions, globals,
// loops, threads, processes, locks, formatting); any other construct is refused by name and position with
// NotImplementedError, never compiled into something that behaves differently from CPython.
#pragma once
#include <string>
#include <string_view>

#include "python/syntax_error.hpp"
#include "vm/bytecode.hpp"

namespace il::py {

struct CompileResult {
  Program program;
  SyntaxErrorInfo error; // SyntaxError (as CPython's) or NotImplementedError (the simulator's refusal)
  bool ok() const { return !error.active(); }
};

// Parses, checks and compiles one module; `name` names the program (a scenario name or a file name).
CompileResult compile_program(std::string_view source, std::string name);

} // namespace il::py
