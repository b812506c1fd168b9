// `interleave check`: CPython 3.11's compile-time errors for Python files (see check.cpp).
#pragma once
#include <string_view>
#include <vector>

namespace il::cli {

// Exit status: 0 when every file compiles, 1 when one does not (its error is on stderr), 2 on bad usage.
int check(const std::vector<std::string_view>& args);
// The bytes of a file, or of stdin for "-"; false when it cannot be read.
bool read_source(std::string_view path, std::string& out);

} // namespace il::cli
