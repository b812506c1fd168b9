// libFuzzer target for the Python front end: any bytes go through the tokenizer, the parser, CPython's
// post-parse checks and the compiler, and what compiles runs for a simulated millisecond; every input must end
// in a result or a Python error with a message, never a crash, a hang or a sanitizer report. The runs collect
// after every allocation, so an object the collector frees while it is still reached shows too. Built by
// scripts/fuzz.sh with clang's -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "machine/sim.hpp"
#include "python/compiler.hpp"
#include "python/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  il::py::ParseResult r = il::py::parse_module(src);
  if (!r.ok()) {
    if (r.error.msg.empty()) std::abort(); // an error always says what is wrong
    (void)r.error.format("fuzz.py");
    return 0;
  }
  (void)il::py::dump_statements(r.module);
  il::py::CompileResult c = il::py::compile_program(src, "fuzz.py");
  if (!c.ok()) {
    if (c.error.msg.empty() || c.error.type == "SystemError") std::abort(); // no message, or a compiler bug
    return 0;
  }
  il::Config cfg;
  cfg.max_time_ns = il::kMilli; // a runaway loop ends at the time limit
  cfg.collect_always = true;    // the collector after every allocation: what it frees too soon, ASan reports
  // and so few instructions that collecting after each allocation stays well inside the 1 s per input under
  // ASan (a queue-and-workers program ran 1 ms of simulated time in over a second)
  cfg.max_instructions = 20'000;
  il::Sim sim(cfg, std::move(c.program));
  sim.run();
  return 0;
}
