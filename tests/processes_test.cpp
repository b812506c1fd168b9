// multiprocessing's semantics: separate memory under fork and spawn, exit codes, names, IPC and shared
// memory, with the exception messages CPython 3.11 gives (each checked against python3).
#include <doctest/doctest.h>

#include "process_util.hpp"

using namespace il;
using namespace il::test;
using namespace il::scn;

// [SECTION] processes: memory, start methods, names, exit codes

TEST_CASE("fork copies memory: children append to their own copy, the parent's list stays empty") {
  for (Config cfg : {Config{}, spawn()}) {
    CAPTURE(to_string(cfg.start_method));
    auto s = run_scenario("process-memory", cfg);
    check_clean_end(*s);
    CHECK(s->output() == std::vector<std::string>{"Process-1 sees [0, 1, 2]", "Process-2 sees [0, 1, 2]", "parent sees []"});
    auto* parent_items = s->as<ListObject>(global(*s, "items", 0));
    REQUIRE(parent_items);
    CHECK(parent_items->items.empty());
    for (ProcId p : {1, 2}) {
      auto* child_items = s->as<ListObject>(global(*s, "items", p));
      REQUIRE(child_items);
      CHECK(child_items->items.size() == 3);
      CHECK(child_items->id != parent_items->id);
      CHECK(child_items->owner == p);
    }
  }
}

TEST_CASE("fork: a copy keeps shared references shared and OS-shared objects (mp.Queue, Value) shared") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("a");
    m.global("b");
    m.global("q");
    m.global("v");
    auto& c = m.def("child");
    c.load("a").push(1).method_stmt("append", 1);            // b is the same list as a: it grows too
    c.load("v").push(7).set_attr("value");
    c.load("q").load("b").method("len", 0).method_stmt("put", 1);
    f.native(Native::list).store("a");
    f.load("a").store("b");
    f.push_none().native(Native::mp_queue_new).store("q");
    f.push_str("i").push(0).push_none().native(Native::mp_value_new).store("v");
    new_process(f, "child").store("p");
    start_join(f, "p");
    f.push_str("child saw").load("q").method("get", 0).push_str("parent").load("a").load("v").attr("value").print(5);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"child saw 1 parent [] 7"});
}

TEST_CASE("fork: the parent pays fork_ns of CPU, spawn: the child boots for spawn_ns and re-runs the module top") {
  auto fork_run = run_scenario("download-processes");
  // Two forks before the downloads start; the 9 s download is the longest.
  CHECK(seconds(*fork_run) == doctest::Approx(9.0 + 2 * 0.0015).epsilon(0.001));
  CHECK(time_in(*fork_run, 0, ThreadState::Running) >= 2 * Config{}.fork_ns);

  auto s = run_scenario("spawn-reimport");
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"module top level runs in 1000", "module top level runs in 1001",
                                                "hello from 1001"});
  const Process& child = s->processes()[1];
  CHECK(time_in(*s, child.main, ThreadState::Running) >= Config{}.spawn_ns);
  CHECK(printed_at(*s, "hello from 1001") >= 0.040);
}

TEST_CASE("fork and spawn trees: pids, getppid() and ProcStart records link every process to its parent") {
  auto s = run_scenario("fork-tree");
  check_clean_end(*s);
  REQUIRE(s->processes().size() == 7);
  CHECK(s->output()[0] == "pid 1000 parent 999 depth 0");
  for (const Process& p : s->processes()) {
    if (p.parent == kNone) continue;
    const int ppid = s->processes()[p.parent].pid;
    bool printed = false;
    for (const auto& line : s->output())
      printed |= line.rfind("pid " + std::to_string(p.pid) + " parent " + std::to_string(ppid) + " ", 0) == 0;
    CHECK(printed);
  }
  int starts = 0;
  for (const TraceRec& r : s->trace().recs)
    if (r.kind == Ev::ProcStart) {
      CHECK(r.other == s->processes()[r.obj].parent);
      ++starts;
    }
  CHECK(starts == 7);
}

TEST_CASE("Exit codes: 0 normally, 1 after an uncaught exception, sys.exit(n), -15 after terminate(), -9 after kill()") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("ok");
    m.def("boom").raise("ValueError", "boom");
    auto& ex = m.def("ex", {"code"});
    ex.load("code").native_stmt(Native::exit);
    ex.push_str("not reached").print(1);
    auto& caught = m.def("caught");
    // `except Exception` does not catch SystemExit.
    caught.try_except([&] { caught.push(4).native_stmt(Native::exit); }, "Exception", [&] { caught.push_str("wrong").print(1); });
    m.def("nap").push(5).native_stmt(Native::sleep);
    std::vector<std::pair<std::string, Body>> cases = {
        {"ok", [&] { new_process(f, "ok"); }},
        {"boom", [&] { new_process(f, "boom"); }},
        {"none", [&] { new_process(f, "ex", {[&] { f.push_none(); }}); }},
        {"three", [&] { new_process(f, "ex", {num(3, f)}); }},
        {"minus2", [&] { new_process(f, "ex", {num(-2, f)}); }},
        {"text", [&] { new_process(f, "ex", {str("bye", f)}); }},
        {"caught", [&] { new_process(f, "caught"); }},
    };
    for (auto& [name, make] : cases) {
      make();
      f.store("p");
      start_join(f, "p");
      f.push_str(name).load("p").attr("exitcode").print(2);
    }
    new_process(f, "nap").store("t");
    f.load("t").method_stmt("start", 0).push_str("before").load("t").attr("exitcode").load("t").method("is_alive", 0).print(3);
    f.load("t").method_stmt("terminate", 0).load("t").method_stmt("join", 0);
    f.push_str("terminated").load("t").attr("exitcode").load("t").method("is_alive", 0).print(3);
    new_process(f, "nap").store("k");
    f.load("k").method_stmt("start", 0).load("k").method_stmt("kill", 0).load("k").method_stmt("join", 0);
    f.push_str("killed").load("k").attr("exitcode").print(2);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"ok 0", "boom 1", "none 0", "three 3", "minus2 254", "text 1",
                                                "caught 4", "before None True", "terminated -15 False", "killed -9"});
  // On stderr: the child's traceback (its frames are runtime code here, without source lines) and the text
  // sys.exit() was given.
  CHECK(s->stream(Stream::Stderr) ==
        "Process Process-2:\nTraceback (most recent call last):\n"
        "  File \"<stdlib>/multiprocessing/process.py\", line 314, in _bootstrap\n    self.run()\n"
        "  File \"<stdlib>/multiprocessing/process.py\", line 108, in run\n    self._target(*self._args, **self._kwargs)\n"
        "ValueError: boom\nbye\n");
  CHECK(s->processes()[0].exit_code == 0); // a crashing child never kills the parent
  CHECK(seconds(*s) < 1.0);                // terminate() did not wait for the 5 s nap
}

TEST_CASE("join(timeout) returns with the child still alive, run() called directly runs in the caller") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("nap").push(2).native_stmt(Native::sleep);
    m.def("where").native(Native::current_process).attr("name").print(1);
    new_process(f, "nap").store("p");
    f.load("p").method_stmt("start", 0);
    f.load("p").push_float(0.5).method_stmt("join", 1);
    f.push_str("after join(0.5)").load("p").method("is_alive", 0).load("p").attr("exitcode").print(3);
    f.load("p").method_stmt("join", 0);
    f.push_str("after join()").load("p").method("is_alive", 0).load("p").attr("exitcode").print(3);
    new_process(f, "where").method_stmt("run", 0);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"after join(0.5) True None", "after join() False 0", "MainProcess"});
  CHECK(printed_at(*s, "after join(0.5) True None") == doctest::Approx(0.5).epsilon(0.02));
  CHECK(s->processes().size() == 2);
}

TEST_CASE("sys.exit in the main process sets its exit code") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) { f.push(2).native_stmt(Native::exit); }));
  CHECK(s->processes()[0].exit_code == 2);
  CHECK(s->output().empty());
}

TEST_CASE("Process misuse raises what CPython raises") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("ok");
    new_process(f, "ok").store("p");
    f.push_str("initial").load("p").attr("pid").load("p").attr("exitcode").load("p").method("is_alive", 0).print(4);
    attempt(f, [&] { f.load("p").method_stmt("join", 0); });
    attempt(f, [&] { f.load("p").method_stmt("terminate", 0); });
    f.load("p").method_stmt("start", 0);
    attempt(f, [&] { f.load("p").method_stmt("start", 0); });
    attempt(f, [&] { f.load("p").push_bool(true).set_attr("daemon"); });
    attempt(f, [&] { f.native(Native::current_process).method_stmt("join", 0); });
    attempt(f, [&] { f.push_str("forkserver-ish").native_stmt(Native::set_start_method); }); // already set
    f.load("p").method_stmt("join", 0);
  }));
  CHECK(s->output().front() == "initial None None False");
  CHECK(raised(*s, "AssertionError", "can only join a started process"));
  CHECK(raised(*s, "AttributeError", "'NoneType' object has no attribute 'terminate'"));
  CHECK(raised(*s, "AssertionError", "cannot start a process twice"));
  CHECK(raised(*s, "AssertionError", "process has already started"));
  CHECK(raised(*s, "AssertionError", "can only join a child process"));
  CHECK(raised(*s, "RuntimeError", "context has already been set"));
  check_clean_end(*s);
}

TEST_CASE("set_start_method: 'spawn' and 'fork' are accepted once, others are a ValueError") {
  auto bad = run(program([](ModuleBuilder&, FnBuilder& f) { attempt(f, [&] { f.push_str("bogus").native_stmt(Native::set_start_method); }); }));
  CHECK(raised(*bad, "ValueError", "cannot find context for 'bogus'"));
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("ok");
    f.push_str("spawn").native_stmt(Native::set_start_method);
    new_process(f, "ok").store("p");
    start_join(f, "p");
    f.push(2).native(Native::pool_new).store("pool");
    f.load("pool").method_stmt("close", 0).load("pool").method_stmt("join", 0);
  }));
  check_clean_end(*s);
  REQUIRE(process_named(*s, "SpawnPoolWorker-2"));
  CHECK(process_named(*s, "SpawnPoolWorker-3"));
  CHECK(time_in(*s, s->processes()[1].main, ThreadState::Running) >= Config{}.spawn_ns);
}

TEST_CASE("Names: Process-N from a per-process counter that pools and managers share, children nest as N:M") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& inner = m.def("inner");
    inner.native(Native::current_process).attr("name").print(1);
    auto& outer = m.def("outer");
    outer.native(Native::current_process).attr("name").print(1);
    new_process(outer, "inner").store("c");
    start_join(outer, "c");
    f.native(Native::current_process).attr("name").native(Native::cpu_count).print(2);
    new_process(f, "outer").store("p");
    start_join(f, "p");
    f.push(2).native(Native::pool_new).store("pool");
    f.load("pool").method_stmt("close", 0).load("pool").method_stmt("join", 0);
    f.native(Native::manager_new).store("mgr");
    f.load("mgr").method_stmt("shutdown", 0);
    new_process(f, "inner").attr("name").print(1);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"MainProcess 8", "Process-1", "Process-1:1", "Process-5"});
  CHECK(process_named(*s, "ForkPoolWorker-2"));
  CHECK(process_named(*s, "ForkPoolWorker-3"));
  CHECK(process_named(*s, "SyncManager-4"));
}

TEST_CASE("Daemonic processes cannot have children, daemonic children die with their parent") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& d = m.def("daemon_body");
    d.push(1).native(Native::pool_new).pop();
    m.def("nap").push(100).native_stmt(Native::sleep);
    f.push_func("daemon_body").list(0).push_none().push_bool(true).native(Native::process_new).store("p");
    start_join(f, "p");
    f.push_func("nap").list(0).push_none().push_bool(true).native(Native::process_new).store("n");
    f.load("n").method_stmt("start", 0);
  }));
  CHECK(raised(*s, "AssertionError", "daemonic processes are not allowed to have children"));
  CHECK(s->processes()[1].exit_code == 1);
  CHECK(s->processes()[2].exit_code == -15); // the parent exited; the 100 s nap did not hold it up
  CHECK(seconds(*s) < 1.0);
  check_clean_end(*s);
}

TEST_CASE("The main process waits for non-daemon children at exit") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("nap").push(2).native_stmt(Native::sleep);
    new_process(f, "nap").store("p");
    f.load("p").method_stmt("start", 0);
  }));
  check_clean_end(*s);
  CHECK(seconds(*s) == doctest::Approx(2.0).epsilon(0.01));
  CHECK(s->processes()[1].exit_code == 0);
}

TEST_CASE("process-crash: the child exits with 1, the parent and the sibling carry on") {
  auto s = run_scenario("process-crash");
  check_clean_end(*s);
  CHECK(s->output().back() == "exit codes: 1 0");
  CHECK(s->processes()[0].exit_code == 0);
}

// [SECTION] CPU and I/O in processes

TEST_CASE("cpu-processes: ~1x one worker's CPU time with 2+ cores (a GIL each), ~2x on one core") {
  // One worker's CPU time, measured in the run itself: what its process's main thread spent running.
  auto s = run_scenario("cpu-processes");
  const double w = static_cast<double>(time_in(*s, s->processes()[1].main, ThreadState::Running)) / 1e9;
  CHECK(w > 0.1);
  CHECK(seconds(*s) == doctest::Approx(w).epsilon(0.03)); // (plus the two forks, 1.5 ms each)
  Config two;
  two.cores = 2;
  two.smt = 1;
  CHECK(seconds(*run_scenario("cpu-processes", two)) == doctest::Approx(w).epsilon(0.03));
  CHECK(seconds(*run_scenario("cpu-processes", one_core())) == doctest::Approx(2.0 * w).epsilon(0.03));
}

TEST_CASE("download-processes: ~9 s plus the process starts, also on one core") {
  for (Config cfg : {Config{}, one_core()}) {
    auto s = run_scenario("download-processes", cfg);
    check_clean_end(*s);
    CHECK(seconds(*s) == doctest::Approx(9.0).epsilon(0.01));
    CHECK(seconds(*s) > 9.0 + 0.002);
  }
}

// [SECTION] pipes and queues

TEST_CASE("pipe-pingpong: the counter goes back and forth, a waiting recv is Blocked on the connection") {
  auto s = run_scenario("pipe-pingpong");
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"parent got 1", "parent got 2", "parent got 3", "parent got 4", "parent got 5"});
  bool blocked_on_conn = false;
  for (const TraceRec& r : s->trace().recs)
    if (r.kind == Ev::State && r.state == ThreadState::Blocked && r.obj >= 0)
      blocked_on_conn |= s->object(r.obj)->kind() == "Connection";
  CHECK(blocked_on_conn);
}

TEST_CASE("Pipe misuse: one-way ends, closed ends, EOF and broken pipes raise CPython's errors") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.push_bool(false).native(Native::pipe_new).store("ends");
    f.load("ends").push(0).method("getitem", 1).store("r");
    f.load("ends").push(1).method("getitem", 1).store("w");
    attempt(f, [&] { f.load("r").push(1).method_stmt("send", 1); });
    attempt(f, [&] { f.load("w").method_stmt("recv", 0); });
    f.load("w").push(1).push(2).list(2).method_stmt("send", 1);
    f.load("r").method("poll", 0).load("r").method("recv", 0).load("r").method("poll", 0).print(3);
    f.load("w").method_stmt("close", 0);
    attempt(f, [&] { f.load("r").method_stmt("recv", 0); });
    f.push_str("poll at EOF").load("r").method("poll", 0).print(2);
    attempt(f, [&] { f.load("w").push(1).method_stmt("send", 1); });
    f.push_none().native(Native::pipe_new).store("ends2");
    f.load("ends2").push(0).method("getitem", 1).store("a");
    f.load("ends2").push(1).method("getitem", 1).method_stmt("close", 0);
    attempt(f, [&] { f.load("a").push(1).method_stmt("send", 1); });
  }));
  CHECK(raised(*s, "OSError", "connection is read-only"));
  CHECK(raised(*s, "OSError", "connection is write-only"));
  CHECK(raised(*s, "EOFError", ""));
  CHECK(raised(*s, "OSError", "handle is closed"));
  CHECK(raised(*s, "BrokenPipeError", "[Errno 32] Broken pipe"));
  CHECK(s->output() == std::vector<std::string>{"True [1, 2] False", "poll at EOF True"});
  check_clean_end(*s);
}

TEST_CASE("Pipe: a recv blocked in another process gets EOFError when the last sender closes") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& reader = m.def("reader", {"conn"});
    reader.try_except([&] { reader.load("conn").method_stmt("recv", 0); }, "EOFError",
                      [&] { reader.push_str("reader saw EOF").print(1); });
    f.push_none().native(Native::pipe_new).store("ends");
    new_process(f, "reader", {[&] { f.load("ends").push(0).method("getitem", 1); }}).store("p");
    f.load("p").method_stmt("start", 0);
    f.push(1).native_stmt(Native::sleep);
    f.load("ends").push(1).method("getitem", 1).method_stmt("close", 0);
    f.load("p").method_stmt("join", 0);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"reader saw EOF"});
  CHECK(s->processes()[1].exit_code == 0);
}

TEST_CASE("mp.Queue: items cross processes as copies, every put and get costs CPU, get(timeout) raises Empty") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& c = m.def("child", {"q"});
    c.load("q").method("get", 0).store("got");
    c.load("got").push(99).method_stmt("append", 1); // the child's copy only
    c.load("q").load("got").method_stmt("put", 1);
    f.push_none().native(Native::mp_queue_new).store("q");
    f.push(1).list(1).store("mine");
    new_process(f, "child", {var("q", f)}).store("p");
    f.load("p").method_stmt("start", 0);
    f.load("q").load("mine").method_stmt("put", 1);
    f.load("mine").push(2).method_stmt("append", 1); // after the put: not in the message
    f.load("p").method_stmt("join", 0);
    f.push_str("back").load("q").method("get", 0).push_str("mine").load("mine").print(4);
    attempt(f, [&] { f.load("q").push_bool(true).push_float(0.1).method_stmt("get", 2); });
    attempt(f, [&] { f.load("q").method_stmt("task_done", 0); });
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"back [1, 99] mine [1, 2]"});
  CHECK(raised(*s, "Empty", ""));
  CHECK(raised(*s, "AttributeError", "'Queue' object has no attribute 'task_done'"));
  int work = 0;
  for (const TraceRec& r : s->trace().recs) work += r.kind == Ev::WorkBegin && r.value == kIpcNs;
  CHECK(work >= 4); // two puts and two gets
}

TEST_CASE("mp-queue: the consumer process blocks on the queue until the producer puts") {
  auto s = run_scenario("mp-queue");
  check_clean_end(*s);
  CHECK(s->output().size() == 10);
  CHECK(s->output()[0] == "put 0");
  CHECK(s->output()[9] == "got 4");
  CHECK(seconds(*s) == doctest::Approx(1.0).epsilon(0.01));
}

// [SECTION] shared memory and locks

TEST_CASE("shared-array: every process updates the same Value and Array") {
  for (Config cfg : {Config{}, one_core(), spawn()}) {
    auto s = run_scenario("shared-array", cfg);
    check_clean_end(*s);
    CHECK(s->output() == std::vector<std::string>{"counter = 400", "squares = [0, 1, 4, 9]"});
  }
}

TEST_CASE("Value, Array and mp.Lock misuse raise CPython's errors") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.push_str("i").push(5).push_none().native(Native::mp_value_new).store("v");
    attempt(f, [&] { f.load("v").push_float(2.5).set_attr("value"); });
    f.load("v").push_bool(true).set_attr("value");
    f.push_str("d").push(1).push_none().native(Native::mp_value_new).store("d");
    f.load("d").push(3).set_attr("value");
    f.load("v").attr("value").load("d").attr("value").load("v").print(3);
    attempt(f, [&] { f.push_str("x").push(0).push_none().native_stmt(Native::mp_value_new); });
    f.push_str("i").push(3).push_none().native(Native::mp_array_new).store("a");
    attempt(f, [&] { f.load("a").push(5).method_stmt("getitem", 1); });
    attempt(f, [&] { f.load("a").push(0).push_str("a").method_stmt("setitem", 2); });
    f.load("a").push(-1).push(7).method_stmt("setitem", 2);
    f.load("a").method("copy", 0).load("a").native(Native::len).print(2);
    f.push_str("d").push(1).push(2).list(2).push_none().native(Native::mp_array_new).method("copy", 0).print(1);
    f.native(Native::mp_lock_new).store("l");
    attempt(f, [&] { f.load("l").method_stmt("release", 0); });
    f.load("v").method("get_lock", 0).attr("name").print(1);
  }));
  CHECK(raised(*s, "TypeError", "'float' object cannot be interpreted as an integer"));
  CHECK(raised(*s, "TypeError", "this type has no size"));
  CHECK(raised(*s, "IndexError", "invalid index"));
  CHECK(raised(*s, "TypeError", "'str' object cannot be interpreted as an integer"));
  CHECK(raised(*s, "ValueError", "semaphore or lock released too many times"));
  REQUIRE(s->output().size() >= 3);
  CHECK(s->output()[0] == "1 3.0 <Synchronized wrapper for c_int(1)>");
  CHECK(s->output()[1] == "[0, 0, 7] 3");
  CHECK(s->output()[2] == "[1.0, 2.0]");
}

TEST_CASE("mp.Lock is one lock for all processes, a threading.Lock is copied by fork") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("mlock");
    m.global("tlock");
    auto& c = m.def("child");
    c.push_str("thread lock free in child").load("tlock").push_bool(false).method("acquire", 1).print(2);
    c.push_str("mp lock free in child").load("mlock").push_bool(false).method("acquire", 1).print(2);
    f.native(Native::mp_lock_new).store("mlock");
    f.native(Native::lock_new).store("tlock");
    f.load("mlock").method_stmt("acquire", 0);
    new_process(f, "child").store("p");
    start_join(f, "p");
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"thread lock free in child True", "mp lock free in child False"});
}

TEST_CASE("Every process scenario ends cleanly under fork and spawn, on one core and on eight, for several seeds") {
  for (const Scenario& sc : scenarios()) {
    if (sc.topic != "processes" && sc.topic != "ipc" && sc.topic != "pools") continue;
    for (bool use_spawn : {false, true})
      for (bool one : {false, true})
        for (std::uint64_t seed : {1, 2, 3}) {
          Config cfg = one ? one_core() : Config{};
          if (use_spawn) cfg.start_method = StartMethod::Spawn;
          cfg.seed = seed;
          CAPTURE(sc.name);
          CAPTURE(use_spawn);
          CAPTURE(one);
          CAPTURE(seed);
          auto s = run(sc.build(), cfg);
          CHECK(s->end() == RunEnd::Finished);
          CHECK_FALSE(s->deadlock().found);
          CHECK(s->processes()[0].exit_code == 0);
        }
  }
}

// [SECTION] determinism

TEST_CASE("Process scenarios are deterministic for a seed") {
  for (const char* name : {"pool-async", "manager-dict", "shared-array", "fork-tree"}) {
    CAPTURE(name);
    auto a = run_scenario(name);
    auto b = run_scenario(name);
    REQUIRE(a->trace().recs.size() == b->trace().recs.size());
    bool same = true;
    for (std::size_t i = 0; i < a->trace().recs.size(); ++i) {
      const TraceRec &x = a->trace().recs[i], &y = b->trace().recs[i];
      same &= x.t == y.t && x.kind == y.kind && x.thread == y.thread && x.obj == y.obj && x.value == y.value;
    }
    CHECK(same);
    CHECK(a->output() == b->output());
  }
}
