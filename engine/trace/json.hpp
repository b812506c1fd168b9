// A small streaming JSON writer and the deterministic number formats the reports use (integer nanoseconds
// shown as seconds or microseconds, fixed decimals by integer arithmetic), shared by report and perfetto.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace il {

// Appends s as a JSON string literal: quotes, backslashes and control characters escaped, valid UTF-8
// passed through, invalid bytes replaced by U+FFFD so the result is always valid JSON.
void append_json_string(std::string& out, std::string_view s);
std::string json_string(std::string_view s);

// Exact decimal text of num / den rounded half away from zero to `decimals` places ("0.2500" for 1/4, 4).
std::string fixed_ratio(std::int64_t num, std::int64_t den, int decimals);
// ns as seconds with 9 decimals ("12.345678901"), as microseconds with 3 ("12345678.901").
std::string format_seconds(std::int64_t ns);
std::string format_micros(std::int64_t ns);
// value / 10^scale with trailing zeros removed: decimal_trimmed(100000, 6) == "0.1", (10000000, 6) == "10".
std::string decimal_trimmed(std::int64_t value, int scale);

// Writes one JSON document; commas and (optional) indentation are handled here so callers only say what.
class JsonWriter {
public:
  explicit JsonWriter(int indent = 0) : indent_(indent) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& str(std::string_view s);
  JsonWriter& num(std::int64_t v);
  JsonWriter& boolean(bool b);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json); // an already formatted JSON value (a fixed-decimal number, ...)
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

private:
  void before_value();
  void close(char c);
  void newline();
  std::string out_;
  std::vector<bool> empty_; // per open container: nothing written in it yet
  bool after_key_ = false;
  int indent_;
};

} // namespace il
