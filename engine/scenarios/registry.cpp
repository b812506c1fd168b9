// The scenario table, built once on first use and immutable afterwards.
#include "scenarios/scenarios.hpp"

namespace il {

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = [] {
    std::vector<Scenario> v;
    add_thread_scenarios(v);
    add_process_scenarios(v);
    add_stress_scenarios(v);
    return v;
  }();
  return all;
}

const Scenario* find_scenario(std::string_view name) {
  for (const Scenario& s : scenarios())
    if (s.name == name) return &s;
  return nullptr;
}

} // namespace il
