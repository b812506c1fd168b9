// `interleave compare`'s table (cli/compare_table.hpp) from hand-built and simulator-made Stats: which rows
// appear, the real/sim ratios, and "-" where the simulator says 0. No real threads here.
#include <doctest/doctest.h>

#include <string>

#include "../cli/compare_table.hpp"
#include "test_util.hpp"

using namespace il;
using namespace il::cli;

namespace {

ThreadStats thread(std::string name, Ns running, Ns ready, Ns blocked) {
  ThreadStats t;
  t.name = std::move(name);
  t.state = ThreadState::Done;
  t.ns[static_cast<int>(ThreadState::Running)] = running;
  t.ns[static_cast<int>(ThreadState::Ready)] = ready;
  t.ns[static_cast<int>(ThreadState::Blocked)] = blocked;
  return t;
}

const CompareRow* find_row(const std::vector<CompareRow>& rows, const std::string& label) {
  for (const CompareRow& r : rows)
    if (r.label == label) return &r;
  return nullptr;
}

} // namespace

TEST_CASE("compare table: ratios real/sim, '-' when the simulator says 0, rows both runs spent 0 in left out") {
  Stats sim, real;
  sim.makespan_ns = 2'000'000'000;
  real.makespan_ns = 3'000'000'000;
  sim.threads = {thread("MainThread", 1'000'000, 0, 5'000'000)};
  real.threads = {thread("MainThread", 1'500'000, 250'000, 5'000'000)};
  sim.shared = {{"number", "200", "200"}, {"name", "\"a\"", "'a'"}};
  real.shared = {{"number", "150", "150"}, {"name", "\"a\"", "'a'"}};
  sim.voluntary_switches = 4;
  real.voluntary_switches = 6;
  sim.involuntary_switches = 0;
  real.involuntary_switches = 7;
  sim.gil_handoffs = 10;
  real.gil_handoffs = 10;

  std::vector<CompareRow> rows = compare_rows(sim, real);
  auto check = [&](const std::string& label, const std::string& s, const std::string& r, const std::string& ratio) {
    CAPTURE(label);
    const CompareRow* row = find_row(rows, label);
    REQUIRE(row != nullptr);
    CHECK(row->sim == s);
    CHECK(row->real == r);
    CHECK(row->ratio == ratio);
  };
  check("end", "finished", "finished", "");
  check("makespan (ms)", "2000.000", "3000.000", "1.50");
  check("MainThread running (ms)", "1.000", "1.500", "1.50");
  check("MainThread ready (ms)", "0.000", "0.250", "-");
  check("MainThread blocked (ms)", "5.000", "5.000", "1.00");
  check("number", "200", "150", "0.75");
  check("name", "'a'", "'a'", ""); // not a number: no ratio
  check("voluntary switches", "4", "6", "1.50");
  check("involuntary switches", "0", "7", "-");
  check("GIL hand-offs", "10", "10", "1.00");
  CHECK(find_row(rows, "MainThread sleeping (ms)") == nullptr);
  CHECK(find_row(rows, "MainThread waiting_gil (ms)") == nullptr);

  std::string text = format_compare_table(sim, real);
  CHECK(text.find("real/sim") < text.find("makespan"));
  CHECK(text.find(" 2000.000  3000.000  1.50\n") != std::string::npos);
  CHECK(text.find("  -\n") != std::string::npos);
}

TEST_CASE("compare table: a thread or shared value only one run has shows blank on the other side") {
  Stats sim, real;
  sim.threads = {thread("MainThread", 1'000'000, 0, 0), thread("Thread-1", 2'000'000, 0, 0)};
  real.threads = {thread("MainThread", 1'000'000, 0, 0)};
  real.shared = {{"late", "1", "1"}};
  std::vector<CompareRow> rows = compare_rows(sim, real);
  const CompareRow* t1 = find_row(rows, "Thread-1 running (ms)");
  REQUIRE(t1 != nullptr);
  CHECK(t1->real.empty());
  CHECK(t1->ratio.empty());
  const CompareRow* late = find_row(rows, "late");
  REQUIRE(late != nullptr);
  CHECK(late->sim.empty());
  CHECK(late->real == "1");
}

TEST_CASE("compare table: threads pair up by process name, whatever order each run lists them in") {
  Stats sim, real;
  auto in = [](std::string process, ThreadStats t) {
    t.process_name = std::move(process);
    return t;
  };
  sim.threads = {in("MainProcess", thread("MainThread", 1'000'000, 0, 0)),
                 in("Process-1", thread("MainThread", 2'000'000, 0, 0)),
                 in("Process-2", thread("MainThread", 3'000'000, 0, 0))};
  real.threads = {in("MainProcess", thread("MainThread", 1'000'000, 0, 0)),
                  in("Process-2", thread("MainThread", 6'000'000, 0, 0)),
                  in("Process-1", thread("MainThread", 2'000'000, 0, 0))};
  std::vector<CompareRow> rows = compare_rows(sim, real);
  const CompareRow* p1 = find_row(rows, "Process-1/MainThread running (ms)");
  const CompareRow* p2 = find_row(rows, "Process-2/MainThread running (ms)");
  REQUIRE(p1 != nullptr);
  REQUIRE(p2 != nullptr);
  CHECK(p1->ratio == "1.00");
  CHECK(p2->ratio == "2.00");
  CHECK(find_row(rows, "MainThread running (ms)") == nullptr); // with processes, every label names one
}

TEST_CASE("compare table: two simulator runs of download-threads agree on makespan and sleeping time") {
  Config two;
  two.cores = 2;
  two.smt = 1;
  auto a = test::run_scenario("download-threads", two);
  auto b = test::run_scenario("download-threads", two);
  std::vector<CompareRow> rows = compare_rows(compute_stats(*a), compute_stats(*b));
  const CompareRow* makespan = find_row(rows, "makespan (ms)");
  REQUIRE(makespan != nullptr);
  CHECK(makespan->ratio == "1.00");
  const CompareRow* slept = find_row(rows, "Thread-2 (download) sleeping (ms)");
  REQUIRE(slept != nullptr);
  CHECK(slept->sim == slept->real);
  CHECK(slept->ratio == "1.00");
}

TEST_CASE("compare table: shared values parse as numbers only when they are ints or floats") {
  CHECK(compare_number("42") == 42.0);
  CHECK(compare_number("-1.5") == -1.5);
  CHECK_FALSE(compare_number("true").has_value());
  CHECK_FALSE(compare_number("\"3\"").has_value());
  CHECK_FALSE(compare_number("[1, 2]").has_value());
  CHECK(compare_ratio(0, 5) == "-");
  CHECK(compare_ratio(4, 1) == "0.25");
}
