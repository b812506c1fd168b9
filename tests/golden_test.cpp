// Golden traces: a few scenarios at a fixed machine and seed must produce exactly the text trace in
// tests/golden/. When the model changes on purpose, regenerate with INTERLEAVE_UPDATE_GOLDEN=1 and review
// the diff by eye before committing it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "test_util.hpp"
#include "trace/report.hpp"

using namespace il;
using namespace il::test;

namespace {

std::string golden_path(std::string_view name) {
  return std::string(INTERLEAVE_SOURCE_DIR) + "/tests/golden/" + std::string(name) + ".txt";
}

void check_golden(std::string_view scenario, const Config& cfg) {
  auto s = run_scenario(scenario, cfg);
  std::string actual = text_trace(*s);
  std::string path = golden_path(scenario);
  if (const char* u = std::getenv("INTERLEAVE_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("wrote " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file " << path << " (run with INTERLEAVE_UPDATE_GOLDEN=1)");
  std::stringstream expected;
  expected << in.rdbuf();
  if (actual == expected.str()) return;
  // Report the first differing line rather than two huge strings.
  std::istringstream a(actual), e(expected.str());
  std::string la, le;
  int line = 1;
  while (std::getline(a, la) && std::getline(e, le) && la == le) ++line;
  FAIL_CHECK(scenario << ": trace differs from " << path << " at line " << line << "\n  expected: " << le
                      << "\n  actual:   " << la);
}

} // namespace

TEST_CASE("Golden trace: download-threads on one core") {
  Config c;
  c.cores = 1;
  c.smt = 1;
  check_golden("download-threads", c);
}

TEST_CASE("Golden trace: semaphore-batches on 2 cores") {
  Config c;
  c.cores = 2;
  c.smt = 1;
  check_golden("semaphore-batches", c);
}

TEST_CASE("Golden trace: deadlock at the defaults") { check_golden("deadlock", Config{}); }

TEST_CASE("Golden trace: condition-pingpong at the defaults") { check_golden("condition-pingpong", Config{}); }
