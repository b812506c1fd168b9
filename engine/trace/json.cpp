// JSON text output and deterministic number formatting: no floating point, so native and wasm builds and
// every libc print the same digits.
#include "trace/json.hpp"

#include <cassert>
#include <cstdint>

namespace il {

// [SECTION] strings

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  // Overlong three- and four-byte forms, UTF-16 surrogates and code points past U+10FFFF.
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;
  if (c == 0xED && b(i + 1) >= 0xA0) return 0;
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;
  if (c == 0xF4 && b(i + 1) >= 0x90) return 0;
  return n;
}

} // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) { // 0x7F is legal JSON, but some trace readers reject any control byte
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
      continue;
    }
    std::size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  out += '"';
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// [SECTION] numbers

std::string fixed_ratio(std::int64_t num, std::int64_t den, int decimals) {
  assert(den > 0 && decimals >= 0 && decimals <= 9);
  std::int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  bool neg = num < 0;
  std::uint64_t n = neg ? 0 - static_cast<std::uint64_t>(num) : static_cast<std::uint64_t>(num);
  std::uint64_t d = static_cast<std::uint64_t>(den);
  // Integer part and remainder first, so num * scale never has to fit in 64 bits.
  std::uint64_t whole = n / d, rem = n % d;
  // rem < d; shrink both until rem * scale * 2 cannot overflow (loses precision only for absurd denominators).
  while (d > UINT64_MAX / (2 * static_cast<std::uint64_t>(scale) + 2)) {
    d >>= 1;
    rem >>= 1;
  }
  std::uint64_t frac = (rem * static_cast<std::uint64_t>(scale) * 2 + d) / (2 * d);
  if (frac >= static_cast<std::uint64_t>(scale)) {
    ++whole;
    frac -= static_cast<std::uint64_t>(scale);
  }
  std::string s = (neg && (whole || frac)) ? "-" : "";
  s += std::to_string(whole);
  if (decimals > 0) {
    std::string f = std::to_string(frac);
    s += '.';
    s.append(static_cast<std::size_t>(decimals) - f.size(), '0');
    s += f;
  }
  return s;
}

namespace {
std::string split_decimal(std::int64_t v, std::int64_t unit, int digits) {
  bool neg = v < 0;
  std::uint64_t u = neg ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  std::string f = std::to_string(u % static_cast<std::uint64_t>(unit));
  std::string s = neg ? "-" : "";
  s += std::to_string(u / static_cast<std::uint64_t>(unit));
  s += '.';
  s.append(static_cast<std::size_t>(digits) - f.size(), '0');
  return s + f;
}
} // namespace

std::string format_seconds(std::int64_t ns) { return split_decimal(ns, 1'000'000'000, 9); }
std::string format_micros(std::int64_t ns) { return split_decimal(ns, 1'000, 3); }

std::string decimal_trimmed(std::int64_t value, int scale) {
  std::int64_t unit = 1;
  for (int i = 0; i < scale; ++i) unit *= 10;
  std::string s = split_decimal(value, unit, scale);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// [SECTION] JsonWriter

void JsonWriter::newline() {
  if (indent_ <= 0) return;
  out_ += '\n';
  out_.append(empty_.size() * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return; // the top-level value
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  empty_.push_back(true);
  return *this;
}

void JsonWriter::close(char c) {
  assert(!empty_.empty() && !after_key_); // balanced, and no key left without its value
  bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) newline();
  out_ += c;
}

JsonWriter& JsonWriter::end_object() {
  close('}');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += indent_ > 0 ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::str(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::num(std::int64_t v) {
  before_value();
  out_ += std::to_string(v);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  assert(!json.empty());
  before_value();
  out_ += json;
  return *this;
}

} // namespace il
