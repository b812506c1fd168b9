// Source lines: every scenario's bytecode knows the line of its Python source it stands for, and
// Kernel::current_line() says where each thread is, as the UI highlights it. Also next_event_time(), which the UI
// uses to step a second simulation up to a cursor.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <initializer_list>

#include "test_util.hpp"

using namespace il;
using namespace il::test;

namespace {

std::vector<std::string> source_lines(const Program& p) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < p.source.size()) {
    std::size_t nl = p.source.find('\n', at);
    if (nl == std::string::npos) nl = p.source.size();
    out.push_back(p.source.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// The text of the line thread t is at ("" for line 0).
std::string line_text(const Kernel& s, ThreadId t) {
  int line = s.current_line(t);
  if (line == 0) return "";
  std::vector<std::string> lines = source_lines(s.program());
  REQUIRE(line <= static_cast<int>(lines.size()));
  return lines[line - 1];
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool contains_any(std::string_view text, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(), [&](std::string_view p) { return contains(text, p); });
}

// Steps scenario `name` event by event, calling `visit` after each step until the run ends.
std::unique_ptr<Sim> step_through(std::string_view name, const Config& cfg, const std::function<void(Sim&)>& visit) {
  auto s = std::make_unique<Sim>(cfg, find_scenario(name)->build());
  while (s->step_event()) visit(*s);
  return s;
}

// Handles every event up to time t, as the UI does to show a cursor's moment.
std::unique_ptr<Sim> step_until(std::string_view name, Ns t, Config cfg = {}) {
  auto s = std::make_unique<Sim>(cfg, find_scenario(name)->build());
  for (Ns next = s->next_event_time(); next >= 0 && next <= t; next = s->next_event_time()) REQUIRE(s->step_event());
  return s;
}

// The function each frame of t runs, innermost last (for failure messages).
std::string stack_names(const Kernel& s, ThreadId t) {
  std::string out;
  for (const Frame& f : s.threads()[t].frames) out += s.program().functions[f.fn].name + " ";
  return out;
}

} // namespace

// [SECTION] line annotations

TEST_CASE("line_of finds a snippet's 1-based line and rejects a missing or repeated one") {
  const std::string src = "import time\n\ndef f():\n    time.sleep(1)\n    time.sleep(1)\n";
  CHECK(line_of(src, "import time") == 1);
  CHECK(line_of(src, "def f():") == 3);
  CHECK(line_of(src, "time.sleep(1)\n    time") == 4);
  CHECK_THROWS_AS(line_of(src, "time.sleep(1)"), std::logic_error);
  CHECK_THROWS_AS(line_of(src, "threading"), std::logic_error);
  CHECK_THROWS_AS(line_of(src, ""), std::logic_error);
}

TEST_CASE("Source lines: every instruction of every scenario's own functions has a line of its source") {
  for (const Scenario& sc : scenarios()) {
    CAPTURE(sc.name);
    Program p = sc.build();
    const int n = static_cast<int>(source_lines(p).size());
    REQUIRE(n > 0);
    for (const Function& fn : p.functions) {
      CAPTURE(fn.name);
      REQUIRE(fn.lines.size() == fn.code.size());
      const bool prelude = !fn.name.empty() && fn.name[0] == '$';
      // A compiled program's main thread body is empty (it runs the module's top level, init, which has the
      // lines): only its implicit `return None`, which no line of the source stands for.
      if (&fn == &p.functions[p.main] && p.init != kNone && fn.code.size() == 2) continue;
      for (std::size_t i = 0; i < fn.code.size(); ++i) {
        CAPTURE(i);
        if (prelude) CHECK(fn.lines[i] == 0); // runtime helpers are not part of the program's text
        else CHECK((fn.lines[i] >= 1 && fn.lines[i] <= n));
      }
    }
  }
}

TEST_CASE("Source lines: compound statements keep their header's line for loop jumps and `with` exits") {
  ModuleBuilder m("lines");
  m.source("import threading\n"                   // 1
           "lock = threading.Lock()\n"            // 2
           "for i in range(3):\n"                 // 3
           "    with lock:\n"                     // 4
           "        print(i)\n"                   // 5
           "print('done')\n");                    // 6
  auto& f = m.main();
  f.at("lock =").native(Native::lock_new).store("lock");
  f.at("for i").for_range("i", 3, [&] {
    f.at("with lock:").with_([&] { f.load("lock"); }, [&] { f.at("print(i)").load("i").print(1); });
  });
  f.at("print('done')").push_str("done").print(1);
  Program p = m.finish();
  const Function& fn = p.functions[p.main];
  auto line_of_op = [&](Op op, int nth) {
    for (std::size_t i = 0; i < fn.code.size(); ++i)
      if (fn.code[i].op == op && nth-- == 0) return fn.lines[i];
    return -1;
  };
  CHECK(line_of_op(Op::ForRange, 0) == 3);
  CHECK(line_of_op(Op::JumpBack, 0) == 3);   // the loop's backward jump: the `for` line, not the body's last
  CHECK(line_of_op(Op::BeforeWith, 0) == 4); // acquire
  CHECK(line_of_op(Op::CallMethod, 0) == 4); // release on the normal exit
  CHECK(line_of_op(Op::CallMethod, 1) == 4); // release on the exception path
  CHECK(line_of_op(Op::Reraise, 0) == 4);
  CHECK(line_of_op(Op::Native, 1) == 5);     // print(i)
  CHECK(line_of_op(Op::Native, 2) == 6);     // print('done')
}

// [SECTION] current_line

TEST_CASE("current_line: each deadlocked thread stands on the lock it waits for, main on its join") {
  auto s = run_scenario("deadlock");
  REQUIRE(s->end() == RunEnd::Deadlock);
  const DeadlockReport& d = s->deadlock();
  REQUIRE(d.cycle_threads.size() == 2);
  for (ThreadId t : d.cycle_threads) {
    CAPTURE(s->threads()[t].name);
    CHECK(contains(line_text(*s, t), "with second:"));
  }
  REQUIRE(!d.stuck.empty());
  for (ThreadId t : d.stuck) {
    CAPTURE(s->threads()[t].name);
    std::string text = line_text(*s, t);
    if (s->threads()[t].is_main) CHECK(contains(text, ".join()"));
    else CHECK(contains_any(text, {"with first:", "with second:"}));
  }
}

TEST_CASE("current_line: 0 before a thread starts and after it ends") {
  auto s = std::make_unique<Sim>(Config{}, find_scenario("download-threads")->build());
  REQUIRE(s->step_event());
  for (ThreadId t = 0; t < static_cast<ThreadId>(s->threads().size()); ++t)
    if (s->threads()[t].state == ThreadState::New) CHECK(s->current_line(t) == 0);
  s->run();
  REQUIRE(s->end() == RunEnd::Finished);
  for (ThreadId t = 0; t < static_cast<ThreadId>(s->threads().size()); ++t) CHECK(s->current_line(t) == 0);
}

TEST_CASE("current_line: mid-run, sleepers stand on their sleep, waiters on `with sem:`, main on its join") {
  auto s = step_until("semaphore-batches", 2'500 * kMilli); // 10 visitors done, the third five inside
  int sleeping = 0, waiting = 0;
  for (const Thread& t : s->threads()) {
    CAPTURE(t.name);
    CAPTURE(stack_names(*s, t.id));
    std::string text = line_text(*s, t.id);
    if (t.is_main) {
      CHECK(contains(text, "for t in threads: t.join()"));
    } else if (t.state == ThreadState::Sleeping) {
      CHECK(contains(text, "time.sleep(1)"));
      ++sleeping;
    } else if (t.state == ThreadState::Blocked) {
      CHECK(contains(text, "with sem:"));
      ++waiting;
    }
  }
  CHECK(sleeping == 5);
  CHECK(waiting == 5);
}

TEST_CASE("current_line: through a whole run, a blocked thread stands on the call that blocks it") {
  struct Case {
    const char* scenario;
    std::initializer_list<std::string_view> blocking; // what the line of any blocked thread contains
  };
  const Case cases[] = {
      {"queue-producer-consumer", {"q.get()", "q.put(", ".join()", ".start()"}},
      {"thread-pool", {"tasks.get()", ".join()", ".start()"}},
      {"condition-pingpong", {"cond.wait()", "with cond:", ".join()", ".start()"}},
      {"barrier", {"gate.wait()", ".join()", ".start()"}},
      {"event-traffic-light", {"green.wait()", ".join()", ".start()"}},
      {"rlock", {"with lock", ".join()", ".start()"}},
      {"pipe-pingpong", {".recv()", ".join()", ".start()"}},
      {"mp-queue", {"q.get()", ".join()", ".start()"}},
  };
  for (const Case& c : cases) {
    std::string scenario = c.scenario;
    CAPTURE(scenario);
    std::int64_t blocked_seen = 0, sleeping_seen = 0;
    auto s = step_through(c.scenario, Config{}, [&](Sim& sim) {
      for (const Thread& t : sim.threads()) {
        if (t.state != ThreadState::Blocked && t.state != ThreadState::Sleeping) continue;
        std::string text = line_text(sim, t.id);
        if (text.empty()) continue; // only in runtime helpers (a pool worker or manager between tasks)
        CAPTURE(t.name);
        CAPTURE(text);
        CAPTURE(stack_names(sim, t.id));
        if (t.state == ThreadState::Sleeping) {
          CHECK(contains(text, "sleep("));
          ++sleeping_seen;
        } else {
          CHECK(contains_any(text, c.blocking));
          ++blocked_seen;
        }
      }
    });
    CHECK(s->end() == RunEnd::Finished);
    CHECK(blocked_seen > 0);
  }
}

TEST_CASE("current_line: a queue consumer waiting for an item stands on its get") {
  bool seen = false;
  step_through("queue-producer-consumer", Config{}, [&](Sim& s) {
    for (const Thread& t : s.threads())
      if (t.state == ThreadState::Blocked && t.name != "MainThread" && s.threads()[t.id].waiting_on &&
          contains(line_text(s, t.id), "n = q.get()"))
        seen = true;
  });
  CHECK(seen);
}

TEST_CASE("current_line: CPU-bound threads stand in work() whether computing or waiting for the GIL") {
  Config c;
  c.cores = 2;
  c.smt = 1;
  std::int64_t computing = 0, waiting_gil = 0;
  step_through("cpu-threads", c, [&](Sim& s) {
    if (s.now() < 50 * kMilli || s.now() > 500 * kMilli) return; // both workers started, neither done
    for (const Thread& t : s.threads()) {
      if (t.is_main) continue;
      std::string text = line_text(s, t.id);
      CAPTURE(t.name);
      CAPTURE(text);
      if (t.state == ThreadState::Running) {
        CHECK(contains_any(text, {"sum(i * i", "for _ in range(rounds):"}));
        ++computing;
      } else if (t.state == ThreadState::WaitGil) {
        CHECK(contains_any(text, {"sum(i * i", "for _ in range(rounds):"}));
        ++waiting_gil;
      }
    }
  });
  CHECK(computing > 0);
  CHECK(waiting_gil > 0);
}

TEST_CASE("current_line: pool workers in child processes stand in the task they run") {
  auto s = step_until("pool-uneven", 1'500 * kMilli);
  int in_task = 0;
  for (const Thread& t : s->threads()) {
    if (t.state != ThreadState::Sleeping) continue;
    CAPTURE(t.name);
    CHECK(contains(line_text(*s, t.id), "time.sleep(3)"));
    ++in_task;
  }
  CHECK(in_task == 3);
}

// [SECTION] next_event_time

TEST_CASE("next_event_time: never before now(), and step_event() handles the event at exactly that time") {
  for (std::string name : {"semaphore-batches", "gil-convoy", "queue-producer-consumer", "mp-queue", "deadlock"}) {
    CAPTURE(name);
    Sim s(Config{}, find_scenario(name)->build());
    std::int64_t steps = 0, exact = 0;
    for (;;) {
      const Ns t = s.next_event_time();
      if (t < 0) {
        CHECK_FALSE(s.step_event());
        break;
      }
      CHECK(t >= s.now());
      const std::int64_t instructions = s.instructions();
      const std::size_t recs = s.trace().recs.size();
      REQUIRE(s.step_event());
      ++steps;
      // The clock moves to the event's time; a CPU's step may then run on through further instructions.
      CHECK(s.now() >= t);
      if (s.instructions() == instructions) {
        CHECK(s.now() == t);
        ++exact;
      }
      for (std::size_t i = recs; i < s.trace().recs.size(); ++i) CHECK(s.trace().recs[i].t >= t);
    }
    CHECK(s.next_event_time() == -1);
    CHECK(exact > 0);
    CHECK(steps > 10);
  }
}

TEST_CASE("next_event_time: stepping to a cursor reproduces the full run's trace up to the cursor") {
  for (std::string name : {"semaphore-batches", "condition-pingpong", "pool-async"}) {
    CAPTURE(name);
    auto full = run_scenario(name);
    const Ns cursor = full->now() / 2;
    Sim part(Config{}, find_scenario(name)->build());
    for (Ns t = part.next_event_time(); t >= 0 && t <= cursor; t = part.next_event_time()) REQUIRE(part.step_event());
    const Ns next = part.next_event_time();
    CHECK((next < 0 || next > cursor)); // no event at or before the cursor is left
    const auto& a = full->trace().recs;
    const auto& b = part.trace().recs;
    REQUIRE(b.size() <= a.size());
    bool prefix = true;
    for (std::size_t i = 0; i < b.size() && prefix; ++i)
      prefix = a[i].t == b[i].t && a[i].kind == b[i].kind && a[i].thread == b[i].thread && a[i].obj == b[i].obj;
    CHECK(prefix);
    auto upto = std::count_if(a.begin(), a.end(), [&](const TraceRec& r) { return r.t <= cursor; });
    CHECK(static_cast<std::size_t>(upto) <= b.size());
  }
}
