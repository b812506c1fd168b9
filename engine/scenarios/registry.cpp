// The scenario table, built once on first use from the embedded files and immutable afterwards.
#include <charconv>
#include <stdexcept>

#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"

namespace il {
namespace {

struct Embedded {
  const char* name;
  const char* source;
};

// Generated at build time from engine/scenarios/*.py, in the order CMakeLists.txt lists them.
constexpr Embedded kEmbedded[] = {
#include "scenario_sources.inc"
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

} // namespace

std::string parse_scenario_header(std::string_view source, Scenario& sc) {
  constexpr std::string_view quotes = "\"\"\"";
  if (!starts_with(source, quotes)) return "the file does not open with a \"\"\" docstring";
  const std::size_t end = source.find(quotes, quotes.size());
  if (end == std::string_view::npos) return "the docstring is not closed";
  std::string_view doc = source.substr(quotes.size(), end - quotes.size());
  std::vector<std::string_view> lines;
  while (!doc.empty()) {
    const std::size_t nl = doc.find('\n');
    lines.push_back(trim(doc.substr(0, nl)));
    doc = nl == std::string_view::npos ? std::string_view{} : doc.substr(nl + 1);
  }
  if (lines.empty() || lines[0].empty()) return "the docstring's first line (the summary) is empty";
  sc.description = std::string(lines[0]);
  bool in_watch = false, blank = false;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view l = lines[i];
    if (in_watch) { // the paragraph's wrapped lines joined by spaces; a blank line starts a new paragraph
      if (l.empty()) {
        blank = !sc.watch.empty();
        continue;
      }
      if (!sc.watch.empty()) sc.watch += blank ? "\n\n" : " ";
      sc.watch += l;
      blank = false;
    } else if (l.empty()) {
      continue;
    } else if (starts_with(l, "Topic:")) {
      sc.topic = std::string(trim(l.substr(6)));
    } else if (starts_with(l, "Expected:")) {
      const std::string_view e = trim(l.substr(9));
      const std::size_t eq = e.find(" = ");
      if (eq == std::string_view::npos) return "an Expected: line is not 'name = integer': " + std::string(l);
      const std::string_view value = trim(e.substr(eq + 3));
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || ptr != value.data() + value.size() || value.empty())
        return "an Expected: value is not an integer: " + std::string(l);
      sc.expected.emplace_back(std::string(trim(e.substr(0, eq))), v);
    } else if (l == "What to watch for:") {
      in_watch = true;
    } else {
      return "unexpected line in the docstring: " + std::string(l);
    }
  }
  if (sc.topic.empty()) return "no Topic: line";
  if (sc.watch.empty()) return "no What to watch for: paragraph";
  return {};
}

Program Scenario::build() const {
  py::CompileResult r = py::compile_program(source, name + ".py");
  // The embedded files compile (tests/scenarios_test.cpp compiles every one); this is a build defect.
  if (!r.ok()) throw std::logic_error("built-in scenario " + name + " does not compile: " + r.error.format(name + ".py"));
  return std::move(r.program);
}

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = [] {
    std::vector<Scenario> v;
    for (const Embedded& e : kEmbedded) {
      Scenario sc;
      sc.name = e.name;
      sc.source = e.source;
      if (std::string why = parse_scenario_header(sc.source, sc); !why.empty())
        throw std::logic_error("built-in scenario " + sc.name + ": " + why);
      v.push_back(std::move(sc));
    }
    return v;
  }();
  return all;
}

const Scenario* find_scenario(std::string_view name) {
  for (const Scenario& s : scenarios())
    if (s.name == name) return &s;
  return nullptr;
}

} // namespace il
