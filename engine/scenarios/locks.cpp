// Scenarios about synchronization primitives: semaphores in batches, events, conditions, barriers, timers,
// re-entrant locks, a producer-consumer queue and a deadlock.
#include "scenarios/common.hpp"
#include "scenarios/scenarios.hpp"

namespace il {
namespace {
using namespace scn;

Program semaphore_batches() {
  ModuleBuilder m("semaphore-batches");
  m.source(R"PY(import threading, time

sem = threading.BoundedSemaphore(5)

def visit(n):
    with sem:                     # at most five inside at once
        print("visitor", n, "in")
        time.sleep(1)

if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=visit, args=(n,)) for n in range(20)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("20 visitors in batches of 5:", time.time() - start)
)PY");
  m.global("sem");
  auto& v = m.def("visit", {"n"});
  v.at("with sem:").with_([&] { v.load("sem"); }, [&] {
    v.at("print(\"visitor\"").push_str("visitor").load("n").push_str("in").print(3);
    v.at("time.sleep(1)").push(1).native_stmt(Native::sleep);
  });
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("sem = threading.BoundedSemaphore(5)").push(5).native(Native::bounded_semaphore_new).store("sem");
  f.at("threads = [").native(Native::list).store("threads");
  f.for_range("n", 20, [&] { f.load("threads"); new_thread(f, "visit", {var("n", f)}).method_stmt("append", 1); });
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  f.at("print(\"20 visitors");
  print_elapsed(f, "20 visitors in batches of 5:");
  return m.finish();
}

Program event_traffic_light() {
  ModuleBuilder m("event-traffic-light");
  m.source(R"PY(import threading, time

green = threading.Event()

def light():
    for _ in range(3):
        green.set(); print("green")      # every waiting car goes at once
        time.sleep(1)
        green.clear(); print("red")
        time.sleep(2)
    green.set()

def car(n):
    time.sleep(n * 0.4)                  # cars arrive one by one
    if not green.is_set():
        print("car", n, "waits")
    green.wait()
    print("car", n, "passes")

if __name__ == "__main__":
    threads = [threading.Thread(target=light)]
    threads += [threading.Thread(target=car, args=(n,)) for n in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
)PY");
  m.global("green");
  auto& l = m.def("light");
  l.at("for _ in range(3):").for_range("_", 3, [&] {
    l.at("green.set(); print(\"green\")").load("green").method_stmt("set", 0).push_str("green").print(1);
    l.at("time.sleep(1)").push(1).native_stmt(Native::sleep);
    l.at("green.clear(); print(\"red\")").load("green").method_stmt("clear", 0).push_str("red").print(1);
    l.at("time.sleep(2)").push(2).native_stmt(Native::sleep);
  });
  l.at("green.set()\n").load("green").method_stmt("set", 0); // the last one, after the loop
  auto& c = m.def("car", {"n"});
  c.at("time.sleep(n * 0.4)").load("n").push_float(0.4).op(Op::Mul).native_stmt(Native::sleep);
  c.at("if not green.is_set():");
  c.if_([&] { c.load("green").method("is_set", 0).op(Op::Not); },
        [&] { c.at("print(\"car\", n, \"waits\")").push_str("car").load("n").push_str("waits").print(3); });
  c.at("green.wait()").load("green").method_stmt("wait", 0);
  c.at("print(\"car\", n, \"passes\")").push_str("car").load("n").push_str("passes").print(3);
  auto& f = m.main();
  f.at("green = threading.Event()").native(Native::event_new).store("green");
  f.at("threads = [threading.Thread(target=light)]").native(Native::list).store("threads");
  f.load("threads");
  new_thread(f, "light").method_stmt("append", 1);
  f.at("threads += [");
  f.for_range("n", 8, [&] { f.load("threads"); new_thread(f, "car", {var("n", f)}).method_stmt("append", 1); });
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  return m.finish();
}

Program condition_pingpong() {
  ModuleBuilder m("condition-pingpong");
  m.source(R"PY(import threading

cond = threading.Condition()
turn = "up"

def player(me, other, numbers):
    global turn
    for n in numbers:
        with cond:
            while turn != me:
                cond.wait()      # releases the lock while parked
            print(me, n)
            turn = other
            cond.notify()

if __name__ == "__main__":
    up = threading.Thread(target=player, args=("up", "down", range(0, 6)))
    down = threading.Thread(target=player, args=("down", "up", range(5, -1, -1)))
    up.start(); down.start(); up.join(); down.join()
)PY");
  m.global("cond");
  m.global("turn");
  auto& p = m.def("player", {"me", "other", "first", "step"});
  p.at("for n in numbers:").for_range("k", 6, [&] {
    p.at("with cond:").with_([&] { p.load("cond"); }, [&] {
      p.at("while turn != me:");
      p.while_([&] { p.load("turn").load("me").op(Op::Ne); },
               [&] { p.at("cond.wait()").load("cond").method_stmt("wait", 0); });
      p.at("print(me, n)").load("me").load("first").load("k").load("step").op(Op::Mul).op(Op::Add).print(2);
      p.at("turn = other").load("other").store_global("turn");
      p.at("cond.notify()").load("cond").method_stmt("notify", 0);
    });
  });
  auto& f = m.main();
  f.at("cond = threading.Condition()").push_none().native(Native::condition_new).store("cond");
  f.at("turn = \"up\"").push_str("up").store("turn");
  f.at("up = threading.Thread");
  new_thread(f, "player", {str("up", f), str("down", f), num(0, f), num(1, f)}).store("up");
  f.at("down = threading.Thread");
  new_thread(f, "player", {str("down", f), str("up", f), num(5, f), num(-1, f)}).store("down");
  f.at("up.start(); down.start(); up.join(); down.join()");
  f.load("up").method_stmt("start", 0).load("down").method_stmt("start", 0);
  f.load("up").method_stmt("join", 0).load("down").method_stmt("join", 0);
  return m.finish();
}

Program barrier() {
  ModuleBuilder m("barrier");
  m.source(R"PY(import threading, time

gate = threading.Barrier(3)

def runner(seconds):
    time.sleep(seconds)                  # runners arrive at different times
    index = gate.wait()                  # all leave together
    print("runner", seconds, "left at", round(time.time() - start, 3), "arrival index", index)

if __name__ == "__main__":
    start = time.time()
    threads = [threading.Thread(target=runner, args=(s,)) for s in (1, 2, 3)]
    for t in threads: t.start()
    for t in threads: t.join()
)PY");
  m.global("gate");
  m.global("start");
  auto& r = m.def("runner", {"seconds"});
  r.at("time.sleep(seconds)").load("seconds").native_stmt(Native::sleep);
  r.at("index = gate.wait()").load("gate").method("wait", 0).store("index");
  r.at("print(\"runner\"");
  r.push_str("runner").load("seconds").push_str("left at").native(Native::time).load("start").op(Op::Sub)
      .push_str("arrival index").load("index").print(6);
  auto& f = m.main();
  f.at("start = time.time()").native(Native::time).store("start");
  f.at("gate = threading.Barrier(3)").push(3).push_none().push_none().native(Native::barrier_new).store("gate");
  f.at("threads = [").native(Native::list).store("threads");
  for (int s = 1; s <= 3; ++s) {
    f.load("threads");
    new_thread(f, "runner", {num(s, f)}).method_stmt("append", 1);
  }
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  return m.finish();
}

Program timer() {
  ModuleBuilder m("timer");
  m.source(R"PY(import threading, time

def ring(what):
    print("ring:", what)

if __name__ == "__main__":
    alarm = threading.Timer(2, ring, args=("wake up",))
    snooze = threading.Timer(5, ring, args=("snoozed",))
    alarm.start(); snooze.start()
    time.sleep(1)
    snooze.cancel()                      # never rings
    alarm.join(); snooze.join()
    print("done")
)PY");
  auto& r = m.def("ring", {"what"});
  r.at("print(\"ring:\", what)").push_str("ring:").load("what").print(2);
  auto& f = m.main();
  f.at("alarm = threading.Timer");
  f.push(2).push_func("ring").push_str("wake up").list(1).native(Native::timer_new).store("alarm");
  f.at("snooze = threading.Timer");
  f.push(5).push_func("ring").push_str("snoozed").list(1).native(Native::timer_new).store("snooze");
  f.at("alarm.start(); snooze.start()").load("alarm").method_stmt("start", 0).load("snooze").method_stmt("start", 0);
  f.at("time.sleep(1)").push(1).native_stmt(Native::sleep);
  f.at("snooze.cancel()").load("snooze").method_stmt("cancel", 0);
  f.at("alarm.join(); snooze.join()").load("alarm").method_stmt("join", 0).load("snooze").method_stmt("join", 0);
  f.at("print(\"done\")").push_str("done").print(1);
  return m.finish();
}

Program deadlock() {
  ModuleBuilder m("deadlock");
  m.source(R"PY(import threading, time

lock_a = threading.Lock()
lock_b = threading.Lock()

def transfer(first, second):
    with first:
        time.sleep(0.1)                  # long enough for the other thread to take its first lock
        with second:
            print("never printed")

if __name__ == "__main__":
    t1 = threading.Thread(target=transfer, args=(lock_a, lock_b))
    t2 = threading.Thread(target=transfer, args=(lock_b, lock_a))
    t1.start(); t2.start()
    t1.join(); t2.join()                 # hangs forever
)PY");
  m.global("lock_a");
  m.global("lock_b");
  auto& t = m.def("transfer", {"first", "second"});
  t.at("with first:").with_([&] { t.load("first"); }, [&] {
    t.at("time.sleep(0.1)").push_float(0.1).native_stmt(Native::sleep);
    t.at("with second:").with_([&] { t.load("second"); },
                              [&] { t.at("print(\"never printed\")").push_str("never printed").print(1); });
  });
  auto& f = m.main();
  f.at("lock_a = threading.Lock()").native(Native::lock_new).store("lock_a");
  f.at("lock_b = threading.Lock()").native(Native::lock_new).store("lock_b");
  f.at("t1 = threading.Thread");
  new_thread(f, "transfer", {var("lock_a", f), var("lock_b", f)}).store("t1");
  f.at("t2 = threading.Thread");
  new_thread(f, "transfer", {var("lock_b", f), var("lock_a", f)}).store("t2");
  f.at("t1.start(); t2.start()").load("t1").method_stmt("start", 0).load("t2").method_stmt("start", 0);
  f.at("t1.join(); t2.join()").load("t1").method_stmt("join", 0).load("t2").method_stmt("join", 0);
  return m.finish();
}

Program rlock() {
  ModuleBuilder m("rlock");
  m.source(R"PY(import threading

lock = threading.RLock()

def countdown(n):
    with lock:                           # the owner may take it again
        if n > 0:
            print(threading.current_thread().name, "depth", n)
            countdown(n - 1)

def intruder():
    try:
        lock.release()                   # not the owner
    except RuntimeError as e:
        print("intruder:", e)

if __name__ == "__main__":
    with lock:
        t = threading.Thread(target=intruder)
        t.start(); t.join()
    threads = [threading.Thread(target=countdown, args=(3,)) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
)PY");
  m.global("lock");
  auto& c = m.def("countdown", {"n"});
  c.at("with lock:  ").with_([&] { c.load("lock"); }, [&] { // `with lock:  # the owner ...`, not main's
    c.at("if n > 0:").if_([&] { c.load("n").push(0).op(Op::Gt); }, [&] {
      c.at("\"depth\", n)").native(Native::current_thread).attr("name").push_str("depth").load("n").print(3);
      c.at("countdown(n - 1)").load("n").push(1).op(Op::Sub).call_stmt("countdown", 1);
    });
  });
  auto& in = m.def("intruder");
  in.at("try:");
  in.try_except([&] { in.at("lock.release()").load("lock").method_stmt("release", 0); }, "RuntimeError", [&] {
    in.at("print(\"intruder:\", e)").push_str("intruder: cannot release un-acquired lock").print(1);
  });
  auto& f = m.main();
  f.at("lock = threading.RLock()").native(Native::rlock_new).store("lock");
  f.at("with lock:\n").with_([&] { f.load("lock"); }, [&] {
    f.at("t = threading.Thread(target=intruder)");
    new_thread(f, "intruder").store("t");
    f.at("t.start(); t.join()").load("t").method_stmt("start", 0).load("t").method_stmt("join", 0);
  });
  f.at("threads = [threading.Thread(target=countdown").native(Native::list).store("threads");
  f.for_range("_", 2, [&] { f.load("threads"); new_thread(f, "countdown", {num(3, f)}).method_stmt("append", 1); });
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  return m.finish();
}

Program producer_consumer() {
  ModuleBuilder m("queue-producer-consumer");
  m.source(R"PY(import threading, queue, time

q = queue.Queue(maxsize=3)

def producer():
    for n in range(10):
        q.put(n)                         # blocks while the queue is full
        print("made", n)
        time.sleep(0.1)
    for _ in range(2):
        q.put(None)

def consumer():
    while True:
        n = q.get()                      # blocks while the queue is empty
        if n is None:
            break
        time.sleep(0.3)
        print(threading.current_thread().name, "used", n)

if __name__ == "__main__":
    threads = [threading.Thread(target=producer)]
    threads += [threading.Thread(target=consumer) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
)PY");
  m.global("q");
  auto& p = m.def("producer");
  p.at("for n in range(10):").for_range("n", 10, [&] {
    p.at("q.put(n)").load("q").load("n").method_stmt("put", 1);
    p.at("print(\"made\", n)").push_str("made").load("n").print(2);
    p.at("time.sleep(0.1)").push_float(0.1).native_stmt(Native::sleep);
  });
  p.at("for _ in range(2):");
  p.for_range("_", 2, [&] { p.at("q.put(None)").load("q").push_none().method_stmt("put", 1); });
  auto& c = m.def("consumer");
  auto top = c.new_label(), end = c.new_label();
  c.bind(top);
  c.at("n = q.get()").load("q").method("get", 0).store("n");
  c.at("if n is None:").load("n").push_none().op(Op::Eq).jump_if_true(end); // and `break`
  c.at("time.sleep(0.3)").push_float(0.3).native_stmt(Native::sleep);
  c.at("\"used\", n)").native(Native::current_thread).attr("name").push_str("used").load("n").print(3);
  c.at("while True:").jump_back(top);
  c.bind(end);
  auto& f = m.main();
  f.at("q = queue.Queue(maxsize=3)").push(3).native(Native::queue_new).store("q");
  f.at("threads = [threading.Thread(target=producer)]").native(Native::list).store("threads");
  f.load("threads");
  new_thread(f, "producer").method_stmt("append", 1);
  f.at("threads += [");
  f.for_range("_", 2, [&] { f.load("threads"); new_thread(f, "consumer").method_stmt("append", 1); });
  f.at("for t in threads: t.start()");
  start_all(f, "threads");
  f.at("for t in threads: t.join()");
  join_all(f, "threads");
  return m.finish();
}

} // namespace

void add_lock_scenarios(std::vector<Scenario>& out) {
  out.push_back({"semaphore-batches", "locks", "BoundedSemaphore(5): 20 one-second visitors go in batches of five, ~4 s", semaphore_batches});
  out.push_back({"event-traffic-light", "locks", "an Event as a traffic light: set() releases every waiting car at once", event_traffic_light});
  out.push_back({"condition-pingpong", "locks", "two threads take turns through a Condition, counting 0..5 and back", condition_pingpong});
  out.push_back({"barrier", "locks", "Barrier(3): runners arriving at 1, 2 and 3 s all leave at 3 s", barrier});
  out.push_back({"timer", "threads", "Timer(2) rings; Timer(5) is cancelled after 1 s and never does", timer});
  out.push_back({"deadlock", "locks", "two locks taken in opposite order with a sleep between: a 2-thread cycle", deadlock});
  out.push_back({"rlock", "locks", "RLock: the owner re-enters recursively; a non-owner's release raises RuntimeError", rlock});
  out.push_back({"queue-producer-consumer", "locks", "queue.Queue(maxsize=3): put blocks when full, get when empty", producer_consumer});
}

} // namespace il
