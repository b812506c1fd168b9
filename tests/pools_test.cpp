// multiprocessing's managers and pools, and thread pools: round trips to the server process, task
// distribution, errors carried back to the caller, terminate and join.
#include <doctest/doctest.h>

#include "process_util.hpp"

using namespace il;
using namespace il::test;
using namespace il::scn;

// [SECTION] managers

TEST_CASE("manager-dict: writes from 4 processes land in the server, every access is a visible round trip") {
  auto s = run_scenario("manager-dict");
  check_clean_end(*s);
  REQUIRE(s->output().size() == 1);
  for (int i = 0; i < 4; ++i)
    CHECK(s->output()[0].find("'worker-" + std::to_string(i) + "': " + std::to_string(i * i)) != std::string::npos);
  const Process* server = process_named(*s, "SyncManager-1");
  REQUIRE(server);
  CHECK(server->exit_code == 0); // shut down, not killed
  // The caller waits in I/O for the request and the reply (dict(), copy(), shutdown()).
  CHECK(time_in(*s, 0, ThreadState::Io) >= 6 * kManagerLatencyNs);
  for (ProcId p = 0; p < static_cast<ProcId>(s->processes().size()); ++p) {
    const Process& pr = s->processes()[p];
    if (pr.name.rfind("Process-", 0) == 0) CHECK(time_in(*s, pr.main, ThreadState::Io) >= 2 * kManagerLatencyNs);
  }
  // The server's threads run the operations: a main (accepter) thread and one handler per client thread.
  CHECK(server->threads.size() == 6);
  Ns served = 0;
  for (ThreadId t : server->threads) served += time_in(*s, t, ThreadState::Running);
  CHECK(served >= 6 * kManagerServeNs);
}

TEST_CASE("Manager proxies: list, dict, Namespace, Lock and Queue behave like the objects, errors come back") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& c = m.def("child", {"l", "d", "ns", "q"});
    c.load("l").push_str("from child").method_stmt("append", 1);
    c.load("d").push_str("k").push(2).method_stmt("setitem", 2);
    c.load("ns").load("ns").attr("x").push(10).op(Op::Add).set_attr("x");
    c.load("q").push_str("hello").method_stmt("put", 1);
    f.native(Native::manager_new).store("mgr");
    f.load("mgr").method("list", 0).store("l");
    f.load("mgr").method("dict", 0).store("d");
    f.load("mgr").method("Namespace", 0).store("ns");
    f.load("mgr").method("Queue", 0).store("q");
    f.load("mgr").method("Lock", 0).store("lk");
    f.load("ns").push(1).set_attr("x");
    new_process(f, "child", {var("l", f), var("d", f), var("ns", f), var("q", f)}).store("p");
    start_join(f, "p");
    f.load("l").load("l").method("len", 0).load("l").push(0).method("getitem", 1).print(3);
    f.load("d").load("d").push_str("k").method("get", 1).load("d").push_str("nope").method("get", 1).load("d").method("keys", 0).print(4);
    f.load("ns").attr("x").load("q").method("get", 0).print(2);
    f.load("lk").method("acquire", 0).load("lk").push_bool(false).method("acquire", 1).print(2);
    f.load("lk").method_stmt("release", 0);
    attempt(f, [&] { f.load("lk").method_stmt("release", 0); });
    attempt(f, [&] { f.load("d").push_str("zz").method_stmt("getitem", 1); });
    attempt(f, [&] { f.load("l").push(7).method_stmt("getitem", 1); });
    attempt(f, [&] { f.load("ns").attr("y").pop(); });
    attempt(f, [&] { f.load("q").push_bool(true).push_float(0.1).method_stmt("get", 2); });
    f.load("mgr").method_stmt("shutdown", 0);
    attempt(f, [&] { f.load("d").push_str("k").method_stmt("getitem", 1); });
    f.push_str("done").print(1);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"['from child'] 1 from child", "{'k': 2} 2 None ['k']", "11 hello",
                                                "True False", "done"});
  // Raised in the server's handler thread, then again in the caller.
  CHECK(raised_in_main(*s, "RuntimeError", "release unlocked lock"));
  CHECK(raised_in_main(*s, "KeyError", "'zz'"));
  CHECK(raised_in_main(*s, "IndexError", "list index out of range"));
  CHECK(raised_in_main(*s, "AttributeError", "'Namespace' object has no attribute 'y'"));
  CHECK(raised_in_main(*s, "Empty", ""));
  CHECK(raised_in_main(*s, "BrokenPipeError", "[Errno 32] Broken pipe"));
}

TEST_CASE("Manager Lock: a blocked acquire blocks only its own handler thread in the server") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& c = m.def("child", {"lk"});
    c.load("lk").method_stmt("acquire", 0);
    c.push_str("child got the lock").print(1);
    c.load("lk").method_stmt("release", 0);
    f.native(Native::manager_new).store("mgr");
    f.load("mgr").method("Lock", 0).store("lk");
    f.load("mgr").method("list", 0).store("l");
    f.load("lk").method_stmt("acquire", 0);
    new_process(f, "child", {var("lk", f)}).store("p");
    f.load("p").method_stmt("start", 0);
    f.push(1).native_stmt(Native::sleep);
    f.load("l").push(1).method_stmt("append", 1); // the server still answers others
    f.push_str("parent releases").print(1);
    f.load("lk").method_stmt("release", 0);
    f.load("p").method_stmt("join", 0);
    f.load("mgr").method_stmt("shutdown", 0);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"parent releases", "child got the lock"});
}

// [SECTION] pools

TEST_CASE("Pool makespans: apply_async ~6 s, apply ~30 s, uneven tasks ~6 s") {
  auto a = run_scenario("pool-async");
  check_clean_end(*a);
  CHECK(seconds(*a) == doctest::Approx(6.0).epsilon(0.1));
  CHECK(a->output()[30].rfind("[0, 1, 4, 9,", 0) == 0);
  auto b = run_scenario("pool-apply");
  check_clean_end(*b);
  CHECK(seconds(*b) == doctest::Approx(30.0).epsilon(0.1));
  auto c = run_scenario("pool-uneven");
  check_clean_end(*c);
  CHECK(seconds(*c) == doctest::Approx(6.0).epsilon(0.1));
  for (const char* w : {"ForkPoolWorker-1", "ForkPoolWorker-2", "ForkPoolWorker-3"}) {
    const Process* p = process_named(*c, w);
    REQUIRE(p);
    CHECK(p->exit_code == 0);
  }
}

TEST_CASE("Pool: join before close is a ValueError, closed pools take no work") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("sq", {"x"}).load("x").load("x").op(Op::Mul).ret();
    f.push(2).native(Native::pool_new).store("pool");
    attempt(f, [&] { f.load("pool").method_stmt("join", 0); });
    f.load("pool").push_func("sq").push(1).push(2).push(3).list(3).method("map", 2).print(1);
    f.load("pool").push_func("sq").list(0).method("map", 2).print(1);
    f.load("pool").method_stmt("close", 0);
    attempt(f, [&] { f.load("pool").push_func("sq").push(1).list(1).method_stmt("apply", 2); });
    attempt(f, [&] { f.load("pool").push_func("sq").push(1).list(1).method_stmt("apply_async", 2); });
    f.load("pool").method_stmt("join", 0);
    f.push_str("joined").print(1);
  }));
  check_clean_end(*s);
  CHECK(raised(*s, "ValueError", "Pool is still running"));
  CHECK(raised(*s, "ValueError", "Pool not running"));
  CHECK(s->output() == std::vector<std::string>{"[1, 4, 9]", "[]", "joined"});
}

TEST_CASE("Pool: a task's exception is re-raised by get() and apply() with its type and message") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& bad = m.def("bad", {"x"});
    bad.push_str("KeyError").load("x").op(Op::Raise);
    m.def("sq", {"x"}).load("x").load("x").op(Op::Mul).ret();
    m.def("slow", {"x"}).load("x").native_stmt(Native::sleep).load("x").ret();
    f.push(2).native(Native::pool_new).store("pool");
    f.load("pool").push_func("bad").push(3).list(1).method("apply_async", 2).store("r");
    attempt(f, [&] { f.load("r").method_stmt("get", 0); });
    f.load("r").method("ready", 0).load("r").method("successful", 0).print(2);
    attempt(f, [&] { f.load("pool").push_func("bad").push_str("k").list(1).method_stmt("apply", 2); });
    attempt(f, [&] { f.load("pool").push_func("bad").push(5).push(6).list(2).method_stmt("map", 2); });
    f.load("pool").push_func("slow").push_float(0.5).list(1).method("apply_async", 2).store("r2");
    attempt(f, [&] { f.load("r2").method_stmt("successful", 0); });
    attempt(f, [&] { f.load("r2").push_float(0.1).method_stmt("get", 1); });
    f.load("r2").push_float(0.01).method("wait", 1).load("r2").method("get", 0).print(2);
    f.push_str("workers still serve").load("pool").push_func("sq").push(4).list(1).method("apply", 2).print(2);
    f.load("pool").method_stmt("close", 0).load("pool").method_stmt("join", 0);
  }));
  check_clean_end(*s);
  CHECK(raised_in_main(*s, "KeyError", "3"));
  CHECK(raised_in_main(*s, "KeyError", "k"));
  CHECK((raised_in_main(*s, "KeyError", "5") || raised_in_main(*s, "KeyError", "6"))); // the first to fail
  CHECK(raised(*s, "ValueError", "<multiprocessing.pool.ApplyResult object> not ready"));
  CHECK(raised(*s, "TimeoutError", ""));
  CHECK(s->output() == std::vector<std::string>{"True False", "None 0.5", "workers still serve 16"});
  for (const Process& p : s->processes())
    if (p.parent != kNone) CHECK(p.exit_code == 0); // a failing task does not kill its worker
}

TEST_CASE("Pool: tasks run with copies of their arguments, results come back as copies") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& grow = m.def("grow", {"l"});
    grow.load("l").push(1).method_stmt("append", 1);
    grow.load("l").ret();
    f.push(1).native(Native::pool_new).store("pool");
    f.native(Native::list).store("mine");
    f.load("pool").push_func("grow").load("mine").list(1).method("apply", 2).store("back");
    f.load("mine").load("back").print(2);
    f.load("pool").method_stmt("terminate", 0).load("pool").method_stmt("join", 0);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"[] [1]"});
}

TEST_CASE("Pool.terminate kills busy workers (-15), idle ones exit, join waits for them") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.def("nap", {"x"}).load("x").native_stmt(Native::sleep);
    f.push(3).native(Native::pool_new).store("pool");
    f.load("pool").push_func("nap").push(100).list(1).method_stmt("apply_async", 2);
    f.push(1).native_stmt(Native::sleep);
    f.load("pool").method_stmt("terminate", 0).load("pool").method_stmt("join", 0);
    f.push_str("joined").print(1);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"joined"});
  CHECK(seconds(*s) < 1.1);
  std::vector<int> codes;
  for (const Process& p : s->processes())
    if (p.parent != kNone) codes.push_back(p.exit_code);
  std::sort(codes.begin(), codes.end());
  CHECK(codes == std::vector<int>{-15, 0, 0});
}

TEST_CASE("ThreadPool: worker threads in the caller's process share its memory, submit returns futures") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    m.global("seen");
    auto& job = m.def("job", {"x"});
    job.load("seen").load("x").method_stmt("append", 1);
    job.push_float(0.5).native_stmt(Native::io);
    job.load("x").load("x").op(Op::Mul).ret();
    auto& bad = m.def("bad");
    bad.raise("ValueError", "nope");
    f.native(Native::list).store("seen");
    f.push(4).native(Native::thread_pool_new).store("tp");
    f.load("tp").push_func("job").push(1).push(2).push(3).push(4).list(4).method("map", 2).print(1);
    f.load("tp").push_func("job").push(5).list(1).method("submit", 2).store("fut");
    f.load("fut").method("result", 0).load("fut").method("done", 0).print(2);
    f.load("tp").push_func("bad").list(0).method("submit", 2).store("f2");
    attempt(f, [&] { f.load("f2").method_stmt("result", 0); });
    f.load("tp").method_stmt("shutdown", 0);
    attempt(f, [&] { f.load("tp").push_func("job").push(6).list(1).method_stmt("submit", 2); });
    f.load("seen").native(Native::len).print(1);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"[1, 4, 9, 16]", "25 True", "5"});
  CHECK(raised(*s, "ValueError", "nope"));
  CHECK(raised(*s, "RuntimeError", "cannot schedule new futures after shutdown"));
  CHECK(s->processes().size() == 1);
  CHECK(s->threads().size() == 5);
  CHECK(s->threads()[1].name == "Thread-1 (worker)");
  CHECK(seconds(*s) == doctest::Approx(1.0).epsilon(0.05)); // map's 4 jobs overlap, then one more
}

TEST_CASE("Pool.terminate from inside a busy worker kills that worker, the caller's get() never returns") {
  auto s = run(program([](ModuleBuilder& m, FnBuilder& f) {
    auto& t = m.def("stop", {"pool"}); // (a global would still be None in the workers, forked inside Pool())
    t.load("pool").method_stmt("terminate", 0);
    t.push_str("not reached").print(1);
    f.push(2).native(Native::pool_new).store("pool");
    f.load("pool").push_func("stop").load("pool").list(1).method_stmt("apply", 2);
  }));
  CHECK(s->output().empty());
  CHECK(s->deadlock().found); // the main thread waits for a result that died with the worker
  int killed = 0;
  for (const Process& p : s->processes()) killed += p.exit_code == -15;
  CHECK(killed == 1);
}

TEST_CASE("Edge cases: a non-callable target exits with 1, missing runtime helpers raise RuntimeError") {
  auto s = run(program([](ModuleBuilder&, FnBuilder& f) {
    f.push(5).push(0).list(0).push_none().push_none().native(Native::process_new).store("p");
    start_join(f, "p");
    f.load("p").attr("exitcode").print(1);
  }));
  check_clean_end(*s);
  CHECK(s->output() == std::vector<std::string>{"1"}); // its exit code; the child's traceback is on stderr
  CHECK(s->stream(Stream::Stderr).find("TypeError: 'int' object is not callable") != std::string::npos);

  Program p = program([](ModuleBuilder&, FnBuilder& f) {
    attempt(f, [&] { f.push(2).native_stmt(Native::pool_new); });
    attempt(f, [&] { f.native_stmt(Native::manager_new); });
    f.push_str("survived").print(1);
  });
  for (Function& fn : p.functions)
    if (fn.name == "$pool_worker" || fn.name == "$manager_start") fn.name += "-gone";
  auto bare = run(std::move(p));
  CHECK(bare->output() == std::vector<std::string>{"survived"});
  CHECK(raised(*bare, "RuntimeError", "the multiprocessing runtime is missing $pool_worker"));
  CHECK(raised(*bare, "RuntimeError", "the multiprocessing runtime is missing $manager_start"));
}
