// `interleave compare NAME`: the same scenario on the simulator (configured like this machine) and on real
// threads, printed as one side-by-side table (compare_table.hpp) with the ratio real/sim per numeric row.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "machine/config.hpp"

namespace il::cli {

// Hardware threads per core of this machine: 2 when cpu0's thread_siblings_list names two CPUs and the
// usable CPUs split evenly into pairs, else 1 (also when /sys is not there).
int detect_smt(int usable_cpus);
// "0-1" or "0,4" -> 2; "0" -> 1; 0 if the text is not a CPU list.
int count_cpu_list(std::string_view list);

// A default Config with this machine's cores and SMT (usable CPUs = cores x smt).
Config machine_like_this(int usable_cpus, int smt);

// Runs the subcommand on the arguments after "compare"; returns the exit code (2 for usage errors and
// multiprocessing scenarios, as `interleave real`).
int compare(const std::vector<std::string_view>& argv);

} // namespace il::cli
