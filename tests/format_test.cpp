// engine/lib/format against CPython 3.11: the generated cases of tests/format_cases.inc (made by
// tests/format_cases.py from python3 3.11), then hand-written ones for every error message and for objects.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/format.hpp"
#include "machine/objects.hpp"
#include "machine/sim.hpp"
#include "vm/builder.hpp"

using namespace std::literals;

namespace {

struct V {
  char kind; // 'N' None, 'B' bool, 'I' int, 'F' float (i holds nothing, bits its IEEE bits), 'S' str
  std::int64_t i;
  std::uint64_t bits;
  std::string_view s;
};
struct FormatCase {
  V value;
  std::string_view spec;
  bool ok;
  std::string_view result, message; // the result, or the exception's type and message
};
struct ReprCase {
  V value;
  std::string_view str, repr, ascii;
};
struct PercentCase {
  std::string_view fmt;
  V args[4];
  int nargs;
  bool ok;
  std::string_view result, message;
};
struct KeywordArg {
  std::string_view name;
  V value;
};
struct StrFormatCase {
  std::string_view fmt;
  V args[4];
  int nargs;
  KeywordArg kwargs[2];
  int nkwargs;
  bool ok;
  std::string_view result, message;
};

#define N V{'N', 0, 0, {}}
#define B(b) V{'B', b, 0, {}}
#define I(n) V{'I', n, 0, {}}
#define F(bits) V{'F', 0, bits##ULL, {}}
#define S(text) V{'S', 0, 0, text}
#include "format_cases.inc"
#undef N
#undef B
#undef I
#undef F
#undef S

il::Program empty_program() {
  il::ModuleBuilder m("format_test");
  m.main();
  return m.finish();
}

// A kernel to intern strings in: the functions only read it (str values, objects' repr).
struct Env {
  il::Sim sim{il::Config{}, empty_program()};

  il::Value value(const V& v) {
    switch (v.kind) {
    case 'B': return il::Value::boolean(v.i != 0);
    case 'I': return il::Value::integer(v.i);
    case 'F': {
      double d;
      std::memcpy(&d, &v.bits, sizeof d);
      return il::Value::real(d);
    }
    case 'S': return il::Value::str(sim.intern(v.s));
    default: return il::Value::none();
    }
  }
  il::Value str(std::string_view s) { return il::Value::str(sim.intern(s)); }
  std::string describe(const V& v) { return v.kind == 'N' ? "None" : il::repr_value(sim, value(v)); }
};

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string answer(bool ok, std::string_view result, std::string_view message) {
  return ok ? "= " + std::string(result) : "! " + std::string(result) + ": " + std::string(message);
}

std::string answer(const std::optional<il::FormatError>& err, const std::string& out) {
  return err ? "! " + err->type + ": " + err->message : "= " + out;
}

std::string fmt(il::Kernel& k, il::Value v, std::string_view spec) {
  std::string out;
  auto err = il::format_value(k, v, spec, out);
  return answer(err, out);
}

std::string percent(il::Kernel& k, std::string_view f, std::vector<il::Value> args) {
  std::string out;
  auto err = il::percent_format(k, f, args, out);
  return answer(err, out);
}

std::string sformat(il::Kernel& k, std::string_view f, std::vector<il::Value> args,
                    std::vector<std::pair<std::string, il::Value>> kwargs = {}) {
  std::string out;
  auto err = il::str_format(k, f, args, kwargs, out);
  return answer(err, out);
}

void check_format_cases(char kind) {
  Env env;
  int checked = 0;
  for (const FormatCase& c : kFormatCases) {
    if (c.value.kind != kind) continue;
    ++checked;
    const std::string got = fmt(env.sim, env.value(c.value), c.spec);
    CHECK_MESSAGE(got == answer(c.ok, c.result, c.message),
                  "format(" << env.describe(c.value) << ", " << il::str_repr(c.spec) << ") gave " << got);
  }
  CHECK(checked > 0);
}

} // namespace

TEST_CASE("Format: float_repr is CPython's repr(float)") {
  CHECK(il::float_repr(0.1 + 0.2) == "0.30000000000000004");
  CHECK(il::float_repr(1e16) == "1e+16");
  CHECK(il::float_repr(1e-05) == "1e-05");
  CHECK(il::float_repr(123.0) == "123.0");
  CHECK(il::float_repr(-0.0) == "-0.0");
  CHECK(il::float_repr(kInf) == "inf");
  CHECK(il::float_repr(-kInf) == "-inf");
  CHECK(il::float_repr(std::nan("")) == "nan");
  CHECK(il::float_repr(9999999999999998.0) == "9999999999999998.0");
  CHECK(il::float_repr(5e-324) == "5e-324");
  Env env;
  int floats = 0;
  for (const ReprCase& c : kReprCases) {
    if (c.value.kind != 'F') continue;
    ++floats;
    const il::Value v = env.value(c.value);
    CHECK_MESSAGE(il::float_repr(v.f) == c.repr, "bits " << c.value.bits << " want " << c.repr);
  }
  CHECK(floats > 400);
}

TEST_CASE("Format: str, repr and ascii of values") {
  Env env;
  for (const ReprCase& c : kReprCases) {
    const il::Value v = env.value(c.value);
    CHECK_MESSAGE(il::str_value(env.sim, v) == c.str, "str of " << c.repr);
    CHECK_MESSAGE(il::repr_value(env.sim, v) == c.repr, "repr of " << c.repr);
    CHECK_MESSAGE(il::ascii_value(env.sim, v) == c.ascii, "ascii of " << c.repr);
  }
}

TEST_CASE("Format: format() of ints") { check_format_cases('I'); }
TEST_CASE("Format: format() of floats") { check_format_cases('F'); }
TEST_CASE("Format: format() of strs (widths count code points)") { check_format_cases('S'); }
TEST_CASE("Format: format() of bools and None") {
  check_format_cases('B');
  check_format_cases('N');
}

TEST_CASE("Format: printf-style % formatting") {
  Env env;
  for (const PercentCase& c : kPercentCases) {
    std::vector<il::Value> args;
    std::string shown;
    for (int i = 0; i < c.nargs; ++i) {
      args.push_back(env.value(c.args[i]));
      shown += (i ? ", " : "") + env.describe(c.args[i]);
    }
    const std::string got = percent(env.sim, c.fmt, args);
    CHECK_MESSAGE(got == answer(c.ok, c.result, c.message),
                  il::str_repr(c.fmt) << " % (" << shown << ") gave " << got);
  }
}

TEST_CASE("Format: str.format") {
  Env env;
  for (const StrFormatCase& c : kStrFormatCases) {
    std::vector<il::Value> args;
    std::vector<std::pair<std::string, il::Value>> kwargs;
    std::string shown;
    for (int i = 0; i < c.nargs; ++i) {
      args.push_back(env.value(c.args[i]));
      shown += (i ? ", " : "") + env.describe(c.args[i]);
    }
    for (int i = 0; i < c.nkwargs; ++i) {
      kwargs.emplace_back(std::string(c.kwargs[i].name), env.value(c.kwargs[i].value));
      shown += ", " + std::string(c.kwargs[i].name) + "=" + env.describe(c.kwargs[i].value);
    }
    const std::string got = sformat(env.sim, c.fmt, args, kwargs);
    CHECK_MESSAGE(got == answer(c.ok, c.result, c.message),
                  il::str_repr(c.fmt) << ".format(" << shown << ") gave " << got);
  }
}

// Each expected value below was checked with python3 3.11.
TEST_CASE("Format: format() error messages") {
  Env env;
  auto& k = env.sim;
  const il::Value s = env.str("abc");
  CHECK(fmt(k, il::Value::real(1.5), ".f") == "! ValueError: Format specifier missing precision");
  CHECK(fmt(k, il::Value::integer(3), ".") == "! ValueError: Format specifier missing precision");
  CHECK(fmt(k, s, ",") == "! ValueError: Cannot specify ',' with 's'.");
  CHECK(fmt(k, s, "+") == "! ValueError: Sign not allowed in string format specifier");
  CHECK(fmt(k, s, " ") == "! ValueError: Space not allowed in string format specifier");
  CHECK(fmt(k, s, "=5") == "! ValueError: '=' alignment not allowed in string format specifier");
  CHECK(fmt(k, s, "#") == "! ValueError: Alternate form (#) not allowed in string format specifier");
  CHECK(fmt(k, s, "z") == "! ValueError: Negative zero coercion (z) not allowed in string format specifier");
  CHECK(fmt(k, s, "d") == "! ValueError: Unknown format code 'd' for object of type 'str'");
  CHECK(fmt(k, il::Value::real(1.5), "x") == "! ValueError: Unknown format code 'x' for object of type 'float'");
  CHECK(fmt(k, il::Value::integer(1), "abc") ==
        "! ValueError: Invalid format specifier 'abc' for object of type 'int'");
  CHECK(fmt(k, il::Value::integer(1), "\xe4\xb8\xad") ==
        "! ValueError: Unknown format code '\\x4e2d' for object of type 'int'");
  CHECK(fmt(k, il::Value::integer(1), ".2") == "! ValueError: Precision not allowed in integer format specifier");
  CHECK(fmt(k, il::Value::integer(1), "z") ==
        "! ValueError: Negative zero coercion (z) not allowed in integer format specifier");
  CHECK(fmt(k, il::Value::integer(1), ",x") == "! ValueError: Cannot specify ',' with 'x'.");
  CHECK(fmt(k, il::Value::integer(1), ",_") == "! ValueError: Cannot specify both ',' and '_'.");
  CHECK(fmt(k, il::Value::integer(1), "_,") == "! ValueError: Cannot specify both ',' and '_'.");
  CHECK(fmt(k, il::Value::integer(1), ",\x01") == "! ValueError: Cannot specify ',' with '\\x1'.");
  CHECK(fmt(k, il::Value::integer(12), "+c") == "! ValueError: Sign not allowed with integer format specifier 'c'");
  CHECK(fmt(k, il::Value::integer(12), "#c") ==
        "! ValueError: Alternate form (#) not allowed with integer format specifier 'c'");
  CHECK(fmt(k, il::Value::integer(0x110000), "c") == "! OverflowError: %c arg not in range(0x110000)");
  CHECK(fmt(k, il::Value::boolean(true), "s") == "! ValueError: Unknown format code 's' for object of type 'bool'");
  CHECK(fmt(k, il::Value::real(1.0), ".2147483648f") == "! ValueError: precision too big");
  CHECK(fmt(k, il::Value::real(1.0), ".99999999999999999999f") ==
        "! ValueError: Too many decimal digits in format string");
  CHECK(fmt(k, il::Value::none(), "s") == "! TypeError: unsupported format string passed to NoneType.__format__");
  CHECK(fmt(k, il::Value::none(), "") == "= None");
}

TEST_CASE("Format: printf-style error messages") {
  Env env;
  auto& k = env.sim;
  const il::Value one = il::Value::integer(1);
  CHECK(percent(k, "%s %s", {one}) == "! TypeError: not enough arguments for format string");
  CHECK(percent(k, "%s", {one, one}) == "! TypeError: not all arguments converted during string formatting");
  CHECK(percent(k, "%d", {env.str("a")}) == "! TypeError: %d format: a real number is required, not str");
  CHECK(percent(k, "%x", {il::Value::real(1.5)}) == "! TypeError: %x format: an integer is required, not float");
  CHECK(percent(k, "%f", {env.str("a")}) == "! TypeError: must be real number, not str");
  CHECK(percent(k, "ab%y", {one}) == "! ValueError: unsupported format character 'y' (0x79) at index 3");
  CHECK(percent(k, "%y", {}) == "! TypeError: not enough arguments for format string"); // the argument comes first
  CHECK(percent(k, "%", {}) == "! ValueError: incomplete format");
  CHECK(percent(k, "%5", {one}) == "! ValueError: incomplete format");
  CHECK(percent(k, "%c", {env.str("ab")}) == "! TypeError: %c requires int or char");
  CHECK(percent(k, "%c", {il::Value::integer(-1)}) == "! OverflowError: %c arg not in range(0x110000)");
  CHECK(percent(k, "%*d", {env.str("a"), one}) == "! TypeError: * wants int");
  CHECK(percent(k, "%(a)s", {one}) == "! TypeError: format requires a mapping");
  CHECK(percent(k, "%d", {il::Value::real(kInf)}) ==
        "! OverflowError: cannot convert float infinity to integer");
  CHECK(percent(k, "%d", {il::Value::real(std::nan(""))}) == "! ValueError: cannot convert float NaN to integer");
  CHECK(percent(k, "%5.1f|%-4d|%+.2e|%#x|%%", {il::Value::real(3.14159), il::Value::integer(7),
                                              il::Value::real(12345.678), il::Value::integer(255)}) ==
        "=   3.1|7   |+1.23e+04|0xff|%");
}

TEST_CASE("Format: str.format error messages") {
  Env env;
  auto& k = env.sim;
  const il::Value one = il::Value::integer(1);
  CHECK(sformat(k, "{}{0}", {one}) ==
        "! ValueError: cannot switch from automatic field numbering to manual field specification");
  CHECK(sformat(k, "{0}{}", {one}) ==
        "! ValueError: cannot switch from manual field specification to automatic field numbering");
  CHECK(sformat(k, "{2}", {one, one}) ==
        "! IndexError: Replacement index 2 out of range for positional args tuple");
  CHECK(sformat(k, "{x}", {}) == "! KeyError: 'x'");
  CHECK(sformat(k, "{x}", {}, {{"y", one}}) == "! KeyError: 'x'");
  CHECK(sformat(k, "a}b", {}) == "! ValueError: Single '}' encountered in format string");
  CHECK(sformat(k, "a{", {}) == "! ValueError: Single '{' encountered in format string");
  CHECK(sformat(k, "{0", {one}) == "! ValueError: expected '}' before end of string");
  CHECK(sformat(k, "{0!x}", {one}) == "! ValueError: Unknown conversion specifier x");
  CHECK(sformat(k, "{0!rx}", {one}) == "! ValueError: expected ':' after conversion specifier");
  CHECK(sformat(k, "{0!", {one}) == "! ValueError: end of string while looking for conversion specifier");
  CHECK(sformat(k, "{0:", {one}) == "! ValueError: unmatched '{' in format spec");
  CHECK(sformat(k, "{a{b}", {one}) == "! ValueError: unexpected '{' in field name");
  CHECK(sformat(k, "{:{:{}}}", {one, one, one}) == "! ValueError: Max string recursion exceeded");
  CHECK(sformat(k, "{0[0]x}", {env.str("ab")}) ==
        "! ValueError: Only '.' or '[' may follow ']' in format field specifier");
  CHECK(sformat(k, "{0.}", {one}) == "! ValueError: Empty attribute in format string");
  CHECK(sformat(k, "{0[0]}", {one}) == "! TypeError: 'int' object is not subscriptable");
  CHECK(sformat(k, "{0.foo}", {one}) == "! AttributeError: 'int' object has no attribute 'foo'");
  CHECK(sformat(k, "{0!r:>{1}} {x:.{p}f}", {env.str("a"), il::Value::integer(6)},
                {{"x", il::Value::real(2.5)}, {"p", il::Value::integer(2)}}) == "=    'a' 2.50");
}

TEST_CASE("Format: objects and functions") {
  Env env;
  auto& k = env.sim;
  auto list = std::make_unique<il::ListObject>();
  list->items = {il::Value::integer(1), env.str("a")};
  const il::Value l = il::Value::obj(k.add_object(std::move(list), 0));
  CHECK(fmt(k, l, "") == "= " + k.display(l));
  CHECK(fmt(k, l, ">5") == "! TypeError: unsupported format string passed to list.__format__");
  CHECK(il::repr_value(k, l) == k.repr(l));
  CHECK(percent(k, "%s|%r", {l, l}) == "= " + k.display(l) + "|" + k.repr(l));
  CHECK(percent(k, "%d", {l}) == "! TypeError: %d format: a real number is required, not list");
  CHECK(percent(k, "%f", {l}) == "! TypeError: must be real number, not list");
  CHECK(sformat(k, "{0}|{0!r}", {l}) == "= " + k.display(l) + "|" + k.repr(l));
  CHECK(sformat(k, "{0[0]}", {l}).rfind("! NotImplementedError: ", 0) == 0);
  CHECK(sformat(k, "{0.append}", {l}).rfind("! NotImplementedError: ", 0) == 0);
  const il::Value f = il::Value::func(0);
  CHECK(fmt(k, f, "") == "= " + k.display(f));
  CHECK(fmt(k, f, "s") == "! TypeError: unsupported format string passed to function.__format__");
  CHECK(sformat(k, "{0.__name__:>20}", {f}) == "= " + std::string(20 - k.program().functions[0].name.size(), ' ') +
                                                   k.program().functions[0].name);
  CHECK(sformat(k, "{0[0]}", {f}) == "! TypeError: 'function' object is not subscriptable");
}

TEST_CASE("Format: out is appended to only on success") {
  Env env;
  std::string out = "x";
  CHECK(il::format_value(env.sim, il::Value::integer(5), "03", out) == std::nullopt);
  CHECK(out == "x005");
  CHECK(il::format_value(env.sim, il::Value::integer(5), "s", out).has_value());
  const il::Value args[] = {il::Value::integer(1)};
  CHECK(il::percent_format(env.sim, "ok %s %s", args, out).has_value());
  CHECK(il::str_format(env.sim, "ok {} {}", args, {}, out).has_value());
  CHECK(out == "x005");
  CHECK(il::str_format(env.sim, "{}!", args, {}, out) == std::nullopt);
  CHECK(out == "x0051!");
}
