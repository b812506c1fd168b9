#!/usr/bin/env python3
"""Prints tests/format_cases.inc: what CPython 3.11 answers for format(value, spec), repr/str/ascii, printf-style
"fmt" % args and "fmt".format(*args, **kwargs) over a few thousand combinations, for tests/format_test.cpp to
compare engine/lib/format.cpp against. Regenerate with

    python3 tests/format_cases.py > tests/format_cases.inc

Values are None, bool, int (int64), float (given by its IEEE bits, so every digit is exact) and str (UTF-8).
Each answer is the result, or the exception's type and str(exception).
"""
import math
import random
import struct
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit("format_cases.py: the expected values must come from CPython 3.11, this is %s" % sys.version.split()[0])

INT64 = (-2**63, 2**63 - 1)


def cpp_str(s):
    """A C++ string_view literal of s's UTF-8 bytes (octal escapes cannot run into the next character)."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if 0x20 <= b < 0x7F and c not in '"\\?':
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"sv'


def cpp_value(v):
    """N, B(b), I(i), F(IEEE bits) or S(utf-8): macros of tests/format_test.cpp that make a V."""
    if v is None:
        return "N"
    if isinstance(v, bool):
        return "B(%d)" % int(v)
    if isinstance(v, int):
        assert INT64[0] <= v <= INT64[1], v
        return "I(INT64_MIN)" if v == INT64[0] else "I(%d)" % v
    if isinstance(v, float):
        return "F(0x%016x)" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if isinstance(v, str):
        return "S(%s)" % cpp_str(v)
    raise TypeError(v)


def outcome(f):
    """(ok, result-or-exception-type, message)."""
    try:
        return True, f(), ""
    except Exception as e:  # noqa: BLE001 - every exception is an expected answer
        return False, type(e).__name__, str(e)


def cpp_outcome(o):
    ok, a, b = o
    return "%s, %s, %s" % ("true" if ok else "false", cpp_str(a), cpp_str(b))


def fbits(x):
    return struct.unpack("<d", struct.pack("<Q", x))[0]


# [SECTION] values and specs

INTS = [0, 1, -1, 42, -42, 255, 1234, -1234, 1234567, 65, 0x4E2D, -2**31, 2**63 - 1, -2**63]
INT_SPECS = ["", "d", "5", "<5", "^6", ">6", "=8", "+", " ", "-", "+08", "08", "010,", ",", "_", "012_", "x", "X",
             "#x", "#X", "o", "#o", "b", "#b", "_b", "#_x", "#012_b", "_X", "c", "n", "e", ".2e", "f", ".3f", "g",
             "%", ".1%", "*^12,", "z", ".2", ",x", "_c", "#c", "+c", "abc", "s", "\u4e2d>8", "0>8", "x=+#010_X",
             "=+12,d", "-^9", " 07", "#010b", ",_", "_n", "^", "08_x", "\u0661\u0660"]

FLOATS = [0.0, -0.0, 1.0, 0.1 + 0.2, 1e16, 1e-05, 0.0001, 123456789.123, math.inf, -math.inf, math.nan, 1 / 3,
          2.5, 3.5, 0.125, 1e300, -1.5, 1e22, 5e-324, 100.0, 9.995, -0.000123456, 0.5]
FLOAT_SPECS = ["", "e", "E", ".0e", ".3e", "#.0e", "f", "F", ".0f", "#.0f", ".2f", ".20f", "g", "G", ".0g", ".3g",
               ".17g", "#g", "#.3g", "%", ".1%", "n", ".3", ".1", ".17", "#", "#.3", "10", "<12", "^12", "=+12",
               "012", "012,", ",", "_", ",.2f", "+", " ", "z", "z.1f", "z.3e", " 10.3f", "x>15,.2f", "0=10.1f",
               "\u4e2d^10.2", "d", "x", "s", ".", ",_", ".2147483648f", "012.3%"]

STRS = ["", "abc", "\u4e2d\u6587", "h\u00e9llo", "it's", 'a"b', "a'b\"c", "\n\t\\", "\x7f\x00", "\U0001F600x",
        "abcdefghij"]
STR_SPECS = ["", "s", "5", "<5", ">5", "^5", "^6", "*^7", "\u4e2d>6", "0>6", "05", ".1", ".2s", ">8.1", "x<8.3",
             ".0", "+", " ", "-", "z", "#", "=5", ",", "_", "d", "x", "10,", ".", "\x00<4", "{^5", "}>5"]

BOOL_SPECS = ["", "s", "d", ">5", "^5", "x", "#b", ".2f", "%", "c", "+", "e", "5s", "5", "n", "_"]
NONE_SPECS = ["", "s", ">5", "d", " "]

# Floats for repr: awkward ones, then random bit patterns and random ordinary numbers.
REPR_FLOATS = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.1, 2.2, 3.3, 1 / 3, 2 / 3, 1e16, 1e15,
               9999999999999998.0, 1e17, 1e22, 1e23, 1e-4, 1e-5, 0.00012345, 123.0, 123456789.123, 2.0**53,
               2.0**53 + 2, 2.0**63, 2.0**64, 2.0**-1074, 2.0**-1022, 2.0**1023, 1.7976931348623157e308, 5e-324,
               4.35, 0.07, 1e100, 1.5e-300, math.inf, -math.inf, math.nan, 2.5, 3.5, 0.5, 100.0, 1e-7, 2**0.5,
               math.pi, math.e, 12345678901234567890.0, 9007199254740993.0, 0.1 * 3, 1 - 1e-16, 8.589973e9]
random.seed(311)
for _ in range(150):
    b = random.getrandbits(64)
    if (b >> 52) & 0x7FF == 0x7FF:
        continue
    REPR_FLOATS.append(fbits(b))
for _ in range(100):
    REPR_FLOATS.append(round(random.uniform(-1e6, 1e6), random.randint(0, 8)))
for e in range(-1074, 1024, 37):  # powers of two and their neighbours: the lopsided rounding intervals
    x = 2.0**e
    b = struct.unpack("<Q", struct.pack("<d", x))[0]
    REPR_FLOATS += [x, fbits(b + 1), fbits(b - 1) if b > 1 else x]

REPR_STRS = ["", "abc", "it's", 'a"b', "a'b\"c", "\\", "\\'", "\n\r\t", "\x00\x01\x1b\x1f", "\x7f", "\x80\x9f",
             "\xa0", "\xad", "\xe9", "\u4e2d\u6587", "\u2028\u2029", "\u200b", "\ufeff", "\ue000", "\uffff",
             "\U0001F600", "\U000E0001", "\U0010FFFF", "\u0378", "caf\u00e9 \u2603", "\u0301a", "\u3000"]

RANDOM_FLOAT_SPECS = [".3e", ".10g", ".5f", ".17g", ",.2f", "", ".1", "#.4g", ".0f"]

# [SECTION] printf-style cases

PERCENT_HAND = [
    ("%s", (1,)), ("%s", ("abc",)), ("%r", ("abc",)), ("%a", ("\u00e9",)), ("%s|%r|%a", (True, None, 1.5)),
    ("%s", (0.1,)), ("%.20s", (0.1 + 0.2,)), ("%d", (42,)), ("%i", (-42,)), ("%u", (7,)), ("%x", (-255,)),
    ("%X", (255,)), ("%#x", (255,)), ("%#X", (31,)), ("%#o", (8,)), ("%#o", (0,)), ("%#x", (0,)), ("%o", (-8,)),
    ("%+#08x", (31,)), ("% #8o", (31,)), ("%.3d", (-5,)), ("%#.3x", (5,)), ("%#5.3x", (5,)), ("%#05x", (5,)),
    ("%-#8x|", (5,)), ("%-05d", (3,)), ("%05d", (-3,)), ("%+d", (0,)), ("% d", (5,)), ("%d", (True,)),
    ("%x", (True,)), ("%d", (3.99,)), ("%i", (-3.99,)), ("%d", (-0.0,)), ("%d", (1e300,)), ("%d", (2.5e18,)),
    ("%d", (-9.3e18,)), ("%d", (math.inf,)), ("%d", (math.nan,)), ("%x", (1.5,)), ("%d", (None,)),
    ("%d", ("5",)), ("%x", ("a",)), ("%o", (None,)), ("%f", ("a",)), ("%e", (None,)), ("%f", (1,)),
    ("%.2f", (3.14159,)), ("%+08.2f", (-3.14159,)), ("% 08.2f", (3.14159,)), ("%+.3e", (12345.678,)),
    ("%#.0f", (2.5,)), ("%.0f", (2.5,)), ("%.0f", (0.5,)), ("%#g", (2.5,)), ("%g", (1e-5,)),
    ("%g", (123456789,)), ("%G", (1.5e-10,)), ("%10.4g|", (3.14159,)), ("%-10.4G|", (3.14159e20,)),
    ("%.0e", (12345,)), ("%#.0e", (12345,)), ("%F", (math.inf,)), ("%05f", (-math.inf,)), ("%f", (math.nan,)),
    ("%+f", (math.nan,)), ("%e", (0.0,)), ("%g", (-0.0,)), ("%.*f", (2, 3.14159)), ("%*.*f", (-10, 2, 3.14159)),
    ("%.*f", (-2, 3.14159)), ("%*d", (5, 42)), ("%*d", (True, 5)), ("%-*d|", (5, 42)), ("%*d", (-2**63, 1)),
    ("%.*f", (2**31, 1.0)), ("%*d", (2.0, 5)), ("%*d", ("a", 1)), ("%.*d", (None, 1)), ("%c", (65,)),
    ("%c", ("a",)), ("%c", (0x4E2D,)), ("%c", ("\u4e2d",)), ("%c", (True,)), ("%5c", ("a",)), ("%-3c|", (66,)),
    ("%05c", ("a",)), ("%.2c", ("a",)), ("%c", (65.0,)), ("%c", ("ab",)), ("%c", ("",)), ("%c", (-1,)),
    ("%c", (0x110000,)), ("%c", (None,)), ("%%", ()), ("100%%", ()), ("%5%", ()), ("%-%", ()), ("%5%", (1,)),
    ("%", ()), ("a%", ()), ("%5", (1,)), ("%.", ("abc",)), ("%*", (1,)), ("%*", ()), ("%10.*", (1,)),
    ("%l", (1,)), ("%ld", (5,)), ("%ls %hd %Lf", ("a", 1, 1.5)), ("%lz", (1,)), ("%y", ()), ("%y", (1,)),
    ("abc%y", (1,)), ("%\u4e2d", (1,)), ("ab%\u4e2d", (1,)), ("%\x01", (1,)), ("%\x1f", (1,)), ("%\x7f", (1,)),
    ("%(a)s", (1,)), ("%(", (1,)), ("%s %s", (1,)), ("abc", (5,)), ("abc", ()), ("%s", (1, 2)),
    ("%d %d", (1, 2, 3)), ("%s", ()), ("%.3s", ("abcdef",)), ("%.s", ("abc",)), ("%+s", ("a",)),
    ("%+5s", ("a",)), ("%+s", (5,)), ("%+5s", (5,)), ("%05s", ("ab",)), ("%-5s|", ("ab",)),
    ("%5s|%-5s|", ("\u4e2d", "\u4e2d")), ("%5.1s", ("\u4e2d\u6587",)), ("%r", ("\u4e2d\n",)), ("%a", ("\u4e2d\n",)),
    ("%.2r", ("abc",)), ("%10r|", (1.5,)), ("%s", (None,)), ("%s", (False,)), ("%r", (-0.0,)),
    ("%s and %s", ("x", "y")), ("%(x)d", ()), ("%.2147483648f", (1.0,)), ("%99999999999999999999d", (1,)),
    ("%.2147483645d", (1,)), ("%#X", (-2**63,)), ("%d", (2**63 - 1,)), ("%o", (-2**63,)),
    ("\u4e2d%s\u6587", ("x",)), ("%s\u4e2d%y", ("x", 1)),
]

PERCENT_VALUES = [0, 42, -42, 255, 2**40, 3.14159, -2.5, 1e20, 1e-7, -0.0, math.inf, "abc", "\u4e2d\u6587", True,
                  None, 0.1 + 0.2]


def percent_generated():
    rng = random.Random(1911)
    flags = ["", "-", "+", " ", "#", "0", "-+", "+0", "#0", "- ", "#-", " 0"]
    sizes = ["", "6", ".2", "8.3", ".0", "12", "1.1", "*", ".*", "*.*"]
    convs = "sdixXoeEfFgGcra"
    out = []
    for _ in range(420):
        spec = "%" + rng.choice(flags) + rng.choice(sizes) + rng.choice(convs)
        args = []
        if "*" in spec:
            for _ in range(spec.count("*")):
                args.append(rng.choice([5, -5, 0, 9, 2]))
        args.append(rng.choice(PERCENT_VALUES))
        out.append(("[" + spec + "]", tuple(args)))
    return out


# [SECTION] str.format cases (args, kwargs as a list of pairs)

STR_FORMAT_HAND = [
    ("{}", (1,), []), ("{} {}", (1, "a"), []), ("{0} {1} {0}", ("a", "b"), []), ("{1}{0}", (1, 2), []),
    ("{x}", (), [("x", 5)]), ("{x} {}", (1,), [("x", 5)]), ("{}{x}{}", (1, 2), [("x", 3)]),
    ("{0!r:>{1}}", ("a", 6), []), ("{0:{1}{2}}", (3.14159, ".", "2f"), []), ("{:{}}", (1, ">4"), []),
    ("{0:<{1}}", ("a", -3), []), ("{0:{1}}", ("a", "x"), []), ("{:{:{}}}", (1, 2, 3), []),
    ("{0:{1:{2}}}", (1, 2, 3), []), ("{0:{1}}", (5, "{"), []), ("{:\u4e2d^7}", ("\u4e2d\u6587",), []),
    ("{0:x<{1}.{2}}", ("abcdef", 8, 3), []), ("{:{}}", ("x", "\u4e2d^5"), []), ("{{}}", (), []),
    ("}}{{", (), []), ("{{{0}}}", (1,), []), ("a}}b{{c", (), []), ("a}b", (), []), ("a{", (), []), ("}", (), []),
    ("{", (), []), ("{}}", (1,), []), ("{:}}", (1,), []), ("{0", (1,), []), ("{0:", (1,), []),
    ("{0!r", (1,), []), ("{0!", (1,), []), ("{!}", (1,), []), ("{0!rx}", (1,), []), ("{0!x}", (1,), []),
    ("{0!\u4e2d}", (1,), []), ("{0! }", (1,), []), ("{0!\x01}", (1,), []), ("{0!s}", (1.5,), []),
    ("{!r}", ("\u4e2d\n",), []), ("{!a}", ("\u4e2d\U0001F600\u00e9",), []), ("{!s:>5}", (None,), []),
    ("{!r:^9}", ("it's",), []), ("{!r}", (0.1 + 0.2,), []), ("{!a}", (-0.0,), []), ("{:>5}", (None,), []),
    ("{}", (None,), []), ("{}", (True,), []), ("{:d}", (True,), []), ("{:>5}", (True,), []),
    ("{}", (1e16,), []), ("{}", (-0.0,), []), ("{:}", (1.5,), []), ("{:>10}", (1e-07,), []),
    ("{0}", (), []), ("{}{}", (1,), []), ("{2}", (1, 2), []), ("{x}", (), []), ("{x}", (1,), [("y", 2)]),
    ("{ 0}", (1,), []), ("{-1}", (1,), []), ("{0]}", (1,), []), ("{0[}", (1,), []), ("{0[0}", ("ab",), []),
    ("{0[0]x}", ("ab",), []), ("{0[]}", ("ab",), []), ("{0.}", ("ab",), []), ("{0..b}", (1,), []),
    ("{0[0]]}", ("ab",), []), ("{a{b}", (1,), []), ("{0:{}}", (1, 2), []), ("{:{0}}", (1, 2), []),
    ("{0:{a}}", ("ab",), []), ("{0[1]}", ("\u4e2d\u6587",), []), ("{0[0]!r}", ("abc",), []),
    ("{0[2]:>3}", ("abc",), []), ("{0[5]}", ("abc",), []), ("{0[x]}", ("abc",), []), ("{0[0]}", (5,), []),
    ("{0[0]}", (None,), []), ("{0[0]}", (1.5,), []), ("{0.real}", (5,), []), ("{0.imag}", (5,), []),
    ("{0.real}", (True,), []), ("{0.numerator}", (-7,), []), ("{0.denominator}", (-7,), []),
    ("{0.real:.2f}", (3.5,), []), ("{0.imag}", (3.5,), []), ("{0.foo}", (5,), []), ("{0.foo}", ("s",), []),
    ("{0.foo}", (None,), []), ("{0.x}", (1.5,), []), ("{a.b}", (), [("a", 1)]), ("{0[0].real}", ("a",), []),
    ("{0.real[0]}", (5,), []), ("{\u0660}", ("x",), []), ("{00}", ("x",), []), ("{99999999999999999999}", (1,), []),
    ("{0[99999999999999999999]}", ("a",), []), ("{0:abc}", (1,), []), ("{0:x}", ("a",), []),
    ("{0:,s}", ("a",), []), ("{0:=5}", ("a",), []), ("{0:+}", ("a",), []), ("{0:.}", (1,), []),
    ("{0:d}", (1.5,), []), ("{0:s}", (1,), []), ("{0:s}", (None,), []), ("{0:,x}", (1,), []),
    ("{:_b}", (1000,), []), ("{:#_x}", (2**40,), []), ("{:,}", (-2**63,), []), ("{:.2%}", (0.125,), []),
    ("{:z.1f}", (-0.04,), []), ("{:=^+12,.2f}", (-1234.5,), []), ("x{}y{}z", ("\u4e2d", "\u6587"), []),
    ("{\u4e2d}", (), [("\u4e2d", 1)]), ("{it's}", (), []), ("{0}", (2**63 - 1,), []),
    ("{:{}}{}", ("a", 3, "b"), []), ("{:{}}{}", ("a", 3), []), ("{:{}}{0}", ("a", 3), []),
]


def str_format_generated():
    rng = random.Random(5)
    convs = ["", "!s", "!r", "!a"]
    specs = ["", ":>8", ":^9", ":*<7", ":.3", ":10.2f", ":+", ":,", ":x", ":#o", ":e", ":%", ":05", ":s",
             ":\u4e2d^6", ":=+9"]
    values = [0, 7, -12345, 3.14159, -0.0, 1e16, "abc", "it's", "\u4e2d\u6587", True, None, 2.5]
    out = []
    for _ in range(160):
        spec = "{" + rng.choice(convs) + rng.choice(specs) + "}"
        out.append(("<" + spec + ">", (rng.choice(values),), []))
    return out


def main():
    w = sys.stdout.write
    w("// Generated by tests/format_cases.py from CPython %s: what CPython answers, for tests/format_test.cpp.\n"
      % sys.version.split()[0])
    w("// Do not edit; regenerate with   python3 tests/format_cases.py > tests/format_cases.inc\n")
    w("// Values: N None, B(0 or 1) bool, I(n) int, F(IEEE bits) float, S(UTF-8) str. Each answer is\n")
    w("// ok + the result, or !ok + the exception's type + str(exception).\n\n")

    w("inline const FormatCase kFormatCases[] = {\n")
    n = 0

    def fmt_case(v, spec):
        nonlocal n
        n += 1
        w("    {%s, %s, %s},\n" % (cpp_value(v), cpp_str(spec), cpp_outcome(outcome(lambda: format(v, spec)))))

    for v in INTS:
        for s in INT_SPECS:
            fmt_case(v, s)
    for v in FLOATS:
        for s in FLOAT_SPECS:
            fmt_case(v, s)
    for v in STRS:
        for s in STR_SPECS:
            fmt_case(v, s)
    for v in (True, False):
        for s in BOOL_SPECS:
            fmt_case(v, s)
    for s in NONE_SPECS:
        fmt_case(None, s)
    for v in REPR_FLOATS[53:53 + 20]:
        for s in RANDOM_FLOAT_SPECS:
            fmt_case(v, s)
    w("};\n\n")

    w("inline const ReprCase kReprCases[] = {\n")
    values = [None, True, False, 0, -1, 2**63 - 1, -2**63] + REPR_FLOATS + REPR_STRS
    for v in values:
        w("    {%s, %s, %s, %s},\n" % (cpp_value(v), cpp_str(str(v)), cpp_str(repr(v)), cpp_str(ascii(v))))
    w("};\n\n")

    w("inline const PercentCase kPercentCases[] = {\n")
    for fmt, args in PERCENT_HAND + percent_generated():
        assert len(args) <= 4
        w("    {%s, {%s}, %d, %s},\n" % (cpp_str(fmt), ", ".join(cpp_value(a) for a in args), len(args),
                                       cpp_outcome(outcome(lambda: fmt % args))))
    w("};\n\n")

    w("inline const StrFormatCase kStrFormatCases[] = {\n")
    for fmt, args, kwargs in STR_FORMAT_HAND + str_format_generated():
        assert len(args) <= 4 and len(kwargs) <= 2
        kw = ", ".join("{%s, %s}" % (cpp_str(k), cpp_value(v)) for k, v in kwargs)
        w("    {%s, {%s}, %d, {%s}, %d, %s},\n" % (
            cpp_str(fmt), ", ".join(cpp_value(a) for a in args), len(args), kw, len(kwargs),
            cpp_outcome(outcome(lambda: fmt.format(*args, **dict(kwargs))))))
    w("};\n")


if __name__ == "__main__":
    main()
