// The base of every simulated Python object the interpreter can hold a reference to (locks, queues, threads,
// lists, ...), and the FIFO wait queue primitives park threads in.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "vm/value.hpp"

namespace il {

class Kernel;
struct Thread;

// What a native function or method call did to the calling thread.
enum class Outcome : std::uint8_t {
  Done,    // finished; Call::ret is the result
  Blocked, // the thread is parked; whoever wakes it supplies the result
  Raised,  // an exception is pending in the thread
  Invoked, // a bytecode frame was pushed; its return value is the result
  Worked,  // the thread computes for a while (opaque CPU work); result None
};

struct Call {
  Kernel& sim;
  Thread& t;
  std::span<const Value> args; // positional arguments, then the values of the keyword ones
  Value ret{};
  std::span<const StrId> kwnames{}; // the keyword arguments' names: the last kwnames.size() args are theirs
  Value arg(std::size_t i) const { return i < args.size() ? args[i] : Value::none(); }
  std::size_t npos() const { return args.size() - kwnames.size(); }
};

// Threads waiting on one primitive, in arrival order.
struct WaitQueue {
  std::vector<ThreadId> q; // (a vector: a deque allocates half a kilobyte for every object, most never wait)
  bool empty() const { return q.empty(); }
  std::size_t size() const { return q.size(); }
  bool remove(ThreadId t);
};

struct PrimitiveStats {
  std::int64_t acquisitions = 0;
  std::int64_t contended = 0; // acquisitions that had to wait
  std::int64_t max_holders = 0;
  std::int64_t holders = 0;
  void enter(bool waited) {
    ++acquisitions;
    contended += waited;
    ++holders;
    if (holders > max_holders) max_holders = holders;
  }
  void leave() { --holders; }
};

// What the collector (machine/collect.cpp) learns from an object it reached: the values, objects and strings
// the object holds. Objects are queued to be visited in turn; strings have nothing inside, they are only marked.
class Reach {
public:
  Reach(std::vector<std::uint8_t>& obj_marks, std::vector<std::uint8_t>& str_marks, std::vector<ObjId>& work)
      : obj_marks_(obj_marks), str_marks_(str_marks), work_(work) {}
  std::int64_t values_seen = 0; // for the collector's estimate of the memory held

  void value(Value v) {
    ++values_seen;
    if (v.tag == Tag::Obj) obj(v.as_obj());
    else if (v.tag == Tag::Str) str(v.as_str());
  }
  template <class Values> void values(const Values& vs) {
    for (const Value& v : vs) value(v);
  }
  void obj(ObjId o) {
    if (o >= 0 && !obj_marks_[static_cast<std::size_t>(o)]) obj_marks_[static_cast<std::size_t>(o)] = 1, work_.push_back(o);
  }
  template <class Ids> void objs(const Ids& ids) {
    for (ObjId o : ids) obj(o);
  }
  void str(StrId s) {
    if (s >= 0) str_marks_[static_cast<std::size_t>(s)] = 1;
  }

private:
  std::vector<std::uint8_t>& obj_marks_;
  std::vector<std::uint8_t>& str_marks_;
  std::vector<ObjId>& work_;
};

class Object {
public:
  virtual ~Object() = default;
  virtual std::string_view kind() const = 0;
  // A method call `obj.name(args...)`. The default raises AttributeError.
  virtual Outcome call(Call& c, Sym method);
  virtual Outcome call_named(Call& c, StrId method); // for names outside the Sym table
  virtual Outcome call_self(Call& c);                 // obj(args...); default TypeError
  virtual bool takes_keywords() const { return false; } // may call_self get c.kwnames (else TypeError)
  virtual bool callable() const { return takes_keywords(); } // callable(obj): the callables all take keywords
  // Does this method read its keyword arguments itself (list.sort(reverse=True), executor.submit(fn, x=1))?
  // Other methods with keywords are bound to their CPython signature first (bind_native_keywords).
  virtual bool reads_keywords(const Kernel& sim, StrId method) const { (void)sim, (void)method; return false; }
  virtual bool binds_self() const { return false; }     // a function: found on a class, a method of the instance
  // len(obj), or -1 when it has no length (then it is always truthy).
  virtual std::int64_t length() const { return -1; }
  // Attribute read/write; false means "no such attribute" (AttributeError).
  virtual bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out);
  virtual bool set_attr(Kernel& sim, Thread& t, StrId name, Value v);
  // A thread parked here with a timeout ran out of time. Default: leave the queue, resume with timeout_value.
  virtual void on_timeout(Kernel& sim, Thread& t);
  // The threads a waiter here waits for (lock owner, joined thread), for the wait-for graph.
  virtual void owners(const Kernel& sim, std::vector<ThreadId>& out) const;
  // The interpreter of the process holding it is exiting (threading's atexit hooks run before the main thread
  // joins the others): an executor shuts down so that its workers finish their queue and leave.
  virtual void at_exit(Kernel& sim, ThreadId by) { (void)sim, (void)by; }
  // A fork copies process-local objects; OS-shared ones (multiprocessing) return nullptr and stay shared.
  virtual std::unique_ptr<Object> clone() const { return nullptr; }
  // Values this object refers to (list items, ...), rewritten when a fork copies it.
  virtual std::span<Value> refs() { return {}; }
  // Everything it holds, for the collector: by default its class, its attributes (names and values) and refs().
  // An object holding values anywhere else must override this, or what only it holds would be reclaimed.
  virtual void reach(Reach& r) const;
  // May the collector reclaim it once nothing reaches it (plain data: lists, dicts, instances, functions...)?
  // Everything else (threads, primitives, processes, pools) lives as long as the run: the trace and the
  // reports name them.
  virtual bool collectable() const { return false; }
  // A thread woken to compete again (CPython's locks let a running thread barge in) got a CPU: take the
  // primitive and return true with the call's result pushed, or park again and return false.
  virtual bool retry(Kernel& sim, Thread& t);
  // Is this a synchronization primitive (reported in stats), or plain data?
  virtual bool is_primitive() const { return false; }
  // Value shown for counters (semaphore value, queue length); -1 for none.
  virtual std::int64_t counter() const { return -1; }
  // Shared memory that reports show as a value (multiprocessing's Value and Array, simulated or real): its
  // items, with `scalar` set for a Value. False for everything else.
  virtual bool shared_items(std::vector<Value>& out, bool& scalar) const {
    (void)out, (void)scalar;
    return false;
  }
  // Display, e.g. "<Lock locked by Thread-1>" or a list's contents.
  virtual std::string repr(const Kernel& sim) const;
  // str(obj), what print() shows: repr() for everything but exceptions, whose str is their message.
  virtual std::string str(const Kernel& sim) const { return repr(sim); }

  // A user class's instance (or a native object of a subclass, e.g. of threading.Thread): its class and the
  // attributes the program set on it. kNone and empty for everything else.
  ObjId cls = kNone;
  std::vector<std::pair<StrId, Value>> dict;

  std::string name;       // user-visible name, from the first variable it is stored in
  bool named = false;     // true once name came from a variable (or was given explicitly)
  ObjId id = kNone;
  ProcId owner = kNone;   // the process whose memory holds it
  WaitQueue waiters;      // most primitives need exactly one queue
  int in_flight = 0;      // threads woken to retry that have not run yet
  PrimitiveStats stats;
};

} // namespace il
