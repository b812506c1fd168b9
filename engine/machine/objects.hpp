// The simulated standard library's object types: threading's Thread and primitives, queue.Queue, lists,
// dicts, thread-local storage, and multiprocessing's processes, IPC and pools.
#pragma once
#include <deque>
#include <initializer_list>
#include <map>
#include <vector>

#include "machine/kernel.hpp"
#include "vm/object.hpp"

namespace il {

Ns seconds_to_ns(Value v, Ns if_none);
// A woken thread lost the race for o: park it in q again with what is left of its timeout. Returns true
// (with the timeout result pushed) when no time is left.
bool repark(Kernel& sim, Thread& t, Object& o, WaitQueue& q);

// [SECTION] data

class ListObject : public Object {
public:
  bool collectable() const override { return true; }
  std::vector<Value> items;
  std::string_view kind() const override { return "list"; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override; // extend, insert, remove, index, count, clear, copy, reverse, sort, $delitem
  bool reads_keywords(const Kernel& sim, StrId m) const override; // sort(key=, reverse=)
  std::int64_t length() const override { return static_cast<std::int64_t>(items.size()); }
  std::unique_ptr<Object> clone() const override { return std::make_unique<ListObject>(*this); }
  std::span<Value> refs() override { return items; }
  std::string repr(const Kernel& sim) const override;
};

class TupleObject : public ListObject { // a list that cannot change: natives that take a list take tuples too
public:
  std::string_view kind() const override { return "tuple"; }
  Outcome call(Call& c, Sym m) override;
  std::unique_ptr<Object> clone() const override { return std::make_unique<TupleObject>(*this); }
  std::string repr(const Kernel& sim) const override;
};

// range(...) as a value: its numbers held as a tuple's items (so len, indexing, `in` and iteration are a
// tuple's), shown as range(a, b[, s]).
class RangeObject : public TupleObject {
public:
  std::int64_t start = 0, stop = 0, step = 1;
  std::string_view kind() const override { return "range"; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<RangeObject>(*this); }
  std::string repr(const Kernel& sim) const override;
};

class DictObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  std::vector<Value> keys, vals;
  std::string_view kind() const override { return "dict"; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override; // update, setdefault, popitem, clear, $delitem (del d[k])
  bool reads_keywords(const Kernel& sim, StrId m) const override; // update(k=v)
  std::int64_t length() const override { return static_cast<std::int64_t>(keys.size()); }
  std::unique_ptr<Object> clone() const override { return std::make_unique<DictObject>(*this); }
  std::string repr(const Kernel& sim) const override;
  int find(const Kernel& sim, Value k) const;
  void put(const Kernel& sim, Value k, Value v); // d[k] = v for a key known to be hashable
  void merge(const Kernel& sim, const DictObject& other); // d.update(other)
};

// set and frozenset: CPython 3.11's open-addressed table (setobject.c's probing, growth, dummies and the
// algorithms of its operations), so a set iterates and prints in CPython's order (lib/sets.cpp).
class SetObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  enum class Slot : std::uint8_t { Empty, Active, Dummy };
  struct Entry {
    Value key;
    std::int64_t hash = 0;
    Slot state = Slot::Empty;
  };
  std::vector<Entry> table = std::vector<Entry>(8);
  std::int64_t fill = 0, used = 0; // active + dummy entries, active entries
  std::size_t finger = 0;          // where pop() looks next
  bool frozen = false;
  std::string_view kind() const override { return frozen ? "frozenset" : "set"; }
  Outcome call_named(Call& c, StrId m) override;
  std::int64_t length() const override { return used; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<SetObject>(*this); }
  std::string repr(const Kernel& sim) const override;
  std::vector<Value> items() const; // in table order, as iteration sees them
  int find(const Kernel& sim, Value key, std::int64_t hash) const; // the entry's index, or -1
  void add(const Kernel& sim, Value key, std::int64_t hash);
  bool discard(const Kernel& sim, Value key, std::int64_t hash);
  void resize(std::int64_t minused);
  void clear();
  std::int64_t frozen_hash() const;
};

// hash(v) as CPython 3.11 computes it (machine/hash.cpp; strings as under PYTHONHASHSEED=0), or false for an
// unhashable value (hash_value raises CPython's TypeError).
bool try_hash(const Kernel& sim, Value v, std::int64_t& out);
bool hash_value(Kernel& sim, Thread& t, Value v, std::int64_t& out);
std::int64_t identity_address(Value v); // what id(v) is, and what an object's hash derives from
// The hash `key in s`, s.remove(key) and s.discard(key) look key up by: a set stands for its frozenset.
bool set_key_hash(Kernel& sim, Thread& t, Value key, std::int64_t& h);
// A new set (or frozenset) of the items of v, as set(v) makes it; false with TypeError raised.
bool make_set(Kernel& sim, Thread& t, Value v, bool frozen, Value& out);
// a | b, a & b, a - b, a ^ b of sets (in place: |= ...), and a <= b (Le, Lt, Ge, Gt, Eq) as subset tests;
// false with TypeError raised (or, for an operator that is not a set's, nothing done and handled false).
bool set_operator(Kernel& sim, Thread& t, Op op, bool in_place, Value a, Value b, Value& out, bool& handled);
// The items of a list, tuple, range, dict (keys), set or str, in iteration order; false for anything else.
bool iterable_items(Kernel& sim, Value v, std::vector<Value>& items);
// The same, or false with CPython's TypeError raised ('int' object is not iterable; NotImplementedError for a
// generator, which natives take only through a draining helper).
bool items_of(Kernel& sim, Thread& t, Value v, std::vector<Value>& items);

class LocalObject : public Object { // threading.local()
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  struct Slot { ThreadId t; StrId name; Value v; };
  std::vector<Slot> slots;
  std::string_view kind() const override { return "local"; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override;
};

// [SECTION] user classes (lib/classes.cpp)

class ClassObject : public Object { // a class statement's class
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  std::string cls_name;
  ObjId base = kNone;    // a user base class
  bool has_property = false; // one of its attributes is a property (then every attribute write and read asks)
  bool thread = false;   // derives from threading.Thread (its instances are Thread objects)
  std::string exception; // the builtin exception it derives from (its instances are exceptions), or ""
  std::vector<std::pair<StrId, Value>> attrs; // methods and class attributes, in definition order
  std::string_view kind() const override { return "type"; }
  Outcome call_self(Call& c) override; // instantiate: the object, then __init__(self, *args)
  bool takes_keywords() const override { return true; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override;
  std::string repr(const Kernel& sim) const override { (void)sim; return "<class '__main__." + cls_name + "'>"; }
};

class TypeObject : public Object { // type(x) of a builtin or simulated-module value: <class 'threading.Thread'>
public:
  std::string module, type_name; // module empty for builtins
  std::string_view kind() const override { return "type"; }
  bool callable() const override { return true; }
  std::string repr(const Kernel& sim) const override;
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override; // __name__, __module__, __qualname__
};

class InstanceObject : public Object { // an instance of a user class with no native base
public:
  bool collectable() const override { return true; }
  std::string cls_name;
  std::string_view kind() const override { return cls_name; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<InstanceObject>(*this); }
  std::string repr(const Kernel& sim) const override;
};

class ExceptionObject : public Object { // an exception as a value: `except ValueError as e`, MyError("x")
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  std::string type, message; // message: str(e) of an exception the runtime raised
  Value args{};              // the constructor's arguments (a tuple), when Python code made it
  std::vector<Exc::TbEntry> tb; // its __traceback__: the frames it passed through when it was caught
  Value context{}, cause{};     // __context__ and __cause__ (Unbound cause: `from None`)
  std::string_view kind() const override { return type; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override; // .args
  std::string repr(const Kernel& sim) const override; // ValueError('bad'), AppError('code', 42)
  std::string str(const Kernel& sim) const override;  // '' for no argument, str(arg) for one, str(args) for more
};

class BoundMethodObject : public Object { // obj.method as a value (target=self.work)
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  Value self{}, fn{};
  bool unbound = false; // an instance attribute holding a callable: called without self
  StrId native = kNone; // a builtin or simulated object's method (results.append): called by name
  std::string of_type;  // with native: the method of a builtin type itself (str.lower), self the first argument
  std::string_view kind() const override { return "method"; }
  Outcome call_self(Call& c) override;
  bool takes_keywords() const override { return true; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override; // __name__, __self__
  std::string repr(const Kernel& sim) const override;
};

// staticmethod(f), classmethod(f) and property(fget, fset, fdel, doc): a class attribute that a lookup turns
// into f itself, f bound to the class, or a call of the property's fget, fset or fdel with the instance
// (lib/classes.cpp). A property is a data descriptor: it comes before the instance's own attributes.
class DescriptorObject : public Object {
public:
  enum class Kind : std::uint8_t { Static, Class, Property };
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  Kind which = Kind::Static;
  Value fn{}, fset{}, fdel{}, doc{}; // fn: the function (a property's fget); None where not given
  std::string_view kind() const override;
  Outcome call_named(Call& c, StrId m) override; // a property's setter(f), getter(f), deleter(f): a new property
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override; // __func__, fget, fset, fdel, __doc__
  std::string repr(const Kernel& sim) const override;
};

// A function value made at run time (MakeFunction): a bytecode function with the defaults its def evaluated and
// the cells of the enclosing functions' variables it uses. Functions without either stay plain Func values.
class FunctionObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  FuncId fn = kNone;
  std::vector<Value> defaults, kwdefaults, cells; // empty: the Function's own (constant) defaults
  std::string_view kind() const override { return "function"; }
  Outcome call_self(Call& c) override;
  bool takes_keywords() const override { return true; }
  bool binds_self() const override { return true; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override; // kept in dict, as a function's __dict__
  std::string repr(const Kernel& sim) const override;
};

// A simulated module's function or class as a value (t = threading.Thread; t(target=f)): called, its
// arguments are bound to CPython's signature and passed to the native (lib/signatures.cpp).
class NativeFunctionObject : public Object {
public:
  int intrinsic = -1; // py::intrinsic_at(intrinsic)
  // A function of a multiprocessing context (ctx = get_context("spawn")): the processes it starts use this
  // StartMethod, whatever the module's (-1: the module's own).
  int start_method = -1;
  bool collectable() const override { return true; }
  std::string_view class_name() const; // "Thread" for threading.Thread, "" for a function
  std::string_view kind() const override { return class_name().empty() ? "builtin_function_or_method" : "type"; }
  Outcome call_self(Call& c) override;
  bool takes_keywords() const override { return true; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  std::string repr(const Kernel& sim) const override;
};

// functools.partial(func, *args, **keywords): calling it calls func with those first (lib/futures.cpp).
class PartialObject : public Object {
public:
  bool collectable() const override { return true; }
  Value parts[3]{}; // func, args (a tuple), keywords (a dict)
  Value func() const { return parts[0]; }
  Value args() const { return parts[1]; }
  Value keywords() const { return parts[2]; }
  std::span<Value> refs() override { return parts; }
  std::string_view kind() const override { return "partial"; }
  Outcome call_self(Call& c) override;
  bool takes_keywords() const override { return true; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  std::unique_ptr<Object> clone() const override { return std::make_unique<PartialObject>(*this); }
  std::string repr(const Kernel& sim) const override;
};

// functools.wraps(wrapped): applied to a wrapper function, it copies wrapped's __module__, __name__,
// __qualname__ and __doc__ onto it, sets __wrapped__, and returns it (lib/futures.cpp).
class WrapsObject : public Object {
public:
  bool collectable() const override { return true; }
  Value wrapped{};
  std::string_view kind() const override { return "partial"; } // CPython's wraps() returns a functools.partial
  Outcome call_self(Call& c) override;
  bool callable() const override { return true; }
  std::span<Value> refs() override { return {&wrapped, 1}; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<WrapsObject>(*this); }
};

// A generator: a call of a generator function, its frame kept here between resumptions (locals and operand
// stack, where it stands, its handlers with depths relative to its locals).
class GeneratorObject : public Object {
public:
  bool collectable() const override { return true; }
  enum class State : std::uint8_t { Created, Suspended, Running, Done };
  FuncId fn = kNone;
  State state = State::Created;
  std::vector<Value> saved;
  int pc = 0;
  std::vector<Frame::Handler> handlers;
  std::string type = "generator"; // map, filter, enumerate, zip: the runtime's generators for CPython's iterators
  std::string_view kind() const override { return type; }
  Outcome call(Call& c, Sym m) override;           // send(value)
  Outcome call_named(Call& c, StrId m) override;   // close(), __next__()
  std::unique_ptr<Object> clone() const override { return std::make_unique<GeneratorObject>(*this); }
  std::span<Value> refs() override { return saved; }
  std::string repr(const Kernel& sim) const override; // <generator object count at 0x...>
};

// A builtin singleton other than None: NotImplemented, what a comparison method returns for a type it does
// not compare with.
class SingletonObject : public Object {
public:
  std::string type, text; // NotImplementedType, NotImplemented
  std::string_view kind() const override { return type; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<SingletonObject>(*this); }
  std::string repr(const Kernel&) const override { return text; }
};

// iter() of a list, tuple, str, dict, set or range: the sequence and how far it got, so a for loop over it,
// next() and list() take items from the same place.
class IteratorObject : public Object {
public:
  bool collectable() const override { return true; }
  std::string type;       // list_iterator, tuple_iterator, str_ascii_iterator, dict_keyiterator, set_iterator ...
  Value seq{};
  std::int64_t index = 0; // as a for loop's second slot counts (interp_detail::sequence_next)
  bool done = false;      // exhausted: stays so, as CPython's iterators drop their sequence
  bool counting = false;  // enumerate(seq): each item is (count, item), count going on from `count`
  std::int64_t count = 0;
  std::string_view kind() const override { return type; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<IteratorObject>(*this); }
  std::span<Value> refs() override { return {&seq, 1}; }
  std::string repr(const Kernel& sim) const override; // <list_iterator object at 0x...>
};

// contextlib.contextmanager(fn) and what calling it makes: a context manager whose __enter__ runs the
// generator to its yield and whose __exit__ runs it to its end.
class ContextManagerFactory : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  Value fn{};
  std::string_view kind() const override { return "function"; }
  Outcome call_self(Call& c) override;
  bool takes_keywords() const override { return true; }
  bool binds_self() const override { return true; } // a decorated method is still a method
};

class GeneratorContextManager : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  bool collectable() const override { return true; }
  Value gen{};
  std::string_view kind() const override { return "_GeneratorContextManager"; }
  Outcome call(Call& c, Sym m) override; // acquire (__enter__) and release (__exit__), as `with` calls them
};

// contextlib.suppress(*exceptions): a with block's exception of one of these classes ends the block quietly.
class SuppressObject : public Object {
public:
  bool collectable() const override { return true; }
  std::vector<std::string> types; // exception class names (user classes by their names)
  std::string_view kind() const override { return "suppress"; }
  Outcome call(Call& c, Sym m) override; // acquire and release, as `with` calls them: nothing to do
};

// Resume generator g in thread t (a frame pushed: Invoked), sending `sent` into a suspended one; mode says what
// its next yield or return means to the caller (GenMode). A running or exhausted one raises.
Outcome resume_generator(Kernel& sim, Thread& t, GeneratorObject& g, Value sent, GenMode mode, int exit_pc = -1,
                         Value fallback = Value::unbound());

// A variable shared between a function and the functions defined inside it (CPython's cell).
class CellObject : public Object {
public:
  bool collectable() const override { return true; }
  Value value = Value::unbound();
  std::string_view kind() const override { return "cell"; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<CellObject>(*this); }
  std::span<Value> refs() override { return {&value, 1}; }
};

// [SECTION] threads

class ThreadObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ThreadId tid = kNone; // set by start()
  Value target{}, args{}, run_override{};
  Value kwargs{}; // Thread(kwargs=...): a dict, or None
  // target's arguments: args' items, then the values of kwargs' keys (named in kwnames).
  std::vector<Value> arguments(Kernel& sim, std::vector<StrId>& kwnames) const;
  bool daemon = false;
  bool started = false;
  WaitQueue& joiners = waiters;
  WaitQueue starters; // threads inside start(), until the new thread runs
  bool ran = false;    // run() was called directly: CPython's run() deletes _target afterwards
  std::string_view kind() const override { return "Thread"; }
  std::string repr(const Kernel& sim) const override; // <Thread(Thread-1 (work), started 1398...)>
  Outcome call(Call& c, Sym m) override;
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override;
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
  bool alive(const Kernel& sim) const;
  // The class CPython gives the threads threading made itself (_MainThread, _DummyThread), else kind().
  std::string_view class_name(const Kernel& sim) const;
};

// A thread's ident (get_ident(), Thread.ident, native_id, start_new_thread's result): a number of the size
// CPython's are, derived from the thread's index so runs stay reproducible.
inline std::int64_t thread_ident(ThreadId tid) { return 139'800'000'000'000 + 4096 * static_cast<std::int64_t>(tid); }

class TimerObject : public ThreadObject {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
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
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
  std::unique_ptr<Object> clone() const override;
  std::int64_t counter() const override { return static_cast<std::int64_t>(waiters.size()); }
  // Shared with Condition: take it now, or queue; release and hand it to the next waiter.
  Outcome acquire(Call& c, bool blocking, Ns timeout);
  void grant(Kernel& sim, ThreadId t, bool waited);
  void hand_off(Kernel& sim, ThreadId releaser);
  bool retry(Kernel& sim, Thread& t) override;
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
  bool retry(Kernel& sim, Thread& t) override;
  std::unique_ptr<Object> clone() const override;
};

class EventObject : public Object {
public:
  bool flag = false;
  std::string_view kind() const override { return "Event"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  void set(Kernel& sim, ThreadId by);
  std::unique_ptr<Object> clone() const override;
};

class ConditionObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ObjId lock = kNone; // a Lock or RLock
  std::string_view kind() const override { return "Condition"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override; // wait_for
  void on_timeout(Kernel& sim, Thread& t) override;
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
  void reacquire(Kernel& sim, ThreadId t, Value result, ThreadId waker);
};

class BarrierObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  std::int64_t parties = 1, count = 0;
  Value action{};
  Ns timeout = -1;
  bool broken = false;
  std::string_view kind() const override { return "Barrier"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  void on_timeout(Kernel& sim, Thread& t) override;
  std::int64_t counter() const override { return count; }
  void break_barrier(Kernel& sim, ThreadId by);
  void release_all(Kernel& sim, ThreadId by);
  Outcome call_named(Call& c, StrId method) override; // "$release", used by the action helper
};

class QueueObject : public Object { // queue.Queue, also multiprocessing.Queue's in-process behaviour
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  // Which item get() takes: the oldest (Queue), the newest (LifoQueue), the least (PriorityQueue, as heapq
  // would give it), or the oldest of a SimpleQueue (no maxsize, no task_done).
  enum class Order : std::uint8_t { Fifo, Lifo, Priority, Simple };
  Order order = Order::Fifo;
  std::deque<Value> items;
  std::int64_t maxsize = 0;
  std::int64_t unfinished = 0;
  WaitQueue putters, joiners;
  bool shared = false; // multiprocessing.Queue: one object seen by every process
  std::string_view kind() const override {
    static constexpr std::string_view kNames[] = {"Queue", "LifoQueue", "PriorityQueue", "SimpleQueue"};
    return shared ? "mp.Queue" : kNames[static_cast<int>(order)];
  }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  void on_timeout(Kernel& sim, Thread& t) override;
  Value take(const Kernel& sim); // removes and returns the item get() takes (items is not empty)
  std::int64_t counter() const override { return static_cast<std::int64_t>(items.size()); }
  std::unique_ptr<Object> clone() const override;
  bool full() const { return maxsize > 0 && static_cast<std::int64_t>(items.size()) >= maxsize; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override; // maxsize, unfinished_tasks
  Outcome put(Call& c, Value item, bool block, Ns timeout);
  Outcome get(Call& c, bool block, Ns timeout);
};

// [SECTION] multiprocessing
// Processes, IPC, shared memory, managers and pools: processes.cpp, processes_ipc.cpp, processes_manager.cpp,
// processes_pool.cpp. Objects whose clone() is nullptr are OS-shared: every process sees the same one.

// Costs of the multiprocessing runtime that Config does not cover.
constexpr Ns kIpcNs = 5 * kMicro;             // pickle + pipe write (or read + unpickle), per message and side
constexpr Ns kManagerLatencyNs = 50 * kMicro; // one way of a request to (or reply from) a manager's server
constexpr Ns kManagerServeNs = 5 * kMicro;    // the server thread's own work per request (unpickle, pickle)

// A pickle (or fork's copy of memory): copies of the process-local objects reachable from values (lists,
// dicts, threading primitives, queue.Queue), owned by `dest`. OS-shared objects stay shared. One Copier keeps
// identities: two references to one list become two references to one copy.
class Copier {
public:
  Copier(Kernel& sim, ProcId dest) : sim_(sim), dest_(dest) {}
  Value copy(Value v);

private:
  Kernel& sim_;
  ProcId dest_;
  std::map<ObjId, ObjId> memo_; // original -> copy
};

// Python's name for v's type, as error messages show it: 'int', 'str', 'list', 'NoneType'.
std::string type_name(const Kernel& sim, Value v);
// The exit code of a process whose main thread ended with exception e (SystemExit(n) gives n & 0xff).
int exit_status(const Kernel& sim, const Exc& e);
// What Python prints when e ends a process: sys.exit("text") prints the text; numbers and None print nothing.
std::string exit_message(const Kernel& sim, const Exc& e);

class ProcessObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ProcId proc = kNone;
  Value target{}, args{};
  bool daemon = false;
  bool started = false;
  WaitQueue& joiners = waiters;
  ProcId creator = kNone; // only the creating process may start or join it
  std::string identity;   // "2", "1:3": CPython's _identity, which names children
  int context = -1;       // the start method fixed in the process it stands for (StartMethod), -1 while unset
  int method = -1;        // made by a context (get_context("spawn").Process): it starts this way (StartMethod)
  bool closed = false;
  std::string_view kind() const override { return "Process"; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override;
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
  std::string repr(const Kernel& sim) const override;
  bool alive(const Kernel& sim) const;
};

// subprocess.Popen: a child process running a simulated command (lib/subprocess.cpp). It is forked and exec'd,
// so it never imports the main module again, whatever the start method.
class PopenObject : public ProcessObject {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  Value argv{}; // the command as a list of strs; `args` (ProcessObject's) holds what the program passed
  Value given{};
  std::string_view kind() const override { return "Popen"; }
  Outcome call_named(Call& c, StrId m) override; // wait, poll, communicate, kill, terminate
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override; // returncode, pid, args
  std::string repr(const Kernel& sim) const override; // <Popen: returncode: None args: ['ps', '-l']>
};

// subprocess.run()'s result: CompletedProcess(args=[...], returncode=0).
class CompletedProcessObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  Value args{};
  std::int64_t returncode = 0;
  std::string_view kind() const override { return "CompletedProcess"; }
  Outcome call_named(Call& c, StrId m) override; // check_returncode()
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  std::string repr(const Kernel& sim) const override;
};

Outcome subprocess_native(Native n, Call& c); // subprocess.cpp

// The process's multiprocessing.Process object (made on first use for the first process, as _MainProcess).
ProcessObject& process_object_of(Kernel& sim, ProcId p);
// Fixes the process's start method (set_start_method, or the first process start / Queue / Lock ...).
// How process p starts a child now: the method of the context whose function is running
// (Kernel::context_override), else p's own, fixed by this call if it was not yet (as CPython's default
// context fixes itself when first used).
StartMethod fix_context(Kernel& sim, ProcId p);

// multiprocessing.get_context(method): the module's functions and classes with one start method: its Process,
// Pool and Manager start their processes that way, and none of them fixes the module's own.
class ContextObject : public Object {
public:
  StartMethod method = StartMethod::Fork;
  bool chosen = true; // get_context(method); false for get_context(), the module's own functions and classes
  bool module = false; // the multiprocessing module itself as a value (not chosen either)
  bool collectable() const override { return true; }
  std::string_view kind() const override {
    return module ? "module" : method == StartMethod::Fork ? "ForkContext" : "SpawnContext";
  }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override; // every name of multiprocessing, and get_start_method()
  bool reads_keywords(const Kernel& sim, StrId m) const override { (void)sim, (void)m; return true; }
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  std::string repr(const Kernel& sim) const override;
  bool context_function(std::string_view name, NativeFunctionObject& out) const; // false: not multiprocessing's
};

// The identity a new child of p gets ("3" in the first process, "1:3" in Process-1), from p's counter.
std::string next_identity(Kernel& sim, ProcId p);
// Creates and starts a process running target(*args) for a runtime object (pool worker, manager server);
// the caller pays the fork, or a process launch for spawn. `stagger` orders several starts in one call.
ProcessObject& start_helper_process(Call& c, std::string name, std::string identity, Value target,
                                    std::vector<Value> args, int stagger);
// What starting one process costs the caller in p: a fork, or launching an executable for spawn.
Ns process_start_cost(Kernel& sim, ProcId p);
// False, with RuntimeError raised, unless the program has these runtime helpers (ModuleBuilder adds them).
bool have_runtime(Call& c, std::initializer_list<std::string_view> prelude_functions);
// work(ns) whose call result is `result` instead of None.
Outcome work_then(Call& c, Ns ns, Value result);
// A thread just woken with a message first spends ns of CPU on it (unpickling) when it next runs.
void work_on_resume(Kernel& sim, ThreadId t, Ns ns);

class MpQueueObject : public QueueObject { // multiprocessing.Queue
public:
  MpQueueObject() { shared = true; }
  Outcome call(Call& c, Sym m) override;
};

class MpLockObject : public LockObject { // multiprocessing.Lock: a semaphore in shared memory
public:
  std::string_view kind() const override { return "mp.Lock"; }
  Outcome call(Call& c, Sym m) override;
  std::unique_ptr<Object> clone() const override { return nullptr; }
};

class MpRLockObject : public RLockObject { // multiprocessing.RLock (the lock of a Value or Array)
public:
  std::string_view kind() const override { return "mp.RLock"; }
  std::unique_ptr<Object> clone() const override { return nullptr; }
  Outcome call(Call& c, Sym m) override;
};

class ConnectionObject : public Object { // one end of a multiprocessing.Pipe
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ObjId peer = kNone;
  bool readable = true, writable = true, closed = false;
  std::deque<Value> inbox; // sent by the peer, not received yet
  WaitQueue& receivers = waiters;
  WaitQueue pollers;
  std::string_view kind() const override { return "Connection"; }
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  std::int64_t counter() const override { return static_cast<std::int64_t>(inbox.size()); }
  std::string repr(const Kernel& sim) const override;
};

class SharedValueObject : public Object { // multiprocessing.Value
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  char typecode = 'i';
  Value value = Value::integer(0);
  ObjId lock = kNone; // made by get_lock()
  bool synchronized = true; // Value(..., lock=False) is the bare ctypes object: no lock
  std::string_view kind() const override { return "Value"; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override;
  std::int64_t counter() const override {
    return value.tag == Tag::Float ? static_cast<std::int64_t>(value.f) : value.i;
  }
  bool shared_items(std::vector<Value>& out, bool& scalar) const override {
    out = {value};
    scalar = true;
    return true;
  }
  std::string repr(const Kernel& sim) const override;
};

class SharedArrayObject : public Object { // multiprocessing.Array
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  char typecode = 'i';
  std::vector<Value> items;
  ObjId lock = kNone;
  bool synchronized = true; // Array(..., lock=False): no lock
  std::string_view kind() const override { return "Array"; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  std::int64_t length() const override { return static_cast<std::int64_t>(items.size()); }
  bool shared_items(std::vector<Value>& out, bool& scalar) const override {
    out = items;
    scalar = false;
    return true;
  }
  std::string repr(const Kernel& sim) const override;
};

// Python's repr of a Value ("<Synchronized wrapper for c_int(3)>") or Array ("<SynchronizedArray wrapper for
// c_int_Array_2 [0, 1]>") holding `items`.
std::string shared_memory_repr(const Kernel& sim, char typecode, std::span<const Value> items, bool array);

// A Pipe end may be used for reading (or writing): false, with CPython's OSError raised in c.t, if it is closed
// or only open the other way.
bool connection_usable(Call& c, bool closed, bool readable, bool writable, bool reading);

// A shared-memory number of `typecode` from v, or false with an exception raised in t.
bool coerce_ctype(Kernel& sim, Thread& t, char typecode, Value v, Value& out);

// [SECTION] multiprocessing managers

class ManagerConnObject;

class ManagerObject : public Object { // multiprocessing.managers.SyncManager, as seen by its users
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ProcId server = kNone;
  ObjId process = kNone;            // the server's ProcessObject
  bool ready = false, shut = false; // listening / shut down
  std::deque<ObjId> pending;        // connections the server has not accepted yet
  std::vector<ObjId> conns;         // every connection, one per client thread
  WaitQueue& accepting = waiters;   // the server's main thread waiting for a connection
  WaitQueue starting;               // the creator waiting for the server to listen
  std::string_view kind() const override { return "SyncManager"; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
  std::string repr(const Kernel& sim) const override;
  ManagerConnObject& conn_for(Kernel& sim, Thread& client);
};

// One client thread's connection to a manager, served by one handler thread in the server process.
class ManagerConnObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ObjId manager = kNone;
  ThreadId client = kNone, handler = kNone;
  bool has_request = false, serving = false;
  ObjId target = kNone; // the referent (or the manager, to create one)
  StrId method = kNone;
  std::vector<Value> args; // copied into the server
  Value reply{};
  Exc error;
  WaitQueue& replies = waiters; // the client waiting for its reply
  WaitQueue requests;           // the handler waiting for a request
  std::string_view kind() const override { return "ManagerConnection"; }
  Outcome call_named(Call& c, StrId m) override;
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
};

class NamespaceObject : public Object { // the referent of manager.Namespace()
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  std::vector<StrId> names;
  std::vector<Value> vals;
  std::string_view kind() const override { return "Namespace"; }
  std::string repr(const Kernel& sim) const override;
};

class ProxyObject : public Object { // a proxy: every method is a round trip to the manager's server
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  ObjId manager = kNone;
  ObjId referent = kNone; // lives in the server process
  std::string proxy_type; // "ListProxy", "DictProxy", ...
  std::string_view kind() const override { return proxy_type; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  bool get_attr(Kernel& sim, Thread& t, StrId name, Value& out) override;
  bool set_attr(Kernel& sim, Thread& t, StrId name, Value v) override;
  std::int64_t length() const override;
  std::string repr(const Kernel& sim) const override;
  const Kernel* home_sim = nullptr; // for length(), which gets no Kernel
};

Outcome new_manager(Call& c); // manager_new()

// [SECTION] multiprocessing pools

class AsyncResultObject : public Object { // pool.apply_async's ApplyResult, map's MapResult, submit's Future
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  enum class Flavor : std::uint8_t { Apply, Map, Future };
  Flavor flavor = Flavor::Apply;
  ProcId home = kNone;  // the caller's process: results are copied into it
  std::size_t pending = 0;
  std::vector<Value> values; // one per task
  Value value{};             // the result once done: values[0], or a list of them for map
  bool done = false, ok = true;
  Exc error;
  ThreadId worker = kNone; // running it now (apply results), for the wait-for graph
  WaitQueue& getters = waiters; // get() / result(): the value or the exception
  WaitQueue sleepers;           // wait(): just the moment it is ready
  // A concurrent.futures.Future: cancelled before it ran; its task (while queued) and pool; callbacks to call
  // and wait()/as_completed() waiters to tell when it is done.
  bool cancelled = false;
  ObjId job = kNone, pool = kNone;
  std::vector<Value> callbacks;
  std::vector<ObjId> watchers;
  WaitQueue exception_waiters; // exception(): the exception, or None
  std::string_view kind() const override;
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  void on_timeout(Kernel& sim, Thread& t) override;
  void owners(const Kernel& sim, std::vector<ThreadId>& out) const override;
  std::string repr(const Kernel& sim) const override;
  Outcome get(Call& c, Ns timeout);
  void complete(Kernel& sim, std::size_t index, Value v, const Exc* err, ThreadId by);
  Outcome future_method(Call& c, const std::string& m); // cancel, cancelled, running, exception, ...
  Value exception_object(Kernel& sim); // the exception it ended with, as an object (None if it returned)
};

// concurrent.futures.wait() and as_completed(): the futures watched, those finished in the order they finished
// (the ones already done first), and the thread waiting for the condition.
class FuturesWaiterObject : public Object {
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  enum class Mode : std::uint8_t { FirstCompleted, FirstException, AllCompleted, AsCompleted };
  Mode mode = Mode::AllCompleted;
  std::vector<ObjId> futures; // as given, duplicates dropped
  std::deque<ObjId> finished; // as_completed: not yielded yet
  std::size_t yielded = 0;
  Ns deadline = -1;           // as_completed's timeout, as a simulated time
  std::string_view kind() const override { return "_Waiter"; }
  Outcome call_named(Call& c, StrId m) override; // $next (as_completed)
  void on_timeout(Kernel& sim, Thread& t) override;
  void notify(Kernel& sim, ObjId future, ThreadId by);
  bool satisfied(const Kernel& sim) const;
  Value result(Kernel& sim, ProcId p) const; // wait()'s DoneAndNotDoneFutures(done, not_done)
};

class PoolJobObject : public Object { // one task: fn(*args) for one result slot
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  Value fn{};
  std::vector<Value> args;        // positional, then the values of the keyword arguments
  std::vector<StrId> kwnames;     // submit(fn, *args, **kwargs)'s keywords
  ObjId result = kNone;
  ObjId pool = kNone;
  std::size_t index = 0;
  bool threads = false; // ThreadPool: same memory, nothing to pickle
  std::string_view kind() const override { return "task"; }
  Outcome call_named(Call& c, StrId m) override;
};

class PoolObject : public Object { // multiprocessing.Pool, or a ThreadPool with threads
public:
  void reach(Reach& r) const override; // machine/collect.cpp
  enum class State : std::uint8_t { Run, Close, Terminate };
  State state = State::Run;
  Outcome map(Call& c, bool spread); // map(func, iterable), or starmap
  bool threads = false;
  std::vector<ObjId> workers; // ProcessObjects, or ThreadObjects for a ThreadPool
  std::deque<ObjId> tasks;    // PoolJobObjects not taken yet
  WaitQueue& idle = waiters;  // workers waiting for a task
  // concurrent.futures' ThreadPoolExecutor and ProcessPoolExecutor: workers start as submissions need them
  // (a thread each while no worker has come back idle, up to max_workers; all processes at the first submit,
  // as a fork context does), named prefix_N or ForkProcess-N.
  bool executor = false;
  std::int64_t max_workers = 0;
  std::int64_t idle_permits = 0; // ThreadPoolExecutor's _idle_semaphore: tasks finished, not yet matched by a submit
  std::string prefix;
  std::string_view kind() const override {
    return executor ? (threads ? "ThreadPoolExecutor" : "ProcessPoolExecutor") : threads ? "ThreadPool" : "Pool";
  }
  void at_exit(Kernel& sim, ThreadId by) override;
  bool reads_keywords(const Kernel& sim, StrId m) const override { (void)sim, (void)m; return executor; }
  Outcome executor_method(Call& c, const std::string& m); // submit, map, shutdown, with
  void add_thread_worker(Kernel& sim, Thread& caller);
  Outcome await_start(Call& c); // $await_start(worker): until the new worker thread runs, as Thread.start() waits
  // fn(*args[1:], **kwargs) as a new Future (in `future`); what starting workers for it costs the caller.
  Outcome submit_call(Call& c, std::span<const Value> args, std::span<const StrId> kwnames, Value& future, Ns& cost);
  bool is_primitive() const override { return true; }
  Outcome call(Call& c, Sym m) override;
  Outcome call_named(Call& c, StrId m) override;
  std::int64_t counter() const override { return static_cast<std::int64_t>(tasks.size()); }
  std::string repr(const Kernel& sim) const override;
  void enqueue(Kernel& sim, ObjId job, ThreadId by);
  Outcome submit(Call& c, Value fn, Value args, AsyncResultObject::Flavor flavor, Value& out);
};

Outcome new_pool(Call& c, bool threads); // pool_new(n), thread_pool_new(n)
Outcome new_executor(Call& c, bool threads); // ThreadPoolExecutor(max_workers, thread_name_prefix), ProcessPoolExecutor
Outcome futures_wait(Call& c, bool as_completed); // wait(fs, timeout, return_when), as_completed(fs, timeout)
Outcome new_partial(Call& c);                      // functools.partial

// A manager server's work on its referents (shared by the simulator's server and the real one): a Namespace's
// "$getattr"(name) / "$setattr"(name, value), and the dict methods DictProxy offers beyond what the
// simulated dict implements itself (keys, values, items, copy, clear, pop); false if `what` is not one.
Outcome manager_namespace_op(Call& c, NamespaceObject& ns, const std::string& what);
// A new referent for manager.list/dict/Namespace/Lock/Queue(init) and its proxy's type name; nullptr if the
// manager has no such method.
std::unique_ptr<Object> make_manager_referent(Kernel& sim, const std::string& what, Value init, std::string& type);
bool manager_dict_method(Call& c, DictObject& d, const std::string& what, Outcome& out);

Outcome call_mp_native(Native n, Call& c); // processes.cpp

} // namespace il
