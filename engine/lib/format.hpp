// CPython 3.11's string formatting as pure functions: repr(float), format(value, spec) with the whole format-spec
// mini-language, the !s/!r/!a conversions, printf-style "fmt" % args, and str.format(*args, **kwargs), with
// CPython's exception types and messages. Deterministic and locale-free (Python's C locale: '.' and no grouping
// for 'n'), identical natively and in WebAssembly. Strings are UTF-8; widths, fills, precisions and error indexes
// count code points, as CPython counts characters. Ints are the simulator's int64s.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "machine/kernel.hpp"
#include "vm/value.hpp"

namespace il {

// A Python exception to raise: {"ValueError", "Unknown format code 'd' for object of type 'str'"}. A KeyError's
// message is the key's repr ("'x'"), as str(KeyError('x')) shows it.
struct FormatError {
  std::string type, message;
};

// repr(x) == str(x) as CPython 3.11 (float_repr_style 'short'): the shortest digits that round-trip, fixed for
// 1e-4 <= |x| < 1e16, else scientific with at least two exponent digits; "inf", "-inf", "nan", "-0.0".
std::string float_repr(double x);

// format(v, spec): None, bool, int, float and str by the mini-language [[fill]align][sign][z][#][0][width]
// [grouping][.precision][type]; an empty spec is str(v). Objects and functions: str(v) for an empty spec, else
// TypeError "unsupported format string passed to <type>.__format__". Appends to out only on success.
std::optional<FormatError> format_value(const Kernel& k, Value v, std::string_view spec, std::string& out);

// str(v), repr(v) and ascii(v) as CPython: floats by float_repr, strings quoted and escaped as unicode_repr does
// ('abc', "it's", '\n', '\x7f', '\u2028'); ascii also escapes every non-ASCII code point (\xe9, \u4e2d,
// \U0001f600). Objects and functions use k.display / k.repr. (Type names in messages: il::type_name.)
std::string str_value(const Kernel& k, Value v);
std::string repr_value(const Kernel& k, Value v);
std::string ascii_value(const Kernel& k, Value v);
std::string str_repr(std::string_view s);  // repr of a str (UTF-8 in, quotes included)
std::string str_ascii(std::string_view s); // ascii of a str

// printf-style formatting, "fmt" % args: args are a tuple's items (a single non-tuple value behaves exactly as a
// 1-tuple). %s %r %a %d %i %u %o %x %X %e %E %f %F %g %G %c %% with the flags - + space # 0, a width, a
// .precision, '*' for either, and the ignored length modifiers h l L. Mapping keys (%(name)s) raise TypeError
// "format requires a mapping" (dicts are not supported yet). Appends to out only on success.
std::optional<FormatError> percent_format(const Kernel& k, std::string_view fmt, std::span<const Value> args,
                                          std::string& out);

// fmt.format(*args, **kwargs): literal text with {{ and }}, fields {} {0} {name} with !s/!r/!a and a format spec
// that may itself hold fields ({0:>{1}}), automatic or manual numbering. Field parts [i] and .attr work on str
// (indexing) and numbers (real, imag, numerator, denominator); on objects they raise NotImplementedError.
// Appends to out only on success.
std::optional<FormatError> str_format(const Kernel& k, std::string_view fmt, std::span<const Value> args,
                                      std::span<const std::pair<std::string, Value>> kwargs, std::string& out);

} // namespace il
