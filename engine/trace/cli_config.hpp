// Machine settings as key/value text, shared by the CLI's flags (--cores 8) and the browser app's URL state
// (?cores=8), so both accept the same names, values and error messages.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "machine/config.hpp"

namespace il {

// The keys apply_flag knows, in the order usage text and URLs list them.
const std::vector<std::string_view>& config_keys();

// Sets one setting from text: cores, smt, smt-gain, slice-ms, switch-interval-ms, gil, switch-points, seed,
// ctx-switch-us, start-method. Returns a one-line error (unknown key, malformed value), else nothing.
// Ranges are Config::validate()'s job, once every flag is applied.
std::optional<std::string> apply_flag(Config& cfg, std::string_view key, std::string_view value);

// The settings of cfg that differ from a default Config, as (key, value) pairs apply_flag accepts.
std::vector<std::pair<std::string, std::string>> config_flags(const Config& cfg);

// Exact decimal text to an integer count of 1/10^scale units: parse_scaled("2.5", 6) == 2500000. No
// exponents, no more fractional digits than scale allows; nothing on malformed input or overflow.
std::optional<std::int64_t> parse_scaled(std::string_view text, int scale);

} // namespace il
