// multiprocessing scenarios: not written yet (multiprocessing itself is still a placeholder in processes.cpp).
#include "scenarios.hpp"

namespace il {
void add_process_scenarios(std::vector<Scenario>&) {}
} // namespace il
