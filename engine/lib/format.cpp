// CPython 3.11's string formatting (format(), str.format, printf-style %, repr/ascii), ported from
// Objects/stringlib/unicode_format.h, Python/formatter_unicode.c, Objects/unicodeobject.c (PyUnicode_Format,
// unicode_repr) and Python/pystrtod.c (format_float_short), with the same checks in the same order so that the
// same exception comes out. Digits come from snprintf with an explicit precision (exact in glibc and in
// emscripten's musl) and, for repr, the shortest of those that strtod reads back; the radix character is only
// ever handed back to strtod, so a non-C LC_NUMERIC cannot leak into the output.
#include "lib/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "machine/objects.hpp" // type_name
#include "python/tokenizer.hpp"

namespace il {

namespace {

using std::int64_t;
using U32 = std::u32string;

constexpr int64_t kSsizeMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kIntMax = 2147483647;
// A width or a number's precision above this raises MemoryError instead of building a string that large
// (CPython would try to; a simulated program should not take the simulator's memory down).
constexpr int64_t kMaxLength = int64_t{1} << 24;

FormatError value_error(std::string m) { return {"ValueError", std::move(m)}; }
FormatError type_error(std::string m) { return {"TypeError", std::move(m)}; }
FormatError memory_error() { return {"MemoryError", ""}; }

// [SECTION] UTF-8 and characters

U32 decode(std::string_view s) {
  U32 out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(static_cast<char32_t>(py::decode_utf8(s, i)));
  return out;
}

void put(std::string& out, char32_t c) { py::append_utf8(out, static_cast<std::uint32_t>(c)); }

void put_n(std::string& out, char32_t c, int64_t n) {
  if (n <= 0) return;
  if (c < 0x80) {
    out.append(static_cast<std::size_t>(n), static_cast<char>(c));
    return;
  }
  for (int64_t i = 0; i < n; ++i) put(out, c);
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) put(out, c);
  return out;
}

int64_t length(std::string_view s) { // code points
  int64_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) py::decode_utf8(s, i);
  return n;
}

std::size_t prefix_bytes(std::string_view s, int64_t n) { // bytes of the first n code points
  std::size_t i = 0;
  for (int64_t k = 0; k < n && i < s.size(); ++k) py::decode_utf8(s, i);
  return i;
}

// Py_UNICODE_TODECIMAL: the first code point of each run of ten Nd digits (Unicode 14.0, CPython 3.11.7's
// unicodedata: every code point with a decimal value is in one of these runs).
constexpr char32_t kDigitZeros[] = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,   0xc66,
    0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,  0x1946,
    0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,  0xa900,  0xa9d0,
    0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
    0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

int decimal_value(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9' ? static_cast<int>(c - '0') : -1;
  const auto* it = std::upper_bound(std::begin(kDigitZeros), std::end(kDigitZeros), c);
  if (it == std::begin(kDigitZeros)) return -1;
  const char32_t zero = *(it - 1);
  return c - zero < 10 ? static_cast<int>(c - zero) : -1;
}

std::string hex_of(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  do {
    s += kHex[v & 15];
    v >>= 4;
  } while (v);
  std::reverse(s.begin(), s.end());
  return s;
}

std::string hex_fixed(std::uint32_t v, int width) {
  std::string s = hex_of(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

// A character in an error message as CPython's "'%c'" or "'\\x%x'" (printable ASCII other than space raw).
std::string quoted_code(char32_t c) {
  if (c > 32 && c < 128) return std::string(1, static_cast<char>(c));
  return "\\x" + hex_of(c);
}

// [SECTION] repr, ascii and str

void escape_non_ascii(std::string& out, char32_t c) {
  if (c < 0x100) out += "\\x" + hex_fixed(c, 2);
  else if (c < 0x10000) out += "\\u" + hex_fixed(c, 4);
  else out += "\\U" + hex_fixed(c, 8);
}

std::string to_ascii(std::string_view s) { // backslashreplace every non-ASCII code point
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t c = static_cast<char32_t>(py::decode_utf8(s, i));
    if (c < 0x80) out += s[at];
    else escape_non_ascii(out, c);
  }
  return out;
}

// [SECTION] floats: digits as David Gay's dtoa gives them, then pystrtod.c's format_float_short

struct Digits {
  std::string digits; // no leading zeros, trailing zeros stripped; "0" for zero
  int64_t decpt = 1;  // the value is 0.digits * 10**decpt
};

// Digits before the exponent of snprintf's "%.*e" output, and the exponent.
void split_e(const char* buf, std::string& digits, int& exp10, std::string& radix) {
  digits.clear();
  radix.clear();
  const char* p = buf;
  while (*p && *p != 'e' && *p != 'E') {
    if (*p >= '0' && *p <= '9') digits += *p;
    else if (digits.size() == 1) radix += *p; // whatever the locale put between the first digit and the rest
    ++p;
  }
  exp10 = (*p == 'e' || *p == 'E') ? std::atoi(p + 1) : 0;
}

void strip_trailing_zeros(Digits& d) {
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  std::size_t lead = 0;
  while (lead < d.digits.size() && d.digits[lead] == '0') ++lead;
  if (lead == d.digits.size()) {
    d.digits = "0";
    d.decpt = 1;
    return;
  }
  d.digits.erase(0, lead);
  d.decpt -= static_cast<int64_t>(lead);
}

// snprintf(conv = 'e' or 'f', prec, a), of any length.
std::string print_double(char conv, int prec, double a) {
  char small[128];
  int len = conv == 'e' ? std::snprintf(small, sizeof small, "%.*e", prec, a)
                        : std::snprintf(small, sizeof small, "%.*f", prec, a);
  if (len < 0) return std::string();
  if (static_cast<std::size_t>(len) < sizeof small) return std::string(small, static_cast<std::size_t>(len));
  std::vector<char> big(static_cast<std::size_t>(len) + 1);
  len = conv == 'e' ? std::snprintf(big.data(), big.size(), "%.*e", prec, a)
                    : std::snprintf(big.data(), big.size(), "%.*f", prec, a);
  return std::string(big.data(), static_cast<std::size_t>(std::max(len, 0)));
}

// Mode 2: `n` significant digits, correctly rounded (a is finite, >= 0).
Digits significant_digits(double a, int n) {
  Digits d;
  if (a == 0) return {"0", 1};
  const std::string buf = print_double('e', n - 1, a);
  int exp10 = 0;
  std::string radix;
  split_e(buf.c_str(), d.digits, exp10, radix);
  d.decpt = exp10 + 1;
  strip_trailing_zeros(d);
  return d;
}

// Mode 3: through `n` digits after the decimal point (a is finite, >= 0).
Digits fixed_digits(double a, int n) {
  Digits d;
  if (a == 0) return {"0", 1};
  const std::string buf = print_double('f', n, a);
  int64_t int_digits = 0;
  bool in_fraction = false;
  for (char c : buf) {
    if (c >= '0' && c <= '9') {
      d.digits += c;
      if (!in_fraction) ++int_digits;
    } else {
      in_fraction = true;
    }
  }
  d.decpt = int_digits;
  strip_trailing_zeros(d);
  return d;
}

// The p-digit decimal that reads back as a (finite, > 0), the nearest to a if two do: false if none does.
bool round_trips(double a, int p, std::string& digits, int& exp10) {
  char buf[64];
  std::string radix;
  std::snprintf(buf, sizeof buf, "%.*e", p - 1, a);
  const double back = std::strtod(buf, nullptr);
  split_e(buf, digits, exp10, radix);
  if (back == a) return true;
  // The nearest p-digit decimal is outside a's rounding interval, but where the interval is lopsided (a power
  // of two) the p-digit neighbour on a's other side may be inside it.
  std::string other = digits;
  int other_exp = exp10;
  const auto at = [&](int i) -> char& { return other[static_cast<std::size_t>(i)]; };
  if (back < a) {
    int i = p - 1;
    while (i >= 0 && at(i) == '9') at(i--) = '0';
    if (i < 0) {
      other = "1" + std::string(static_cast<std::size_t>(p - 1), '0');
      ++other_exp;
    } else {
      ++at(i);
    }
  } else if (other == "1" + std::string(static_cast<std::size_t>(p - 1), '0')) {
    other = std::string(static_cast<std::size_t>(p), '9');
    --other_exp;
  } else {
    int i = p - 1;
    while (at(i) == '0') at(i--) = '9';
    --at(i);
  }
  std::string text(1, other[0]);
  if (p > 1) text += radix + other.substr(1); // the locale's radix, as strtod reads it
  char e[16];
  std::snprintf(e, sizeof e, "e%d", other_exp);
  text += e;
  if (std::strtod(text.c_str(), nullptr) != a) return false;
  digits = other;
  exp10 = other_exp;
  return true;
}

// Mode 0: the shortest digits that read back as a (finite, >= 0), the nearest to a among those. Some p-digit
// decimal reads back for every p from the shortest on, so the shortest is found by bisection.
Digits shortest_digits(double a) {
  if (a == 0) return {"0", 1};
  std::string digits, best;
  int exp10 = 0, best_exp = 0;
  int lo = 1, hi = 17; // 17 digits always read back
  round_trips(a, hi, best, best_exp);
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (round_trips(a, mid, digits, exp10)) {
      hi = mid;
      best = digits;
      best_exp = exp10;
    } else {
      lo = mid + 1;
    }
  }
  Digits d{best, best_exp + 1};
  strip_trailing_zeros(d);
  return d;
}

struct FloatFlags {
  bool alt = false;          // Py_DTSF_ALT
  bool add_dot_0 = false;    // Py_DTSF_ADD_DOT_0
  bool no_neg_0 = false;     // Py_DTSF_NO_NEG_0
};

// PyOS_double_to_string(val, code, precision, flags) for code in e E f F g G r.
std::string double_to_string(double val, char code, int64_t precision, FloatFlags fl) {
  const bool upper = code == 'E' || code == 'F' || code == 'G';
  if (upper) code = static_cast<char>(code - 'A' + 'a');
  if (code == 'e') ++precision;
  if (code == 'g' && precision == 0) precision = 1;

  std::string out;
  if (std::isnan(val) || std::isinf(val)) {
    const bool negative = std::isinf(val) && std::signbit(val); // the sign of a nan is ignored
    if (negative) out += '-';
    out += std::isnan(val) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    return out;
  }
  bool negative = std::signbit(val);
  const double a = std::fabs(val);
  Digits d = code == 'r' ? shortest_digits(a)
             : code == 'f' ? fixed_digits(a, static_cast<int>(precision))
                           : significant_digits(a, static_cast<int>(precision));
  if (fl.no_neg_0 && negative && d.digits == "0") negative = false;

  const std::string& digits = d.digits;
  const int64_t digits_len = static_cast<int64_t>(digits.size());
  int64_t decpt = d.decpt;
  int64_t vdigits_end = digits_len;
  bool use_exp = false;
  int64_t exp = 0;
  switch (code) {
  case 'e':
    use_exp = true;
    vdigits_end = precision;
    break;
  case 'f': vdigits_end = decpt + precision; break;
  case 'g':
    if (decpt <= -4 || decpt > (fl.add_dot_0 ? precision - 1 : precision)) use_exp = true;
    if (fl.alt) vdigits_end = precision;
    break;
  default: // 'r': exponent notation from 1e16 on
    if (decpt <= -4 || decpt > 16) use_exp = true;
    break;
  }
  if (use_exp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const int64_t vdigits_start = decpt <= 0 ? decpt - 1 : 0;
  if (!use_exp && fl.add_dot_0) vdigits_end = std::max(vdigits_end, decpt + 1);
  else vdigits_end = std::max(vdigits_end, decpt);

  if (negative) out += '-';
  const auto zeros = [&](int64_t n) {
    if (n > 0) out.append(static_cast<std::size_t>(n), '0');
  };
  if (decpt <= 0) {
    zeros(decpt - vdigits_start);
    out += '.';
    zeros(-decpt);
  } else {
    zeros(-vdigits_start);
  }
  if (0 < decpt && decpt <= digits_len) {
    out.append(digits, 0, static_cast<std::size_t>(decpt));
    out += '.';
    out.append(digits, static_cast<std::size_t>(decpt));
  } else {
    out += digits;
  }
  if (digits_len < decpt) {
    zeros(decpt - digits_len);
    out += '.';
    zeros(vdigits_end - decpt);
  } else {
    zeros(vdigits_end - digits_len);
  }
  if (out.back() == '.' && !fl.alt) out.pop_back();
  if (use_exp) {
    out += upper ? 'E' : 'e';
    out += exp < 0 ? '-' : '+';
    const int64_t m = exp < 0 ? -exp : exp;
    if (m < 10) out += '0';
    out += std::to_string(m);
  }
  return out;
}

// [SECTION] the format-spec mini-language (formatter_unicode.c)

enum class Group : std::uint8_t { None, Comma, Under, Under4 };

struct Spec {
  char32_t fill = ' ';
  char32_t align = '>';
  char32_t sign = 0; // '+', '-', ' ' or 0
  bool no_neg_0 = false;
  bool alternate = false;
  int64_t width = -1;
  Group group = Group::None;
  int64_t precision = -1;
  char32_t type = 0;
};

bool is_alignment(char32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

// The decimal digits at s[pos...] into result: how many there were, or -1 on overflow.
int64_t spec_integer(const U32& s, std::size_t& pos, int64_t& result) {
  int64_t acc = 0, n = 0;
  for (; pos < s.size(); ++pos, ++n) {
    const int d = decimal_value(s[pos]);
    if (d < 0) break;
    if (acc > (kSsizeMax - d) / 10) return -1;
    acc = acc * 10 + d;
  }
  result = acc;
  return n;
}

std::optional<FormatError> parse_spec(std::string_view text, std::string_view type_name, char32_t default_type,
                                      char32_t default_align, Spec& f) {
  const U32 s = decode(text);
  const std::size_t end = s.size();
  std::size_t pos = 0;
  bool align_specified = false, fill_specified = false;
  f = Spec{};
  f.align = default_align;
  f.type = default_type;
  if (end - pos >= 2 && is_alignment(s[pos + 1])) {
    f.align = s[pos + 1];
    f.fill = s[pos];
    fill_specified = align_specified = true;
    pos += 2;
  } else if (end - pos >= 1 && is_alignment(s[pos])) {
    f.align = s[pos];
    align_specified = true;
    ++pos;
  }
  if (pos < end && (s[pos] == ' ' || s[pos] == '+' || s[pos] == '-')) f.sign = s[pos++];
  if (pos < end && s[pos] == 'z') {
    f.no_neg_0 = true;
    ++pos;
  }
  if (pos < end && s[pos] == '#') {
    f.alternate = true;
    ++pos;
  }
  if (!fill_specified && pos < end && s[pos] == '0') {
    f.fill = '0';
    if (!align_specified && default_align == '>') f.align = '=';
    ++pos;
  }
  const FormatError too_many = value_error("Too many decimal digits in format string");
  int64_t consumed = spec_integer(s, pos, f.width);
  if (consumed < 0) return too_many;
  if (consumed == 0) f.width = -1;
  if (pos < end && s[pos] == ',') {
    f.group = Group::Comma;
    ++pos;
  }
  if (pos < end && s[pos] == '_') {
    if (f.group != Group::None) return value_error("Cannot specify both ',' and '_'.");
    f.group = Group::Under;
    ++pos;
  }
  if (pos < end && s[pos] == ',' && f.group == Group::Under) return value_error("Cannot specify both ',' and '_'.");
  if (pos < end && s[pos] == '.') {
    ++pos;
    consumed = spec_integer(s, pos, f.precision);
    if (consumed < 0) return too_many;
    if (consumed == 0) return value_error("Format specifier missing precision");
  }
  if (end - pos > 1)
    return value_error("Invalid format specifier '" + std::string(text) + "' for object of type '" +
                       std::string(type_name) + "'");
  if (end - pos == 1) f.type = s[pos++];
  if (f.group != Group::None) {
    switch (f.type) {
    case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0: break;
    case 'b': case 'o': case 'x': case 'X':
      if (f.group == Group::Under) {
        f.group = Group::Under4; // every four digits in bin/oct/hex
        break;
      }
      [[fallthrough]];
    default:
      return value_error(std::string("Cannot specify '") + (f.group == Group::Comma ? ',' : '_') + "' with '" +
                         quoted_code(f.type) + "'.");
    }
  }
  return std::nullopt;
}

FormatError unknown_code(char32_t type, std::string_view type_name) {
  return value_error("Unknown format code '" + quoted_code(type) + "' for object of type '" +
                     std::string(type_name) + "'");
}

// _PyUnicode_InsertThousandsGrouping: digits grouped by glen (0: none) with sep, zero-padded on the left to
// min_width characters (separators included) as the '0' flag asks.
std::string group_digits(std::string_view digits, int64_t min_width, int glen, char sep) {
  min_width = std::max<int64_t>(0, min_width);
  std::string rev;
  int64_t remaining = static_cast<int64_t>(digits.size());
  std::size_t dpos = digits.size();
  bool use_sep = false;
  const auto emit = [&](int64_t n_chars, int64_t n_zeros) {
    if (use_sep) rev += sep;
    for (int64_t i = 0; i < n_chars; ++i) rev += digits[--dpos];
    if (n_zeros > 0) rev.append(static_cast<std::size_t>(n_zeros), '0');
  };
  bool broken = false;
  if (glen > 0) {
    for (;;) {
      const int64_t len = std::min<int64_t>(glen, std::max<int64_t>(std::max(remaining, min_width), 1));
      const int64_t n_zeros = std::max<int64_t>(0, len - remaining);
      const int64_t n_chars = std::max<int64_t>(0, std::min(remaining, len));
      emit(n_chars, n_zeros);
      use_sep = true;
      remaining -= n_chars;
      min_width -= len;
      if (remaining <= 0 && min_width <= 0) {
        broken = true;
        break;
      }
      min_width -= 1; // the separator's width
    }
  }
  if (!broken) {
    const int64_t len = std::max<int64_t>(std::max(remaining, min_width), 1);
    const int64_t n_zeros = std::max<int64_t>(0, len - remaining);
    const int64_t n_chars = std::max<int64_t>(0, std::min(remaining, len));
    emit(n_chars, n_zeros);
  }
  std::reverse(rev.begin(), rev.end());
  return rev;
}

// A formatted number before padding: [sign][prefix][digits][.remainder] (calc_number_widths + fill_number).
struct NumberParts {
  char sign_char = 0;    // '-' when negative
  std::string prefix;    // "0x", "0X", "0o", "0b" for '#'
  std::string digits;    // the integer digits (ASCII), grouped; empty for 'c', inf and nan
  bool has_decimal = false;
  std::string remainder; // after the decimal point (fraction, exponent, '%'), or the character of 'c'
};

std::optional<FormatError> render_number(const NumberParts& p, const Spec& f, std::string& out) {
  if (f.width > kMaxLength) return memory_error();
  char sign = 0;
  if (f.sign == '+') sign = p.sign_char == '-' ? '-' : '+';
  else if (f.sign == ' ') sign = p.sign_char == '-' ? '-' : ' ';
  else if (p.sign_char == '-') sign = '-';
  const int64_t n_remainder = length(p.remainder);
  const int64_t n_non_digit = (sign ? 1 : 0) + static_cast<int64_t>(p.prefix.size()) + (p.has_decimal ? 1 : 0) +
                              n_remainder;
  const int64_t min_width = (f.fill == '0' && f.align == '=') ? f.width - n_non_digit : 0;
  std::string grouped;
  if (!p.digits.empty()) {
    const int glen = f.group == Group::None ? 0 : f.group == Group::Under4 ? 4 : 3;
    grouped = group_digits(p.digits, min_width, glen, f.group == Group::Comma ? ',' : '_');
  }
  const int64_t n_padding = f.width - (n_non_digit + static_cast<int64_t>(grouped.size()));
  int64_t lpad = 0, spad = 0, rpad = 0;
  if (n_padding > 0) {
    switch (f.align) {
    case '<': rpad = n_padding; break;
    case '^':
      lpad = n_padding / 2;
      rpad = n_padding - lpad;
      break;
    case '=': spad = n_padding; break;
    default: lpad = n_padding; break;
    }
  }
  put_n(out, f.fill, lpad);
  if (sign) out += sign;
  out += p.prefix;
  put_n(out, f.fill, spad);
  out += grouped;
  if (p.has_decimal) out += '.';
  out += p.remainder;
  put_n(out, f.fill, rpad);
  return std::nullopt;
}

// format_float_internal
std::optional<FormatError> format_float(double val, const Spec& f, std::string& out) {
  if (f.precision > kIntMax) return value_error("precision too big");
  int64_t precision = f.precision;
  char32_t type = f.type;
  int64_t default_precision = 6;
  FloatFlags fl;
  fl.alt = f.alternate;
  fl.no_neg_0 = f.no_neg_0;
  if (type == 0) { // like repr without a precision, else like 'g' but with at least one digit after the point
    fl.add_dot_0 = true;
    type = 'r';
    default_precision = 0;
  }
  if (type == 'n') type = 'g';
  bool add_pct = false;
  if (type == '%') {
    type = 'f';
    val *= 100;
    add_pct = true;
  }
  if (precision < 0) precision = default_precision;
  else if (type == 'r') type = 'g';
  if (precision > kMaxLength) return memory_error();
  std::string buf = double_to_string(val, static_cast<char>(type), precision, fl);
  if (add_pct) buf += '%';

  NumberParts p;
  std::size_t i = 0;
  if (buf[0] == '-') {
    p.sign_char = '-';
    i = 1;
  }
  const std::size_t digits_start = i;
  while (i < buf.size() && buf[i] >= '0' && buf[i] <= '9') ++i;
  p.digits = buf.substr(digits_start, i - digits_start);
  p.has_decimal = i < buf.size() && buf[i] == '.';
  if (p.has_decimal) ++i;
  p.remainder = buf.substr(i);
  return render_number(p, f, out);
}

std::string int_digits(std::uint64_t mag, int base, bool upper) {
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  std::string s;
  do {
    s += (upper ? kUpper : kLower)[mag % static_cast<unsigned>(base)];
    mag /= static_cast<unsigned>(base);
  } while (mag);
  std::reverse(s.begin(), s.end());
  return s;
}

std::uint64_t magnitude(int64_t x) {
  return x < 0 ? ~static_cast<std::uint64_t>(x) + 1 : static_cast<std::uint64_t>(x);
}

// format_long_internal
std::optional<FormatError> format_int(int64_t x, const Spec& f, std::string& out) {
  if (f.precision != -1) return value_error("Precision not allowed in integer format specifier");
  if (f.no_neg_0) return value_error("Negative zero coercion (z) not allowed in integer format specifier");
  NumberParts p;
  Spec g = f;
  if (f.type == 'c') {
    if (f.sign) return value_error("Sign not allowed with integer format specifier 'c'");
    if (f.alternate) return value_error("Alternate form (#) not allowed with integer format specifier 'c'");
    if (x < 0 || x > 0x10ffff) return FormatError{"OverflowError", "%c arg not in range(0x110000)"};
    put(p.remainder, static_cast<char32_t>(x));
  } else {
    int base = 10;
    const char* prefix = "";
    switch (f.type) {
    case 'b': base = 2; prefix = "0b"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'x': base = 16; prefix = "0x"; break;
    case 'X': base = 16; prefix = "0X"; break;
    default: break;
    }
    if (f.alternate) p.prefix = prefix;
    if (x < 0) p.sign_char = '-';
    p.digits = int_digits(magnitude(x), base, f.type == 'X');
  }
  if (f.type == 'n') g.group = Group::None; // the C locale groups nothing
  return render_number(p, g, out);
}

// format_string_internal
std::optional<FormatError> format_text(std::string_view s, std::string_view spec, std::string& out) {
  if (spec.empty()) {
    out += s;
    return std::nullopt;
  }
  Spec f;
  if (auto e = parse_spec(spec, "str", 's', '<', f)) return e;
  if (f.type != 's') return unknown_code(f.type, "str");
  if (f.sign == ' ') return value_error("Space not allowed in string format specifier");
  if (f.sign) return value_error("Sign not allowed in string format specifier");
  if (f.no_neg_0) return value_error("Negative zero coercion (z) not allowed in string format specifier");
  if (f.alternate) return value_error("Alternate form (#) not allowed in string format specifier");
  if (f.align == '=') return value_error("'=' alignment not allowed in string format specifier");
  if (f.width > kMaxLength) return memory_error();
  int64_t len = length(s);
  std::string_view shown = s;
  if (f.precision >= 0 && len >= f.precision) {
    len = f.precision;
    shown = s.substr(0, prefix_bytes(s, len));
  }
  const int64_t total = f.width >= 0 && f.width > len ? f.width : len;
  int64_t lpad = 0;
  if (f.align == '>') lpad = total - len;
  else if (f.align == '^') lpad = (total - len) / 2;
  put_n(out, f.fill, lpad);
  out += shown;
  put_n(out, f.fill, total - len - lpad);
  return std::nullopt;
}

std::optional<FormatError> format_number_value(Value v, std::string_view spec, std::string_view tname,
                                               std::string& out) {
  Spec f;
  if (v.tag == Tag::Float) {
    if (auto e = parse_spec(spec, tname, 0, '>', f)) return e;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
      return format_float(v.f, f, out);
    default: return unknown_code(f.type, tname);
    }
  }
  if (auto e = parse_spec(spec, tname, 'd', '>', f)) return e;
  switch (f.type) {
  case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n': return format_int(v.i, f, out);
  case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
    return format_float(static_cast<double>(v.i), f, out);
  default: return unknown_code(f.type, tname);
  }
}

// [SECTION] printf-style formatting (PyUnicode_Format)

constexpr int kLjust = 1, kSign = 2, kBlank = 4, kAlt = 8, kZero = 16;

// The conversion's text and whether it is a number (whose sign, '0' fill and '#' prefix the output handles).
struct PercentArg {
  char32_t ch = 0;
  int flags = 0;
  int64_t width = -1;
  int64_t prec = -1;
  bool sign = false;
};

// _PyUnicode_FormatLong for a number given as its sign and its digits in base (d/i/u 10, o 8, x/X 16).
std::optional<FormatError> format_long_text(bool negative, std::string digits, const PercentArg& a,
                                            std::string& res) {
  if (a.prec > kIntMax - 3) return FormatError{"OverflowError", "precision too large"};
  if (a.prec > kMaxLength) return memory_error();
  res.clear();
  if (negative) res += '-';
  if ((a.flags & kAlt) && (a.ch == 'o' || a.ch == 'x' || a.ch == 'X'))
    res += a.ch == 'o' ? "0o" : a.ch == 'x' ? "0x" : "0X";
  const int64_t numdigits = static_cast<int64_t>(digits.size());
  if (a.prec > numdigits) res.append(static_cast<std::size_t>(a.prec - numdigits), '0');
  res += digits;
  return std::nullopt;
}

// unicode_format_arg_output
std::optional<FormatError> percent_output(PercentArg a, std::string_view str, std::string& out) {
  const char32_t fill = (a.sign && (a.flags & kZero)) ? '0' : ' ';
  int64_t len = length(str);
  if ((a.width == -1 || a.width <= len) && (a.prec == -1 || a.prec >= len) && !(a.flags & (kSign | kBlank))) {
    out += str;
    return std::nullopt;
  }
  if (a.width > kMaxLength) return memory_error();
  if ((a.ch == 's' || a.ch == 'r' || a.ch == 'a') && a.prec >= 0 && len > a.prec) len = a.prec;
  std::size_t pindex = 0; // bytes: only numbers (ASCII) skip a sign or a prefix
  char signchar = 0;
  if (a.sign) {
    const char c = str.empty() ? 0 : str[0];
    if (c == '-' || c == '+') {
      signchar = c;
      --len;
      ++pindex;
    } else if (a.flags & kSign) {
      signchar = '+';
    } else if (a.flags & kBlank) {
      signchar = ' ';
    } else {
      a.sign = false;
    }
  }
  if (a.width < len) a.width = len;
  const bool prefixed = (a.flags & kAlt) && (a.ch == 'x' || a.ch == 'X' || a.ch == 'o');
  if (a.sign) {
    if (fill != ' ') out += signchar;
    if (a.width > len) --a.width;
  }
  if (prefixed) {
    if (fill != ' ') {
      out += '0';
      out += static_cast<char>(a.ch);
      pindex += 2;
    }
    a.width -= 2;
    if (a.width < 0) a.width = 0;
    len -= 2;
  }
  if (a.width > len && !(a.flags & kLjust)) {
    put_n(out, fill, a.width - len);
    a.width = len;
  }
  if (fill == ' ') {
    if (a.sign) out += signchar;
    if (prefixed) {
      out += '0';
      out += static_cast<char>(a.ch);
      pindex += 2;
    }
  }
  if (len > 0) {
    const std::string_view rest = str.substr(std::min(pindex, str.size()));
    out += rest.substr(0, prefix_bytes(rest, len));
  }
  if (a.width > len) put_n(out, ' ', a.width - len);
  return std::nullopt;
}

// unicode_format_arg_format for one conversion whose argument is v: its text in res (a.sign set for numbers).
std::optional<FormatError> percent_convert(const Kernel& k, Value v, PercentArg& a, std::string& res) {
  switch (a.ch) {
  case 's': res = str_value(k, v); return std::nullopt;
  case 'r': res = repr_value(k, v); return std::nullopt;
  case 'a': res = ascii_value(k, v); return std::nullopt;
  case 'i': case 'd': case 'u': case 'o': case 'x': case 'X': {
    const bool needs_index = a.ch == 'o' || a.ch == 'x' || a.ch == 'X';
    const int base = a.ch == 'o' ? 8 : needs_index ? 16 : 10;
    a.sign = true;
    if (v.tag == Tag::Int || v.tag == Tag::Bool)
      return format_long_text(v.i < 0, int_digits(magnitude(v.i), base, a.ch == 'X'), a, res);
    if (v.tag == Tag::Float && !needs_index) {
      if (std::isinf(v.f)) return FormatError{"OverflowError", "cannot convert float infinity to integer"};
      if (std::isnan(v.f)) return value_error("cannot convert float NaN to integer");
      const double t = std::trunc(v.f);
      char buf[400]; // |t| < 2**1024 has at most 309 digits
      std::snprintf(buf, sizeof buf, "%.0f", std::fabs(t));
      std::string digits;
      for (const char* p = buf; *p; ++p)
        if (*p >= '0' && *p <= '9') digits += *p;
      return format_long_text(t < 0, digits, a, res);
    }
    std::string m = "%";
    put(m, a.ch);
    m += needs_index ? " format: an integer is required, not " : " format: a real number is required, not ";
    return type_error(m + type_name(k, v));
  }
  case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
    if (!v.is_number()) return type_error("must be real number, not " + type_name(k, v));
    if (a.prec > kMaxLength) return memory_error();
    FloatFlags fl;
    fl.alt = (a.flags & kAlt) != 0;
    res = double_to_string(v.as_double(), static_cast<char>(a.ch), a.prec < 0 ? 6 : a.prec, fl);
    a.sign = true;
    return std::nullopt;
  }
  case 'c': {
    if (v.tag == Tag::Str) {
      const std::string& s = k.str(v.as_str());
      if (length(s) == 1) {
        res = s;
        return std::nullopt;
      }
    } else if (v.tag == Tag::Int || v.tag == Tag::Bool) {
      if (v.i < 0 || v.i > 0x10ffff) return FormatError{"OverflowError", "%c arg not in range(0x110000)"};
      res.clear();
      put(res, static_cast<char32_t>(v.i));
      return std::nullopt;
    }
    return type_error("%c requires int or char");
  }
  default: return std::nullopt; // handled by the caller
  }
}

// [SECTION] str.format (unicode_format.h)

// A replacement field's object: a Value, or a str the simulator has not interned (a conversion's result, an
// indexed character).
struct Field {
  Value v;
  bool is_text = false;
  std::string text;
};

std::string field_type_name(const Kernel& k, const Field& f) { return f.is_text ? "str" : type_name(k, f.v); }

// get_integer of unicode_format.h: -1 for an empty or non-decimal string, error on overflow.
std::optional<FormatError> field_integer(std::string_view s, int64_t& out) {
  out = -1;
  if (s.empty()) return std::nullopt;
  int64_t acc = 0;
  for (std::size_t i = 0; i < s.size();) {
    const int d = decimal_value(static_cast<char32_t>(py::decode_utf8(s, i)));
    if (d < 0) return std::nullopt;
    if (acc > (kSsizeMax - d) / 10) return value_error("Too many decimal digits in format string");
    acc = acc * 10 + d;
  }
  out = acc;
  return std::nullopt;
}

class Formatter {
public:
  Formatter(const Kernel& k, std::span<const Value> args, std::span<const std::pair<std::string, Value>> kwargs)
      : k_(k), args_(args), kwargs_(kwargs) {}

  std::optional<FormatError> build(std::string_view fmt, int depth, std::string& out) {
    if (depth <= 0) return value_error("Max string recursion exceeded");
    const std::size_t n = fmt.size();
    std::size_t pos = 0;
    while (pos < n) {
      // MarkupIterator_next: literal text up to a brace, "{{" and "}}" standing for one
      const std::size_t start = pos;
      char c = 0;
      bool markup = false;
      while (pos < n) {
        c = fmt[pos++];
        if (c == '{' || c == '}') {
          markup = true;
          break;
        }
      }
      const bool at_end = pos >= n;
      std::size_t len = pos - start;
      if (markup && c == '}' && (at_end || fmt[pos] != '}'))
        return value_error("Single '}' encountered in format string");
      if (markup && at_end && c == '{') return value_error("Single '{' encountered in format string");
      if (!at_end && markup) {
        if (fmt[pos] == c) {
          ++pos;
          markup = false;
        } else {
          --len;
        }
      }
      out.append(fmt.substr(start, len));
      if (!markup) continue;
      if (auto e = field(fmt, pos, depth, out)) return e;
    }
    return std::nullopt;
  }

private:
  // parse_field + output_markup for the field starting at fmt[pos] (just after its '{').
  std::optional<FormatError> field(std::string_view fmt, std::size_t& pos, int depth, std::string& out) {
    const std::size_t n = fmt.size();
    const std::size_t name_start = pos;
    char c = 0;
    while (pos < n) {
      c = fmt[pos++];
      if (c == '{') return value_error("unexpected '{' in field name");
      if (c == '[') {
        while (pos < n && fmt[pos] != ']') ++pos;
        continue;
      }
      if (c == '}' || c == ':' || c == '!') break;
    }
    const std::string_view name = fmt.substr(name_start, pos - 1 - name_start);
    char32_t conversion = 0;
    std::string_view spec;
    bool expand = false;
    if (c == '!' || c == ':') {
      bool done = false;
      if (c == '!') {
        if (pos >= n) return value_error("end of string while looking for conversion specifier");
        conversion = static_cast<char32_t>(py::decode_utf8(fmt, pos));
        if (pos < n) {
          const char next = fmt[pos++];
          if (next == '}') done = true;
          else if (next != ':') return value_error("expected ':' after conversion specifier");
        }
      }
      if (!done) {
        const std::size_t spec_start = pos;
        int count = 1;
        while (pos < n && !done) {
          const char sc = fmt[pos++];
          if (sc == '{') {
            expand = true;
            ++count;
          } else if (sc == '}' && --count == 0) {
            spec = fmt.substr(spec_start, pos - 1 - spec_start);
            done = true;
          }
        }
        if (!done) return value_error("unmatched '{' in format spec");
      }
    } else if (c != '}') {
      return value_error("expected '}' before end of string");
    }

    Field obj;
    if (auto e = lookup(name, obj)) return e;
    if (conversion) {
      std::string text;
      switch (conversion) {
      case 'r': text = obj.is_text ? str_repr(obj.text) : repr_value(k_, obj.v); break;
      case 's': text = obj.is_text ? obj.text : str_value(k_, obj.v); break;
      case 'a': text = obj.is_text ? str_ascii(obj.text) : ascii_value(k_, obj.v); break;
      default:
        if (conversion > 32 && conversion < 127)
          return value_error(std::string("Unknown conversion specifier ") + static_cast<char>(conversion));
        return value_error("Unknown conversion specifier \\x" + hex_of(conversion));
      }
      obj.is_text = true;
      obj.text = std::move(text);
    }
    std::string expanded;
    if (expand) {
      if (auto e = build(spec, depth - 1, expanded)) return e;
      spec = expanded;
    }
    if (obj.is_text) return format_text(obj.text, spec, out);
    return format_value(k_, obj.v, spec, out);
  }

  // get_field_object: the first part (an index, empty for the next one, or a keyword), then [i] and .name.
  std::optional<FormatError> lookup(std::string_view name, Field& obj) {
    std::size_t i = 0;
    while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
    const std::string_view first = name.substr(0, i);
    int64_t index = -1;
    if (auto e = field_integer(first, index)) return e;
    const bool empty = first.empty();
    if (empty || index != -1) {
      if (state_ == Numbering::Init) state_ = empty ? Numbering::Auto : Numbering::Manual;
      if (state_ == Numbering::Manual && empty)
        return value_error("cannot switch from manual field specification to automatic field numbering");
      if (state_ != Numbering::Manual && !empty)
        return value_error("cannot switch from automatic field numbering to manual field specification");
      if (empty) index = next_++;
    }
    if (index == -1) {
      const auto it = std::find_if(kwargs_.begin(), kwargs_.end(), [&](const auto& kv) { return kv.first == first; });
      if (it == kwargs_.end()) return FormatError{"KeyError", str_repr(first)};
      obj.v = it->second;
    } else {
      if (index >= static_cast<int64_t>(args_.size()))
        return FormatError{"IndexError", "Replacement index " + std::to_string(index) +
                                             " out of range for positional args tuple"};
      obj.v = args_[static_cast<std::size_t>(index)];
    }
    const std::string_view rest = name.substr(i);
    std::size_t p = 0;
    while (p < rest.size()) {
      const char c = rest[p++];
      std::string_view part;
      bool attribute = false;
      if (c == '.') {
        attribute = true;
        const std::size_t s = p;
        while (p < rest.size() && rest[p] != '.' && rest[p] != '[') ++p;
        part = rest.substr(s, p - s);
      } else if (c == '[') {
        const std::size_t s = p;
        while (p < rest.size() && rest[p] != ']') ++p;
        if (p >= rest.size()) return value_error("Missing ']' in format string");
        part = rest.substr(s, p - s);
        ++p;
      } else {
        return value_error("Only '.' or '[' may follow ']' in format field specifier");
      }
      int64_t item = -1;
      if (!attribute)
        if (auto e = field_integer(part, item)) return e;
      if (part.empty()) return value_error("Empty attribute in format string");
      if (auto e = attribute ? get_attr(obj, part) : get_item(obj, part, item)) return e;
    }
    return std::nullopt;
  }

  std::optional<FormatError> get_attr(Field& obj, std::string_view attr) {
    const std::string tname = field_type_name(k_, obj);
    if (!obj.is_text) {
      const Value v = obj.v;
      if (v.tag == Tag::Int || v.tag == Tag::Bool) {
        if (attr == "real" || attr == "numerator") return set(obj, Value::integer(v.i));
        if (attr == "imag") return set(obj, Value::integer(0));
        if (attr == "denominator") return set(obj, Value::integer(1));
      } else if (v.tag == Tag::Float) {
        if (attr == "real") return set(obj, v);
        if (attr == "imag") return set(obj, Value::real(0.0));
      } else if (v.tag == Tag::Func) {
        if (attr == "__name__" || attr == "__qualname__") {
          obj.is_text = true;
          obj.text = k_.program().functions[static_cast<std::size_t>(v.i)].name;
          return std::nullopt;
        }
        return FormatError{"NotImplementedError", "str.format: attribute '" + std::string(attr) +
                                                      "' of a function is not supported"};
      } else if (v.tag == Tag::Obj) {
        return FormatError{"NotImplementedError", "str.format: attribute access on '" + tname +
                                                      "' objects is not supported"};
      }
    }
    return FormatError{"AttributeError", "'" + tname + "' object has no attribute '" + std::string(attr) + "'"};
  }

  std::optional<FormatError> get_item(Field& obj, std::string_view key, int64_t index) {
    const std::string tname = field_type_name(k_, obj);
    if (obj.is_text || obj.v.tag == Tag::Str) {
      const std::string s = obj.is_text ? obj.text : k_.str(obj.v.as_str());
      if (index < 0) return type_error("string indices must be integers, not 'str'");
      const std::size_t at = prefix_bytes(s, index);
      if (at >= s.size()) return FormatError{"IndexError", "string index out of range"};
      std::size_t after = at;
      py::decode_utf8(s, after);
      obj.is_text = true;
      obj.text = s.substr(at, after - at);
      return std::nullopt;
    }
    if (obj.v.tag == Tag::Obj)
      return FormatError{"NotImplementedError", "str.format: indexing '" + tname + "' objects (with [" +
                                                    std::string(key) + "]) is not supported"};
    return type_error("'" + tname + "' object is not subscriptable");
  }

  static std::optional<FormatError> set(Field& obj, Value v) {
    obj.v = v;
    obj.is_text = false;
    return std::nullopt;
  }

  enum class Numbering : std::uint8_t { Init, Auto, Manual };
  const Kernel& k_;
  std::span<const Value> args_;
  std::span<const std::pair<std::string, Value>> kwargs_;
  Numbering state_ = Numbering::Init;
  int64_t next_ = 0;
};

} // namespace

// [SECTION] public functions

std::string float_repr(double x) {
  FloatFlags fl;
  fl.add_dot_0 = true;
  return double_to_string(x, 'r', 0, fl);
}

std::string str_repr(std::string_view s) {
  bool squote = false, dquote = false;
  for (char c : s) {
    squote |= c == '\'';
    dquote |= c == '"';
  }
  const char quote = squote && !dquote ? '"' : '\'';
  std::string out(1, quote);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t c = static_cast<char32_t>(py::decode_utf8(s, i));
    if (c == static_cast<char32_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < ' ' || c == 0x7f) {
      out += "\\x" + hex_fixed(c, 2);
    } else if (c < 0x7f) {
      out += static_cast<char>(c);
    } else if (py::is_printable(c)) {
      out.append(s.substr(at, i - at));
    } else {
      escape_non_ascii(out, c);
    }
  }
  out += quote;
  return out;
}

std::string str_ascii(std::string_view s) { return to_ascii(str_repr(s)); }

std::string str_value(const Kernel& k, Value v) {
  switch (v.tag) {
  case Tag::None: return "None";
  case Tag::Bool: return v.i ? "True" : "False";
  case Tag::Int: return std::to_string(v.i);
  case Tag::Float: return float_repr(v.f);
  case Tag::Str: return k.str(v.as_str());
  default: return k.display(v);
  }
}

std::string repr_value(const Kernel& k, Value v) {
  switch (v.tag) {
  case Tag::None: return "None";
  case Tag::Bool: return v.i ? "True" : "False";
  case Tag::Int: return std::to_string(v.i);
  case Tag::Float: return float_repr(v.f);
  case Tag::Str: return str_repr(k.str(v.as_str()));
  default: return k.repr(v);
  }
}

std::string ascii_value(const Kernel& k, Value v) { return to_ascii(repr_value(k, v)); }

std::optional<FormatError> format_value(const Kernel& k, Value v, std::string_view spec, std::string& out) {
  if (spec.empty()) {
    out += str_value(k, v);
    return std::nullopt;
  }
  std::string res;
  std::optional<FormatError> err;
  switch (v.tag) {
  case Tag::Str: err = format_text(k.str(v.as_str()), spec, res); break;
  case Tag::Bool: case Tag::Int: case Tag::Float: err = format_number_value(v, spec, type_name(k, v), res); break;
  default: return type_error("unsupported format string passed to " + type_name(k, v) + ".__format__");
  }
  if (!err) out += res;
  return err;
}

std::optional<FormatError> percent_format(const Kernel& k, std::string_view fmt, std::span<const Value> args,
                                          std::string& out) {
  const U32 f = decode(fmt);
  const std::size_t n = f.size();
  const std::size_t arglen = args.size();
  std::size_t argidx = 0;
  std::string res;
  const auto next_arg = [&](Value& v) -> std::optional<FormatError> {
    if (argidx < arglen) {
      v = args[argidx++];
      return std::nullopt;
    }
    return type_error("not enough arguments for format string");
  };
  std::size_t i = 0;
  while (i < n) {
    if (f[i] != '%') {
      const std::size_t s = i;
      while (i < n && f[i] != '%') ++i;
      res += encode(std::u32string_view(f).substr(s, i - s));
      continue;
    }
    ++i;
    // unicode_format_arg: i is the next character to read; ch the last one read
    if (i < n && f[i] == '%') {
      res += '%';
      ++i;
      continue;
    }
    if (i < n && f[i] == '(') return type_error("format requires a mapping");
    PercentArg a;
    char32_t ch = i < n ? f[i] : 0;
    bool exhausted = false;
    const auto advance = [&]() {
      if (i < n) {
        ch = f[i++];
        return true;
      }
      exhausted = true;
      return false;
    };
    while (advance()) {
      switch (ch) {
      case '-': a.flags |= kLjust; continue;
      case '+': a.flags |= kSign; continue;
      case ' ': a.flags |= kBlank; continue;
      case '#': a.flags |= kAlt; continue;
      case '0': a.flags |= kZero; continue;
      default: break;
      }
      break;
    }
    if (ch == '*' && !exhausted) {
      Value w;
      if (auto e = next_arg(w)) return e;
      if (w.tag != Tag::Int && w.tag != Tag::Bool) return type_error("* wants int");
      a.width = w.i;
      if (a.width < 0) {
        a.flags |= kLjust;
        if (a.width != std::numeric_limits<int64_t>::min()) a.width = -a.width; // CPython's negation wraps
      }
      advance();
    } else if (ch >= '0' && ch <= '9') {
      a.width = ch - '0';
      while (advance()) {
        if (ch < '0' || ch > '9') break;
        const int d = static_cast<int>(ch - '0');
        if (a.width > (kSsizeMax - d) / 10) return value_error("width too big");
        a.width = a.width * 10 + d;
      }
    }
    if (ch == '.' && !exhausted) {
      a.prec = 0;
      advance();
      if (ch == '*' && !exhausted) {
        Value p;
        if (auto e = next_arg(p)) return e;
        if (p.tag != Tag::Int && p.tag != Tag::Bool) return type_error("* wants int");
        if (p.i > kIntMax || p.i < -kIntMax - 1)
          return FormatError{"OverflowError", "Python int too large to convert to C int"};
        a.prec = p.i < 0 ? 0 : p.i;
        advance();
      } else if (ch >= '0' && ch <= '9' && !exhausted) {
        a.prec = ch - '0';
        while (advance()) {
          if (ch < '0' || ch > '9') break;
          const int d = static_cast<int>(ch - '0');
          if (a.prec > (kIntMax - d) / 10) return value_error("precision too big");
          a.prec = a.prec * 10 + d;
        }
      }
    }
    if (!exhausted && (ch == 'h' || ch == 'l' || ch == 'L')) advance();
    if (exhausted) return value_error("incomplete format");
    a.ch = ch;

    Value v;
    if (auto e = next_arg(v)) return e;
    std::string text;
    switch (ch) {
    case 's': case 'r': case 'a': case 'i': case 'd': case 'u': case 'o': case 'x': case 'X':
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'c':
      if (auto e = percent_convert(k, v, a, text)) return e;
      break;
    default: {
      std::string m = "unsupported format character '";
      m += (ch >= 31 && ch <= 126) ? static_cast<char>(ch) : '?';
      m += "' (0x" + hex_of(ch) + ") at index " + std::to_string(i - 1);
      return value_error(m);
    }
    }
    if (auto e = percent_output(a, text, res)) return e;
  }
  if (argidx < arglen) return type_error("not all arguments converted during string formatting");
  out += res;
  return std::nullopt;
}

std::optional<FormatError> str_format(const Kernel& k, std::string_view fmt, std::span<const Value> args,
                                      std::span<const std::pair<std::string, Value>> kwargs, std::string& out) {
  Formatter f(k, args, kwargs);
  std::string res;
  if (auto e = f.build(fmt, 2, res)) return e;
  out += res;
  return std::nullopt;
}

} // namespace il
