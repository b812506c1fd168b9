// libFuzzer target for the Python front end: any bytes go through the tokenizer, the parser and CPython's
// post-parse checks and must end in a tree or an error with a message, never a crash, a hang or a sanitizer
// report. Built by scripts/fuzz.sh with clang's -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "python/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  il::py::ParseResult r = il::py::parse_module(src);
  if (r.ok()) {
    (void)il::py::dump_statements(r.module);
  } else {
    if (r.error.msg.empty()) std::abort(); // an error always says what is wrong
    (void)r.error.format("fuzz.py");
  }
  return 0;
}
