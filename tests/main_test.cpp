// The one translation unit that provides doctest's main(); test cases live in the other tests/*.cpp.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
