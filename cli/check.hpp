// `interleave check`: CPython 3.11's compile-time errors for Python files (see check.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "vm/bytecode.hpp"

namespace il::cli {

// Exit status: 0 when every file compiles, 1 when one does not (its error is on stderr), 2 on bad usage.
int check(const std::vector<std::string_view>& args);
// The bytes of a file, or of stdin for "-"; false when it cannot be read.
bool read_source(std::string_view path, std::string& out);
// A program named on the command line (run, real, compare): a built-in scenario, or a Python file (PATH.py, or
// - for stdin) compiled by the front end, with the name reports show (`shown`) and whether it is a file.
// False when it does not exist, cannot be read or does not compile: the message (CPython's text for a compile
// error) is on stderr and `status` is the exit status (2, or 1 for a file it cannot read).
bool load_program(const std::string& name, Program& prog, std::string& shown, int& status, bool* file = nullptr);

} // namespace il::cli
