// Tests for what a run reports: SHA-256, JSON text and number formats, the text trace, the JSON summary,
// the Perfetto export (checked with a small JSON parser of our own) and the CLI's flag parsing.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "machine/sim.hpp"
#include "trace/cli_config.hpp"
#include "trace/json.hpp"
#include "trace/perfetto.hpp"
#include "trace/report.hpp"
#include "trace/sha256.hpp"
#include "vm/builder.hpp"

using namespace il;

namespace {

// [SECTION] a minimal JSON parser: enough to check structure, strict about syntax

struct Json;
using JsonObject = std::vector<std::pair<std::string, Json>>; // keeps key order
using JsonArray = std::vector<Json>;
struct Json {
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<JsonArray>, std::shared_ptr<JsonObject>> v;
  const JsonObject& obj() const { return *std::get<std::shared_ptr<JsonObject>>(v); }
  const JsonArray& arr() const { return *std::get<std::shared_ptr<JsonArray>>(v); }
  const std::string& str() const { return std::get<std::string>(v); }
  double num() const { return std::get<double>(v); }
  bool is_obj() const { return std::holds_alternative<std::shared_ptr<JsonObject>>(v); }
  bool is_null() const { return std::holds_alternative<std::nullptr_t>(v); }
  const Json* get(std::string_view k) const {
    for (const auto& [key, val] : obj())
      if (key == k) return &val;
    return nullptr;
  }
};

class JsonParser {
public:
  explicit JsonParser(std::string_view s) : s_(s) {}
  // Parses one complete document; false on any syntax error or trailing text.
  bool parse(Json& out) {
    if (!value(out, 0)) return false;
    ws();
    return i_ == s_.size();
  }

private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool value(Json& out, int depth) {
    if (depth > 64) return false;
    ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      std::string s;
      if (!string(s)) return false;
      out.v = std::move(s);
      return true;
    }
    if (lit("true")) { out.v = true; return true; }
    if (lit("false")) { out.v = false; return true; }
    if (lit("null")) { out.v = nullptr; return true; }
    return number(out);
  }
  bool number(Json& out) {
    std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || !isdigit(static_cast<unsigned char>(s_[i_]))) return false;
    if (s_[i_] == '0') ++i_;
    else while (i_ < s_.size() && isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (i_ >= s_.size() || !isdigit(static_cast<unsigned char>(s_[i_]))) return false;
      while (i_ < s_.size() && isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || !isdigit(static_cast<unsigned char>(s_[i_]))) return false;
      while (i_ < s_.size() && isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    out.v = std::stod(std::string(s_.substr(start, i_ - start)));
    return true;
  }
  bool string(std::string& out) {
    ++i_; // opening quote
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return false; // raw control characters are not allowed
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (i_ + 4 > s_.size()) return false;
        for (int k = 0; k < 4; ++k)
          if (!isxdigit(static_cast<unsigned char>(s_[i_ + k]))) return false;
        out += "\\u" + std::string(s_.substr(i_, 4)); // kept escaped: enough for structure checks
        i_ += 4;
        break;
      }
      default: return false;
      }
    }
    return false;
  }
  bool array(Json& out, int depth) {
    ++i_;
    auto a = std::make_shared<JsonArray>();
    ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      out.v = a;
      return true;
    }
    for (;;) {
      Json item;
      if (!value(item, depth + 1)) return false;
      a->push_back(std::move(item));
      ws();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == ']') { ++i_; out.v = a; return true; }
      return false;
    }
  }
  bool object(Json& out, int depth) {
    ++i_;
    auto o = std::make_shared<JsonObject>();
    ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      out.v = o;
      return true;
    }
    for (;;) {
      ws();
      std::string key;
      if (i_ >= s_.size() || s_[i_] != '"' || !string(key)) return false;
      ws();
      if (i_ >= s_.size() || s_[i_] != ':') return false;
      ++i_;
      Json val;
      if (!value(val, depth + 1)) return false;
      o->emplace_back(std::move(key), std::move(val));
      ws();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == '}') { ++i_; out.v = o; return true; }
      return false;
    }
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

bool valid_json(std::string_view s) {
  Json j;
  return JsonParser(s).parse(j);
}

Json parse_json(std::string_view s) {
  Json j;
  bool ok = JsonParser(s).parse(j);
  REQUIRE(ok);
  return j;
}

// [SECTION] a small program exercising every kind of record

// Two workers add to a counter under a lock, one thread releases a fresh lock (an uncaught RuntimeError),
// main prints; globals hold a list, a dict, a float and a string that needs escaping.
Program test_program() {
  ModuleBuilder m("report_test");
  m.global("counter");
  m.global("lock");
  m.global("names");
  m.global("table");
  m.global("ratio");
  auto& work = m.def("work", {});
  work.for_range("i", 20, [&] {
    work.with_([&] { work.load("lock"); }, [&] {
      work.add_to("counter", 1);
      work.push_float(0.001).native_stmt(Native::sleep); // holding the lock: the other worker waits
    });
  });
  auto& bad = m.def("bad", {});
  bad.native(Native::lock_new).method_stmt("release", 0); // threading.Lock().release()
  auto& mn = m.main();
  mn.push(0).store("counter");
  mn.native(Native::lock_new).store("lock");
  mn.push_str("quote\" and \\ backslash").push(2).list(2).store("names");
  mn.native(Native::dict).store("table");
  mn.load("table").push_str("k").push(1).method_stmt("setitem", 2);
  mn.push_float(0.5).store("ratio");
  auto thread = [&](std::string_view target, std::string_view var) {
    mn.push_func(target).list(0).push_none().push_none().push_none().native(Native::thread_new, 5).store(var);
  };
  thread("work", "t0");
  thread("work", "t1");
  thread("bad", "t2");
  for (const char* t : {"t0", "t1", "t2"}) mn.load(t).method_stmt("start", 0);
  for (const char* t : {"t0", "t1", "t2"}) mn.load(t).method_stmt("join", 0);
  mn.push_str("counter =").load("counter").print(2);
  return m.finish();
}

std::unique_ptr<Sim> run_test_program(Config cfg = {}) {
  auto sim = std::make_unique<Sim>(cfg, test_program());
  sim->run();
  return sim;
}

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> k;
  for (const auto& [key, val] : j.obj()) k.push_back(key);
  return k;
}

} // namespace

// [SECTION] SHA-256

TEST_CASE("sha256: standard test vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: incremental updates give the one-shot digest at every split") {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  for (std::size_t cut : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 128u, 299u, 300u}) {
    Sha256 h;
    h.update(std::string_view(text).substr(0, cut));
    h.update(std::string_view(text).substr(cut));
    CHECK(h.hex() == sha256_hex(text));
  }
}

// [SECTION] JSON text and numbers

TEST_CASE("json: strings escape quotes, backslashes and control characters, keep UTF-8") {
  CHECK(json_string("plain") == "\"plain\"");
  CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_string("\n\t\r\b\f") == "\"\\n\\t\\r\\b\\f\"");
  CHECK(json_string(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\\u007f\"");
  CHECK(json_string(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
  CHECK(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d") == "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d\"");
  SUBCASE("invalid UTF-8 becomes U+FFFD, so the document stays valid") {
    CHECK(json_string("\xff") == "\"\\ufffd\"");
    CHECK(json_string("a\xc3") == "\"a\\ufffd\"");             // truncated sequence
    CHECK(json_string("\xc0\xaf") == "\"\\ufffd\\ufffd\"");     // overlong '/'
    CHECK(json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\""); // a UTF-16 surrogate
  }
  CHECK(valid_json(json_string(std::string("\x00\x01 \" \\ \xff", 8))));
}

TEST_CASE("json: writer places commas and keys, with and without indentation") {
  JsonWriter w;
  w.begin_object().key("a").num(1).key("b").begin_array().str("x").null().boolean(true).end_array();
  w.key("c").begin_object().end_object().key("d").raw("0.2500").end_object();
  CHECK(w.text() == R"({"a":1,"b":["x",null,true],"c":{},"d":0.2500})");
  JsonWriter p(2);
  p.begin_object().key("a").begin_array().num(1).num(2).end_array().key("e").begin_array().end_array().end_object();
  CHECK(p.text() == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": []\n}");
}

TEST_CASE("time formatting: integer nanoseconds as seconds and microseconds") {
  CHECK(format_seconds(0) == "0.000000000");
  CHECK(format_seconds(12'345'678'901) == "12.345678901");
  CHECK(format_seconds(5) == "0.000000005");
  CHECK(format_seconds(-1'500'000'000) == "-1.500000000");
  CHECK(format_micros(0) == "0.000");
  CHECK(format_micros(1'234) == "1.234");
  CHECK(format_micros(3'600'000'000'007) == "3600000000.007");
}

TEST_CASE("number formatting: fixed decimals and trimmed decimals without floating point") {
  CHECK(fixed_ratio(1, 4, 4) == "0.2500");
  CHECK(fixed_ratio(2, 3, 4) == "0.6667");
  CHECK(fixed_ratio(1, 3, 0) == "0");
  CHECK(fixed_ratio(2, 3, 0) == "1");
  CHECK(fixed_ratio(9'999'5, 100'000, 4) == "1.0000"); // rounding carries into the integer part
  CHECK(fixed_ratio(-1, 8, 2) == "-0.13");
  CHECK(fixed_ratio(7, 7, 4) == "1.0000");
  CHECK(fixed_ratio(INT64_MAX, INT64_MAX - 1, 4) == "1.0000");
  CHECK(decimal_trimmed(10'000'000, 6) == "10");
  CHECK(decimal_trimmed(100'000, 6) == "0.1");
  CHECK(decimal_trimmed(2'500, 3) == "2.5");
  CHECK(decimal_trimmed(0, 3) == "0");
  CHECK(decimal_trimmed(12'500, 4) == "1.25");
}

// [SECTION] CLI flags

TEST_CASE("apply_flag: every key sets its Config field") {
  Config c;
  CHECK_FALSE(apply_flag(c, "cores", "8"));
  CHECK_FALSE(apply_flag(c, "smt", "1"));
  CHECK_FALSE(apply_flag(c, "smt-gain", "1.5"));
  CHECK_FALSE(apply_flag(c, "slice-ms", "2.5"));
  CHECK_FALSE(apply_flag(c, "switch-interval-ms", "0.005"));
  CHECK_FALSE(apply_flag(c, "gil", "none"));
  CHECK_FALSE(apply_flag(c, "switch-points", "any"));
  CHECK_FALSE(apply_flag(c, "seed", "18446744073709551615"));
  CHECK_FALSE(apply_flag(c, "ctx-switch-us", "0.5"));
  CHECK_FALSE(apply_flag(c, "start-method", "spawn"));
  CHECK(c.cores == 8);
  CHECK(c.smt == 1);
  CHECK(c.smt_gain == 1.5);
  CHECK(c.slice_ns == 2'500'000);
  CHECK(c.switch_interval_ns == 5'000);
  CHECK(c.gil == GilMode::None);
  CHECK(c.switch_points == SwitchPoints::Any);
  CHECK(c.seed == UINT64_MAX);
  CHECK(c.ctx_switch_ns == 500);
  CHECK(c.start_method == StartMethod::Spawn);
  CHECK_FALSE(c.validate());
  for (std::string_view k : config_keys()) CHECK(apply_flag(c, k, "") != std::nullopt);
}

TEST_CASE("apply_flag: malformed values and unknown keys give one-line messages") {
  Config c;
  const Config before = c;
  auto err = [&](std::string_view k, std::string_view v) { return apply_flag(c, k, v).value_or(""); };
  CHECK(err("cores", "four") == "invalid value 'four' for cores: expected an integer");
  CHECK(err("cores", "4.5") == "invalid value '4.5' for cores: expected an integer");
  CHECK(err("cores", "") == "invalid value '' for cores: expected an integer");
  CHECK(err("cores", "99999999999") == "invalid value '99999999999' for cores: expected an integer");
  CHECK(err("seed", "-1") == "invalid value '-1' for seed: expected a non-negative integer");
  CHECK(err("gil", "fast") == "invalid value 'fast' for gil: expected new, old or none");
  CHECK(err("switch-points", "py312") == "invalid value 'py312' for switch-points: expected py311 or any");
  CHECK(err("start-method", "forkserver") == "invalid value 'forkserver' for start-method: expected fork or spawn");
  CHECK(err("slice-ms", "1e3").find("invalid value '1e3' for slice-ms") == 0);
  CHECK(err("slice-ms", "0.0000001").find("at most 6 decimals") != std::string::npos);
  CHECK(err("ctx-switch-us", "abc").find("for ctx-switch-us") != std::string::npos);
  CHECK(err("colour", "red") == "unknown option 'colour'");
  for (std::string_view k : config_keys()) {
    std::string e = err(k, "x");
    CHECK(e.find('\n') == std::string::npos);
  }
  CHECK(c.cores == before.cores);
  CHECK(c.seed == before.seed);
  CHECK(c.slice_ns == before.slice_ns);
}

TEST_CASE("apply_flag: possible syntax, impossible machine is left to Config::validate") {
  Config c;
  CHECK_FALSE(apply_flag(c, "cores", "0"));
  CHECK(c.validate());
  c = Config{};
  CHECK_FALSE(apply_flag(c, "slice-ms", "-5"));
  CHECK(c.slice_ns == -5'000'000);
  CHECK(c.validate());
}

TEST_CASE("parse_scaled: exact decimal text to integer units") {
  CHECK(parse_scaled("10", 6) == 10'000'000);
  CHECK(parse_scaled("0.1", 6) == 100'000);
  CHECK(parse_scaled(".5", 3) == 500);
  CHECK(parse_scaled("2.", 3) == 2'000);
  CHECK(parse_scaled("+3", 0) == 3);
  CHECK(parse_scaled("-0.25", 2) == -25);
  CHECK(parse_scaled("1.5000000", 3) == 1'500); // extra zeros are fine
  CHECK_FALSE(parse_scaled("1.0005", 3));         // extra digits are not
  CHECK_FALSE(parse_scaled("", 3));
  CHECK_FALSE(parse_scaled(".", 3));
  CHECK_FALSE(parse_scaled("1,5", 3));
  CHECK_FALSE(parse_scaled("1e3", 3));
  CHECK_FALSE(parse_scaled(" 1", 3));
  CHECK_FALSE(parse_scaled("99999999999999999999", 0));
}

TEST_CASE("config_flags: the non-default settings round-trip through apply_flag") {
  CHECK(config_flags(Config{}).empty());
  Config c;
  c.cores = 2;
  c.slice_ns = 1'500'000;
  c.switch_interval_ns = 5'000;
  c.ctx_switch_ns = 500;
  c.wake_latency_ns = 25'500;
  c.smt_gain = 1.1;
  c.gil = GilMode::Old;
  c.seed = 42;
  Config back;
  for (const auto& [k, v] : config_flags(c)) CHECK_FALSE(apply_flag(back, k, v));
  CHECK(back.cores == 2);
  CHECK(back.slice_ns == 1'500'000);
  CHECK(back.switch_interval_ns == 5'000);
  CHECK(back.ctx_switch_ns == 500);
  CHECK(back.wake_latency_ns == 25'500);
  CHECK(back.smt_gain == doctest::Approx(1.1));
  CHECK(back.gil == GilMode::Old);
  CHECK(back.seed == 42);
}

// [SECTION] text trace and summary

TEST_CASE("text trace: one deterministic line per record, hashed by trace_sha256") {
  auto sim = run_test_program();
  std::string text = text_trace(*sim);
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  CHECK(lines == sim->trace().recs.size());
  CHECK(text.rfind("0.000000000 process MainProcess pid=1000 start\n", 0) == 0);
  CHECK(text.find(" acquire lock") != std::string::npos);
  CHECK(text.find(" acquire lock waited") != std::string::npos);
  CHECK(text.find(" release lock") != std::string::npos);
  CHECK(text.find(" running cpu=") != std::string::npos);
  CHECK(text.find(" exception RuntimeError: release unlocked lock") != std::string::npos);
  CHECK(text.find(" print \"counter = 40\\n\"") != std::string::npos); // one write, with its newline
  CHECK(text.find("gil MainProcess -> ") != std::string::npos);
  CHECK(trace_sha256(*sim) == sha256_hex(text));

  SUBCASE("same seed, same text; another seed, another schedule") {
    auto again = run_test_program();
    CHECK(text_trace(*again) == text);
    Config other;
    other.seed = 7;
    CHECK(trace_sha256(*run_test_program(other)) != trace_sha256(*sim));
  }
}

TEST_CASE("summary_json: every key, in order, with the run's facts") {
  auto sim = run_test_program();
  std::string text = summary_json(*sim, "report-test");
  Json j = parse_json(text);
  CHECK(keys_of(j) == std::vector<std::string>{"scenario", "config", "end", "makespan_ns", "threads", "processes",
                                                "cpus", "shared", "primitives", "context_switches",
                                                "gil_handoffs", "memory", "exceptions", "output", "stdout", "stderr",
                                                "exit_code", "deadlock", "trace_sha256"});
  CHECK(keys_of(*j.get("config")) ==
        std::vector<std::string>{"cores", "smt", "smt_gain", "slice_ms", "switch_interval_ms", "gil",
                                 "switch_points", "ctx_switch_us", "wake_us", "seed", "start_method"});
  CHECK(j.get("scenario")->str() == "report-test");
  CHECK(j.get("end")->str() == "finished");
  CHECK(j.get("makespan_ns")->num() == static_cast<double>(sim->now()));
  CHECK(j.get("config")->get("slice_ms")->num() == 10);
  CHECK(j.get("config")->get("smt_gain")->num() == 1.25);

  const JsonArray& threads = j.get("threads")->arr();
  REQUIRE(threads.size() == 4);
  CHECK(keys_of(threads[0]) == std::vector<std::string>{"name", "process", "process_name", "state", "ns",
                                                        "voluntary_switches", "involuntary_switches", "uncaught"});
  CHECK(keys_of(*threads[0].get("ns")) == std::vector<std::string>{"new", "ready", "running", "waiting_gil",
                                                                   "blocked", "sleeping", "io", "done"});
  CHECK(threads[0].get("name")->str() == "MainThread");
  CHECK(threads[0].get("process")->num() == 1000);
  CHECK(threads[3].get("uncaught")->str() == "RuntimeError: release unlocked lock");
  CHECK(threads[1].get("uncaught")->is_null());
  for (const Json& t : threads) {
    double total = 0;
    for (const auto& [state, ns] : t.get("ns")->obj()) total += ns.num();
    CHECK(total <= static_cast<double>(sim->now()));
  }

  const Json& shared = *j.get("shared");
  CHECK(keys_of(shared) == std::vector<std::string>{"counter", "names", "table", "ratio"}); // no lock, no threads
  CHECK(shared.get("counter")->num() == 40);
  CHECK(shared.get("names")->arr()[0].str() == "quote\" and \\ backslash");
  CHECK(shared.get("table")->get("k")->num() == 1);
  CHECK(shared.get("ratio")->num() == 0.5);

  const JsonArray& prims = j.get("primitives")->arr();
  REQUIRE(prims.size() == 2); // the shared lock, and the one `bad` made and released
  CHECK(prims[1].get("name")->str().rfind("Lock-", 0) == 0); // never stored in a variable: kind-id
  CHECK(prims[1].get("acquisitions")->num() == 0);
  CHECK(prims[0].get("name")->str() == "lock");
  CHECK(prims[0].get("kind")->str() == "Lock");
  CHECK(prims[0].get("acquisitions")->num() == 40);
  CHECK(prims[0].get("contended")->num() > 0);
  CHECK(prims[0].get("max_holders")->num() == 1);

  const JsonArray& cpus = j.get("cpus")->arr();
  CHECK(cpus.size() == 8);
  for (const Json& c : cpus) {
    CHECK(c.get("utilization")->num() >= 0);
    CHECK(c.get("utilization")->num() <= 1);
  }
  CHECK(text.find("\"utilization\": 0.") != std::string::npos); // always four decimals

  const JsonArray& exc = j.get("exceptions")->arr();
  REQUIRE(exc.size() == 1);
  CHECK(exc[0].get("type")->str() == "RuntimeError");
  CHECK(exc[0].get("message")->str() == "release unlocked lock");
  CHECK(j.get("output")->arr().back().str() == "counter = 40");
  const std::string& out = j.get("stdout")->str(); // the stream as written: the output's lines, each with its newline
  CHECK(out.size() >= 13);
  CHECK(out.substr(out.size() - 13) == "counter = 40\n");
  const std::string& err = j.get("stderr")->str(); // the traceback of the thread the RuntimeError ended
  CHECK(err.find("Traceback (most recent call last):\n") != std::string::npos);
  CHECK(err.find("\nRuntimeError: release unlocked lock\n") != std::string::npos);
  CHECK(j.get("exit_code")->num() == 0);
  CHECK(j.get("deadlock")->is_null());
  CHECK(j.get("trace_sha256")->str() == trace_sha256(*sim));
  CHECK(j.get("gil_handoffs")->num() > 0);
  CHECK(summary_json(*run_test_program(), "report-test") == text);
}

TEST_CASE("summary_json: a deadlock names its cycle") {
  ModuleBuilder m("deadlock");
  m.global("a");
  m.global("b");
  for (auto [fn, first, second] : {std::tuple{"ab", "a", "b"}, std::tuple{"ba", "b", "a"}}) {
    auto& f = m.def(fn, {});
    f.load(first).method_stmt("acquire", 0);
    f.push_float(0.01).native_stmt(Native::sleep);
    f.load(second).method_stmt("acquire", 0);
  }
  auto& mn = m.main();
  mn.native(Native::lock_new).store("a");
  mn.native(Native::lock_new).store("b");
  for (auto [fn, var] : {std::pair{"ab", "t0"}, std::pair{"ba", "t1"}}) {
    mn.push_func(fn).list(0).push_none().push_none().push_none().native(Native::thread_new, 5).store(var);
    mn.load(var).method_stmt("start", 0);
  }
  Sim sim(Config{}, m.finish());
  sim.run();
  REQUIRE(sim.end() == RunEnd::Deadlock);
  Json j = parse_json(summary_json(sim, "deadlock"));
  CHECK(j.get("end")->str() == "deadlock");
  const Json& dl = *j.get("deadlock");
  REQUIRE(dl.is_obj());
  CHECK(keys_of(dl) == std::vector<std::string>{"cycle", "text"});
  const JsonArray& cycle = dl.get("cycle")->arr();
  REQUIRE(cycle.size() == 2);
  std::set<std::string> waits{cycle[0].get("waits_for")->str(), cycle[1].get("waits_for")->str()};
  CHECK(waits == std::set<std::string>{"a", "b"});
  CHECK(dl.get("text")->str().rfind("deadlock:", 0) == 0);
  CHECK(text_summary(sim, "deadlock").find("deadlock: ") != std::string::npos);
}

// [SECTION] Perfetto export

TEST_CASE("perfetto: valid JSON naming every simulated thread and process") {
  auto sim = run_test_program();
  for (bool basic : {false, true}) {
    CAPTURE(basic);
    std::string text = perfetto_json(*sim, basic);
    Json doc = parse_json(text);
    CHECK(keys_of(doc) == std::vector<std::string>{"traceEvents", "displayTimeUnit"});
    CHECK(doc.get("displayTimeUnit")->str() == "ns");
    const JsonArray& events = doc.get("traceEvents")->arr();
    std::set<std::string> thread_names, process_names, phases;
    std::map<std::pair<double, double>, int> slices_per_track;
    double last_ts = -1;
    bool sorted = true;
    for (const Json& e : events) {
      REQUIRE(e.is_obj());
      std::string ph = e.get("ph")->str();
      phases.insert(ph);
      REQUIRE(e.get("name"));
      REQUIRE(e.get("pid"));
      REQUIRE(e.get("tid"));
      if (ph == "M") {
        if (e.get("name")->str() == "thread_name") thread_names.insert(e.get("args")->get("name")->str());
        if (e.get("name")->str() == "process_name") process_names.insert(e.get("args")->get("name")->str());
        continue;
      }
      REQUIRE(e.get("ts"));
      double ts = e.get("ts")->num();
      if (ts < last_ts) sorted = false;
      last_ts = ts;
      if (ph == "X") {
        CHECK(e.get("dur")->num() >= 0);
        ++slices_per_track[{e.get("pid")->num(), e.get("tid")->num()}];
      }
    }
    CHECK(sorted);
    for (const Thread& t : sim->threads()) CHECK(thread_names.count(t.name) == 1);
    CHECK(process_names.count("MainProcess") == 1);
    CHECK(process_names.count("CPUs") == 1);
    CHECK(thread_names.count("CPU 0 (core 0)") == 1);
    CHECK(thread_names.count("CPU 7 (core 3)") == 1);
    CHECK(thread_names.count("Thread-1 (work) locks") == 1);
    if (basic) {
      CHECK(phases == std::set<std::string>{"M", "X", "i", "C"});
    } else {
      CHECK(phases.count("s") == 1);
      CHECK(phases.count("f") == 1);
      CHECK(phases.count("T") == 1);
    }
  }
}

namespace {
// Slices on one track that overlap without nesting, in the readers' double arithmetic (DevTools' own test).
int nesting_violations(const Kernel& k) {
  Json doc = parse_json(perfetto_json(k, true));
  struct Span { double ts, end; };
  std::map<std::pair<double, double>, std::vector<Span>> tracks;
  for (const Json& e : doc.get("traceEvents")->arr())
    if (e.get("ph")->str() == "X")
      tracks[{e.get("pid")->num(), e.get("tid")->num()}].push_back(
          {e.get("ts")->num(), e.get("ts")->num() + e.get("dur")->num()});
  int violations = 0;
  for (auto& [track, spans] : tracks) {
    std::stable_sort(spans.begin(), spans.end(),
                     [](const Span& a, const Span& b) { return a.ts != b.ts ? a.ts < b.ts : a.end > b.end; });
    std::vector<Span> stack;
    for (const Span& s : spans) {
      while (!stack.empty() && s.ts >= stack.back().end) stack.pop_back();
      if (!stack.empty() && s.end > stack.back().end) ++violations; // exactly DevTools' test: no tolerance
      else stack.push_back(s);
    }
  }
  return violations;
}
} // namespace

TEST_CASE("perfetto: slices on one track nest, in the readers' double arithmetic") {
  CHECK(nesting_violations(*run_test_program()) == 0);
}

TEST_CASE("perfetto: a CPU lane stops where the next thread is seen on that CPU (real runs sample CPUs)") {
  // A real run records the CPU a thread was on when it changed state; the OS may move it meanwhile, so two
  // threads can claim one CPU at once. Make every simulated Running record claim CPU 0 to get such a trace.
  auto sim = run_test_program();
  int running = 0;
  for (TraceRec& r : sim->trace().recs)
    if (r.kind == Ev::State && r.state == ThreadState::Running) r.cpu = 0, ++running;
  REQUIRE(running > 3);
  CHECK(nesting_violations(*sim) == 0);
}

TEST_CASE("perfetto: the same run exports the same bytes") {
  CHECK(perfetto_json(*run_test_program(), false) == perfetto_json(*run_test_program(), false));
}

TEST_CASE("summary_json: multiprocessing Value and Array show their contents") {
  ModuleBuilder m("mp_values");
  m.global("hits");
  m.global("ratio");
  m.global("slots");
  auto& mn = m.main();
  mn.push_str("i").push(7).push_none().native(Native::mp_value_new).store("hits");
  mn.push_str("d").push_float(0.25).push_none().native(Native::mp_value_new).store("ratio");
  mn.push_str("i").push(1).push(2).push(3).list(3).push_none().native(Native::mp_array_new).store("slots");
  Sim sim(Config{}, m.finish());
  sim.run();
  Json j = parse_json(summary_json(sim, "mp"));
  const Json& shared = *j.get("shared");
  REQUIRE(shared.get("hits"));
  CHECK(shared.get("hits")->num() == 7);
  CHECK(shared.get("ratio")->num() == 0.25);
  REQUIRE(shared.get("slots"));
  CHECK(shared.get("slots")->arr().size() == 3);
  CHECK(shared.get("slots")->arr()[2].num() == 3);
  CHECK(text_summary(sim, "mp").find("  hits = 7\n") != std::string::npos);
}
