// File names and the CSV export (see export.hpp). The CSV has one header and one shape for every row so a
// spreadsheet or pandas reads it as one table; `row` says whether a line is a thread or a CPU.
#include "export.hpp"

#include <cassert>

#include "trace/cli_config.hpp"
#include "trace/json.hpp"

namespace il::ui {

std::string short_config(const Config& cfg) {
  std::string s = std::to_string(cfg.cores) + "c" + std::to_string(cfg.smt) + "t";
  for (const auto& [key, value] : config_flags(cfg)) {
    if (key == "cores" || key == "smt") continue;
    s += '_';
    s += key;
    s += '-';
    s += value;
  }
  return s;
}

std::string export_filename(std::string_view scenario, const Config& cfg, std::string_view ext, const Config* cfg_b) {
  std::string name = "interleave-" + std::string(scenario) + "-" + short_config(cfg);
  if (cfg_b) name += "-vs-" + short_config(*cfg_b);
  name += ".";
  name += ext;
  // Browsers and file systems disagree about much else; these characters are safe everywhere.
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) c = '_';
  }
  return name;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

namespace {

// The columns after the state times; the state columns come from ThreadState so a new state adds one.
constexpr const char* kHeadLead[] = {"row", "run", "scenario", "config", "thread", "pid", "process", "final_state"};
constexpr const char* kHeadTail[] = {"voluntary_switches", "involuntary_switches", "uncaught",
                                     "cpu", "core", "busy_ns", "switch_ns", "utilization"};

void line(std::string& out, std::span<const std::string> fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
}

std::size_t column_count() { return std::size(kHeadLead) + kStateCount + std::size(kHeadTail); }

} // namespace

std::string stats_csv(std::span<const CsvRun> runs) {
  std::string out;
  std::vector<std::string> f;
  for (const char* h : kHeadLead) f.emplace_back(h);
  for (int i = 0; i < kStateCount; ++i) f.push_back(std::string(to_string(static_cast<ThreadState>(i))) + "_ns");
  for (const char* h : kHeadTail) f.emplace_back(h);
  assert(f.size() == column_count());
  line(out, f);

  for (const CsvRun& run : runs) {
    assert(run.stats);
    const Stats& st = *run.stats;
    auto lead = [&](const char* row) {
      f.assign({row, std::string(run.label), std::string(run.scenario), std::string(run.config)});
    };
    for (const ThreadStats& t : st.threads) {
      lead("thread");
      f.insert(f.end(), {t.name, std::to_string(t.pid), t.process_name, std::string(to_string(t.state))});
      for (Ns ns : t.ns) f.push_back(std::to_string(ns));
      f.insert(f.end(), {std::to_string(t.voluntary_switches), std::to_string(t.involuntary_switches), t.uncaught});
      f.resize(column_count()); // no CPU columns
      line(out, f);
    }
    for (const CpuStats& c : st.cpus) {
      lead("cpu");
      f.resize(std::size(kHeadLead) + kStateCount + 3); // no thread columns
      f.insert(f.end(), {std::to_string(c.cpu), std::to_string(c.core), std::to_string(c.busy_ns),
                         std::to_string(c.switch_ns), fixed_ratio(c.utilization_e4, 10000, 4)});
      assert(f.size() == column_count());
      line(out, f);
    }
  }
  return out;
}

std::string stats_csv(const Stats& st, std::string_view scenario, std::string_view config) {
  const CsvRun run{"A", scenario, config, &st};
  return stats_csv(std::span<const CsvRun>(&run, 1));
}

} // namespace il::ui
