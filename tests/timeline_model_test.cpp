// The UI's timeline model (ui/model.hpp) against the engine's own accounting: lanes cover each thread's life
// without gaps or overlaps, a CPU runs one thread at a time, lock and counter lanes say what the primitives did,
// and every wake-up arrow points forward in time.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "model.hpp"
#include "test_util.hpp"
#include "trace/report.hpp"

using namespace il;
using namespace il::ui;

namespace {

Config two_cores() {
  Config c;
  c.cores = 2;
  return c;
}

// Sum of time per state from the model must equal the engine's statistics for every thread.
void check_against_stats(const Kernel& sim, const Model& m) {
  const Stats st = compute_stats(sim);
  REQUIRE(m.threads.size() == st.threads.size());
  for (const ThreadLane& lane : m.threads) {
    std::array<Ns, kStateCount> ns{};
    std::size_t bad = 0; // empty segments, gaps or overlaps (counted, not CHECKed one by one: millions of them)
    for (std::size_t i = 0; i < lane.segments.size(); ++i) {
      const Segment& s = lane.segments[i];
      bad += s.t0 >= s.t1 || (i && lane.segments[i - 1].t1 != s.t0);
      ns[static_cast<std::size_t>(s.state)] += s.t1 - s.t0;
    }
    CHECK(bad == 0);
    const ThreadStats& ts = st.threads[static_cast<std::size_t>(lane.thread)];
    for (ThreadState s : {ThreadState::Running, ThreadState::Ready, ThreadState::WaitGil, ThreadState::Blocked,
                          ThreadState::Sleeping, ThreadState::Io})
      CHECK_MESSAGE(ns[static_cast<std::size_t>(s)] == ts.ns[static_cast<std::size_t>(s)],
                    lane.label << " " << to_string(s));
  }
}

} // namespace

TEST_CASE("Timeline model: thread lanes add up to the engine's time per state, for every scenario") {
  for (const Scenario& sc : scenarios()) {
    if (sc.name == "stress-256") continue; // covered by the frame benchmark; 1M records is slow under node
    CAPTURE(sc.name);
    auto sim = test::run_scenario(sc.name, two_cores());
    const Model m = build_model(*sim);
    CHECK(m.makespan == sim->now());
    check_against_stats(*sim, m);
    CHECK(std::is_sorted(m.times.begin(), m.times.end()));
    CHECK(std::all_of(m.wakes.begin(), m.wakes.end(), [](const WakeArrow& w) { return w.t_to >= w.t_from; }));
  }
}

TEST_CASE("Timeline model: a CPU lane shows one thread at a time and matches the thread lanes") {
  auto sim = test::run_scenario("cpu-threads", two_cores());
  const Model m = build_model(*sim);
  REQUIRE(m.cpus.size() == 4); // 2 cores x 2 hyperthreads, siblings next to each other
  CHECK(m.cpus[0].core == m.cpus[1].core);
  CHECK(m.cpus[0].hyperthread == 0);
  CHECK(m.cpus[1].hyperthread == 1);
  Ns busy = 0, running = 0;
  for (const CpuLane& c : m.cpus)
    for (std::size_t i = 0; i < c.spans.size(); ++i) {
      if (i) CHECK(c.spans[i - 1].t1 <= c.spans[i].t0);
      busy += c.spans[i].t1 - c.spans[i].t0;
    }
  for (const ThreadLane& l : m.threads)
    for (const Segment& s : l.segments)
      if (s.state == ThreadState::Running) running += s.t1 - s.t0;
  CHECK(busy == running);
}

TEST_CASE("Timeline model: under the GIL one thread holds it at a time, and runs while it does") {
  auto sim = test::run_scenario("cpu-threads", two_cores());
  const Model m = build_model(*sim);
  REQUIRE(m.gils.size() == 1);
  const auto& spans = m.gils[0].spans;
  for (std::size_t i = 1; i < spans.size(); ++i) CHECK(spans[i - 1].t1 <= spans[i].t0);
  // Whoever holds the GIL is running then (a thread dispatched to a CPU may still find the GIL taken, so
  // the converse does not hold).
  std::size_t checked = 0;
  for (const Span& g : spans) {
    if (g.t1 - g.t0 < 2) continue;
    const auto lane = std::find_if(m.threads.begin(), m.threads.end(), [&](const ThreadLane& l) { return l.thread == g.thread; });
    REQUIRE(lane != m.threads.end());
    const Segment* s = segment_at(*lane, g.t0 + (g.t1 - g.t0) / 2);
    REQUIRE(s);
    CHECK(s->state == ThreadState::Running);
    ++checked;
  }
  CHECK(checked > 50); // the two workers hand the GIL over every 5 ms for about 0.6 s
}

TEST_CASE("Timeline model: semaphore-batches' counter never goes below 0 and the lock lanes show waiting") {
  auto sim = test::run_scenario("semaphore-batches");
  const Model m = build_model(*sim);
  REQUIRE(!m.counters.empty());
  for (const CounterLane& c : m.counters)
    for (const auto& [t, v] : c.samples) CHECK(v >= 0);
  bool contended = false;
  for (const LockLane& l : m.locks)
    for (const LockSpan& s : l.spans) {
      CHECK(s.holders >= 0);
      CHECK(s.waiters >= 0);
      contended = contended || s.state == LockState::Contended;
    }
  CHECK(contended); // twenty visitors, five permits: some wait while others hold
}

TEST_CASE("Timeline model: in the deadlock a thread of the cycle ends blocked on a lock held by the other") {
  auto sim = test::run_scenario("deadlock");
  REQUIRE(sim->deadlock().found);
  const Model m = build_model(*sim);
  int blocked = 0;
  for (const ThreadLane& l : m.threads) {
    const auto& cycle = sim->deadlock().cycle_threads;
    if (std::find(cycle.begin(), cycle.end(), l.thread) == cycle.end()) continue;
    // The last to block does so at the very end of the run: its blocked stretch has no length to draw.
    if (l.segments.empty() || l.segments.back().state != ThreadState::Blocked) continue;
    ++blocked;
    const Segment& s = l.segments.back();
    CHECK(s.t1 == m.makespan);
    REQUIRE(s.on >= 0);
    CHECK(s.holder >= 0);
    CHECK(s.holder != l.thread);
    const std::string& name = sim->object(s.on)->name;
    CHECK((name == "lock_a" || name == "lock_b"));
  }
  CHECK(blocked >= 1);
}

TEST_CASE("Timeline model: stepping visits every record time, and wake-ups in order") {
  auto sim = test::run_scenario("queue-producer-consumer");
  const Model m = build_model(*sim);
  REQUIRE(!m.times.empty());
  Ns t = -1;
  std::size_t steps = 0;
  while (next_time(m.times, t) != t) t = next_time(m.times, t), ++steps;
  CHECK(steps == m.times.size());
  CHECK(prev_time(m.times, m.times.front()) == m.times.front());
  REQUIRE(!m.wake_times.empty());
  CHECK(next_time(m.wake_times, -1) == m.wake_times.front());
}

TEST_CASE("Console lines: every scenario's lines, joined, are exactly its stdout and stderr, in time order") {
  for (const Scenario& sc : scenarios()) {
    if (sc.name == "stress-256") continue;
    CAPTURE(sc.name);
    auto sim = test::run_scenario(sc.name, two_cores());
    std::string out, err;
    Ns last = 0;
    for (const ConsoleLine& l : console_lines(*sim)) {
      (l.stream == Stream::Stdout ? out : err) += l.text + "\n";
      CHECK(l.t >= last);
      last = l.t;
      CHECK(l.thread >= 0);
    }
    // A stream that does not end in a newline got one here; nothing else differs.
    auto ended = [](std::string s) { return s.empty() || s.back() == '\n' ? s : s + "\n"; };
    CHECK(out == ended(sim->stream(Stream::Stdout)));
    CHECK(err == ended(sim->stream(Stream::Stderr)));
  }
}

TEST_CASE("Console lines: a line's time is when its newline was written, its thread who began it") {
  auto sim = test::run_source(R"(import threading
import time

def worker(n):
    print("start", n, end=" ")
    time.sleep(0.01)
    print("done", n)

t = threading.Thread(target=worker, args=(1,))
t.start()
t.join()
print("main", end="")
)");
  const std::vector<ConsoleLine> lines = console_lines(*sim);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "start 1 done 1");
  CHECK(sim->threads()[static_cast<std::size_t>(lines[0].thread)].name == "Thread-1 (worker)");
  CHECK(!lines[0].mixed);
  CHECK(lines[0].t >= 10'000'000); // after the sleep, not when the first piece was written
  CHECK(lines[1].text == "main"); // flushed at exit without a newline
  CHECK(sim->threads()[static_cast<std::size_t>(lines[1].thread)].name == "MainThread");
  CHECK(lines[1].t >= lines[0].t);
}

TEST_CASE("Uncaught marks: each exception that ended a thread, at the line CPython's traceback ends at") {
  // python3 prints "File ..., line 5, in work / KeyError: 'missing'" and "line 10, in <module> / ValueError: boom";
  // sys.exit() in a thread ends it quietly and is no error.
  auto sim = test::run_source(R"(import threading
import sys

def work():
    x = {}
    return x["missing"]

def leave():
    sys.exit(3)

t = threading.Thread(target=work)
t.start()
t.join()
threading.Thread(target=leave).start()
raise ValueError("boom")
)");
  const std::vector<UncaughtMark> marks = uncaught_marks(*sim);
  REQUIRE(marks.size() == 2);
  CHECK(sim->threads()[static_cast<std::size_t>(marks[0].thread)].name == "Thread-1 (work)");
  CHECK(marks[0].line == 6);
  CHECK(marks[0].text == "KeyError: 'missing'");
  CHECK(sim->threads()[static_cast<std::size_t>(marks[1].thread)].name == "MainThread");
  CHECK(marks[1].line == 15);
  CHECK(marks[1].text == "ValueError: boom");
  CHECK(marks[0].t > 0);
  CHECK(marks[1].t > marks[0].t);
  CHECK(sim->stream(Stream::Stderr).find("line 6, in work") != std::string::npos); // the traceback says the same
}
