// Parsing machine settings from text with exact integer arithmetic (no strtod: the same text must give the
// same nanoseconds natively and in wasm).
#include "trace/cli_config.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "trace/json.hpp"

namespace il {

namespace {

std::string bad_value(std::string_view key, std::string_view value, std::string_view expected) {
  return "invalid value '" + std::string(value) + "' for " + std::string(key) + ": expected " +
         std::string(expected);
}

template <class Int> std::optional<Int> parse_int(std::string_view s) {
  Int v{};
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<StartMethod> parse_start_method(std::string_view s) {
  if (s == "fork") return StartMethod::Fork;
  if (s == "spawn") return StartMethod::Spawn;
  return std::nullopt;
}

} // namespace

std::optional<std::int64_t> parse_scaled(std::string_view text, int scale) {
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  for (char c : whole)
    if (c < '0' || c > '9') return std::nullopt;
  for (char c : frac)
    if (c < '0' || c > '9') return std::nullopt;
  // Trailing zeros beyond the unit are harmless ("0.0010000" ms); other extra digits would be rounded away.
  while (frac.size() > static_cast<std::size_t>(scale) && frac.back() == '0') frac.remove_suffix(1);
  if (frac.size() > static_cast<std::size_t>(scale)) return std::nullopt;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t v = 0;
  auto push = [&](char c) {
    if (v > (kMax - (c - '0')) / 10) return false;
    v = v * 10 + (c - '0');
    return true;
  };
  for (char c : whole)
    if (!push(c)) return std::nullopt;
  for (int i = 0; i < scale; ++i)
    if (!push(static_cast<std::size_t>(i) < frac.size() ? frac[static_cast<std::size_t>(i)] : '0')) return std::nullopt;
  return neg ? -v : v;
}

const std::vector<std::string_view>& config_keys() {
  static const std::vector<std::string_view> keys = {"cores", "smt", "smt-gain", "slice-ms",
                                                     "switch-interval-ms", "gil", "switch-points", "seed",
                                                     "ctx-switch-us", "wake-us", "start-method", "max-instructions",
                                                     "max-sim-seconds", "max-memory", "collect-always"};
  return keys;
}

std::optional<std::string> apply_flag(Config& cfg, std::string_view key, std::string_view value) {
  if (key == "cores" || key == "smt") {
    auto v = parse_int<int>(value);
    if (!v) return bad_value(key, value, "an integer");
    (key == "cores" ? cfg.cores : cfg.smt) = *v;
  } else if (key == "smt-gain") {
    auto v = parse_scaled(value, 4);
    if (!v) return bad_value(key, value, "a number like 1.25");
    cfg.smt_gain = static_cast<double>(*v) / 10000.0;
  } else if (key == "slice-ms" || key == "switch-interval-ms") {
    auto v = parse_scaled(value, 6);
    if (!v) return bad_value(key, value, "milliseconds, like 10 or 0.5 (at most 6 decimals)");
    (key == "slice-ms" ? cfg.slice_ns : cfg.switch_interval_ns) = *v;
  } else if (key == "ctx-switch-us" || key == "wake-us") {
    auto v = parse_scaled(value, 3);
    if (!v) return bad_value(key, value, "microseconds, like 2 or 0.5 (at most 3 decimals)");
    (key == "ctx-switch-us" ? cfg.ctx_switch_ns : cfg.wake_latency_ns) = *v;
  } else if (key == "gil") {
    auto v = parse_gil_mode(value);
    if (!v) return bad_value(key, value, "new, old or none");
    cfg.gil = *v;
  } else if (key == "switch-points") {
    auto v = parse_switch_points(value);
    if (!v) return bad_value(key, value, "py311 or any");
    cfg.switch_points = *v;
  } else if (key == "start-method") {
    auto v = parse_start_method(value);
    if (!v) return bad_value(key, value, "fork or spawn");
    cfg.start_method = *v;
  } else if (key == "max-instructions") {
    auto v = parse_int<std::int64_t>(value);
    if (!v) return bad_value(key, value, "a positive integer");
    cfg.max_instructions = *v;
  } else if (key == "collect-always") {
    if (value != "1" && value != "0") return bad_value(key, value, "1 or 0");
    cfg.collect_always = value == "1";
  } else if (key == "max-memory") {
    auto v = parse_int<std::int64_t>(value);
    if (!v) return bad_value(key, value, "a size in MiB, like 512");
    cfg.max_memory_mb = *v;
  } else if (key == "max-sim-seconds") {
    auto v = parse_scaled(value, 9);
    if (!v) return bad_value(key, value, "seconds, like 60 or 0.5");
    cfg.max_time_ns = *v;
  } else if (key == "seed") {
    auto v = parse_int<std::uint64_t>(value);
    if (!v) return bad_value(key, value, "a non-negative integer");
    cfg.seed = *v;
  } else {
    return "unknown option '" + std::string(key) + "'";
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> config_flags(const Config& cfg) {
  auto decimal = [](std::int64_t v, int scale) { return decimal_trimmed(v, scale); };
  const Config d;
  std::vector<std::pair<std::string, std::string>> out;
  if (cfg.cores != d.cores) out.emplace_back("cores", std::to_string(cfg.cores));
  if (cfg.smt != d.smt) out.emplace_back("smt", std::to_string(cfg.smt));
  if (cfg.smt_gain != d.smt_gain)
    out.emplace_back("smt-gain", decimal(std::llround(cfg.smt_gain * 10000.0), 4));
  if (cfg.slice_ns != d.slice_ns) out.emplace_back("slice-ms", decimal(cfg.slice_ns, 6));
  if (cfg.switch_interval_ns != d.switch_interval_ns)
    out.emplace_back("switch-interval-ms", decimal(cfg.switch_interval_ns, 6));
  if (cfg.gil != d.gil) out.emplace_back("gil", std::string(to_string(cfg.gil)));
  if (cfg.switch_points != d.switch_points) out.emplace_back("switch-points", std::string(to_string(cfg.switch_points)));
  if (cfg.seed != d.seed) out.emplace_back("seed", std::to_string(cfg.seed));
  if (cfg.ctx_switch_ns != d.ctx_switch_ns) out.emplace_back("ctx-switch-us", decimal(cfg.ctx_switch_ns, 3));
  if (cfg.wake_latency_ns != d.wake_latency_ns) out.emplace_back("wake-us", decimal(cfg.wake_latency_ns, 3));
  if (cfg.start_method != d.start_method) out.emplace_back("start-method", std::string(to_string(cfg.start_method)));
  if (cfg.max_instructions != d.max_instructions) out.emplace_back("max-instructions", std::to_string(cfg.max_instructions));
  if (cfg.max_time_ns != d.max_time_ns) out.emplace_back("max-sim-seconds", decimal(cfg.max_time_ns, 9));
  if (cfg.max_memory_mb != d.max_memory_mb) out.emplace_back("max-memory", std::to_string(cfg.max_memory_mb));
  if (cfg.collect_always) out.emplace_back("collect-always", "1");
  return out;
}

} // namespace il
