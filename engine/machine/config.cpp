// Configuration checks and the names used by the CLI, the URL state and the JSON summary.
#include "machine/config.hpp"

namespace il {

std::optional<std::string> Config::validate() const {
  if (cores < 1 || cores > 256) return "cores must be between 1 and 256 (got " + std::to_string(cores) + ")";
  if (smt != 1 && smt != 2) return "smt must be 1 or 2 (got " + std::to_string(smt) + ")";
  if (!(smt_gain >= 1.0 && smt_gain <= 2.0)) return "smt gain must be between 1.0 and 2.0";
  if (slice_ns < 100 * kMicro || slice_ns > 1000 * kMilli) return "slice must be between 0.1 and 1000 ms";
  if (switch_interval_ns < 1 * kMicro || switch_interval_ns > 10 * kSecond)
    return "switch interval must be between 0.001 ms and 10 s";
  if (old_gil_ticks < 1) return "old GIL ticks must be at least 1";
  if (ctx_switch_ns < 0 || wake_latency_ns < 0 || thread_create_ns < 0 || fork_ns < 0 || spawn_ns < 0 || timer_slack_ns < 0)
    return "costs cannot be negative";
  if (bytecode_ns < 1) return "bytecode cost must be at least 1 ns";
  if (!(jitter >= 0.0 && jitter < 1.0)) return "jitter must be in [0, 1)";
  if (max_time_ns <= 0) return "time limit must be positive";
  if (max_instructions < 1) return "instruction budget must be at least 1";
  if (max_memory_mb < 1 || max_memory_mb > 1'048'576) return "memory budget must be between 1 MiB and 1 TiB";
  if (livelock_slices < 1) return "livelock window must be at least one slice";
  return std::nullopt;
}

std::string_view to_string(GilMode m) {
  switch (m) {
  case GilMode::New: return "new";
  case GilMode::Old: return "old";
  case GilMode::None: return "none";
  }
  return "?";
}

std::string_view to_string(SwitchPoints s) { return s == SwitchPoints::Py311 ? "py311" : "any"; }
std::string_view to_string(StartMethod s) { return s == StartMethod::Fork ? "fork" : "spawn"; }

std::optional<GilMode> parse_gil_mode(std::string_view s) {
  if (s == "new") return GilMode::New;
  if (s == "old") return GilMode::Old;
  if (s == "none") return GilMode::None;
  return std::nullopt;
}

std::optional<SwitchPoints> parse_switch_points(std::string_view s) {
  if (s == "py311") return SwitchPoints::Py311;
  if (s == "any") return SwitchPoints::Any;
  return std::nullopt;
}

} // namespace il
