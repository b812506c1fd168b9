// doctest's main() for the UI tests, and where ImGui's asserts (imconfig_checked.h) are recorded.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "ui_harness.hpp"

#include <cstdio>

namespace il::ui::test {

namespace {
// The one piece of process-wide mutable state in the tests: ImGui's assert macro has nowhere else to report.
AssertLog g_asserts;
} // namespace

void imgui_assert_failed(const char* expr, const char* file, int line) {
  if (g_asserts.count++ == 0)
    g_asserts.first = std::string(expr) + " at " + file + ":" + std::to_string(line);
  std::fprintf(stderr, "IM_ASSERT failed: %s (%s:%d)\n", expr, file, line);
}

AssertLog& imgui_asserts() { return g_asserts; }

} // namespace il::ui::test
