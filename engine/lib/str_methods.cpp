// Methods of str, int and float values (s.split(), "{}".format(...), s.join(...), (2.5).is_integer()) and
// str % args: what CALL_METHOD on a str or number reaches.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "lib/format.hpp"
#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/text.hpp"

namespace il {

Outcome percent_strings(Kernel& sim, Thread& t, Value fmt, Value args, Value& out) {
  Call c{sim, t, {}};
  const Outcome o = with_user_strings(c, [&] { return str_percent(sim, t, fmt, args, c.ret) ? Outcome::Done : Outcome::Raised; },
                                      [&] {
                                        auto redo = std::make_unique<TupleObject>();
                                        redo->items = {Value::integer(static_cast<std::int64_t>(Redo::Percent)), fmt, args};
                                        return Value::obj(sim.add_object(std::move(redo), t.proc));
                                      });
  out = c.ret;
  return o;
}

bool str_percent(Kernel& sim, Thread& t, Value fmt, Value args, Value& out) {
  std::string text;
  std::optional<FormatError> err;
  std::string spec = sim.str(fmt.as_str());
  if (auto* d = sim.as<DictObject>(args); d && spec.find("%(") != std::string::npos) {
    // '%(name)s' % mapping: each key's value in turn, then the format without its keys.
    std::vector<Value> values;
    std::string plain;
    for (std::size_t i = 0; i < spec.size(); ++i) {
      plain += spec[i];
      if (spec[i] != '%') continue;
      if (i + 1 < spec.size() && spec[i + 1] == '%') {
        plain += spec[++i];
        continue;
      }
      if (i + 1 >= spec.size() || spec[i + 1] != '(') {
        sim.raise(t, "TypeError", "format requires a mapping");
        return false;
      }
      std::size_t close = spec.find(')', i + 2);
      if (close == std::string::npos) {
        sim.raise(t, "ValueError", "incomplete format key");
        return false;
      }
      const int at = d->find(sim, Value::str(sim.intern(spec.substr(i + 2, close - i - 2))));
      if (at < 0) {
        sim.raise(t, "KeyError", str_repr(spec.substr(i + 2, close - i - 2)));
        return false;
      }
      values.push_back(d->vals[static_cast<std::size_t>(at)]);
      i = close;
    }
    err = percent_format(sim, plain, values, text);
  } else if (auto* tup = sim.as<TupleObject>(args)) {
    err = percent_format(sim, spec, tup->items, text);
  } else {
    err = percent_format(sim, spec, std::span<const Value>(&args, 1), text);
  }
  if (err) {
    sim.raise(t, err->type, err->message);
    return false;
  }
  out = Value::str(sim.intern(text));
  return true;
}

namespace {
std::vector<std::string> split_text(const std::string& s, const std::string* sep, std::int64_t maxsplit) {
  std::vector<std::string> out;
  if (sep) {
    std::size_t pos = 0;
    while (maxsplit != 0) {
      std::size_t at = s.find(*sep, pos);
      if (at == std::string::npos) break;
      out.push_back(s.substr(pos, at - pos));
      pos = at + sep->size();
      --maxsplit;
    }
    out.push_back(s.substr(pos));
    return out;
  }
  std::size_t i = 0;
  auto ws = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; };
  while (i < s.size()) {
    while (i < s.size() && ws(s[i])) ++i;
    if (i >= s.size()) break;
    if (maxsplit == 0) { // the rest, its trailing whitespace kept
      out.push_back(s.substr(i));
      break;
    }
    std::size_t b = i;
    while (i < s.size() && !ws(s[i])) ++i;
    out.push_back(s.substr(b, i - b));
    --maxsplit;
  }
  return out;
}
} // namespace

// [SECTION] searching and layout

namespace {

// Byte offsets of each code point of s, and s.size() last: index i of the Python str is at at[i].
std::vector<std::size_t> code_points(const std::string& s) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) at.push_back(i);
  at.push_back(s.size());
  return at;
}

// A start or end argument (None: the default), clamped as a slice bound, in code points.
bool slice_bound(Call& c, std::size_t i, std::int64_t n, std::int64_t fallback, std::int64_t& out) {
  out = fallback;
  if (c.npos() <= i || c.arg(i).is_none()) return true;
  const Value v = c.arg(i);
  if (v.tag != Tag::Int && v.tag != Tag::Bool) {
    c.sim.raise(c.t, "TypeError", "slice indices must be integers or None or have an __index__ method");
    return false;
  }
  out = v.i < 0 ? std::max<std::int64_t>(0, v.i + n) : std::min(v.i, n);
  return true;
}

} // namespace

// startswith, endswith (a str or a tuple of them), find, rfind, index, rindex and count, with start and end.
static Outcome str_search(Call& c, const std::string& s, const std::string& m) {
  Kernel& sim = c.sim;
  const std::vector<std::size_t> at = code_points(s);
  const auto n = static_cast<std::int64_t>(at.size() - 1);
  std::int64_t lo = 0, hi = n;
  if (!slice_bound(c, 1, n, 0, lo) || !slice_bound(c, 2, n, n, hi)) return Outcome::Raised;
  const bool prefix = m == "startswith" || m == "endswith";
  std::vector<std::string> needles;
  if (const auto* tup = prefix ? sim.as<TupleObject>(c.arg(0)) : nullptr) {
    for (Value v : tup->items) {
      if (v.tag != Tag::Str)
        return sim.raise(c.t, "TypeError", "tuple for " + m + " must only contain str, not " + type_name(sim, v));
      needles.push_back(sim.str(v.as_str()));
    }
  } else if (c.arg(0).tag == Tag::Str) {
    needles.push_back(sim.str(c.arg(0).as_str()));
  } else {
    return sim.raise(c.t, "TypeError", prefix ? m + " first arg must be str or a tuple of str, not " + type_name(sim, c.arg(0))
                                              : "must be str, not " + type_name(sim, c.arg(0)));
  }
  if (prefix) {
    bool yes = false;
    for (const std::string& x : needles) {
      if (lo > hi) break;
      const std::string_view part(s.data() + at[lo], at[hi] - at[lo]);
      yes = yes || (m == "startswith" ? part.substr(0, x.size()) == x
                                      : part.size() >= x.size() && part.substr(part.size() - x.size()) == x);
    }
    c.ret = Value::boolean(yes);
    return Outcome::Done;
  }
  const std::string& x = needles[0];
  auto index_of = [&](std::size_t byte) { // the code point at a byte offset
    return static_cast<std::int64_t>(std::lower_bound(at.begin(), at.end(), byte) - at.begin());
  };
  if (m == "count") {
    std::int64_t k = 0;
    if (lo > hi) k = 0;
    else if (x.empty()) k = hi - lo + 1;
    else
      for (std::size_t p = s.find(x, at[lo]); p != std::string::npos && p + x.size() <= at[hi]; p = s.find(x, p + x.size())) ++k;
    c.ret = Value::integer(k);
    return Outcome::Done;
  }
  std::int64_t found = -1;
  if (lo <= hi) {
    const std::string_view part(s.data() + at[lo], at[hi] - at[lo]);
    const std::size_t p = m == "find" || m == "index" ? part.find(x) : part.rfind(x);
    if (p != std::string_view::npos) found = index_of(at[lo] + p);
  }
  if (found < 0 && (m == "index" || m == "rindex")) return sim.raise(c.t, "ValueError", "substring not found");
  c.ret = Value::integer(found);
  return Outcome::Done;
}

// The methods that lay text out or take it apart: center, ljust, rjust, zfill, expandtabs, title, capitalize,
// swapcase, casefold, partition, rpartition, rsplit, splitlines, removeprefix, removesuffix, and the tests
// istitle, isascii, isidentifier, isprintable. False when m is none of them.
static bool str_layout(Call& c, const std::string& s, const std::string& m, Outcome& o) {
  Kernel& sim = c.sim;
  auto ret = [&](const std::string& v) {
    c.ret = Value::str(sim.intern(v));
    o = Outcome::Done;
    return true;
  };
  auto fail = [&](std::string_view type, const std::string& msg) {
    o = sim.raise(c.t, type, msg);
    return true;
  };
  auto ret_bool = [&](bool v) {
    c.ret = Value::boolean(v);
    o = Outcome::Done;
    return true;
  };
  const auto len = static_cast<std::int64_t>(code_points(s).size() - 1);
  auto str_arg = [&](std::size_t i, std::string& out) {
    if (c.arg(i).tag == Tag::Str) return out = sim.str(c.arg(i).as_str()), true;
    o = sim.raise(c.t, "TypeError", "must be str, not " + type_name(sim, c.arg(i)));
    return false;
  };
  if (m == "center" || m == "ljust" || m == "rjust" || m == "zfill") {
    if (c.arg(0).tag != Tag::Int && c.arg(0).tag != Tag::Bool)
      return fail("TypeError", "'" + type_name(sim, c.arg(0)) + "' object cannot be interpreted as an integer");
    std::string fill = m == "zfill" ? "0" : " ";
    if (m != "zfill" && c.npos() > 1) {
      if (c.arg(1).tag != Tag::Str)
        return fail("TypeError", m + "() argument 2 must be str, not " + type_name(sim, c.arg(1)));
      fill = sim.str(c.arg(1).as_str());
      if (code_points(fill).size() != 2) return fail("TypeError", "The fill character must be exactly one character long");
    }
    const std::int64_t pad = c.arg(0).i - len;
    if (pad <= 0) return ret(s);
    if (pad > 100'000'000) return fail("MemoryError", "");
    auto run = [&](std::int64_t k) {
      std::string r;
      for (std::int64_t i = 0; i < k; ++i) r += fill;
      return r;
    };
    if (m == "ljust") return ret(s + run(pad));
    if (m == "rjust") return ret(run(pad) + s);
    if (m == "zfill") { // after the sign
      const bool sign = !s.empty() && (s[0] == '+' || s[0] == '-');
      return ret(sign ? s.substr(0, 1) + run(pad) + s.substr(1) : run(pad) + s);
    }
    const std::int64_t left = pad / 2 + (pad & c.arg(0).i & 1); // CPython's rounding
    return ret(run(left) + s + run(pad - left));
  }
  auto lower = [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); };
  auto upper = [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); };
  if (m == "title" || m == "capitalize" || m == "swapcase" || m == "casefold") { // ASCII letters change case
    std::string r = s;
    bool after_letter = false;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto ch = static_cast<unsigned char>(r[i]);
      if (m == "casefold") r[i] = lower(ch);
      else if (m == "swapcase") r[i] = std::isupper(ch) ? lower(ch) : upper(ch);
      else if (m == "capitalize") r[i] = i == 0 ? upper(ch) : lower(ch);
      else {
        r[i] = after_letter ? lower(ch) : upper(ch);
        after_letter = std::isalpha(ch) || ch >= 0x80;
      }
    }
    return ret(r);
  }
  if (m == "istitle") {
    bool cased = false, previous_cased = false, ok = true;
    for (unsigned char ch : s) {
      if (std::isupper(ch)) {
        ok = ok && !previous_cased;
        previous_cased = cased = true;
      } else if (std::islower(ch)) {
        ok = ok && previous_cased;
        previous_cased = cased = true;
      } else {
        previous_cased = false;
      }
    }
    return ret_bool(ok && cased);
  }
  if (m == "isascii") return ret_bool(std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }));
  if (m == "isprintable")
    return ret_bool(std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80 || std::isprint(static_cast<unsigned char>(ch)); }));
  if (m == "isidentifier") {
    bool ok = !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0]));
    for (unsigned char ch : s) ok = ok && (ch >= 0x80 || ch == '_' || std::isalnum(ch));
    return ret_bool(ok);
  }
  if (m == "partition" || m == "rpartition") {
    std::string sep;
    if (!str_arg(0, sep)) return true;
    if (sep.empty()) return fail("ValueError", "empty separator");
    const std::size_t p = m == "partition" ? s.find(sep) : s.rfind(sep);
    auto t = std::make_unique<TupleObject>();
    auto str = [&](const std::string& v) { return Value::str(sim.intern(v)); };
    if (p == std::string::npos) t->items = m == "partition" ? std::vector<Value>{str(s), str(""), str("")} : std::vector<Value>{str(""), str(""), str(s)};
    else t->items = {str(s.substr(0, p)), str(sep), str(s.substr(p + sep.size()))};
    c.ret = Value::obj(sim.add_object(std::move(t), c.t.proc));
    o = Outcome::Done;
    return true;
  }
  if (m == "removeprefix" || m == "removesuffix") {
    std::string x;
    if (!str_arg(0, x)) return true;
    if (m == "removeprefix") return ret(s.rfind(x, 0) == 0 ? s.substr(x.size()) : s);
    return ret(s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0 ? s.substr(0, s.size() - x.size()) : s);
  }
  std::vector<std::string> parts;
  if (m == "rsplit") { // from the right: split's pieces, the leftmost joined back when maxsplit runs out
    std::string sep;
    const bool by_sep = !c.arg(0).is_none();
    if (by_sep && !str_arg(0, sep)) return true;
    if (by_sep && sep.empty()) return fail("ValueError", "empty separator");
    std::int64_t maxsplit = c.npos() > 1 && c.arg(1).tag == Tag::Int ? c.arg(1).i : -1;
    auto ws = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; };
    std::size_t end = s.size();
    if (by_sep) {
      while (maxsplit != 0) {
        const std::size_t p = end >= sep.size() ? s.rfind(sep, end - sep.size()) : std::string::npos;
        if (p == std::string::npos) break;
        parts.push_back(s.substr(p + sep.size(), end - p - sep.size()));
        end = p;
        --maxsplit;
      }
      parts.push_back(s.substr(0, end));
    } else {
      while (end > 0) {
        while (end > 0 && ws(s[end - 1])) --end;
        if (end == 0) break;
        if (maxsplit == 0) { // the rest, its leading whitespace kept
          parts.push_back(s.substr(0, end));
          break;
        }
        std::size_t b = end;
        while (b > 0 && !ws(s[b - 1])) --b;
        parts.push_back(s.substr(b, end - b));
        end = b;
        --maxsplit;
      }
    }
    std::reverse(parts.begin(), parts.end());
  } else if (m == "splitlines") {
    const bool keep = c.npos() > 0 && Interp::truthy(sim, c.arg(0));
    std::size_t b = 0;
    for (std::size_t i = 0; i < s.size();) {
      const char ch = s[i];
      if (ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f' || (ch >= '\x1c' && ch <= '\x1e')) {
        const std::size_t eol = ch == '\r' && i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
        parts.push_back(s.substr(b, (keep ? i + eol : i) - b));
        i += eol;
        b = i;
      } else {
        ++i;
      }
    }
    if (b < s.size()) parts.push_back(s.substr(b));
  } else if (m == "expandtabs") {
    const std::int64_t size = c.npos() > 0 && c.arg(0).tag == Tag::Int ? c.arg(0).i : 8;
    std::string r;
    std::int64_t column = 0;
    for (char ch : s) {
      if (ch == '\t') {
        if (size > 0) {
          const std::int64_t k = size - column % size;
          r.append(static_cast<std::size_t>(k), ' ');
          column += k;
        }
      } else {
        r += ch;
        column = ch == '\n' || ch == '\r' ? 0 : column + ((static_cast<unsigned char>(ch) & 0xC0) != 0x80);
      }
    }
    return ret(r);
  } else {
    return false;
  }
  auto l = std::make_unique<ListObject>();
  for (const std::string& part : parts) l->items.push_back(Value::str(sim.intern(part)));
  c.ret = Value::obj(sim.add_object(std::move(l), c.t.proc));
  o = Outcome::Done;
  return true;
}

Outcome call_number_method(Call& c, Value self, StrId method) {
  Kernel& sim = c.sim;
  const std::string m = sim.str(method);
  const std::string type = type_name(sim, self);
  if (!c.args.empty()) return sim.raise(c.t, "TypeError", type + "." + m + "() takes no arguments (" + std::to_string(c.args.size()) + " given)");
  if (self.tag == Tag::Float && m == "is_integer") {
    c.ret = Value::boolean(std::isfinite(self.f) && self.f == std::floor(self.f));
    return Outcome::Done;
  }
  if (m == "as_integer_ratio" || (m == "bit_length" && self.tag == Tag::Int)) {
    if (m == "bit_length") {
      const std::uint64_t mag = self.i < 0 ? 0 - static_cast<std::uint64_t>(self.i) : static_cast<std::uint64_t>(self.i);
      c.ret = Value::integer(mag == 0 ? 0 : 64 - __builtin_clzll(mag));
      return Outcome::Done;
    }
    std::int64_t num = self.i, den = 1;
    if (self.tag == Tag::Float) { // exact: the mantissa over a power of two, reduced
      if (std::isinf(self.f)) return sim.raise(c.t, "OverflowError", "cannot convert Infinity to integer ratio");
      if (std::isnan(self.f)) return sim.raise(c.t, "ValueError", "cannot convert NaN to integer ratio");
      int e = 0;
      double mant = std::frexp(self.f, &e);
      int shifts = 0;
      while (mant != std::floor(mant) && shifts < 300) mant *= 2, --e, ++shifts;
      if (e > 0 ? e > 62 - (std::fabs(mant) >= 1 ? static_cast<int>(std::log2(std::fabs(mant))) + 1 : 0) : -e > 62)
        return sim.raise(c.t, "OverflowError", "the ratio does not fit the simulator's 64-bit ints");
      num = static_cast<std::int64_t>(mant);
      if (e >= 0) num <<= e;
      else den = std::int64_t{1} << -e;
      while (den > 1 && num % 2 == 0) num /= 2, den /= 2;
    }
    auto pair = std::make_unique<TupleObject>();
    pair->items = {Value::integer(num), Value::integer(den)};
    c.ret = Value::obj(sim.add_object(std::move(pair), c.t.proc));
    return Outcome::Done;
  }
  return sim.raise(c.t, "AttributeError", "'" + type + "' object has no attribute '" + m + "'");
}

namespace {
// The positional arguments each str method takes, and the form of its TypeError (CPython 3.11's).
struct StrArity {
  std::string_view names;
  std::uint8_t min, max;
  Arity form;
};
constexpr StrArity kStrArities[] = {
    {"upper lower title capitalize swapcase casefold isdigit isalpha isalnum isspace isupper islower istitle "
     "isdecimal isnumeric isidentifier isprintable isascii", 0, 0, Arity::Exact},
    {"join zfill partition rpartition", 1, 1, Arity::Exact},
    {"strip lstrip rstrip", 0, 1, Arity::Fast},
    {"replace", 2, 3, Arity::Fast},
    {"center ljust rjust", 1, 2, Arity::Fast},
    {"split rsplit", 0, 2, Arity::VarArgs},
    {"startswith endswith find rfind index rindex count", 1, 3, Arity::VarArgs},
    {"splitlines expandtabs", 0, 1, Arity::VarArgs},
};

bool str_arity(Call& c, const std::string& m) {
  for (const StrArity& a : kStrArities) {
    for (std::size_t i = 0; i < a.names.size();) {
      std::size_t j = a.names.find(' ', i);
      if (j == std::string_view::npos) j = a.names.size();
      if (a.names.substr(i, j - i) == m)
        return method_arity(c, a.form == Arity::Exact ? "str." + m : m, a.min, a.max, a.form);
      i = j + 1;
    }
  }
  return true;
}
} // namespace

Outcome call_str_method(Call& c, Value self, StrId method) {
  Kernel& sim = c.sim;
  const std::string s = sim.str(self.as_str());
  const std::string& m = sim.str(method);
  if (!str_arity(c, m)) return Outcome::Raised;
  auto str_arg = [&](std::size_t i, const char* what) -> const std::string* {
    if (c.arg(i).tag != Tag::Str) {
      sim.raise(c.t, "TypeError", std::string(what) + " arg must be None or str");
      return nullptr;
    }
    return &sim.str(c.arg(i).as_str());
  };
  auto ret_str = [&](const std::string& v) {
    c.ret = Value::str(sim.intern(v));
    return Outcome::Done;
  };
  if (m == "format") { // '{name}'.format(name=v)
    auto run = [&] {
      std::vector<std::pair<std::string, Value>> kwargs;
      for (std::size_t k = 0; k < c.kwnames.size(); ++k) kwargs.emplace_back(sim.str(c.kwnames[k]), c.args[c.npos() + k]);
      std::string out;
      if (auto err = str_format(sim, s, c.args.first(c.npos()), kwargs, out)) return sim.raise(c.t, err->type, err->message);
      return ret_str(out);
    };
    if (std::none_of(c.args.begin(), c.args.end(), [](Value v) { return v.is_obj(); })) return run();
    return with_user_strings(c, run, [&] { // (StrMethod, self, method, args, keyword names)
      auto args = std::make_unique<TupleObject>();
      args->items.assign(c.args.begin(), c.args.end());
      auto names = std::make_unique<TupleObject>();
      for (StrId k : c.kwnames) names->items.push_back(Value::str(k));
      auto redo = std::make_unique<TupleObject>();
      redo->items = {Value::integer(static_cast<std::int64_t>(Redo::StrMethod)), self, Value::str(method),
                     Value::obj(sim.add_object(std::move(args), c.t.proc)), Value::obj(sim.add_object(std::move(names), c.t.proc))};
      return Value::obj(sim.add_object(std::move(redo), c.t.proc));
    });
  }
  if (!c.kwnames.empty()) { // "a b".split(maxsplit=1): bound to the signature, then called positionally
    std::vector<Value> positional;
    if (!bind_native_keywords(c, "str", method, positional)) return Outcome::Raised;
    Call inner{sim, c.t, positional};
    const Outcome o = call_str_method(inner, self, method);
    c.ret = inner.ret;
    return o;
  }
  if (m == "join") {
    if (sim.as<GeneratorObject>(c.arg(0)) || (c.arg(0).is_obj() && sim.object(c.arg(0).as_obj())->cls != kNone)) {
      // drained by the $join helper (after __iter__ for a user iterable), which calls join again with a list
      const Value a[2] = {self, c.arg(0)};
      return sim.invoke(c.t, Value::func(sim.prelude(sim.as<GeneratorObject>(c.arg(0)) ? "$join" : "$join_user")), a);
    }
    std::vector<Value> items;
    if (!iterable_items(sim, c.arg(0), items)) return sim.raise(c.t, "TypeError", "can only join an iterable");
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      Value v = items[i];
      if (v.tag != Tag::Str)
        return sim.raise(c.t, "TypeError", "sequence item " + std::to_string(i) + ": expected str instance, " + type_name(sim, v) + " found");
      if (i) out += s;
      out += sim.str(v.as_str());
    }
    return ret_str(out);
  }
  if (m == "isdigit" || m == "isdecimal" || m == "isnumeric" || m == "isalpha" || m == "isalnum" || m == "isspace" ||
      m == "isupper" || m == "islower") { // ASCII's classes (a non-ASCII character is a letter, not a digit)
    bool r = !s.empty(), cased = false;
    for (unsigned char ch : s) {
      const bool other = ch >= 0x80;
      if (m == "isdigit" || m == "isdecimal" || m == "isnumeric") r = r && std::isdigit(ch);
      else if (m == "isalpha") r = r && (other || std::isalpha(ch));
      else if (m == "isalnum") r = r && (other || std::isalnum(ch));
      else if (m == "isspace") r = r && std::isspace(ch);
      else if (m == "isupper") r = r && !std::islower(ch), cased = cased || std::isupper(ch);
      else r = r && !std::isupper(ch), cased = cased || std::islower(ch);
    }
    c.ret = Value::boolean(r && (cased || (m != "isupper" && m != "islower")));
    return Outcome::Done;
  }
  if (m == "upper" || m == "lower") {
    std::string out = s;
    for (char& ch : out) ch = static_cast<char>(m == "upper" ? std::toupper(static_cast<unsigned char>(ch)) : std::tolower(static_cast<unsigned char>(ch)));
    return ret_str(out);
  }
  if (m == "strip" || m == "lstrip" || m == "rstrip") {
    std::string chars = " \t\n\r\f\v";
    if (!c.arg(0).is_none()) {
      const std::string* cs = str_arg(0, "strip");
      if (!cs) return Outcome::Raised;
      chars = *cs;
    }
    std::size_t b = 0, e = s.size();
    if (m != "rstrip") while (b < e && chars.find(s[b]) != std::string::npos) ++b;
    if (m != "lstrip") while (e > b && chars.find(s[e - 1]) != std::string::npos) --e;
    return ret_str(s.substr(b, e - b));
  }
  if (m == "split") {
    const std::string* sep = nullptr;
    if (!c.arg(0).is_none() && !(sep = str_arg(0, "sep"))) return Outcome::Raised;
    if (sep && sep->empty()) return sim.raise(c.t, "ValueError", "empty separator");
    auto l = std::make_unique<ListObject>();
    for (const std::string& part : split_text(s, sep, c.arg(1).tag == Tag::Int ? c.arg(1).i : -1))
      l->items.push_back(Value::str(sim.intern(part)));
    c.ret = Value::obj(sim.add_object(std::move(l), c.t.proc));
    return Outcome::Done;
  }
  if (m == "replace") {
    const std::string* a = str_arg(0, "replace");
    const std::string* b = a ? str_arg(1, "replace") : nullptr;
    if (!b) return Outcome::Raised;
    std::string out;
    std::size_t pos = 0;
    if (a->empty()) return ret_str(s); // (CPython inserts between characters; rare)
    for (std::size_t at; (at = s.find(*a, pos)) != std::string::npos; pos = at + a->size()) out += s.substr(pos, at - pos) + *b;
    return ret_str(out + s.substr(pos));
  }
  if (m == "startswith" || m == "endswith" || m == "find" || m == "rfind" || m == "index" || m == "rindex" || m == "count")
    return str_search(c, s, m);
  Outcome o;
  if (str_layout(c, s, m, o)) return o;
  return sim.raise(c.t, "AttributeError", "'str' object has no attribute '" + m + "'");
}

} // namespace il
