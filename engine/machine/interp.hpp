// The resumable bytecode interpreter: executes one instruction of one thread at a time, with explicit frames
// on the thread, so the scheduler can stop it between any two instructions.
#pragma once
#include <optional>

#include "machine/kernel.hpp"

namespace il {

class DescriptorObject;
class FunctionObject;
class IteratorObject;

enum class Step : std::uint8_t {
  Continue, // executed one instruction; the thread keeps its CPU
  Worked,   // started opaque CPU work
  Left,     // the thread left its CPU (blocked, slept, finished)
};

struct Interp {
  // Execute t's next instruction on runtime K (defined in interp_step.hpp, instantiated once per runtime).
  template <class K> static Step step(K& sim, Thread& t);
  // Set up a frame whose nargs arguments are already the top of t's stack.
  static void push_frame(Kernel& sim, Thread& t, FuncId fn, int nargs);
  // A call of bytecode function fn: binds args (positional ones, then the values of the keywords kwnames) to
  // its parameters as CPython does (defaults, keyword-only parameters, *args, **kwargs; `value` supplies the
  // defaults and closure cells of a FunctionObject) and pushes its frame. On a bad call nothing is pushed and
  // the result is CPython's TypeError message.
  static std::string enter(Kernel& sim, Thread& t, FuncId fn, std::span<const Value> args,
                           std::span<const StrId> kwnames = {}, const FunctionObject* value = nullptr);
  // Is the next instruction a py311 switch point (backward jump or call)?
  static bool at_switch_point(const Kernel& sim, const Thread& t);
  static bool truthy(const Kernel& sim, Value v);
  // Handle a pending exception: jump to the innermost handler, or end the thread.
  static void unwind(Kernel& sim, Thread& t);
};

namespace interp_detail {
bool equal(const Kernel& sim, Value a, Value b); // a == b as Python compares them
bool set_compare(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out); // a set's <, <=, >, >=: subsets
// a OP b for the arithmetic and bitwise instructions (in_place: the augmented form, `+=`), or false with the
// exception raised.
bool arith(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out, bool in_place = false);
// s[i] for a string (code points, negative indexes from the end), or false with IndexError/TypeError raised.
bool str_getitem(Kernel& sim, Thread& t, Value s, Value index, Value& out);
// The rarer calls, out of the step's way (machine/call.cpp): CALL of a function that binds its arguments in
// full (its nargs arguments on the stack), CALL_EX (f(*a, **k): its result in ret when Done), MAKE_FUNCTION.
void call_bound(Kernel& sim, Thread& t, FuncId fn, int nargs);
Outcome call_spread(Kernel& sim, Thread& t, int kwcall, int npieces, Value& ret);
void make_function(Kernel& sim, Thread& t, FuncId fn, int flags);
// A generator's frame yields the top of the stack, or returns v (machine/generator.cpp).
void yield_value(Kernel& sim, Thread& t);
void generator_return(Kernel& sim, Thread& t, Value v);
// FOR_ITER over the iterator in the frame's locals[slot] (index in slot + 1): true when an item is pushed or a
// generator was resumed (or TypeError raised for what is not iterable), false when the items ran out.
bool for_iter(Kernel& sim, Thread& t, int slot, int exit_pc);
// The next item of a list, tuple, dict (keys), set or str at position i (advanced): 1 with it in out, 0 when none
// is left, -1 with the exception raised (a set that changed size).
int sequence_next(Kernel& sim, Thread& t, Value seq, std::int64_t& i, Value& out);
// The same for an iter() or enumerate() of a sequence (which then stays done once it is).
int iterator_next(Kernel& sim, Thread& t, IteratorObject& it, Value& out);
void send_step(Kernel& sim, Thread& t, int slot, int exit_pc); // SEND (yield from)
} // namespace interp_detail

// obj.name as the GetAttr instruction reads it, or false with AttributeError (or what the object raised) in t.
// A property's value is a call: with `getter`, true with the property's fget there (the caller calls it with
// self); without, NotImplementedError.
bool load_attribute(Kernel& sim, Thread& t, Value self, StrId name, Value& out, Value* getter = nullptr);
// callable(v): a function, class, method, builtin, functools.partial, or an instance with __call__.
bool is_callable(Kernel& sim, Value v);
// A function's __name__ (without its class), __qualname__, __module__ or __doc__; false for other names.
bool function_attribute(Kernel& sim, FuncId fn, StrId attr, Value& out);
// A function value: a Func or a FunctionObject (a def's function, which a class makes a method).
bool is_function(const Kernel& sim, Value v);
// callee(*c.args) with c.kwnames: a function value, a bound method, a class or a callable object; what it did.
Outcome call_value(Call& c, Value callee);
// f(*a, k=v, **d): the positional and keyword arguments of a call's pieces (see Program::KwCall); false with
// CPython's TypeError raised in t.
bool spread_arguments(Kernel& sim, Thread& t, Value callee, std::span<const StrId> kinds, std::span<const Value> pieces,
                      std::vector<Value>& args, std::vector<StrId>& kwnames);
// A simulated object's method called with keywords: c's arguments as the method's positional ones (lib/), or
// false with TypeError raised.
bool bind_native_keywords(Call& c, std::string_view type, StrId method, std::vector<Value>& out);
// A builtin method's count of positional arguments, with CPython's TypeError when it is wrong, in the form its
// kind of C method gives: Exact for one of one argument or none ("list.append() takes exactly one argument (2
// given)"), Fast for one taking a range ("pop expected at most 1 argument, got 2", "insert expected 2 arguments,
// got 1"), VarArgs for an older one ("find() takes at least 1 argument (0 given)").
enum class Arity : std::uint8_t { Exact, Fast, VarArgs };
bool method_arity(Call& c, std::string_view name, std::size_t min, std::size_t max, Arity form);

// Three-way comparison of numbers or strings as Python orders them (2: unordered, a NaN); ok is false for
// anything else.
int compare_values(const Kernel& sim, Value a, Value b, bool& ok);
std::string arity_error(const Function& fn, int given); // CPython's TypeError text for a wrong call
std::string name_list(const std::vector<std::string>& names); // 'a', 'a' and 'b', 'a', 'b', and 'c' (missing ones)
Outcome call_native(Native n, Call& c);
// User classes (lib/classes.cpp): a name in a class or its bases; an instance attribute read (its dict, then its
// class: functions come back as bound methods) or write; a method of a user class called on self.
bool class_lookup(const Kernel& sim, ObjId cls, StrId name, Value& out);
bool user_get_attr(Kernel& sim, Thread& t, Value self, StrId name, Value& out, Value* getter = nullptr);
bool user_set_attr(Kernel& sim, Value self, StrId name, Value v);
// The property `name` of the class of self (a user class's instance), or nullptr: a data descriptor, it comes
// before the instance's own attributes.
const DescriptorObject* class_property(const Kernel& sim, Value self, StrId name);
// self.name = v (or del self.name) through a property: its fset (fdel) called with self (and v), or CPython's
// AttributeError when it has none. A statement's call drops the function's return value.
Outcome set_property(Call& c, Value self, const DescriptorObject& p, StrId name, Value v, bool del, bool statement);
// What an attribute found on a class is when read through the class or an instance: a staticmethod's function,
// a classmethod's bound to the class, anything else as it is.
Value class_attribute(Kernel& sim, Thread& t, ObjId cls, Value found);
Outcome call_user_method(Call& c, Value self, Value fn); // fn(self, *c.args); a bound or stored callable: fn(*c.args)
// obj.name(...) on a user class's instance: what it finds (an attribute of the instance is called as it is,
// a function of its class gets self), or false for the object's native methods.
bool user_method(Kernel& sim, Value self, StrId name, Value& out);
// dir() of a user class's instance, sorted: its attributes, its classes', and those every object has.
std::vector<std::string> attribute_names(const Kernel& sim, const Object& o);
// type(v): a user instance's class, or the builtin or simulated-module type CPython names (<class 'int'>).
Outcome type_of(Call& c, Value v);
// raise type(*args) as an object: str(e), e.args and repr(e) as CPython has them (str(KeyError(k)) is repr(k)).
Outcome raise_with_args(Call& c, const std::string& type, std::vector<Value> args);
// e as an exception object (`except E as e`, Future.exception()): the one the program raised, or one made once
// and kept in e.value; its __traceback__, __context__ and __cause__ are e's.
Value exception_object(Kernel& sim, Exc& e, ProcId p);
Value make_exception(Call& c, const std::string& type, std::vector<Value> args); // the same, not raised
// isinstance(v, spec) or issubclass(v, spec) (lib/classes.cpp): spec is a class, a builtin class's name, or a
// tuple of those. getattr(obj, name[, fallback]) (fallback Unbound: none) and hasattr, as fn names.
Outcome isinstance(Call& c, Value v, Value spec, bool subclass);
Outcome getattr_(Call& c, Value obj, Value name, Value fallback, std::string_view fn);
// Sorts items as sorted() does (stable; reverse keeps equal items in order), or false with the TypeError's
// message for items that do not compare (lib/natives.cpp).
bool sort_values(const Kernel& sim, std::vector<Value>& items, bool reverse, std::string& error);
// A method of a str value (lib/natives.cpp): format, join, split, strip, replace, upper, lower, find...
Outcome call_str_method(Call& c, Value self, StrId method);
Outcome call_method_by_name(Call& c, Value self, StrId method); // self.method(*c.args), as CALL_METHOD calls it
// Is this a method of values of this type (CPython's names for list, dict, set, str and the simulated objects)?
bool has_native_method(std::string_view type, std::string_view method);
Outcome call_number_method(Call& c, Value self, StrId method); // float.is_integer(), int.bit_length(), ...
// fmt % args for a str fmt (lib/natives.cpp), or false with CPython's exception raised in t.
bool str_percent(Kernel& sim, Thread& t, Value fmt, Value args, Value& out);

// [SECTION] special methods (lib/special_methods.cpp)

// The special method `name` of a user class's instance (defined by its class or a base), or false.
bool special_method(const Kernel& sim, const Object& o, std::string_view name, Value& out);
// str(o) (or repr(o)) of a user class's instance whose class defines __str__ or __repr__, as
// Kernel::user_strings stands: nothing when it is off or the instance has neither (the default repr stands).
std::optional<std::string> user_string(const Kernel& sim, const Object& o, bool str);
// How a call that made strings is made again once its instances' __str__/__repr__ ran (redo tuples).
enum class Redo : std::int64_t { Native, StrMethod, Percent };
// run() is a call that makes strings of values (str(), repr(), print's pieces, an f-string's field, %,
// str.format) and does nothing else before it has them. It runs first collecting the instances with
// __str__/__repr__ it meets: with none, its outcome stands; else redo() gives the call as a tuple (Redo, ...),
// and the $user_strings helper calls the methods as Python calls, then makes the call again (Invoked).
Outcome call_user_strings(Call& c, Value redo);
// t.exc = {}, out of line: emscripten 3.1.6's clang, inlining with_user_strings, referred to Exc's destructor
// without emitting it (an undefined symbol at the wasm link).
void discard_exception(Thread& t);
Outcome replay_user_strings(Call& c);
// `with` on a user class's instance: __enter__(self), or CPython's TypeError when it lacks __enter__ or __exit__.
Outcome enter_with(Call& c, Value mgr);
// A compiled with block's exit: __exit__(None, None, None) of a user instance, release() of a lock, a
// condition or a contextmanager; raised: __exit__ of the exception being raised ($with_exit), which is handled
// meanwhile, or release() with the exception left to propagate.
Outcome with_exit(Call& c, Value mgr, bool raised);
// A @contextmanager's with block left by the exception in c.t: $cm_throw(generator, exception) (lib/contextlib.cpp);
// generator_throw raises e inside the suspended generator at its yield (gen.throw(e)).
Outcome context_manager_throw(Call& c, Value mgr);
Outcome generator_throw(Call& c, Value gen, Value e);
// contextlib.suppress(classes): the object; at a raised exit, true when it swallowed the exception in t.
Outcome new_suppress(Call& c, Value classes);
bool suppress_exit(Kernel& sim, Thread& t, Value mgr);
// The iteration protocol of user classes: a for loop's __iter__ through $iter_user, which wraps an iterator
// with __next__ in a generator ($next_loop), or (raw) iter()'s, which gives what __iter__ returned;
// next(x[, default]) of one with __next__.
Outcome user_iter(Call& c, Value v, bool raw = false);
Outcome user_next(Call& c, Value v, Value fallback);
// iter(x) (sentinel Unbound) or iter(callable, sentinel): an IteratorObject over a sequence, a generator or
// iterator itself, a user class's __iter__, or TypeError.
Outcome make_iterator(Call& c, Value x, Value sentinel);
// Comparisons of user classes' instances. compares_by_methods: an instance whose class defines __eq__, __ne__,
// __lt__, __le__, __gt__ or __ge__; defines_eq: __eq__ (which makes its instances unhashable, as __hash__ is
// then None). compare_objects is a comparison instruction (op Lt ... Ne) with an object among its operands:
// Done with out, Raised, or Invoked: $richcmp calls the methods (a NotImplemented result tries the other
// operand's reflected one), $seqcmp compares lists or tuples that hold such instances item by item.
bool compares_by_methods(const Kernel& sim, Value v);
bool defines_eq(const Kernel& sim, const Object& o);
Outcome compare_objects(Kernel& sim, Thread& t, Op op, Value a, Value b, Value& out);
Outcome compare_native(Call& c, Native n); // special_cmp, cmp_default, rich_compare
Value not_implemented(Kernel& sim);        // the NotImplemented object
// Does v's truth come from its class's __bool__ or __len__ ($truth)?
bool truth_by_methods(const Kernel& sim, Value v);
// The checks CPython makes of what a special method returned, for the helpers that call them (what: 0
// __len__'s result, 1 __bool__'s, 2 which of __contains__ (1) or __iter__ (2) `in` uses, 3 whether __bool__ (1)
// or __len__ (2) gives the truth): the result itself, a number, or CPython's TypeError or ValueError.
Outcome protocol_check(Call& c, Value obj, Value result, int what);
// obj[key] (c.args: key) or obj[key] = value (key, value) of a user class's instance: __getitem__/__setitem__.
Outcome user_item(Call& c, Value self, bool set);
// Items ordered by Python's comparisons ($keyed_py: a binary insertion sort by `<`, or min/max), where the
// runtime's sort met instances that compare by their methods: (items, keys, op and target as Native::keyed).
Outcome sort_by_methods(Call& c, Value items, Value keys, std::int64_t op, Value target);
// fmt % args (a str fmt, an object args) as with_user_strings makes it: Done with out, Raised, or Invoked.
Outcome percent_strings(Kernel& sim, Thread& t, Value fmt, Value args, Value& out); // (strings, methods, redo): the second pass, with the methods' strings
template <class Run, class MakeRedo> Outcome with_user_strings(Call& c, Run&& run, MakeRedo&& redo) {
  using Mode = Kernel::UserStrings::Mode;
  Kernel::UserStrings& us = c.sim.user_strings;
  if (us.mode != Mode::Off) return run(); // already collecting or replaying: one pass covers the whole call
  us.mode = Mode::Collect;
  us.wanted.clear();
  us.raised = false;
  const Outcome o = run();
  us.mode = Mode::Off;
  if (us.wanted.empty()) {
    if (o == Outcome::Raised && us.raised) c.sim.record_raise(c.t);
    return o;
  }
  if (o == Outcome::Raised) discard_exception(c.t); // the second pass raises it again, with the methods' strings
  return call_user_strings(c, redo());
}
// Has this collecting pass met instances whose methods must run first? Then a call makes no side effect yet.
inline bool strings_pending(const Kernel& sim) {
  return sim.user_strings.mode == Kernel::UserStrings::Mode::Collect && !sim.user_strings.wanted.empty();
}

} // namespace il
