// The built-in scenarios: each a Python program (as bytecode built with the builder, plus its source text)
// that makes one concept of CONCEPTS.md visible. Names are fixed so scripts and URLs can refer to them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vm/bytecode.hpp"

namespace il {

struct Scenario {
  std::string name, topic, description;
  Program (*build)();
  // Shared variables' final values when no update is lost (race-counter's 2,000,000): the UI shows how far a
  // run fell short. Empty for scenarios without such a count.
  std::vector<std::pair<std::string, std::int64_t>> expected = {};
};

const std::vector<Scenario>& scenarios();
const Scenario* find_scenario(std::string_view name);
void add_thread_scenarios(std::vector<Scenario>& out);
void add_process_scenarios(std::vector<Scenario>& out);
void add_lock_scenarios(std::vector<Scenario>& out); // called by add_thread_scenarios
void add_stress_scenarios(std::vector<Scenario>& out); // large runs for benchmarks, listed last

} // namespace il
