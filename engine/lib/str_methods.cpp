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
    if (maxsplit == 0) {
      std::size_t e = s.size();
      while (e > i && ws(s[e - 1])) --e;
      out.push_back(s.substr(i, e - i));
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

Outcome call_str_method(Call& c, Value self, StrId method) {
  Kernel& sim = c.sim;
  const std::string s = sim.str(self.as_str());
  const std::string& m = sim.str(method);
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
  if (!c.kwnames.empty()) return sim.raise(c.t, "TypeError", "str." + m + "() takes no keyword arguments");
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
  if (m == "startswith" || m == "endswith" || m == "find" || m == "count") {
    const std::string* a = str_arg(0, m.c_str());
    if (!a) return Outcome::Raised;
    if (m == "startswith") c.ret = Value::boolean(s.rfind(*a, 0) == 0);
    else if (m == "endswith") c.ret = Value::boolean(s.size() >= a->size() && s.compare(s.size() - a->size(), a->size(), *a) == 0);
    else if (m == "find") {
      std::size_t at = s.find(*a);
      c.ret = Value::integer(at == std::string::npos ? -1 : static_cast<std::int64_t>(std::count_if(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(at), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; })));
    } else {
      std::int64_t n = 0;
      if (a->empty()) n = static_cast<std::int64_t>(std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; })) + 1;
      else for (std::size_t at = s.find(*a); at != std::string::npos; at = s.find(*a, at + a->size())) ++n;
      c.ret = Value::integer(n);
    }
    return Outcome::Done;
  }
  return sim.raise(c.t, "AttributeError", "'str' object has no attribute '" + m + "'");
}

} // namespace il
