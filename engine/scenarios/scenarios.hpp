// The built-in scenarios: each a Python program, engine/scenarios/NAME.py, that makes one concept of
// CONCEPTS.md visible. The files are embedded in the binary at build time and compiled by the Python front end
// like any user's program. Names are fixed so scripts and URLs can refer to them.
//
// Each file opens with a docstring the app and `interleave list` read:
//     """one-line summary
//
//     Topic: GIL
//     Expected: number = 2000000        (any number of these lines, or none)
//
//     What to watch for:
//     a paragraph, shown beside the timeline
//     """
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vm/bytecode.hpp"

namespace il {

struct Scenario {
  std::string name, topic, description, watch; // description: the summary line; watch: "What to watch for"
  std::string_view source;                     // the whole .py file, as embedded
  // Shared variables' final values when no update is lost (race-counter's 2,000,000): the UI shows how far a
  // run fell short. Empty for scenarios without such a count.
  std::vector<std::pair<std::string, std::int64_t>> expected = {};

  // The program compiled from source (a fresh copy each call; compiling a scenario takes well under a ms).
  Program build() const;
};

const std::vector<Scenario>& scenarios();
const Scenario* find_scenario(std::string_view name);

// Reads a scenario file's header docstring into sc's topic, description, watch and expected. Empty if the
// header is well formed, else what is wrong with it (tests hold every built-in file to it).
std::string parse_scenario_header(std::string_view source, Scenario& sc);

} // namespace il
