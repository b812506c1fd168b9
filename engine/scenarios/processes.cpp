// Scenarios about processes: separate memory, fork trees, crashes, spawn's re-import, processes beating the
// GIL on CPU work, IPC (pipes, queues, shared memory, managers) and process pools.
#include "scenarios/common.hpp"
#include "scenarios/scenarios.hpp"

namespace il {
namespace {
using namespace scn;

// workers = [Process(target=fn, args=(i,)) for i in range(n)]; start them all; join them all.
void run_processes(FnBuilder& f, std::string_view target, int n, const Body& push_args_of_i) {
  f.at("workers = [mp.Process(").native(Native::list).store("workers");
  f.for_range("i", n, [&] {
    f.load("workers");
    f.push_func(target);
    push_args_of_i();
    f.push_none().push_none().native(Native::process_new);
    f.method_stmt("append", 1);
  });
  f.at("for p in workers: p.start()");
  start_all(f, "workers");
  f.at("for p in workers: p.join()");
  join_all(f, "workers");
}

// [SECTION] processes: memory, trees, crashes, spawn

Program process_memory() {
  ModuleBuilder m("process-memory");
  m.source(R"PY(import multiprocessing as mp

items = []

def add(n):
    for i in range(n):
        items.append(i)          # the child's own copy of the list
    print(mp.current_process().name, "sees", items)

if __name__ == "__main__":
    workers = [mp.Process(target=add, args=(3,)) for _ in range(2)]
    for p in workers: p.start()
    for p in workers: p.join()
    print("parent sees", items)  # [] : each process has its own memory
)PY");
  m.global("items");
  m.init().at("items = []").native(Native::list).store("items");
  auto& add = m.def("add", {"n"});
  add.at("for i in range(n):");
  add.for_range("i", [&] { add.load("n"); },
                [&] { add.at("items.append(i)").load("items").load("i").method_stmt("append", 1); });
  add.at("\"sees\", items)").native(Native::current_process).attr("name").push_str("sees").load("items").print(3);
  auto& f = m.main();
  run_processes(f, "add", 2, [&] { f.push(3).list(1); });
  f.at("print(\"parent sees\"").push_str("parent sees").load("items").print(2);
  return m.finish();
}

Program fork_tree() {
  ModuleBuilder m("fork-tree");
  m.source(R"PY(import multiprocessing as mp
import os

def node(depth):
    print("pid", os.getpid(), "parent", os.getppid(), "depth", depth)
    if depth < 2:
        children = [mp.Process(target=node, args=(depth + 1,)) for _ in range(2)]
        for c in children: c.start()
        for c in children: c.join()

if __name__ == "__main__":
    node(0)                      # 1 + 2 + 4 processes: getppid() links each to its parent
)PY");
  auto& n = m.def("node", {"depth"});
  n.at("print(\"pid\"").push_str("pid").native(Native::getpid).push_str("parent").native(Native::getppid);
  n.push_str("depth").load("depth").print(6);
  n.at("if depth < 2:").if_([&] { n.load("depth").push(2).op(Op::Lt); }, [&] {
    n.at("children = [mp.Process").native(Native::list).store("children");
    n.for_range("_", 2, [&] {
      n.load("children");
      new_process(n, "node", {[&] { n.load("depth").push(1).op(Op::Add); }});
      n.method_stmt("append", 1);
    });
    n.at("for c in children: c.start()");
    start_all(n, "children");
    n.at("for c in children: c.join()");
    join_all(n, "children");
  });
  m.main().at("node(0)").push(0).call_stmt("node", 1);
  return m.finish();
}

Program process_crash() {
  ModuleBuilder m("process-crash");
  m.source(R"PY(import multiprocessing as mp
import time

def crash():
    time.sleep(0.5)
    raise ValueError("something went wrong in the child")

def steady():
    for i in range(3):
        time.sleep(0.5)
        print("steady tick", i)

if __name__ == "__main__":
    bad = mp.Process(target=crash)
    good = mp.Process(target=steady)
    bad.start(); good.start()
    bad.join(); good.join()
    print("exit codes:", bad.exitcode, good.exitcode)   # 1 0: the parent and the other child carry on
)PY");
  auto& crash = m.def("crash");
  crash.at("time.sleep(0.5)\n    raise").push_float(0.5).native_stmt(Native::sleep);
  crash.at("raise ValueError").raise("ValueError", "something went wrong in the child");
  auto& steady = m.def("steady");
  steady.at("for i in range(3):").for_range("i", 3, [&] {
    steady.at("time.sleep(0.5)\n        print").push_float(0.5).native_stmt(Native::sleep);
    steady.at("print(\"steady tick\"").push_str("steady tick").load("i").print(2);
  });
  auto& f = m.main();
  f.at("bad = mp.Process");
  new_process(f, "crash").store("bad");
  f.at("good = mp.Process");
  new_process(f, "steady").store("good");
  f.at("bad.start(); good.start()").load("bad").method_stmt("start", 0).load("good").method_stmt("start", 0);
  f.at("bad.join(); good.join()").load("bad").method_stmt("join", 0).load("good").method_stmt("join", 0);
  f.at("print(\"exit codes:\"");
  f.push_str("exit codes:").load("bad").attr("exitcode").load("good").attr("exitcode").print(3);
  return m.finish();
}

Program spawn_reimport() {
  ModuleBuilder m("spawn-reimport");
  m.source(R"PY(import multiprocessing as mp
import os

print("module top level runs in", os.getpid())   # again in every spawned child

def hello():
    print("hello from", os.getpid())

if __name__ == "__main__":
    mp.set_start_method("spawn")   # a fresh interpreter imports this file again: hence the guard above
    p = mp.Process(target=hello)
    p.start()
    p.join()
)PY");
  m.init().at("print(\"module top level").push_str("module top level runs in").native(Native::getpid).print(2);
  m.def("hello").at("print(\"hello from\"").push_str("hello from").native(Native::getpid).print(2);
  auto& f = m.main();
  f.at("mp.set_start_method(\"spawn\")").push_str("spawn").native_stmt(Native::set_start_method);
  f.at("p = mp.Process");
  new_process(f, "hello").store("p");
  f.at("p.start()").load("p").method_stmt("start", 0);
  f.at("p.join()").load("p").method_stmt("join", 0);
  return m.finish();
}

// [SECTION] choosing: I/O in processes, CPU in processes

Program download_processes() {
  ModuleBuilder m("download-processes");
  m.source(R"PY(import multiprocessing as mp
import time

def download(name, seconds):
    print("start", name)
    time.sleep(seconds)          # stands for waiting on the network
    print("finished", name)

if __name__ == "__main__":
    start = time.time()
    a = mp.Process(target=download, args=("movie.mp4", 5))
    b = mp.Process(target=download, args=("album.zip", 9))
    a.start(); b.start()
    a.join(); b.join()
    print("elapsed", time.time() - start)   # ~9 s, plus a little for starting two processes
)PY");
  auto& d = m.def("download", {"name", "seconds"});
  d.at("print(\"start\", name)").push_str("start").load("name").print(2);
  d.at("time.sleep(seconds)").load("seconds").native_stmt(Native::io);
  d.at("print(\"finished\", name)").push_str("finished").load("name").print(2);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("a = mp.Process");
  new_process(f, "download", {str("movie.mp4", f), num(5, f)}).store("a");
  f.at("b = mp.Process");
  new_process(f, "download", {str("album.zip", f), num(9, f)}).store("b");
  f.at("a.start(); b.start()").load("a").method_stmt("start", 0).load("b").method_stmt("start", 0);
  f.at("a.join(); b.join()").load("a").method_stmt("join", 0).load("b").method_stmt("join", 0);
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

Program cpu_processes() {
  ModuleBuilder m("cpu-processes");
  m.source(R"PY(import multiprocessing as mp
import time

def work(ms):
    # about `ms` milliseconds of pure Python computation
    for _ in range(ms):
        sum(i * i for i in range(20_000))

if __name__ == "__main__":
    start = time.time()
    workers = [mp.Process(target=work, args=(1000,)) for _ in range(2)]
    for p in workers: p.start()
    for p in workers: p.join()
    print("elapsed", time.time() - start)   # ~ one worker's time: each process has its own GIL
)PY");
  auto& w = m.def("work", {"ms"});
  w.at("for _ in range(ms):").for_range("_", [&] { w.load("ms"); }, [&] {
    w.at("sum(i * i for i in range(20_000))").push_float(0.001).native_stmt(Native::cpu);
  });
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  run_processes(f, "work", 2, [&] { f.push(1000).list(1); });
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

// [SECTION] communication between processes

Program pipe_pingpong() {
  ModuleBuilder m("pipe-pingpong");
  m.source(R"PY(import multiprocessing as mp

def player(conn, rounds):
    for _ in range(rounds):
        n = conn.recv()          # blocks until the other side sends
        conn.send(n + 1)
    conn.close()

if __name__ == "__main__":
    here, there = mp.Pipe()      # two ends, both can send and receive
    p = mp.Process(target=player, args=(there, 5))
    p.start()
    n = 0
    for _ in range(5):
        here.send(n)
        n = here.recv()
        print("parent got", n)
    p.join()
)PY");
  auto& pl = m.def("player", {"conn", "rounds"});
  pl.at("for _ in range(rounds):").for_range("_", [&] { pl.load("rounds"); }, [&] {
    pl.at("n = conn.recv()").load("conn").method("recv", 0).store("n");
    pl.at("conn.send(n + 1)").load("conn").load("n").push(1).op(Op::Add).method_stmt("send", 1);
  });
  pl.at("conn.close()").load("conn").method_stmt("close", 0);
  auto& f = m.main();
  f.at("here, there = mp.Pipe()").push_none().native(Native::pipe_new).store("ends");
  f.load("ends").push(0).method("getitem", 1).store("here");
  f.load("ends").push(1).method("getitem", 1).store("there");
  f.at("p = mp.Process");
  new_process(f, "player", {var("there", f), num(5, f)}).store("p");
  f.at("p.start()").load("p").method_stmt("start", 0);
  f.at("n = 0").push(0).store("n");
  f.at("for _ in range(5):").for_range("_", 5, [&] {
    f.at("here.send(n)").load("here").load("n").method_stmt("send", 1);
    f.at("n = here.recv()").load("here").method("recv", 0).store("n");
    f.at("print(\"parent got\"").push_str("parent got").load("n").print(2);
  });
  f.at("p.join()").load("p").method_stmt("join", 0);
  return m.finish();
}

Program mp_queue() {
  ModuleBuilder m("mp-queue");
  m.source(R"PY(import multiprocessing as mp
import time

def producer(q):
    for i in range(5):
        time.sleep(0.2)          # making an item takes a while
        q.put(i)                 # pickled and written to a pipe
        print("put", i)
    q.put(None)                  # no more items

def consumer(q):
    while True:
        item = q.get()           # blocks until something arrives
        if item is None:
            break
        print("got", item)

if __name__ == "__main__":
    q = mp.Queue()
    workers = [mp.Process(target=producer, args=(q,)), mp.Process(target=consumer, args=(q,))]
    for p in workers: p.start()
    for p in workers: p.join()
)PY");
  auto& pr = m.def("producer", {"q"});
  pr.at("for i in range(5):").for_range("i", 5, [&] {
    pr.at("time.sleep(0.2)").push_float(0.2).native_stmt(Native::sleep);
    pr.at("q.put(i)").load("q").load("i").method_stmt("put", 1);
    pr.at("print(\"put\", i)").push_str("put").load("i").print(2);
  });
  pr.at("q.put(None)").load("q").push_none().method_stmt("put", 1);
  auto& co = m.def("consumer", {"q"});
  auto top = co.new_label(), end = co.new_label();
  co.bind(top);
  co.at("item = q.get()").load("q").method("get", 0).store("item");
  co.at("if item is None:").load("item").push_none().op(Op::Eq).jump_if_true(end); // and `break`
  co.at("print(\"got\", item)").push_str("got").load("item").print(2);
  co.at("while True:").jump_back(top);
  co.bind(end);
  auto& f = m.main();
  f.at("q = mp.Queue()").push_none().native(Native::mp_queue_new).store("q");
  f.at("workers = [mp.Process(target=producer");
  new_process(f, "producer", {var("q", f)});
  new_process(f, "consumer", {var("q", f)});
  f.list(2).store("workers");
  f.at("for p in workers: p.start()");
  start_all(f, "workers");
  f.at("for p in workers: p.join()");
  join_all(f, "workers");
  return m.finish();
}

Program shared_array() {
  ModuleBuilder m("shared-array");
  m.source(R"PY(import multiprocessing as mp

def work(counter, squares, index):
    for _ in range(100):
        with counter.get_lock():     # += on shared memory is a read and a write: keep them together
            counter.value += 1
    squares[index] = index * index

if __name__ == "__main__":
    counter = mp.Value("i", 0)
    squares = mp.Array("i", 4)
    workers = [mp.Process(target=work, args=(counter, squares, i)) for i in range(4)]
    for p in workers: p.start()
    for p in workers: p.join()
    print("counter =", counter.value)    # 400: every process updated the same memory
    print("squares =", squares[:])      # [0, 1, 4, 9]
)PY");
  auto& w = m.def("work", {"counter", "squares", "index"});
  w.at("for _ in range(100):").for_range("_", 100, [&] {
    w.at("with counter.get_lock():").with_([&] { w.load("counter").method("get_lock", 0); }, [&] {
      w.at("counter.value += 1").load("counter").load("counter").attr("value").push(1).op(Op::Add);
      w.set_attr("value");
    });
  });
  w.at("squares[index] = index * index");
  w.load("squares").load("index").load("index").load("index").op(Op::Mul).method_stmt("setitem", 2);
  auto& f = m.main();
  f.at("counter = mp.Value").push_str("i").push(0).push_none().native(Native::mp_value_new).store("counter");
  f.at("squares = mp.Array").push_str("i").push(4).push_none().native(Native::mp_array_new).store("squares");
  run_processes(f, "work", 4, [&] { f.load("counter").load("squares").load("i").list(3); });
  f.at("print(\"counter =\"").push_str("counter =").load("counter").attr("value").print(2);
  f.at("print(\"squares =\"").push_str("squares =").load("squares").method("copy", 0).print(2); // squares[:]
  return m.finish();
}

Program manager_dict() {
  ModuleBuilder m("manager-dict");
  m.source(R"PY(import multiprocessing as mp

def record(shared, key, value):
    shared[key] = value              # a round trip to the manager's server process

if __name__ == "__main__":
    manager = mp.Manager()           # starts the server process (SyncManager-1)
    shared = manager.dict()
    workers = [mp.Process(target=record, args=(shared, "worker-" + str(i), i * i)) for i in range(4)]
    for p in workers: p.start()
    for p in workers: p.join()
    print(shared.copy())             # every worker's entry, in the order they arrived
    manager.shutdown()
)PY");
  auto& r = m.def("record", {"shared", "key", "value"});
  r.at("shared[key] = value").load("shared").load("key").load("value").method_stmt("setitem", 2);
  auto& f = m.main();
  f.at("manager = mp.Manager()").native(Native::manager_new).store("manager");
  f.at("shared = manager.dict()").load("manager").method("dict", 0).store("shared");
  run_processes(f, "record", 4, [&] {
    f.load("shared").push_str("worker-").load("i").native(Native::str).op(Op::Add);
    f.load("i").load("i").op(Op::Mul).list(3);
  });
  f.at("print(shared.copy())").load("shared").method("copy", 0).print(1);
  f.at("manager.shutdown()").load("manager").method_stmt("shutdown", 0);
  return m.finish();
}

// [SECTION] pools

constexpr const char* kTaskSource = R"PY(import multiprocessing as mp
import time

def task(n):
    print("task", n, "in", mp.current_process().name)
    time.sleep(1)                    # one second of waiting (I/O)
    return n * n
)PY";

void def_task(ModuleBuilder& m, int seconds) {
  auto& t = m.def("task", {"n"});
  t.at("print(\"task\", n, \"in\"");
  t.push_str("task").load("n").push_str("in").native(Native::current_process).attr("name").print(4);
  t.at("time.sleep(1)").push(seconds).native_stmt(Native::sleep);
  t.at("return n * n").load("n").load("n").op(Op::Mul).ret();
}

Program pool_async() {
  ModuleBuilder m("pool-async");
  m.source(std::string(kTaskSource) + R"PY(
if __name__ == "__main__":
    start = time.time()
    pool = mp.Pool(5)
    results = [pool.apply_async(task, (n,)) for n in range(30)]
    pool.close()
    pool.join()                      # 30 one-second tasks, 5 at a time: ~6 s
    print([r.get() for r in results])
    print("elapsed", time.time() - start)
)PY");
  def_task(m, 1);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("pool = mp.Pool(5)").push(5).native(Native::pool_new).store("pool");
  f.at("results = [pool.apply_async").native(Native::list).store("results");
  f.for_range("n", 30, [&] {
    f.load("results").load("pool").push_func("task").load("n").list(1).method("apply_async", 2);
    f.method_stmt("append", 1);
  });
  f.at("pool.close()").load("pool").method_stmt("close", 0);
  f.at("pool.join()").load("pool").method_stmt("join", 0);
  f.at("print([r.get() for r in results])").native(Native::list).store("values");
  f.for_each("r", [&] { f.load("results"); },
             [&] { f.load("values").load("r").method("get", 0).method_stmt("append", 1); });
  f.load("values").print(1);
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

Program pool_apply() {
  ModuleBuilder m("pool-apply");
  m.source(std::string(kTaskSource) + R"PY(
if __name__ == "__main__":
    start = time.time()
    pool = mp.Pool(5)
    results = [pool.apply(task, (n,)) for n in range(30)]   # apply waits for each task: ~30 s
    pool.close()
    pool.join()
    print(results)
    print("elapsed", time.time() - start)
)PY");
  def_task(m, 1);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("pool = mp.Pool(5)").push(5).native(Native::pool_new).store("pool");
  f.at("results = [pool.apply(task").native(Native::list).store("results");
  f.for_range("n", 30, [&] {
    f.load("results").load("pool").push_func("task").load("n").list(1).method("apply", 2);
    f.method_stmt("append", 1);
  });
  f.at("pool.close()").load("pool").method_stmt("close", 0);
  f.at("pool.join()").load("pool").method_stmt("join", 0);
  f.at("print(results)").load("results").print(1);
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

Program pool_uneven() {
  ModuleBuilder m("pool-uneven");
  m.source(R"PY(import multiprocessing as mp
import time

def task(n):
    print("task", n, "starts in", mp.current_process().name)
    time.sleep(3)
    print("task", n, "done")

if __name__ == "__main__":
    start = time.time()
    pool = mp.Pool(3)
    for n in range(4):
        pool.apply_async(task, (n,))
    pool.close()
    pool.join()                      # three tasks at once, then the fourth alone: ~6 s
    print("elapsed", time.time() - start)
)PY");
  auto& t = m.def("task", {"n"});
  t.at("\"starts in\"");
  t.push_str("task").load("n").push_str("starts in").native(Native::current_process).attr("name").print(4);
  t.at("time.sleep(3)").push(3).native_stmt(Native::sleep);
  t.at("print(\"task\", n, \"done\")").push_str("task").load("n").push_str("done").print(3);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("pool = mp.Pool(3)").push(3).native(Native::pool_new).store("pool");
  f.at("for n in range(4):");
  f.for_range("n", 4, [&] {
    f.at("pool.apply_async(task, (n,))");
    f.load("pool").push_func("task").load("n").list(1).method_stmt("apply_async", 2);
  });
  f.at("pool.close()").load("pool").method_stmt("close", 0);
  f.at("pool.join()").load("pool").method_stmt("join", 0);
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

} // namespace

void add_process_scenarios(std::vector<Scenario>& out) {
  out.push_back({"process-memory", "processes", "children append to a global list; the parent's copy stays empty", process_memory});
  out.push_back({"fork-tree", "processes", "a tree of 7 processes, each printing getpid() and getppid()", fork_tree});
  out.push_back({"process-crash", "processes", "a child raises and exits with code 1; the parent and its sibling carry on", process_crash});
  out.push_back({"spawn-reimport", "processes", "set_start_method('spawn'): the child boots and runs the module top again", spawn_reimport});
  out.push_back({"download-processes", "processes", "two downloads (5 s and 9 s) in two processes: ~9 s plus process start", download_processes});
  out.push_back({"cpu-processes", "processes", "2 CPU-bound processes: ~1x one worker's time with 2+ cores, one GIL each", cpu_processes});
  out.push_back({"pipe-pingpong", "ipc", "parent and child pass a counter back and forth over a Pipe 5 times", pipe_pingpong});
  out.push_back({"mp-queue", "ipc", "a producer process feeds a consumer process through multiprocessing.Queue", mp_queue});
  out.push_back({"shared-array", "ipc", "4 processes update one Value (under its lock) and one Array in shared memory", shared_array});
  out.push_back({"manager-dict", "ipc", "4 processes write into a Manager dict: every access is a round trip to its server", manager_dict});
  out.push_back({"pool-async", "pools", "Pool(5), 30 one-second tasks with apply_async: ~6 s", pool_async});
  out.push_back({"pool-apply", "pools", "Pool(5), 30 one-second tasks with apply, one at a time: ~30 s", pool_apply});
  out.push_back({"pool-uneven", "pools", "Pool(3), 4 three-second tasks: three run, then the last alone, ~6 s", pool_uneven});
}

} // namespace il
