// The built-in scenarios: each a Python program (as bytecode built with the builder, plus its source text)
// that makes one concept of CONCEPTS.md visible. Names are fixed so scripts and URLs can refer to them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "bytecode.hpp"

namespace il {

struct Scenario {
  std::string name, topic, description;
  Program (*build)();
};

const std::vector<Scenario>& scenarios();
const Scenario* find_scenario(std::string_view name);
void add_thread_scenarios(std::vector<Scenario>& out);
void add_process_scenarios(std::vector<Scenario>& out);
void add_lock_scenarios(std::vector<Scenario>& out); // called by add_thread_scenarios
void add_stress_scenarios(std::vector<Scenario>& out); // large runs for benchmarks, listed last

} // namespace il
