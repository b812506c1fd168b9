// `interleave compare`: parses its flags, runs the simulator and the real-thread runtime on one scenario and
// prints the header lines plus compare_table.hpp's table.
#include "compare.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "check.hpp"
#include "compare_table.hpp"
#include "machine/sim.hpp"
#include "real_runtime.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/cli_config.hpp"
#include "trace/report.hpp"

namespace il::cli {

namespace {

constexpr int kUsageError = 2;

int fail(const std::string& message) {
  std::fprintf(stderr, "interleave: %s\n", message.c_str());
  return kUsageError;
}

} // namespace

int count_cpu_list(std::string_view list) {
  while (!list.empty() && (list.back() == '\n' || list.back() == ' ')) list.remove_suffix(1);
  if (list.empty()) return 0;
  int count = 0;
  std::size_t at = 0;
  while (at <= list.size()) {
    std::size_t comma = list.find(',', at);
    std::string item(list.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    char* end = nullptr;
    long lo = std::strtol(item.c_str(), &end, 10);
    if (end == item.c_str()) return 0;
    long hi = lo;
    if (*end == '-') {
      const char* from = end + 1;
      hi = std::strtol(from, &end, 10);
      if (end == from) return 0;
    }
    if (*end != '\0' || hi < lo || lo < 0) return 0;
    count += static_cast<int>(hi - lo + 1);
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return count;
}

int detect_smt(int usable_cpus) {
  std::ifstream f("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list");
  std::string line;
  if (!f || !std::getline(f, line)) return 1;
  return count_cpu_list(line) == 2 && usable_cpus >= 2 && usable_cpus % 2 == 0 ? 2 : 1;
}

Config machine_like_this(int usable_cpus, int smt) {
  assert(smt == 1 || smt == 2);
  assert(usable_cpus >= smt);
  Config cfg;
  cfg.smt = smt;
  cfg.cores = std::max(1, usable_cpus / smt);
  return cfg;
}

int compare(const std::vector<std::string_view>& argv) {
  double scale = 1.0;
  std::string scenario, gil;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (a.substr(0, 2) != "--") {
      if (!scenario.empty()) return fail("unexpected argument '" + std::string(a) + "'");
      scenario = a;
      continue;
    }
    std::string_view key = a.substr(0, a.find('='));
    if (key != "--time-scale" && key != "--gil")
      return fail("option " + std::string(key) + " is not available with compare (see 'interleave --help')");
    std::string value;
    if (key.size() < a.size()) value = a.substr(key.size() + 1);
    else if (i + 1 < argv.size()) value = argv[++i];
    else return fail("option " + std::string(key) + " needs a value");
    if (key == "--gil") {
      gil = value;
      continue;
    }
    char* end = nullptr;
    scale = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0') return fail("--time-scale: '" + value + "' is not a number");
    if (auto err = real::TimeScale::validate(scale)) return fail("--time-scale: " + *err);
  }
  if (scenario.empty()) return fail("compare needs a scenario name (see 'interleave list') or a PATH.py");

  const int cpus = real::usable_cpus();
  const int smt = detect_smt(cpus);
  Config sim_cfg = machine_like_this(cpus, smt);
  if (!gil.empty())
    if (auto err = apply_flag(sim_cfg, "gil", gil)) return fail(*err);
  if (auto err = sim_cfg.validate()) return fail("impossible machine: " + *err);
  Program prog;
  std::string name;
  int status = 0;
  if (!load_program(scenario, prog, name, status)) return status;
  if (auto why = real::RealRuntime::unsupported(prog)) return fail(*why);

  // Both runs ask for a GIL drop every switch interval of nominal time (the real GIL scales it).
  Sim sim(sim_cfg, prog);
  sim.run();
  real::RealRuntime rt(sim_cfg, std::move(prog), real::RealOptions{.time_scale = scale});
  rt.run();

  char line[256];
  std::string out = "compare " + name + ": simulator vs real threads\n";
  std::snprintf(line, sizeof line,
                "machine: %d usable CPUs, simulated as %d cores x %d SMT (SMT from cpu0's thread_siblings_list), "
                "GIL %s\n",
                cpus, sim_cfg.cores, sim_cfg.smt, std::string(to_string(sim_cfg.gil)).c_str());
  out += line;
  std::snprintf(line, sizeof line,
                "time scale %g: times are nominal: real elapsed / time scale; switch interval %g ms nominal "
                "(%g ms real)\n\n",
                scale, static_cast<double>(sim_cfg.switch_interval_ns) / 1e6,
                static_cast<double>(rt.real_switch_interval_ns()) / 1e6);
  out += line;
  out += format_compare_table(compute_stats(sim), compute_stats(rt));
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

} // namespace il::cli
