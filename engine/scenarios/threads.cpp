// Scenarios about threads and the GIL: downloads that overlap, lost updates, CPU-bound threads, convoys,
// thread counts, daemon threads, joins with timeouts and thread-local data.
#include "scenarios/common.hpp"
#include "scenarios/scenarios.hpp"

namespace il {
namespace {
using namespace scn;

// [SECTION] downloads: I/O overlaps under the GIL

void def_download(ModuleBuilder& m) {
  auto& d = m.def("download", {"name", "seconds"});
  d.at("print(\"start\", name)").push_str("start").load("name").print(2);
  d.at("time.sleep(seconds)").load("seconds").native_stmt(Native::io);
  d.at("print(\"finished\", name)").push_str("finished").load("name").print(2);
}

Program download_sequential() {
  ModuleBuilder m("download-sequential");
  m.source(R"PY(import time

def download(name, seconds):
    print("start", name)
    time.sleep(seconds)          # stands for waiting on the network
    print("finished", name)

if __name__ == "__main__":
    start = time.time()
    download("movie.mp4", 5)
    download("album.zip", 9)
    print("elapsed", time.time() - start)
)PY");
  def_download(m);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("download(\"movie.mp4\", 5)").push_str("movie.mp4").push(5).call_stmt("download", 2);
  f.at("download(\"album.zip\", 9)").push_str("album.zip").push(9).call_stmt("download", 2);
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

Program download_threads() {
  ModuleBuilder m("download-threads");
  m.source(R"PY(import threading, time

def download(name, seconds):
    print("start", name)
    time.sleep(seconds)          # the GIL is released while waiting
    print("finished", name)

if __name__ == "__main__":
    start = time.time()
    a = threading.Thread(target=download, args=("movie.mp4", 5))
    b = threading.Thread(target=download, args=("album.zip", 9))
    a.start(); b.start()
    a.join(); b.join()
    print("elapsed", time.time() - start)
)PY");
  def_download(m);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("a = threading.Thread");
  new_thread(f, "download", {str("movie.mp4", f), num(5, f)}).store("a");
  f.at("b = threading.Thread");
  new_thread(f, "download", {str("album.zip", f), num(9, f)}).store("b");
  f.at("a.start(); b.start()").load("a").method_stmt("start", 0).load("b").method_stmt("start", 0);
  f.at("a.join(); b.join()").load("a").method_stmt("join", 0).load("b").method_stmt("join", 0);
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

// [SECTION] lost updates

Program race_counter_impl(bool locked) {
  ModuleBuilder m(locked ? "race-counter-locked" : "race-counter");
  m.source(locked ? R"PY(import threading

number = 0
lock = threading.Lock()

def add():
    global number
    for _ in range(1_000_000):
        with lock:
            number += 1

if __name__ == "__main__":
    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("number =", number)     # always 2000000
)PY"
                  : R"PY(import threading

number = 0

def add():
    global number
    for _ in range(1_000_000):
        number += 1               # load, add, store: three steps

if __name__ == "__main__":
    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("number =", number)     # 2000000 on CPython 3.11; less where a switch splits the steps
)PY");
  m.global("number");
  if (locked) m.global("lock");
  auto& add = m.def("add");
  add.at("for _ in range(1_000_000):").for_range("_", 1'000'000, [&] {
    if (locked)
      add.at("with lock:").with_([&] { add.load("lock"); }, [&] { add.at("number += 1").add_to("number", 1); });
    else add.at("number += 1").add_to("number", 1);
  });
  auto& f = m.main();
  f.at("number = 0").push(0).store("number");
  if (locked) f.at("lock = threading.Lock()").native(Native::lock_new).store("lock");
  f.at("threads = [threading.Thread(target=add)");
  new_thread(f, "add").store("t1");
  new_thread(f, "add").store("t2");
  f.load("t1").load("t2").list(2).store("threads");
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  f.at("print(\"number =\"").push_str("number =").load("number").print(2);
  return m.finish();
}

Program race_counter() { return race_counter_impl(false); }
Program race_counter_locked() { return race_counter_impl(true); }

Program balance_impl(bool locked) {
  ModuleBuilder m(locked ? "balance-locked" : "balance");
  m.source(locked ? R"PY(import threading

balance = 0
lock = threading.Lock()

def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n

def run_thread(n):
    for _ in range(500_000):
        with lock:
            change_it(n)

if __name__ == "__main__":
    t1 = threading.Thread(target=run_thread, args=(5,))
    t2 = threading.Thread(target=run_thread, args=(8,))
    t1.start(); t2.start(); t1.join(); t2.join()
    print("balance =", balance)   # always 0
)PY"
                  : R"PY(import threading

balance = 0

def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n

def run_thread(n):
    for _ in range(500_000):
        change_it(n)

if __name__ == "__main__":
    t1 = threading.Thread(target=run_thread, args=(5,))
    t2 = threading.Thread(target=run_thread, args=(8,))
    t1.start(); t2.start(); t1.join(); t2.join()
    print("balance =", balance)   # 0 unless a switch lands between a load and its store
)PY");
  m.global("balance");
  if (locked) m.global("lock");
  auto& ch = m.def("change_it", {"n"});
  ch.at("balance = balance + n").load("balance").load("n").op(Op::Add).store_global("balance");
  ch.at("balance = balance - n").load("balance").load("n").op(Op::Sub).store_global("balance");
  auto& run = m.def("run_thread", {"n"});
  // "change_it(n)\n": the call, not the `def change_it(n):` line.
  run.at("for _ in range(500_000):").for_range("_", 500'000, [&] {
    if (locked)
      run.at("with lock:").with_([&] { run.load("lock"); },
                                 [&] { run.at("change_it(n)\n").load("n").call_stmt("change_it", 1); });
    else run.at("change_it(n)\n").load("n").call_stmt("change_it", 1);
  });
  auto& f = m.main();
  f.at("balance = 0").push(0).store("balance");
  if (locked) f.at("lock = threading.Lock()").native(Native::lock_new).store("lock");
  f.at("t1 = threading.Thread");
  new_thread(f, "run_thread", {num(5, f)}).store("t1");
  f.at("t2 = threading.Thread");
  new_thread(f, "run_thread", {num(8, f)}).store("t2");
  f.at("t1.start(); t2.start(); t1.join(); t2.join()");
  f.load("t1").method_stmt("start", 0).load("t2").method_stmt("start", 0);
  f.load("t1").method_stmt("join", 0).load("t2").method_stmt("join", 0);
  f.at("print(\"balance =\"").push_str("balance =").load("balance").print(2);
  return m.finish();
}

Program balance() { return balance_impl(false); }
Program balance_locked() { return balance_impl(true); }

// [SECTION] CPU-bound threads, thread counts, convoys

// work(ms): `ms` milliseconds of pure computation in 1 ms pieces, each piece a loop iteration, so the
// interpreter reaches a switch point (the backward jump) every millisecond like a real Python loop does.
void def_work(ModuleBuilder& m) {
  auto& w = m.def("work", {"ms"});
  w.at("for _ in range(ms):").for_range("_", [&] { w.load("ms"); }, [&] {
    w.at("sum(i * i for i in range(20_000))").push_float(0.001).native_stmt(Native::cpu);
  });
}

constexpr const char* kWorkSource = R"PY(def work(ms):
    # about `ms` milliseconds of pure Python computation
    for _ in range(ms):
        sum(i * i for i in range(20_000))
)PY";

Program cpu_threads() {
  ModuleBuilder m("cpu-threads");
  m.source(std::string("import threading, time\n\n") + kWorkSource + R"PY(
if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=work, args=(1000,)) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("elapsed", time.time() - start)   # about twice one worker's time: one GIL
)PY");
  def_work(m);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("threads = [threading.Thread(target=work");
  new_thread(f, "work", {num(1000, f)}).store("a");
  new_thread(f, "work", {num(1000, f)}).store("b");
  f.load("a").load("b").list(2).store("threads");
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  f.at("print(\"elapsed\"");
  print_elapsed(f, "elapsed");
  return m.finish();
}

Program too_many_threads() {
  ModuleBuilder m("too-many-threads");
  m.source(std::string("import threading, time\n\n") + R"PY(def work(ms):
    for _ in range(ms):
        sum(i * i for i in range(20_000))

if __name__ == "__main__":
    for n in (2, 8, 32, 128, 512):
        start = time.time()
        threads = [threading.Thread(target=work, args=(1024 // n,)) for _ in range(n)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(n, "threads:", time.time() - start)   # the same work; more threads only add switching
)PY");
  def_work(m);
  auto& f = m.main();
  f.at("for n in (2, 8, 32, 128, 512):").push(2).push(8).push(32).push(128).push(512).list(5).store("counts");
  f.for_each("n", [&] { f.load("counts"); }, [&] {
    f.at("start = time.time()").native(Native::time).store("start");
    f.at("threads = [threading.Thread(target=work").native(Native::list).store("threads");
    f.for_range("_", [&] { f.load("n"); }, [&] {
      f.load("threads");
      new_thread(f, "work", {[&] { f.push(1024).load("n").op(Op::FloorDiv); }});
      f.method_stmt("append", 1);
    });
    f.at("for t in threads: t.start()");
    start_all(f, "threads");
    f.at("for t in threads: t.join()");
    join_all(f, "threads");
    f.at("print(n, \"threads:\"");
    f.load("n").push_str("threads:").native(Native::time).load("start").op(Op::Sub).print(3);
  });
  return m.finish();
}

Program gil_convoy() {
  ModuleBuilder m("gil-convoy");
  m.source(std::string("import threading, time\n\n") + kWorkSource + R"PY(
def io_loop():
    start = time.time()
    for _ in range(50):
        time.sleep(0.001)        # a quick request...
        sum(range(100))          # ...a little Python to handle the reply
    print("I/O thread took", time.time() - start, "for 50 ms of waiting")

if __name__ == "__main__":
    cpu = threading.Thread(target=work, args=(1000,))
    io = threading.Thread(target=io_loop)
    cpu.start(); io.start(); cpu.join(); io.join()
)PY");
  def_work(m);
  auto& io = m.def("io_loop");
  io.at("start = time.time()").native(Native::time).store("start");
  io.at("for _ in range(50):").for_range("_", 50, [&] {
    io.at("time.sleep(0.001)").push_float(0.001).native_stmt(Native::io);
    io.at("sum(range(100))").push_float(0.00001).native_stmt(Native::cpu);
  });
  io.at("print(\"I/O thread took\"");
  io.push_str("I/O thread took").native(Native::time).load("start").op(Op::Sub).push_str("for 50 ms of waiting").print(3);
  auto& f = m.main();
  f.at("cpu = threading.Thread");
  new_thread(f, "work", {num(1000, f)}).store("cpu");
  f.at("io = threading.Thread");
  new_thread(f, "io_loop").store("io");
  f.at("cpu.start(); io.start(); cpu.join(); io.join()");
  f.load("cpu").method_stmt("start", 0).load("io").method_stmt("start", 0);
  f.load("cpu").method_stmt("join", 0).load("io").method_stmt("join", 0);
  return m.finish();
}

// [SECTION] thread lifecycle

Program daemon() {
  ModuleBuilder m("daemon");
  m.source(R"PY(import threading, time

def heartbeat():
    while True:
        print("beat")
        time.sleep(0.5)

def job():
    time.sleep(2)
    print("job done")

if __name__ == "__main__":
    threading.Thread(target=heartbeat, daemon=True).start()
    threading.Thread(target=job).start()
    print("main returns; Python still waits for the non-daemon job")
    # at exit the daemon heartbeat is killed mid-sleep
)PY");
  auto& hb = m.def("heartbeat");
  hb.at("while True:").while_([&] { hb.push_bool(true); }, [&] {
    hb.at("print(\"beat\")").push_str("beat").print(1);
    hb.at("time.sleep(0.5)").push_float(0.5).native_stmt(Native::sleep);
  });
  auto& job = m.def("job");
  job.at("time.sleep(2)").push(2).native_stmt(Native::sleep);
  job.at("print(\"job done\")").push_str("job done").print(1);
  auto& f = m.main();
  f.at("threading.Thread(target=heartbeat");
  new_thread(f, "heartbeat", {}, {}, 1).method_stmt("start", 0);
  f.at("threading.Thread(target=job)");
  new_thread(f, "job").method_stmt("start", 0);
  f.at("print(\"main returns").push_str("main returns; Python still waits for the non-daemon job").print(1);
  return m.finish();
}

Program join_timeout() {
  ModuleBuilder m("join-timeout");
  m.source(R"PY(import threading, time

def slow():
    time.sleep(3)

if __name__ == "__main__":
    t = threading.Thread(target=slow)
    print("ident before start:", t.ident)
    t.start()
    t.join(timeout=1)
    print("after join(1): alive =", t.is_alive())
    t.join()
    print("after join(): alive =", t.is_alive())
)PY");
  auto& s = m.def("slow");
  s.at("time.sleep(3)").push(3).native_stmt(Native::sleep);
  auto& f = m.main();
  f.at("t = threading.Thread(target=slow)");
  new_thread(f, "slow").store("t");
  f.at("print(\"ident before start:\"").push_str("ident before start:").load("t").attr("ident").print(2);
  f.at("t.start()").load("t").method_stmt("start", 0);
  f.at("t.join(timeout=1)").load("t").push(1).method_stmt("join", 1);
  f.at("print(\"after join(1)").push_str("after join(1): alive =").load("t").method("is_alive", 0).print(2);
  f.at("t.join()").load("t").method_stmt("join", 0);
  f.at("print(\"after join():").push_str("after join(): alive =").load("t").method("is_alive", 0).print(2);
  return m.finish();
}

Program thread_local_data() {
  ModuleBuilder m("thread-local");
  m.source(R"PY(import threading, time

data = threading.local()

def visit(user):
    data.user = user
    time.sleep(0.1)               # the other thread sets its own data.user meanwhile
    print(threading.current_thread().name, "sees", data.user)

if __name__ == "__main__":
    a = threading.Thread(target=visit, args=("alice",))
    b = threading.Thread(target=visit, args=("bob",))
    a.start(); b.start(); a.join(); b.join()
)PY");
  m.global("data");
  auto& v = m.def("visit", {"user"});
  v.at("data.user = user").load("data").load("user").set_attr("user");
  v.at("time.sleep(0.1)").push_float(0.1).native_stmt(Native::sleep);
  v.at("\"sees\", data.user)");
  v.native(Native::current_thread).attr("name").push_str("sees").load("data").attr("user").print(3);
  auto& f = m.main();
  f.at("data = threading.local()").native(Native::local_new).store("data");
  f.at("a = threading.Thread");
  new_thread(f, "visit", {str("alice", f)}).store("a");
  f.at("b = threading.Thread");
  new_thread(f, "visit", {str("bob", f)}).store("b");
  f.at("a.start(); b.start(); a.join(); b.join()");
  f.load("a").method_stmt("start", 0).load("b").method_stmt("start", 0);
  f.load("a").method_stmt("join", 0).load("b").method_stmt("join", 0);
  return m.finish();
}

Program thread_pool() {
  ModuleBuilder m("thread-pool");
  m.source(R"PY(import threading, queue, time

tasks = queue.Queue()

def worker():
    while True:
        n = tasks.get()
        if n is None:
            break
        time.sleep(0.5)           # fetch page n
        print(threading.current_thread().name, "fetched page", n)

if __name__ == "__main__":
    start = time.time()
    pool = [threading.Thread(target=worker, name=f"worker-{i}") for i in range(4)]
    for t in pool: t.start()
    for n in range(16):
        tasks.put(n)
    for _ in pool:
        tasks.put(None)           # one stop signal per worker
    for t in pool: t.join()
    print("16 pages with 4 threads:", time.time() - start)
)PY");
  m.global("tasks");
  auto& w = m.def("worker");
  auto top = w.new_label(), end = w.new_label();
  w.bind(top);
  w.at("n = tasks.get()").load("tasks").method("get", 0).store("n");
  w.at("if n is None:").load("n").push_none().op(Op::Eq).jump_if_true(end); // and `break`
  w.at("time.sleep(0.5)").push_float(0.5).native_stmt(Native::io);
  w.at("\"fetched page\", n)");
  w.native(Native::current_thread).attr("name").push_str("fetched page").load("n").print(3);
  w.at("while True:").jump_back(top);
  w.bind(end);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("tasks = queue.Queue()").push(0).native(Native::queue_new).store("tasks");
  f.at("pool = [threading.Thread").native(Native::list).store("pool");
  f.for_range("i", 4, [&] {
    f.load("pool").push_func("worker").list(0);
    f.push_str("worker-").load("i").native(Native::str).op(Op::Add); // name=f"worker-{i}"
    f.push_none().push_none().native(Native::thread_new, 5).method_stmt("append", 1);
  });
  f.at("for t in pool: t.start()");
  start_all(f, "pool");
  f.at("for n in range(16):");
  f.for_range("n", 16, [&] { f.at("tasks.put(n)").load("tasks").load("n").method_stmt("put", 1); });
  f.at("for _ in pool:");
  f.for_range("_", 4, [&] { f.at("tasks.put(None)").load("tasks").push_none().method_stmt("put", 1); });
  f.at("for t in pool: t.join()");
  join_all(f, "pool");
  f.at("print(\"16 pages");
  print_elapsed(f, "16 pages with 4 threads:");
  return m.finish();
}

} // namespace

void add_thread_scenarios(std::vector<Scenario>& out) {
  out.push_back({"download-sequential", "threads", "two downloads (5 s and 9 s) one after the other: ~14 s", download_sequential});
  out.push_back({"download-threads", "threads", "the same downloads in two threads overlap: ~9 s, even on one core", download_threads});
  out.push_back({"race-counter", "GIL", "2 threads x 1,000,000 `number += 1`: exact on 3.11, lost updates with --switch-points any or --gil none", race_counter});
  out.back().expected = {{"number", 2000000}};
  out.push_back({"race-counter-locked", "locks", "the same counter under a Lock: always 2,000,000, and slower", race_counter_locked});
  out.back().expected = {{"number", 2000000}};
  out.push_back({"balance", "GIL", "balance += n; balance -= n in two threads: drifts from 0 when a switch splits them", balance});
  out.back().expected = {{"balance", 0}};
  out.push_back({"balance-locked", "locks", "the balance updates under a Lock: always 0", balance_locked});
  out.back().expected = {{"balance", 0}};
  out.push_back({"cpu-threads", "GIL", "2 CPU-bound threads: ~2x one worker's time at any core count, one GIL", cpu_threads});
  out.push_back({"too-many-threads", "threads", "the same CPU work split over 2, 8, 32, 128 and 512 threads", too_many_threads});
  out.push_back({"gil-convoy", "GIL", "an I/O thread beside a CPU-bound one waits for the GIL after every request", gil_convoy});
  out.push_back({"daemon", "threads", "a daemon heartbeat dies when the main thread and the non-daemon job finish", daemon});
  out.push_back({"join-timeout", "threads", "join(timeout=1) returns while the thread is still alive; ident is None before start", join_timeout});
  out.push_back({"thread-local", "threads", "threading.local(): each thread sees its own value", thread_local_data});
  out.push_back({"thread-pool", "pools", "4 worker threads take 16 half-second fetches from a queue: ~2 s", thread_pool});
  add_lock_scenarios(out);
}

} // namespace il
