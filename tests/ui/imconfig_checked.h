// ImGui's compile-time configuration for the UI tests: a failed IM_ASSERT is recorded for the running test
// to report, instead of aborting the binary or (under NDEBUG) being compiled out.
#pragma once

namespace il::ui::test {
void imgui_assert_failed(const char* expr, const char* file, int line);
}

#define IM_ASSERT(expr) ((expr) ? (void)0 : ::il::ui::test::imgui_assert_failed(#expr, __FILE__, __LINE__))
