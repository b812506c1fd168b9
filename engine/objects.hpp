// The simulated standard library's object types: threading's Thread and primitives, queue.Queue, lists,
// dicts, thread-local storage, and multiprocessing's processes, IPC and pools.
#pragma once
#include <deque>
#include <vector>

#include "object.hpp"
#include "sim.hpp"

namespace il {

Ns seconds_to_ns(Value v, Ns if_none);

// [SECTION] data

class ListObject : public Object {
public:
  std::vector<Value> items;
  std::string_view kind() const override { return "list"; }
  Outcome call(Call& c, Sym m) override;
  std::int64_t length() const override { return static_cast<std::int64_t>(items.size()); }
  std::unique_ptr<Object> clone() const override { return std::make_unique<ListObject>(*this); }
  std::span<Value> refs() override { return items; }
  std::string repr(const Sim& sim) const override;
};

class DictObject : public Object {
public:
  std::vector<Value> keys, vals;
  std::string_view kind() const override { return "dict"; }
  Outcome call(Call& c, Sym m) override;
  std::int64_t length() const override { return static_cast<std::int64_t>(keys.size()); }
  std::unique_ptr<Object> clone() const override { return std::make_unique<DictObject>(*this); }
  std::string repr(const Sim& sim) const override;
  int find(const Sim& sim, Value k) const;
};

class LocalObject : public Object { // threading.local()
public:
  struct Slot { ThreadId t; StrId name; Value v; };
  std::vector<Slot> slots;
  std::string_view kind() const override { return "local"; }
  bool get_attr(Sim& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Sim& sim, Thread& t, StrId name, Value v) override;
};

// [SECTION] threads

class ThreadObject : public Object {
public:
  ThreadId tid = kNone; // set by start()
  Value target{}, args{}, run_override{};
  bool daemon = false;
  bool started = false;
  WaitQueue& joiners = waiters;
  std::string_view kind() const override { return "Thread"; }
  Outcome call(Call& c, Sym m) override;
  bool get_attr(Sim& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Sim& sim, Thread& t, StrId name, Value v) override;
  void owners(const Sim& sim, std::vector<ThreadId>& out) const override;
  bool alive(const Sim& sim) const;
};

class TimerObject : public ThreadObject {
public:
  ObjId finished = kNone; // the Event cancel() sets
  std::string_view kind() const override { return "Timer"; }
  Outcome call(Call& c, Sym m) override;
};

// [SECTION] threading primitives

class LockObject : public Object {
public:
  ThreadId holder = kNone;
  std::string_view kind() const override { return "Lock"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  void owners(const Sim& sim, std::vector<ThreadId>& out) const override;
  std::unique_ptr<Object> clone() const override;
  std::int64_t counter() const override { return static_cast<std::int64_t>(waiters.size()); }
  // Shared with Condition: take it now, or queue; release and hand it to the next waiter.
  Outcome acquire(Call& c, bool blocking, Ns timeout);
  void grant(Sim& sim, ThreadId t, bool waited);
  void hand_off(Sim& sim, ThreadId releaser);
  int count = 0;      // recursion depth (RLock)
  bool reentrant = false;
};

class RLockObject : public LockObject {
public:
  RLockObject() { reentrant = true; }
  std::string_view kind() const override { return "RLock"; }
  std::unique_ptr<Object> clone() const override;
};

class SemaphoreObject : public Object {
public:
  std::int64_t value = 1, initial = 1;
  bool bounded = false;
  std::string_view kind() const override { return bounded ? "BoundedSemaphore" : "Semaphore"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  std::int64_t counter() const override { return value; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<SemaphoreObject>(*this); }
};

class EventObject : public Object {
public:
  bool flag = false;
  std::string_view kind() const override { return "Event"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  void set(Sim& sim, ThreadId by);
  std::unique_ptr<Object> clone() const override { return std::make_unique<EventObject>(*this); }
};

class ConditionObject : public Object {
public:
  ObjId lock = kNone; // a Lock or RLock
  std::string_view kind() const override { return "Condition"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  void on_timeout(Sim& sim, Thread& t) override;
  void owners(const Sim& sim, std::vector<ThreadId>& out) const override;
  void reacquire(Sim& sim, ThreadId t, Value result, ThreadId waker);
};

class BarrierObject : public Object {
public:
  std::int64_t parties = 1, count = 0;
  Value action{};
  Ns timeout = -1;
  bool broken = false;
  std::string_view kind() const override { return "Barrier"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  bool get_attr(Sim& sim, Thread& t, StrId name, Value& out) override;
  void on_timeout(Sim& sim, Thread& t) override;
  std::int64_t counter() const override { return count; }
  void break_barrier(Sim& sim, ThreadId by);
};

class QueueObject : public Object { // queue.Queue, also multiprocessing.Queue's in-process behaviour
public:
  std::deque<Value> items;
  std::int64_t maxsize = 0;
  std::int64_t unfinished = 0;
  WaitQueue putters, joiners;
  bool shared = false; // multiprocessing.Queue: one object seen by every process
  std::string_view kind() const override { return shared ? "mp.Queue" : "Queue"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  void on_timeout(Sim& sim, Thread& t) override;
  std::int64_t counter() const override { return static_cast<std::int64_t>(items.size()); }
  std::unique_ptr<Object> clone() const override;
  bool full() const { return maxsize > 0 && static_cast<std::int64_t>(items.size()) >= maxsize; }
  Outcome put(Call& c, Value item, bool block, Ns timeout);
  Outcome get(Call& c, bool block, Ns timeout);
};

// [SECTION] multiprocessing

class ProcessObject : public Object {
public:
  ProcId proc = kNone;
  Value target{}, args{};
  bool daemon = false;
  bool started = false;
  WaitQueue& joiners = waiters;
  std::string_view kind() const override { return "Process"; }
  Outcome call(Call& c, Sym m) override;
  bool get_attr(Sim& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Sim& sim, Thread& t, StrId name, Value v) override;
  void owners(const Sim& sim, std::vector<ThreadId>& out) const override;
};

Outcome call_mp_native(Native n, Call& c); // processes.cpp

} // namespace il
