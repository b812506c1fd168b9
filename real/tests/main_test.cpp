// The one translation unit that provides doctest's main() for interleave_real_tests (real/'s own binary).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
