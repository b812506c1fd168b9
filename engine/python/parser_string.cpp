// Literals: numbers, string and bytes literals with their escapes, implicit concatenation, and f-strings
// (CPython 3.11's Parser/string_parser.c: the tokenizer hands over the whole f-string; its replacement
// fields are parsed here, each expression by a nested parser over "(expr)").
#include <cmath>
#include <cstdlib>

#include "python/parser_impl.hpp"

namespace il::py::detail {

// [SECTION] numbers

Node* Parser::number() {
  const Token& t = tok();
  ++p_;
  std::string s;
  for (char c : text(t))
    if (c != '_') s += c;
  Node* n = make(K::Constant, pos_of(t));
  Constant& v = n->value;
  const char last = s.back();
  if (last == 'j' || last == 'J') {
    v.kind = Constant::Kind::Imag;
    v.f = std::strtod(s.substr(0, s.size() - 1).c_str(), nullptr);
    v.text = s;
    return n;
  }
  int base = 10;
  std::string digits = s;
  if (s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, digits = s.substr(2);
  else if (s.size() > 1 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) base = 8, digits = s.substr(2);
  else if (s.size() > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, digits = s.substr(2);
  if (base == 10 && s.find_first_of(".eE") != std::string::npos) {
    v.kind = Constant::Kind::Float;
    v.f = std::strtod(s.c_str(), nullptr);
    v.text = s;
    return n;
  }
  v.kind = Constant::Kind::Int;
  v.text = s;
  std::int64_t acc = 0;
  for (char c : digits) {
    const int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (__builtin_mul_overflow(acc, base, &acc) || __builtin_add_overflow(acc, d, &acc)) {
      v.big = true; // beyond 64 bits: the text keeps it, the compiler decides
      return n;
    }
  }
  v.i = acc;
  return n;
}

// [SECTION] escapes

namespace {
int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
} // namespace

// Decodes the escapes of a non-raw literal's body into out (UTF-8 for str, bytes for bytes); false with
// CPython's "(unicode error)" / "(value error)" SyntaxError at the token.
bool Parser::decode_escapes(std::string_view body, bool bytes, const Token& t, std::string& out) {
  auto error = [&](const std::string& msg) {
    Pos p = pos_of(t);
    fail_at({p.end_line, p.end_col, p.end_line, p.end_col}, msg);
    return false;
  };
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    const std::size_t at = i;
    if (++i >= body.size()) {
      out += '\\';
      break;
    }
    c = body[i];
    switch (c) {
    case '\n': break; // line continuation inside the literal
    case '\\': out += '\\'; break;
    case '\'': out += '\''; break;
    case '"': out += '"'; break;
    case 'a': out += '\a'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case 'v': out += '\v'; break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      int v = c - '0';
      for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7'; ++k) v = v * 8 + (body[++i] - '0');
      if (bytes) out += static_cast<char>(v & 0xFF);
      else append_utf8(out, static_cast<std::uint32_t>(v));
      break;
    }
    case 'x': {
      int h1 = i + 1 < body.size() ? hexval(body[i + 1]) : -1;
      int h2 = i + 2 < body.size() ? hexval(body[i + 2]) : -1;
      if (h1 < 0 || h2 < 0) {
        if (bytes) return error("(value error) invalid \\x escape at position " + std::to_string(at));
        return error("(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(at) + "-" +
                     std::to_string(std::min(body.size() - 1, at + 1 + (h1 >= 0))) + ": truncated \\xXX escape");
      }
      i += 2;
      if (bytes) out += static_cast<char>(h1 * 16 + h2);
      else append_utf8(out, static_cast<std::uint32_t>(h1 * 16 + h2));
      break;
    }
    case 'u':
    case 'U':
    case 'N':
      if (bytes) {
        out += '\\';
        out += c;
        break;
      }
      if (c == 'N') {
        // Unicode names need CPython's name database, which the simulator does not carry: keep the text,
        // and let the compiler refuse it by name.
        std::size_t close = body.find('}', i);
        if (i + 1 >= body.size() || body[i + 1] != '{' || close == std::string_view::npos)
          return error("(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(at) + "-" +
                       std::to_string(i) + ": malformed \\N character escape");
        out += "\\N";
        out += body.substr(i + 1, close - i);
        i = close;
        break;
      }
      {
        const int n = c == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        int k = 0;
        for (; k < n && i + 1 + k < body.size() && hexval(body[i + 1 + k]) >= 0; ++k) cp = cp * 16 + static_cast<std::uint32_t>(hexval(body[i + 1 + k]));
        if (k < n)
          return error("(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(at) + "-" +
                       std::to_string(at + k + 1) + (c == 'u' ? ": truncated \\uXXXX escape" : ": truncated \\UXXXXXXXX escape"));
        if (cp > 0x10FFFF)
          return error("(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(at) + "-" +
                       std::to_string(at + 9) + ": illegal Unicode character");
        i += static_cast<std::size_t>(n);
        append_utf8(out, cp);
      }
      break;
    default: // an unknown escape stays as written (CPython warns)
      out += '\\';
      out += c;
      break;
    }
  }
  return true;
}

// [SECTION] f-strings

namespace {
struct Prefix {
  bool bytes = false, raw = false, f = false, u = false;
  std::size_t len = 0; // prefix letters
  std::size_t quote = 1;
};

Prefix read_prefix(std::string_view s) {
  Prefix p;
  while (p.len < s.size() && s[p.len] != '\'' && s[p.len] != '"') {
    char c = static_cast<char>(s[p.len] | 0x20);
    p.bytes |= c == 'b';
    p.raw |= c == 'r';
    p.f |= c == 'f';
    p.u |= c == 'u';
    ++p.len;
  }
  p.quote = s.size() >= p.len + 6 && s[p.len] == s[p.len + 1] && s[p.len] == s[p.len + 2] ? 3 : 1;
  return p;
}
} // namespace

// One f-string's body (between its quotes) into parts (Constant / FormattedValue nodes); literal text that is
// not flushed yet stays in `literal` (implicit concatenation joins it with the next literal).
bool Parser::fstring(const Token& t, std::string_view body, bool raw, Pos p, Nodes& parts, std::string& literal) {
  // CPython reports f-string errors where its parser stood: at the token after the string(s).
  auto error = [&](const std::string& msg) {
    fail_tok(tok(), "f-string: " + msg);
    return false;
  };
  auto add_literal = [&](std::string_view raw_text) {
    if (raw) literal += raw_text;
    else if (!decode_escapes(raw_text, false, t, literal)) return false;
    return true;
  };
  // The byte offset of body within the token's text, to place each field in the source.
  const std::string_view tok_text = text(t);
  const std::size_t body_at = static_cast<std::size_t>(body.data() - tok_text.data());

  // A recursive walk: level 0 is the f-string, level 1 a format spec; CPython allows no deeper.
  struct Walker {
    Parser& P;
    const Token& t;
    std::string_view body;
    std::size_t body_at;
    bool raw;
    Pos p;
    const decltype(error)& err;
    const decltype(add_literal)& lit;
    std::string& literal;

    // Parses from i until the end (level 0) or an unmatched '}' (a format spec); parts collect into out.
    bool walk(std::size_t& i, int level, Nodes& out) {
      std::size_t chunk = i;
      while (i < body.size()) {
        char c = body[i];
        if (c == '\\' && !raw && i + 1 < body.size() && body[i + 1] == 'N' && i + 2 < body.size() && body[i + 2] == '{') {
          std::size_t close = body.find('}', i);
          i = close == std::string_view::npos ? body.size() : close + 1;
          continue;
        }
        if (c == '{' || c == '}') {
          if (i + 1 < body.size() && body[i + 1] == c && level == 0) { // {{ or }}
            if (!lit(body.substr(chunk, i + 1 - chunk))) return false;
            i += 2;
            chunk = i;
            continue;
          }
          if (c == '}') {
            if (level > 0) break; // the end of this format spec
            return err("single '}' is not allowed");
          }
          if (!lit(body.substr(chunk, i - chunk))) return false;
          if (!field(i, level, out)) return false;
          chunk = i;
          continue;
        }
        ++i;
      }
      return lit(body.substr(chunk, i - chunk));
    }

    bool field(std::size_t& i, int level, Nodes& out) {
      if (level >= 2) return err("expressions nested too deeply");
      ++i; // '{'
      const std::size_t start = i;
      std::vector<char> nest;
      char quote = 0;
      bool triple = false;
      std::size_t expr_end = std::string_view::npos;
      for (; i < body.size(); ++i) {
        char c = body[i];
        if (c == '\\') return err_plain("f-string expression part cannot include a backslash");
        if (quote) {
          if (c == quote && (!triple || (i + 2 < body.size() && body[i + 1] == quote && body[i + 2] == quote))) {
            if (triple) i += 2;
            quote = 0;
          }
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
          triple = i + 2 < body.size() && body[i + 1] == c && body[i + 2] == c;
          if (triple) i += 2;
          continue;
        }
        if (c == '(' || c == '[' || c == '{') {
          if (nest.size() >= 200) return err("too many nested parenthesis");
          nest.push_back(c);
          continue;
        }
        if (c == '#') return err_plain("f-string expression part cannot include '#'");
        if (nest.empty() && (c == '}' || c == ':' || c == '!' || c == '=')) {
          if (c == '!' && i + 1 < body.size() && body[i + 1] == '=') { ++i; continue; }
          if (c == '=' && (i + 1 < body.size() && body[i + 1] == '=')) { ++i; continue; }
          if (c == '=' && i > start && (body[i - 1] == '<' || body[i - 1] == '>' || body[i - 1] == '=' || body[i - 1] == '!')) continue;
          expr_end = i;
          break;
        }
        if (c == ')' || c == ']' || c == '}') {
          if (nest.empty()) return err(std::string("unmatched '") + c + "'");
          char open = nest.back();
          nest.pop_back();
          if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}'))
            return err(std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" + open + "'");
        }
      }
      if (quote) return err("unterminated string");
      if (expr_end == std::string_view::npos) return err("expecting '}'");
      std::string_view expr = body.substr(start, expr_end - start);
      if (expr.find_first_not_of(" \t\n\r\f") == std::string_view::npos) {
        if (body[expr_end] == '=') return err("expression required before '='");
        if (body[expr_end] == '!') return err("expression required before '!'");
        return err("empty expression not allowed");
      }
      Node* value = P.field_expression(expr, t, body_at + start);
      if (!value) return false;
      Node* fv = P.make(K::FormattedValue, p);
      fv->a = value;
      fv->level = -1;
      bool self_doc = false;
      if (body[i] == '=') { // {expr=}: the text, then the value's repr unless a conversion or spec says otherwise
        self_doc = true;
        ++i;
        while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r' || body[i] == '\f')) ++i;
        literal += std::string(body.substr(start, i - start));
      }
      if (i < body.size() && body[i] == '!') {
        ++i;
        if (i >= body.size()) return err("expecting '}'");
        char conv = body[i];
        if (conv != 's' && conv != 'r' && conv != 'a') return err("invalid conversion character: expected 's', 'r', or 'a'");
        fv->level = conv;
        ++i;
      }
      if (i < body.size() && body[i] == ':') {
        ++i;
        Node* spec = P.make(K::JoinedStr, p);
        std::string outer = std::move(literal);
        literal.clear();
        if (!walk(i, level + 1, spec->list)) return false;
        fl_into(spec->list);
        literal = std::move(outer);
        fv->b = spec;
      }
      if (i >= body.size() || body[i] != '}') return err("expecting '}'");
      ++i;
      if (self_doc && fv->level == -1 && !fv->b) fv->level = 'r';
      fl_into(out);
      out.push_back(fv);
      return true;
    }

    bool err_plain(const std::string& msg) {
      P.fail_tok(P.tok(), msg);
      return false;
    }
    void fl_into(Nodes& out) {
      if (literal.empty()) return;
      Node* c = P.make(K::Constant, p);
      c->value.kind = Constant::Kind::Str;
      c->value.text = std::move(literal);
      literal.clear();
      out.push_back(c);
    }
  };
  Walker w{*this, t, body, body_at, raw, p, error, add_literal, literal};
  std::size_t i = 0;
  return w.walk(i, 0, parts);
}

// The expression of one replacement field: parsed on its own as "(expr)" (as CPython 3.11 does), its nodes
// then moved to where the text stands in the source. Errors keep CPython's positions relative to "(expr)".
Node* Parser::field_expression(std::string_view expr, const Token& t, std::size_t offset_in_token) {
  std::string src = "(" + std::string(expr) + ")";
  TokenList sub = tokenize(src);
  const std::size_t first_node = m_.arena.size();
  SyntaxErrorInfo err;
  Node* e = nullptr;
  if (sub.error.active()) {
    err = sub.error;
  } else {
    Parser sp(sub, m_, err);
    e = sp.fstring_expression();
    if (e && e->kind == K::Starred && !err.active()) sp.fail_at(e->pos, "cannot use starred expression here");
    if (err.active()) e = nullptr;
  }
  if (!e) {
    err_ = err;
    err_.msg = "f-string: " + err_.msg;
    err_.lineno = err_.end_lineno = pos_of(t).line;
    return nullptr;
  }
  // Where "(" would stand: one column before the expression's first byte.
  std::string_view tok_text = text(t);
  int line = pos_of(t).line, col = pos_of(t).col;
  for (std::size_t k = 0; k < offset_in_token; ++k) {
    if (tok_text[k] == '\n') ++line, col = 0;
    else ++col;
  }
  for (std::size_t k = first_node; k < m_.arena.size(); ++k) {
    Pos& q = m_.arena[k].pos;
    if (q.line == 1) q.col += col - 1;
    if (q.end_line == 1) q.end_col += col - 1;
    q.line += line - 1;
    q.end_line += line - 1;
  }
  return e;
}

// [SECTION] strings

Node* Parser::strings() {
  const Token& first = tok();
  bool any_f = false, any_bytes = false, any_str = false;
  std::size_t n = 0;
  while (kind(n) == T::String) {
    Prefix pr = read_prefix(text(tok(n)));
    any_f |= pr.f;
    (pr.bytes ? any_bytes : any_str) = true;
    ++n;
  }
  const Token& last = tl_.tokens[p_ + n - 1];
  const Pos whole = span(first, last);
  if (any_bytes && any_str) {
    p_ += n;
    return fail_tok(tok(), "cannot mix bytes and nonbytes literals");
  }
  Node* result = make(any_f ? K::JoinedStr : K::Constant, whole);
  std::string literal;
  const std::size_t first_index = p_;
  p_ += n;
  tok(); // CPython has looked at the token after the strings before it reads them
  for (std::size_t k = 0; k < n; ++k) {
    const Token& t = tl_.tokens[first_index + k];
    std::string_view s = text(t);
    Prefix pr = read_prefix(s);
    std::string_view body = s.substr(pr.len + pr.quote, s.size() - pr.len - 2 * pr.quote);
    if (k == 0 && pr.u) result->value.unicode_prefix = true;
    if (pr.bytes) {
      for (unsigned char c : body)
        if (c >= 0x80) return fail_at(pos_of(t), "bytes can only contain ASCII literal characters");
    }
    if (pr.f) {
      if (!fstring(t, body, pr.raw, whole, result->list, literal)) return nullptr;
    } else if (pr.raw) {
      literal += body;
    } else if (!decode_escapes(body, pr.bytes, t, literal)) {
      return nullptr;
    }
  }
  if (any_f) {
    if (!literal.empty()) {
      Node* c = make(K::Constant, whole);
      c->value.kind = Constant::Kind::Str;
      c->value.text = std::move(literal);
      result->list.push_back(c);
    }
    // Adjacent literal parts (from concatenation) are one Constant in ast.
    Nodes merged;
    for (Node* part : result->list) {
      if (part->kind == K::Constant && !merged.empty() && merged.back()->kind == K::Constant) merged.back()->value.text += part->value.text;
      else merged.push_back(part);
    }
    result->list = std::move(merged);
    return result;
  }
  result->value.kind = any_bytes ? Constant::Kind::Bytes : Constant::Kind::Str;
  result->value.text = std::move(literal);
  return result;
}

} // namespace il::py::detail
