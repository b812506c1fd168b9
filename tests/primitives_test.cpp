// Each threading primitive's semantics and exceptions, checked against what CPython 3.11 does.
#include <doctest/doctest.h>

#include "vm/builder_shorthands.hpp"
#include "test_util.hpp"

using namespace il;
using namespace il::test;
using namespace il::scn;


TEST_CASE("Lock: releasing an unlocked lock raises RuntimeError") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.native(Native::lock_new).store("l");
    f.try_except([&] { f.load("l").method_stmt("release", 0); }, "RuntimeError", [&] { f.push_str("caught").print(1); });
  }));
  CHECK(raised(*s, "RuntimeError", "release unlocked lock"));
  CHECK(s->output() == std::vector<std::string>{"caught"});
}

TEST_CASE("Lock: acquire(timeout) gives up and returns False, another thread may release") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("l");
    auto& w = m.def("waiter");
    w.push_str("got").load("l").push_bool(true).push_float(0.2).method("acquire", 2).print(2);
    auto& r = m.def("releaser");
    r.push(1).native_stmt(Native::sleep).load("l").method_stmt("release", 0).push_str("released").print(1);
    f.native(Native::lock_new).store("l");
    f.load("l").method_stmt("acquire", 0);
    new_thread(f, "waiter").store("a");
    new_thread(f, "releaser").store("b");
    f.load("a").method_stmt("start", 0).load("b").method_stmt("start", 0);
    f.load("a").method_stmt("join", 0).load("b").method_stmt("join", 0);
    f.push_str("locked").load("l").method("locked", 0).print(2);
  }));
  CHECK(s->output() == std::vector<std::string>{"got False", "released", "locked False"});
  CHECK(printed_at(*s, "got False") == doctest::Approx(0.2).epsilon(0.01));
}

TEST_CASE("Lock: a thread acquiring a lock it holds deadlocks itself") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.native(Native::lock_new).store("l");
    f.load("l").method_stmt("acquire", 0).load("l").method_stmt("acquire", 0);
  }));
  CHECK(s->end() == RunEnd::Deadlock);
  REQUIRE(s->deadlock().cycle_threads.size() == 1);
  CHECK(s->threads()[s->deadlock().cycle_threads[0]].name == "MainThread");
}

TEST_CASE("Lock: waiters get the lock in FIFO order and each wake-up names its cause") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("l");
    auto& w = m.def("w", {"n"});
    w.load("n").push_float(0.01).op(Op::Mul).native_stmt(Native::sleep);
    w.with_([&] { w.load("l"); }, [&] { w.push_str("in").load("n").print(2).push_float(0.1).native_stmt(Native::sleep); });
    f.native(Native::lock_new).store("l");
    f.native(Native::list).store("ts");
    f.for_range("n", 4, [&] { f.load("ts"); new_thread(f, "w", {var("n", f)}).method_stmt("append", 1); });
    start_all(f, "ts");
    join_all(f, "ts");
  }));
  CHECK(s->output() == std::vector<std::string>{"in 0", "in 1", "in 2", "in 3"});
  int lock_wakes = 0;
  const Object* l = object_named(*s, "l");
  REQUIRE(l);
  for (const TraceRec& r : s->trace().recs)
    if (r.kind == Ev::Wake && r.obj == l->id) {
      ++lock_wakes;
      CHECK(r.other != kNone); // the releasing thread
      CHECK(r.other != r.thread);
    }
  CHECK(lock_wakes == 3);
  CHECK(l->stats.acquisitions == 4);
  CHECK(l->stats.contended == 3);
  CHECK(l->stats.max_holders == 1);
}

TEST_CASE("with lock: the lock is released even when the body raises") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.native(Native::lock_new).store("l");
    f.try_except([&] { f.with_([&] { f.load("l"); }, [&] { f.raise("ValueError", "boom"); }); }, "ValueError",
                 [&] { f.push_str("locked after:").load("l").method("locked", 0).print(2); });
  }));
  CHECK(s->output() == std::vector<std::string>{"locked after: False"});
}

TEST_CASE("RLock: the owner re-enters, a non-owner's release raises RuntimeError") {
  auto s = run_scenario("rlock");
  CHECK(raised(*s, "RuntimeError", "cannot release un-acquired lock"));
  CHECK(s->output().front() == "intruder: cannot release un-acquired lock");
  CHECK(s->end() == RunEnd::Finished);
  CHECK(s->output().size() == 7); // intruder + 2 threads x depth 3,2,1
}

TEST_CASE("BoundedSemaphore: over-release raises ValueError, Semaphore's does not") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.push(1).native(Native::bounded_semaphore_new).store("b");
    f.try_except([&] { f.load("b").method_stmt("release", 0); }, "ValueError", [&] { f.push_str("bounded refused").print(1); });
    f.push(1).native(Native::semaphore_new).store("s");
    f.load("s").method_stmt("release", 0);
    f.push_str("plain value").load("s").push_bool(false).method("acquire", 1).load("s").push_bool(false)
        .method("acquire", 1).load("s").push_bool(false).method("acquire", 1).print(4);
  }));
  CHECK(raised(*s, "ValueError", "Semaphore released too many times"));
  CHECK(s->output() == std::vector<std::string>{"bounded refused", "plain value True True False"});
}

TEST_CASE("Semaphore: 20 threads through BoundedSemaphore(5) go in batches of five") {
  for (int cores : {1, 4}) {
    CAPTURE(cores);
    Config cfg;
    cfg.cores = cores;
    auto s = run_scenario("semaphore-batches", cfg);
    CHECK(seconds(*s) == doctest::Approx(4.0).epsilon(0.02));
    const Object* sem = object_named(*s, "sem");
    REQUIRE(sem);
    CHECK(sem->stats.max_holders == 5);
    CHECK(sem->stats.acquisitions == 20);
  }
}

TEST_CASE("Event: set() releases every waiter at the same instant") {
  auto s = run_scenario("event-traffic-light");
  const Object* green = object_named(*s, "green");
  REQUIRE(green);
  std::vector<Ns> wakes;
  for (const TraceRec& r : s->trace().recs)
    if (r.kind == Ev::Wake && r.obj == green->id) wakes.push_back(r.t);
  REQUIRE(wakes.size() >= 2);
  CHECK(wakes.front() == wakes[1]); // cars waiting at the first red all leave with one set()
  CHECK(s->end() == RunEnd::Finished);
}

TEST_CASE("Condition: wait/notify without the lock raise RuntimeError, wait(timeout) returns False") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.push_none().native(Native::condition_new).store("c");
    f.try_except([&] { f.load("c").method_stmt("wait", 0); }, "RuntimeError", [&] { f.push_str("wait refused").print(1); });
    f.try_except([&] { f.load("c").method_stmt("notify", 0); }, "RuntimeError", [&] { f.push_str("notify refused").print(1); });
    f.with_([&] { f.load("c"); }, [&] { f.push_str("timed out ->").load("c").push_float(0.5).method("wait", 1).print(2); });
  }));
  CHECK(raised(*s, "RuntimeError", "cannot wait on un-acquired lock"));
  CHECK(raised(*s, "RuntimeError", "cannot notify on un-acquired lock"));
  CHECK(s->output() == std::vector<std::string>{"wait refused", "notify refused", "timed out -> False"});
  CHECK(seconds(*s) == doctest::Approx(0.5).epsilon(0.01));
}

TEST_CASE("Condition: notify(1) wakes one waiter, notify_all the rest, each re-acquires the lock") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("c");
    auto& w = m.def("w", {"n"});
    w.with_([&] { w.load("c"); }, [&] { w.load("c").method_stmt("wait", 0).push_str("woke").load("n").print(2); });
    f.push_none().native(Native::condition_new).store("c");
    f.native(Native::list).store("ts");
    f.for_range("n", 3, [&] { f.load("ts"); new_thread(f, "w", {var("n", f)}).method_stmt("append", 1); });
    start_all(f, "ts");
    f.push_float(0.1).native_stmt(Native::sleep);
    f.with_([&] { f.load("c"); }, [&] { f.load("c").method_stmt("notify", 0); });
    f.push_float(0.1).native_stmt(Native::sleep);
    f.push_str("after notify").print(1);
    f.with_([&] { f.load("c"); }, [&] { f.load("c").method_stmt("notify_all", 0); });
    join_all(f, "ts");
  }));
  // notify_all wakes both; which one re-takes the lock first is up to the scheduler, as on CPython.
  REQUIRE(s->output().size() == 4);
  CHECK(s->output()[0] == "woke 0");
  CHECK(s->output()[1] == "after notify");
  std::vector<std::string> rest(s->output().begin() + 2, s->output().end());
  std::sort(rest.begin(), rest.end());
  CHECK(rest == std::vector<std::string>{"woke 1", "woke 2"});
}

TEST_CASE("Condition: two threads ping-pong 0..5 and back") {
  auto s = run_scenario("condition-pingpong");
  CHECK(s->output() == std::vector<std::string>{"up 0", "down 5", "up 1", "down 4", "up 2", "down 3",
                                                "up 3", "down 2", "up 4", "down 1", "up 5", "down 0"});
}

TEST_CASE("Barrier: everyone leaves when the last arrives, wait returns distinct arrival indices") {
  auto s = run_scenario("barrier");
  REQUIRE(s->output().size() == 3);
  for (const auto& line : s->output()) CHECK(line.find("left at 3.0 ") != std::string::npos); // round(t, 3)
  std::vector<int> idx;
  for (const auto& line : s->output()) idx.push_back(line.back() - '0');
  std::sort(idx.begin(), idx.end());
  CHECK(idx == std::vector<int>{0, 1, 2});
}

TEST_CASE("Barrier: a timeout breaks it and every waiter gets BrokenBarrierError") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("b");
    auto& w = m.def("w");
    w.try_except([&] { w.load("b").method_stmt("wait", 0); }, "BrokenBarrierError", [&] { w.push_str("broken").print(1); });
    f.push(3).push_none().push_float(0.5).native(Native::barrier_new).store("b");
    new_thread(f, "w").store("t");
    f.load("t").method_stmt("start", 0);
    f.try_except([&] { f.load("b").method_stmt("wait", 0); }, "RuntimeError", [&] { f.push_str("main broken").print(1); });
    f.load("t").method_stmt("join", 0);
    f.push_str("broken:").load("b").attr("broken").print(2);
  }));
  CHECK(s->output().size() == 3);
  CHECK(std::count(s->output().begin(), s->output().end(), "broken:  True") == 0);
  CHECK(s->output().back() == "broken: True");
  CHECK(seconds(*s) == doctest::Approx(0.5).epsilon(0.01));
}

TEST_CASE("Timer: fires after its interval, a cancelled timer never runs") {
  auto s = run_scenario("timer");
  CHECK(s->output() == std::vector<std::string>{"ring: wake up", "done"});
  CHECK(printed_at(*s, "ring: wake up") == doctest::Approx(2.0).epsilon(0.01));
  CHECK(seconds(*s) == doctest::Approx(2.0).epsilon(0.01));
}

TEST_CASE("Queue: FIFO, put blocks when full, timeouts raise Empty and Full") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.push(1).native(Native::queue_new).store("q");
    f.try_except([&] { f.load("q").push_bool(true).push_float(0.1).method_stmt("get", 2); }, "Empty",
                 [&] { f.push_str("empty").print(1); });
    f.load("q").push(7).method_stmt("put", 1);
    f.try_except([&] { f.load("q").push(8).push_bool(true).push_float(0.1).method_stmt("put", 3); }, "Full",
                 [&] { f.push_str("full").print(1); });
    f.push_str("got").load("q").method("get", 0).print(2);
  }));
  CHECK(s->output() == std::vector<std::string>{"empty", "full", "got 7"});
  CHECK(seconds(*s) == doctest::Approx(0.2).epsilon(0.02));
}

TEST_CASE("Queue: producer and consumers hand over every item") {
  auto s = run_scenario("queue-producer-consumer");
  int used = 0;
  for (const auto& l : s->output()) used += l.find(" used ") != std::string::npos;
  CHECK(used == 10);
  CHECK(s->end() == RunEnd::Finished);
  const Object* q = object_named(*s, "q");
  REQUIRE(q);
  CHECK(q->counter() == 0);
}

TEST_CASE("Thread: start twice, daemon after start, join before start raise RuntimeError") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("nothing");
    new_thread(f, "nothing").store("t");
    f.try_except([&] { f.load("t").method_stmt("join", 0); }, "RuntimeError", [&] { f.push_str("join refused").print(1); });
    f.load("t").method_stmt("start", 0);
    f.try_except([&] { f.load("t").method_stmt("start", 0); }, "RuntimeError", [&] { f.push_str("start refused").print(1); });
    f.try_except([&] { f.load("t").push_bool(true).set_attr("daemon"); }, "RuntimeError",
                 [&] { f.push_str("daemon refused").print(1); });
    f.load("t").method_stmt("join", 0);
  }));
  CHECK(raised(*s, "RuntimeError", "cannot join thread before it is started"));
  CHECK(raised(*s, "RuntimeError", "threads can only be started once"));
  CHECK(raised(*s, "RuntimeError", "cannot set daemon status of active thread"));
  CHECK(s->output() == std::vector<std::string>{"join refused", "start refused", "daemon refused"});
}

TEST_CASE("Thread: names, ident, run() in the caller, active_count, current_thread") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& w = m.def("who");
    w.push_str("in").native(Native::current_thread).attr("name").native(Native::active_count).print(3);
    new_thread(f, "who").store("direct");
    new_thread(f, "who").store("t");
    f.push_str("name").load("t").attr("name").load("t").attr("ident").print(3);
    f.load("direct").method_stmt("run", 0); // runs in MainThread
    f.load("t").method_stmt("start", 0);
    f.push_str("ident set").load("t").attr("ident").push_none().op(Op::Ne).print(2);
    f.load("t").method_stmt("join", 0);
    f.push_str("alive").load("t").method("is_alive", 0).native(Native::active_count).print(3);
  }));
  // start() waits until the new thread runs, so it prints before start() returns (as on CPython).
  CHECK(s->output() == std::vector<std::string>{"name Thread-2 (who) None", "in MainThread 1", "in Thread-2 (who) 2",
                                                "ident set True", "alive False 1"});
}

TEST_CASE("Thread: join(timeout) returns with the thread still alive") {
  auto s = run_scenario("join-timeout");
  CHECK(s->output() == std::vector<std::string>{"ident before start: None", "after join(1): alive = True",
                                                "after join(): alive = False"});
  CHECK(printed_at(*s, "after join(1): alive = True") == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("Thread: the main thread waits for non-daemon threads, daemon threads die at exit") {
  auto s = run_scenario("daemon");
  CHECK(seconds(*s) == doctest::Approx(2.0).epsilon(0.01));
  // Beats at 0, 0.5, 1 and 1.5 s, and one at 2 s if it beats the job's end: a real race, as on CPython.
  auto beats = std::count(s->output().begin(), s->output().end(), "beat");
  CHECK(beats >= 4);
  CHECK(beats <= 5);
  CHECK(s->output().back() != "beat"); // nothing after the main thread's exit
  for (const Thread& t : s->threads()) CHECK(t.state == ThreadState::Done);
}

TEST_CASE("threading.local: each thread sees its own value") {
  auto s = run_scenario("thread-local");
  CHECK(s->output() == std::vector<std::string>{"Thread-1 (visit) sees alice", "Thread-2 (visit) sees bob"});
}

// What threading's excepthook writes for a thread with a target whose frames have no source (builder code).
static std::string thread_traceback(const std::string& thread, const std::string& last_line) {
  return "Exception in thread " + thread + ":\nTraceback (most recent call last):\n"
         "  File \"<stdlib>/threading.py\", line 1045, in _bootstrap_inner\n    self.run()\n"
         "  File \"<stdlib>/threading.py\", line 982, in run\n    self._target(*self._args, **self._kwargs)\n" +
         last_line + "\n";
}

TEST_CASE("Thread: start() after run() fails in the new thread, as CPython's run() drops its target") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("who").push_str("ran").print(1);
    new_thread(f, "who").store("t");
    f.load("t").method_stmt("run", 0).load("t").method_stmt("start", 0).load("t").method_stmt("join", 0);
  }));
  CHECK(s->output() == std::vector<std::string>{"ran"});
  CHECK(s->stream(Stream::Stderr) == thread_traceback("Thread-1 (who)", "AttributeError: 'Thread' object has no attribute '_target'"));
}

TEST_CASE("Thread: a target called with the wrong arguments raises TypeError in the new thread") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("g", {"a"});
    new_thread(f, "g").store("t");
    f.load("t").method_stmt("start", 0).load("t").method_stmt("join", 0);
  }));
  CHECK(s->output().empty());
  CHECK(s->stream(Stream::Stderr) == thread_traceback("Thread-1 (g)", "TypeError: g() missing 1 required positional argument: 'a'"));
}

TEST_CASE("An uncaught exception ends its thread only") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("bad").push(1).push(0).op(Op::FloorDiv).pop();
    new_thread(f, "bad").store("t");
    f.load("t").method_stmt("start", 0).load("t").method_stmt("join", 0);
    f.push_str("main goes on").print(1);
  }));
  CHECK(s->output() == std::vector<std::string>{"main goes on"});
  CHECK(s->stream(Stream::Stderr) == thread_traceback("Thread-1 (bad)", "ZeroDivisionError: integer division or modulo by zero"));
  CHECK(s->processes().front().exit_code == 0);
}

TEST_CASE("Config: impossible machines are refused with a reason") {
  Config c;
  c.cores = 0;
  REQUIRE(c.validate());
  CHECK(c.validate()->find("cores") != std::string::npos);
  c = {};
  c.slice_ns = -1;
  CHECK(c.validate());
  c = {};
  c.smt = 3;
  CHECK(c.validate());
  CHECK(!Config{}.validate());
}

TEST_CASE("A spin-wait that nobody ends is reported as livelock, not left running") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("flag");
    auto& spin = m.def("spin");
    spin.while_([&] { spin.load("flag").op(Op::Not); }, [] {});
    f.push_bool(false).store("flag");
    new_thread(f, "spin").store("t");
    f.load("t").method_stmt("start", 0).load("t").method_stmt("join", 0);
  }));
  CHECK(s->end() == RunEnd::Livelock);
  CHECK(seconds(*s) == doctest::Approx(2.0).epsilon(0.02)); // 200 slices of 10 ms without progress
}

TEST_CASE("A long computation is progress, not livelock") {
  Config c;
  c.livelock_slices = 5; // 50 ms window; the loop below computes for ~200 ms
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
                 auto& w = m.def("count");
                 w.push(0).store("x");
                 w.for_range("i", 1'000'000, [&] { w.load("x").load("i").op(Op::Add).store("x"); });
                 f.call_stmt("count", 0);
               }),
               c);
  CHECK(s->end() == RunEnd::Finished);
  CHECK(seconds(*s) > 0.15);
}

TEST_CASE("Semaphore: release(n) wakes n waiters") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("s");
    auto& w = m.def("w", {"n"});
    w.load("s").method_stmt("acquire", 0).push_str("got").load("n").print(2);
    f.push(0).native(Native::semaphore_new).store("s");
    f.native(Native::list).store("ts");
    f.for_range("n", 3, [&] { f.load("ts"); new_thread(f, "w", {var("n", f)}).method_stmt("append", 1); });
    start_all(f, "ts");
    f.push_float(0.1).native_stmt(Native::sleep);
    f.load("s").push(3).method_stmt("release", 1);
    join_all(f, "ts");
  }));
  CHECK(s->end() == RunEnd::Finished);
  CHECK(s->output().size() == 3);
}

TEST_CASE("A cancelled timeout far in the future neither ends the run nor stretches it") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("e");
    m.def("setter").push(1).native_stmt(Native::sleep).load("e").method_stmt("set", 0);
    f.native(Native::event_new).store("e");
    new_thread(f, "setter").method_stmt("start", 0);
    f.push_str("wait").load("e").push(86400).method("wait", 1).print(2);
  }));
  CHECK(s->end() == RunEnd::Finished);
  CHECK(seconds(*s) == doctest::Approx(1.0).epsilon(0.01));
  CHECK(s->output() == std::vector<std::string>{"wait True"});
}

TEST_CASE("Long opaque work and a spin-wait that a timer ends are not livelock") {
  auto work = run(program([](ModuleBuilder&, FnBuilder& f) { f.push(5).native_stmt(Native::cpu); }));
  CHECK(work->end() == RunEnd::Finished);
  CHECK(seconds(*work) == doctest::Approx(5.0).epsilon(0.01));
  auto spin = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("done");
    m.def("setter").push(5).native_stmt(Native::sleep).push_bool(true).store_global("done");
    f.push_bool(false).store("done");
    new_thread(f, "setter").method_stmt("start", 0);
    f.while_([&] { f.load("done").op(Op::Not); }, [] {});
  }));
  CHECK(spin->end() == RunEnd::Finished);
  CHECK(seconds(*spin) == doctest::Approx(5.0).epsilon(0.01));
}

TEST_CASE("GIL: a call into C is a switch point, so `v = g, len(x), g = v + 1` loses updates on 3.11") {
  int lost = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    Config c;
    c.seed = seed;
    auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
                   m.global("g");
                   m.global("x");
                   auto& w = m.def("w");
                   w.for_range("_", 300'000, [&] {
                     w.load("g").store("v");
                     w.load("x").native_stmt(Native::len, 1);
                     w.load("v").push(1).op(Op::Add).store_global("g");
                   });
                   f.push(0).store("g");
                   f.native(Native::list).store("x");
                   new_thread(f, "w").store("a");
                   new_thread(f, "w").store("b");
                   f.load("a").method_stmt("start", 0).load("b").method_stmt("start", 0);
                   f.load("a").method_stmt("join", 0).load("b").method_stmt("join", 0);
                 }),
                 c);
    lost += global(*s, "g").i < 600'000;
  }
  CHECK(lost == 3);
}

TEST_CASE("Negative and zero timeouts behave as in CPython 3.11") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("slow").push(1).native_stmt(Native::sleep);
    f.native(Native::event_new).store("e");
    f.push_str("event").load("e").push(-1).method("wait", 1).print(2);
    f.push(0).native(Native::semaphore_new).store("s");
    f.push_str("sem").load("s").push_bool(true).push(-2).method("acquire", 2).print(2);
    new_thread(f, "slow").store("t");
    f.load("t").method_stmt("start", 0);
    f.load("t").push(-1).method_stmt("join", 1);
    f.push_str("joined alive").load("t").method("is_alive", 0).print(2);
    f.push(0).native(Native::queue_new).store("q");
    f.try_except([&] { f.load("q").push_bool(true).push(-1).method_stmt("get", 2); }, "ValueError",
                 [&] { f.push_str("queue refused").print(1); });
    f.try_except([&] { f.push(-1).native_stmt(Native::sleep); }, "ValueError", [&] { f.push_str("sleep refused").print(1); });
    f.native(Native::lock_new).store("l");
    f.try_except([&] { f.load("l").push_bool(true).push(-2).method_stmt("acquire", 2); }, "ValueError",
                 [&] { f.push_str("lock refused").print(1); });
  }));
  CHECK(s->output() == std::vector<std::string>{"event False", "sem False", "joined alive True", "queue refused",
                                                "sleep refused", "lock refused"});
  CHECK(raised(*s, "ValueError", "'timeout' must be a non-negative number"));
  CHECK(raised(*s, "ValueError", "sleep length must be non-negative"));
  CHECK(raised(*s, "ValueError", "timeout value must be positive"));
  CHECK(printed_at(*s, "joined alive True") < 0.01);
}

TEST_CASE("Barrier: the action runs in the last thread before anyone leaves, if it raises, the barrier breaks") {
  auto ok = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("b");
    auto& act = m.def("act");
    act.push_str("action start").print(1).push(1).native_stmt(Native::sleep).push_str("action end").print(1);
    auto& w = m.def("w");
    w.load("b").method_stmt("wait", 0).push_str("passed").print(1);
    f.push(2).push_func("act").push_none().native(Native::barrier_new).store("b");
    new_thread(f, "w").store("t1");
    new_thread(f, "w").store("t2");
    f.load("t1").method_stmt("start", 0).load("t2").method_stmt("start", 0);
    f.load("t1").method_stmt("join", 0).load("t2").method_stmt("join", 0);
  }));
  CHECK(ok->output() == std::vector<std::string>{"action start", "action end", "passed", "passed"});
  auto bad = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("b");
    m.def("act").raise("ValueError", "no");
    auto& w = m.def("w");
    w.try_except([&] { w.load("b").method_stmt("wait", 0); }, "BrokenBarrierError", [&] { w.push_str("broken").print(1); });
    f.push(2).push_func("act").push_none().native(Native::barrier_new).store("b");
    new_thread(f, "w").store("t1");
    new_thread(f, "w").store("t2");
    f.load("t1").method_stmt("start", 0).load("t2").method_stmt("start", 0);
    f.load("t1").method_stmt("join", 0).load("t2").method_stmt("join", 0);
  }));
  // One waiter sees the barrier broken; the action's exception ends the other thread, its traceback on stderr.
  CHECK(bad->output() == std::vector<std::string>{"broken"});
  CHECK(bad->stream(Stream::Stderr).find("ValueError: no") != std::string::npos);
}
