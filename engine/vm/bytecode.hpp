// The instruction set simulated threads execute: a small Python-like stack machine. Programs are data
// (functions of instructions); the interpreter in interp.cpp runs them one instruction at a time.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vm/value.hpp"

namespace il {

enum class Op : std::uint8_t {
  Nop,
  Const,       // push consts[a]
  LoadLocal,   // push locals[a]
  StoreLocal,  // locals[a] = pop
  LoadGlobal,  // push process globals[a]
  StoreGlobal, // process globals[a] = pop
  Pop,
  Dup,
  Swap,
  Add, Sub, Mul, Div, FloorDiv, Mod, Neg, // and Pow, BitOr ... RShift below: b == 1 is the augmented form (+=),
                                          // which changes a list, set or dict in place
  Lt, Le, Gt, Ge, Eq, Ne, Not,
  Jump,        // pc = a (forward)
  JumpBack,    // pc = a (backward; a switch point, like CPython 3.11's JUMP_BACKWARD)
  JumpIfFalse, // pop; if falsy pc = a
  JumpIfTrue,  // pop; if truthy pc = a
  Call,        // call function a with b arguments from the stack
  CallValue,   // callee (a function value) below b arguments
  Return,      // pop return value, leave frame
  Native,      // runtime call a (Native enum) with b arguments
  CallMethod,  // object below b arguments; method symbol a
  BeforeWith,  // `with` entry: pop the context manager, call its method a (acquire) and push the result. Unlike
               // CallMethod this is no switch point: CPython 3.11's BEFORE_WITH skips the eval-breaker check
  GetAttr,     // pop object, push attribute a
  SetAttr,     // pop value, pop object; set attribute a
  SetupTry,    // push an exception handler at pc a
  PopTry,      // drop the innermost handler
  ExcMatch,    // push whether the current exception's type is string a
  Reraise,     // re-raise the current exception
  ClearExc,    // the current exception was handled
  Raise,       // pop message, pop type name (strings) and raise
  BuildList,   // pop a items, push a new list
  ForRange,    // if locals[b] < locals[b+1]: push locals[b]++ else pc = a
  BuildTuple,  // pop a items, push a new tuple
  Unpack,      // pop a list or tuple of exactly a items, push them last first (so stores take them in order); b > 0:
               // target b-1 is starred and takes a list of the items the others leave
  GetItem,     // pop key, pop container, push container[key] (no switch point: CPython's BINARY_SUBSCR)
  SetItem,     // pop value, pop key, pop container; container[key] = value (STORE_SUBSCR)
  Is,          // pop b, pop a, push a is b
  In,          // pop container, pop item, push item in container
  ListAppend,  // pop value, pop list; list.append(value) (a comprehension's LIST_APPEND: no call, no switch point)
  Pow,         // pop b, pop a, push a ** b
  CallKw,      // callee below b arguments, of which the last kwcalls[a].names.size() are keyword arguments
  CallEx,      // f(*args, **kwargs): callee, a tuple or list of the positional arguments, and (a == 1) a dict of
               // the keyword ones
  CallMethodKw, // object below b arguments, keyword ones last; the method and the keywords are kwcalls[a]
  MakeFunction, // a function value of function a from the stack: (b & 1) a tuple of defaults, (b & 2) a tuple of
                // keyword-only defaults (Unbound: none), (b & 4) a tuple of the cells it closes over, in that order
  LoadDeref,   // push the value of the cell in locals[a] (a variable an inner function shares)
  StoreDeref,  // pop into the cell in locals[a]
  Yield,       // pop a value and hand it to whoever resumed this generator's frame, which is suspended; resumed,
               // it pushes the value sent in (None for next())
  ForIter,     // a for loop's next item from the iterator in locals[b] (a list, tuple or str indexed by locals[b+1],
               // or a generator resumed), pushed; none left: pc = a
  BitOr, BitAnd, BitXor, LShift, RShift, // pop b, pop a, push a OP b (ints and bools; |, &, ^ of sets)
  Invert,      // ~a
  BuildSet,    // pop a items, push a new set of them (BUILD_SET)
  SetAdd,      // pop value, pop set; set.add(value) (a set comprehension's SET_ADD)
  Send,        // `yield from`'s step (SEND): pop the value to send; resume the generator in locals[b] with it (another
               // iterable: its next item, indexed by locals[b+1]) and push what it yields; when it is done, push
               // its return value and pc = a
  count_
};

// Runtime calls: module-level functions of time, threading, queue and multiprocessing.
// Arguments are positional; optional ones are passed as None by the builder.
#define IL_NATIVES(X)                                                                                        \
  X(print, -1) X(sleep, 1) X(io, 1) X(cpu, 1) X(time, 0) X(len, 1) X(str, 1) X(list, 0) X(dict, 0)          \
  X(thread_new, -1) /* target, args, name, daemon, run-override[, kwargs] */                                          \
  X(lock_new, 0) X(rlock_new, 0) X(semaphore_new, 1) X(bounded_semaphore_new, 1) X(event_new, 0)           \
  X(condition_new, 1) X(barrier_new, 3) X(timer_new, 3) X(queue_new, 1) X(local_new, 0)                    \
  X(current_thread, 0) X(active_count, 0) X(main_thread, 0) X(get_ident, 0)                                \
  X(process_new, 4) /* target, args, name, daemon */                                                       \
  X(mp_queue_new, 1) X(pipe_new, 1) X(mp_value_new, 3) X(mp_array_new, 3) X(manager_new, 0)               \
  X(pool_new, 1) X(mp_lock_new, 0) X(mp_rlock_new, 0) X(cpu_count, 0) X(getpid, 0) X(getppid, 0) X(current_process, 0)        \
  X(set_start_method, 1) X(get_context, 1) X(get_start_method, 1) X(get_all_start_methods, 0) \
  X(mp_module, 0) /* the multiprocessing module as a value (its default context) */ X(exit, 1) X(thread_pool_new, 1) X(call_with, 2)                                  \
  X(module_name, 0) /* __name__: '__main__', or '__mp_main__' in a spawned child */                         \
  X(format, 3) /* format(value, spec, conversion) for f-strings: conversion 0, 's', 'r' or 'a' */            \
  X(raise_new, 2) /* raise type(message): an exception raised by compiled code */                          \
  X(random, 0) X(randint, 2) X(uniform, 2) X(choice, 1) X(shuffle, 1) X(sample, 2) X(strftime, 1) X(id, 1)  \
  X(process_time, 0) X(thread_time, 0) X(native_id, 0) X(os_exit, 1) X(flush, 0) X(sum_range, 3) X(stream_write, 2) /* text, 0 stdout or 1 stderr */ \
  X(slice_store, 5) /* seq[a:b:c] = value, or del seq[a:b:c] when value is unbound */ \
  X(extend_items, 3) /* (iterable, list, 1 for a display's *x): list.extend(iterable), generators drained */ \
  X(delattr_, 2) /* delattr(obj, name), del obj.name */ X(dir_, 2) /* dir(obj), or dir() when obj is unbound (then the module's imported names) */                                        \
  X(class_new, 4) /* name, user base or None, derives from threading.Thread, builtin exception base or None */                              \
  X(thread_init, 5) /* Thread.__init__(self, target, args, name, daemon) from a subclass's super().__init__ */ \
  X(range_len, 3) /* len(range(start, stop, step)), with range()'s TypeError and ValueError */              \
  X(current_exception, 0) /* the exception being handled, as a value (`except E as e`) */                   \
  X(abs, 1) X(round, 2) X(int_, 1) X(float_, 1) X(bool_, 1) X(repr, 1) X(minmax, 2) X(sorted, 1)               \
  X(list_of, 1) X(tuple_of, 1)                                                                              \
  X(write, 2) /* one piece of a print(): str(value) to stream 0 (stdout) or 1 (stderr) */                    \
  X(deprecated, 1) /* a DeprecationWarning with this message, from the calling line */                      \
  X(iterable, 1) /* what a for loop indexes: a list, tuple or str itself, a dict's keys; else TypeError */    \
  X(raise_name_error, 2) /* NameError for name, with the name a traceback suggests ("" for none) */          \
  X(input, 1) /* input(prompt): the prompt to stdout, then the next line of the run's stdin, or EOFError */      \
  X(start_new_thread, 2) /* _thread.start_new_thread(function, args): a bare thread, killed at exit */          \
  X(type_of, 1) /* type(x) */                                                                                 \
  X(raise_value, 3) /* raise an exception object; mode 1: a bare `raise` (its traceback as it was); cause */                                                           \
  X(exc_init, 2) /* BaseException.__init__(self, args tuple) */                                              \
  X(slice, 4) /* sequence[start:stop:step] of a list, tuple or str (None: the default bound) */              \
  X(handling, 1) X(handled, 0) /* an except block begins handling this exception, ends */                    \
  X(new_exception, 2) /* type(arg) as an object, not raised (raise X(...) from Y) */                        \
  X(exception_of, 2) /* (type, args tuple): a builtin exception made as a value, err = ValueError("bad", 3) */ \
  X(enumerate_, 2) X(reversed_, 1) X(zip_, -1) /* as lists of their items */                              \
  X(intrinsic, 1) /* a simulated module's function or class as a value: py::intrinsic_at(arg) */              \
  X(isinstance_, 3) /* (value, class or tuple of classes, 1 for issubclass); a builtin type is its name */    \
  X(getattr_, 3) /* (object, name, default or Unbound) */ X(hasattr_, 2) X(setattr_, 3)                   \
  X(next_, 2) /* next(iterator, default or Unbound) */                                                      \
  X(contextmanager, 1) /* contextlib.contextmanager(generator function) */ X(object_new, 0) /* object() */          \
  X(native_apply, 3) /* (native, first argument, tuple of the rest): a runtime call by number */               \
  X(fork, 0) /* os.fork() */ X(lifo_queue_new, 1) X(priority_queue_new, 1) X(simple_queue_new, 0) \
  X(range_new, 3) /* range(start, stop, step) as a value */                                                                                \
  X(set_of, 1) X(frozenset_of, 1) /* set(iterable), frozenset(iterable); Unbound: empty */ X(hash_, 1)             \
  X(divmod_, 2) X(ord_, 1) X(chr_, 1) X(callable_, 1) X(pow_, 3) X(dict_of, 1) /* dict(mapping or pairs) */      \
  X(thread_executor_new, 2) X(process_executor_new, 1) /* concurrent.futures' executors */                  \
  X(as_completed_, 2) X(futures_wait_, 3) X(partial_new, 3) /* functools.partial(func, args tuple, keywords dict) */ \
  X(int_base, 2) /* int(x, base): base None is int(x) */ X(enumerate_threads, 0) /* threading.enumerate() */ \
  X(wall_time, 0) /* time.time(): the simulated clock as a date (kWallClockStart on) */ X(time_ns, 0) X(perf_ns, 0) X(hex_, 1) X(oct_, 1) X(bin_, 1) X(wraps_new, 1) /* functools.wraps(f) */                                                                    \
  X(keyed, 4) /* (items, their keys, op, target): sorted by the keys (op 0, reversed 1; into list target when */ \
              /* it is one), or the item of the least (2) or greatest (3) key */ \
  X(user_strings_replay, 3) /* (strings, methods, redo): a call made again with its instances' __str__/__repr__ */ \
  X(with_exit, 1) X(with_exit_raised, 1) /* a compiled with block's context manager leaves, normally or raising */ \
  X(iter_, 2) /* iter(x), iter(callable, sentinel) (Unbound: none) */                                       \
  X(user_iterator, 1) /* what a user __iter__ returned: 0 an iterator of the runtime's, 1 one with __next__ */ \
  X(special_cmp, 3) /* (x, comparison 0..5 as Lt..Ne, reflected): x's user method for it, or None */        \
  X(cmp_default, 3) /* (a, b, comparison): what it is when no method answers: identity, or TypeError */       \
  X(not_implemented, 0) X(rich_compare, 3) /* (a, b, comparison) as the instruction does it */                 \
  X(sys_argv, 0) /* sys.argv: the process's list, [the program's file name] until it changes it */          \
  X(reorder, 3) /* (items, order, target): items in that order, into list target when it is one */ \
  X(protocol_check, 3) /* (object, result, what): lib/special_methods.cpp's protocol_check */ \
  X(subprocess_call, 6) X(subprocess_check_call, 6) X(subprocess_run, 6) X(subprocess_popen, 6) /* (args, shell, */ \
              /* timeout, stdout, capture_output, check): $subprocess with the mode */ X(os_system, 1)           \
  X(popen_new, 2) /* (args, shell): a Popen, not started */ X(subprocess_exec, 1) /* (argv): the child's */      \
              /* (output, seconds, exit code) */ X(completed_process, 2) /* (args, returncode) */                \
  X(subprocess_error, 3) /* (kind 0 TimeoutExpired / 1 CalledProcessError, Popen, timeout) raised */ \
  X(apply_native, 2) /* (native, list of arguments): a runtime call with as many as it has (zip(*rows)) */ \
  X(type_method, 2) /* (type name, method name): str.lower as a value, or NotImplementedError */ \
  X(zip_strict, -1) /* zip(*iterables, strict=flag): the flag last */ \
  X(gen_throw, 2) /* (generator, exception): raised in it at its yield */ \
  X(current_is, 1) /* is the exception being raised this object? */ \
  X(suppress_new, 1) /* contextlib.suppress(tuple of exception classes, by name or as user classes) */ \
  X(staticmethod_, 1) X(classmethod_, 1) X(property_, 4) /* (fget, fset, fdel, doc) */

enum class Native : std::int32_t {
#define IL_NATIVE_ENUM(n, arity) n,
  IL_NATIVES(IL_NATIVE_ENUM)
#undef IL_NATIVE_ENUM
      count_
};

constexpr StrId kPositional = -1, kSpreadArgs = -2, kSpreadKw = -3; // CallEx's kinds of piece

struct Instr {
  Op op = Op::Nop;
  std::int32_t a = 0;
  std::int32_t b = 0;
};

struct Function {
  std::string name;
  std::string doc; // its docstring (__doc__), if its body begins with one
  // Parameters are the first locals: nparams positional-or-keyword ones, nkwonly keyword-only ones, then the
  // *args tuple and the **kwargs dict when there are those.
  int nparams = 0;
  int nkwonly = 0;
  bool varargs = false, varkw = false;
  bool generator = false; // its body yields: a call makes a generator object, which runs the body when resumed
  int nlocals = 0;
  std::vector<Value> defaults;   // values of the last defaults.size() parameters when a call leaves them out
  std::vector<Value> kwdefaults; // one per keyword-only parameter (Unbound: the call must give it), or empty
  // Locals that hold a cell (a variable an inner function uses): made at entry, holding the argument for a
  // parameter. Free locals hold the cells of the function value's closure, in order.
  std::vector<int> cell_slots, free_slots;
  // Only positional parameters and no cells: a call needs no binding beyond the defaults (ModuleBuilder sets it).
  bool simple_ = true;
  bool simple() const { return simple_; }
  int nargs() const { return nparams + nkwonly + varargs + varkw; } // locals the parameters take
  // How many defaults a call with `given` positional arguments takes, or -1 when the count is wrong.
  int defaults_for(int given) const {
    const int required = nparams - static_cast<int>(defaults.size());
    return given > nparams || given < required ? -1 : nparams - given;
  }
  std::vector<Instr> code;
  std::vector<Value> consts;
  std::vector<std::string> local_names;
  std::vector<int> lines; // source line of each instruction (0 = unknown), parallel to code
  std::vector<int> cols;  // 1-based source column of each instruction (0 = unknown), parallel to code
  // Where each instruction's source ends, and the part a traceback marks with ^ under the rest's ~ (a binary
  // operator, a subscript's brackets), parallel to code; only tracebacks read it.
  struct Span {
    int end_line = 0;
    int end_col = 0; // byte offset just past the end, in end_line
    int anchor_begin = -1, anchor_end = -1; // byte offsets in the start line, or -1
    int lookup_end_col = -1; // a method call: where `obj.name` ends, marked when looking the method up failed
  };
  std::vector<Span> spans;
};

// A whole simulated Python module. Strings (constants, attribute names, exception types) are interned in
// `strings`; the first Sym::count_ entries are the fixed symbols.
struct Program {
  std::string name;
  std::vector<Function> functions;
  std::vector<std::string> globals;
  std::vector<std::string> strings;
  // A call with keyword arguments (CallKw, CallMethodKw): the method called, and the keywords' names in order.
  // For CallEx, names says what each piece is: a positional argument, an iterable to spread (*a), a mapping to
  // spread (**d), or a keyword argument's value (its name).
  struct KwCall {
    StrId method = kNone;
    std::vector<StrId> names;
  };
  std::vector<KwCall> kwcalls;
  FuncId init = kNone; // module top level outside `if __name__ == '__main__'` (re-run by spawn)
  FuncId main = kNone; // the main thread's body
  std::string source;  // the Python program this bytecode stands for, shown to users

  StrId intern(std::string_view s);
  int global_slot(std::string_view name) const; // -1 if absent
  Program();
};

std::string_view op_name(Op op);
std::string_view native_name(Native n);
int native_arity(Native n); // -1 for variadic

} // namespace il
