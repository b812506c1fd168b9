// `interleave compare`'s side-by-side table of a simulated and a real run, as a pure function of their Stats
// (no threads, no machine), so tests/compare_test.cpp checks rows and ratios. Header-only because the test
// binary links the engine, not the CLI.
#pragma once
#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/report.hpp"

namespace il::cli {

// [SECTION] cells

// real/sim with two decimals; "-" when sim is 0 (no ratio to speak of).
inline std::string compare_ratio(double sim, double real) {
  if (sim == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", real / sim);
  return buf;
}

inline std::string compare_ms(Ns ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ns) / 1e6);
  return buf;
}

// A shared value's JSON text as a number, if it is one (ints and floats; not bools, strings or lists).
inline std::optional<double> compare_number(std::string_view json) {
  if (json.empty() || !(json[0] == '-' || (json[0] >= '0' && json[0] <= '9'))) return std::nullopt;
  std::string s(json);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  return v;
}

// [SECTION] the table

struct CompareRow {
  std::string label, sim, real, ratio; // ratio empty for rows that are not numbers
};

// Rows: makespan, each thread's time in running/ready/waiting_gil/blocked/sleeping/io (rows where both runs
// spent 0 are left out), final shared values, context switches and GIL hand-offs. Threads are paired by
// process and thread name; a thread only one side has shows "" on the other.
inline std::vector<CompareRow> compare_rows(const Stats& sim, const Stats& real) {
  std::vector<CompareRow> rows;
  auto number_row = [&rows](std::string label, double s, double r, std::string s_text, std::string r_text) {
    rows.push_back({std::move(label), std::move(s_text), std::move(r_text), compare_ratio(s, r)});
  };
  auto ns_row = [&](std::string label, Ns s, Ns r) {
    number_row(std::move(label), static_cast<double>(s), static_cast<double>(r), compare_ms(s), compare_ms(r));
  };
  auto count_row = [&](std::string label, std::int64_t s, std::int64_t r) {
    number_row(std::move(label), static_cast<double>(s), static_cast<double>(r), std::to_string(s),
               std::to_string(r));
  };

  rows.push_back({"end", std::string(to_string(sim.end)), std::string(to_string(real.end)), ""});
  ns_row("makespan (ms)", sim.makespan_ns, real.makespan_ns);

  constexpr ThreadState kShown[] = {ThreadState::Running, ThreadState::Ready,    ThreadState::WaitGil,
                                    ThreadState::Blocked, ThreadState::Sleeping, ThreadState::Io};
  // Threads pair up by process and thread name (processes may be reaped in another order than they were made),
  // then by position among equal names; with more than one process the label says which.
  const bool many = std::any_of(sim.threads.begin(), sim.threads.end(), [&](const ThreadStats& t) {
    return t.process_name != sim.threads.front().process_name;
  });
  auto label_of = [&](const ThreadStats& t) { return many ? t.process_name + "/" + t.name : t.name; };
  std::vector<std::pair<const ThreadStats*, const ThreadStats*>> pairs;
  std::vector<bool> used(real.threads.size(), false);
  for (const ThreadStats& s : sim.threads) {
    const ThreadStats* r = nullptr;
    for (std::size_t j = 0; j < real.threads.size() && !r; ++j)
      if (!used[j] && real.threads[j].process_name == s.process_name && real.threads[j].name == s.name) {
        used[j] = true;
        r = &real.threads[j];
      }
    pairs.emplace_back(&s, r);
  }
  for (std::size_t j = 0; j < real.threads.size(); ++j)
    if (!used[j]) pairs.emplace_back(nullptr, &real.threads[j]);
  for (const auto& [s, r] : pairs) {
    const std::string name = label_of(s ? *s : *r);
    for (ThreadState k : kShown) {
      const int idx = static_cast<int>(k);
      Ns sv = s ? s->ns[idx] : 0, rv = r ? r->ns[idx] : 0;
      if (sv == 0 && rv == 0) continue;
      std::string label = name + " " + std::string(to_string(k)) + " (ms)";
      if (s && r) ns_row(std::move(label), sv, rv);
      else rows.push_back({std::move(label), s ? compare_ms(sv) : "", r ? compare_ms(rv) : "", ""});
    }
  }

  // Shared values in the simulator's order, then any only the real run has.
  for (const SharedVar& v : sim.shared) {
    auto it = std::find_if(real.shared.begin(), real.shared.end(),
                           [&v](const SharedVar& w) { return w.name == v.name; });
    std::string r_repr = it != real.shared.end() ? it->repr : "";
    auto sn = compare_number(v.json);
    auto rn = it != real.shared.end() ? compare_number(it->json) : std::nullopt;
    rows.push_back({v.name, v.repr, r_repr, sn && rn ? compare_ratio(*sn, *rn) : ""});
  }
  for (const SharedVar& w : real.shared)
    if (std::none_of(sim.shared.begin(), sim.shared.end(), [&w](const SharedVar& v) { return v.name == w.name; }))
      rows.push_back({w.name, "", w.repr, ""});

  count_row("voluntary switches", sim.voluntary_switches, real.voluntary_switches);
  count_row("involuntary switches", sim.involuntary_switches, real.involuntary_switches);
  count_row("GIL hand-offs", sim.gil_handoffs, real.gil_handoffs);
  return rows;
}

// The rows as aligned text: a header line ("", "sim", "real", "real/sim"), then one line per row.
inline std::string format_compare_table(const Stats& sim, const Stats& real) {
  std::vector<CompareRow> rows = compare_rows(sim, real);
  CompareRow head{"", "sim", "real", "real/sim"};
  std::size_t w0 = head.label.size(), w1 = head.sim.size(), w2 = head.real.size();
  for (const CompareRow& r : rows) {
    w0 = std::max(w0, r.label.size());
    w1 = std::max(w1, r.sim.size());
    w2 = std::max(w2, r.real.size());
  }
  auto line = [&](const CompareRow& r) {
    std::string s = r.label + std::string(w0 - r.label.size() + 2, ' ');
    s += std::string(w1 - r.sim.size(), ' ') + r.sim + "  ";
    s += std::string(w2 - r.real.size(), ' ') + r.real;
    if (!r.ratio.empty()) s += "  " + r.ratio;
    return s + "\n";
  };
  std::string out = line(head);
  for (const CompareRow& r : rows) out += line(r);
  return out;
}

} // namespace il::cli
