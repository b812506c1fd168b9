// The simulated modules as the compiler sees them: which modules a program may import, the CPython signature
// of each function it binds to a native at compile time, and Python's builtin and exception names.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "vm/bytecode.hpp"

namespace il::py {

struct Intrinsic {
  std::string_view module, name;
  Native native;
  std::string_view qualname;    // as CPython's TypeErrors name it
  std::string_view params;      // CPython's signature, e.g. "group=None, target=None, *, daemon=None"
  std::string_view native_args; // the native's positional arguments, by parameter name ("-": None)
  std::string_view deprecated = {}; // the DeprecationWarning a call prints (Python 2's camelCase names)
};

// module.name's native, or nullptr (builtins are module "builtins").
const Intrinsic* find_intrinsic(std::string_view module, std::string_view name);
int intrinsic_index(const Intrinsic& in);       // its place in the table, as bytecode names it
const Intrinsic* intrinsic_at(std::int64_t i); // nullptr outside the table
// CPython's signature of a simulated object's method that takes keywords ("block=True, timeout=None" for
// Queue.get), or "" when it takes none.
std::string_view method_params(std::string_view type, std::string_view method);
bool known_module(std::string_view m);
bool is_submodule(std::string_view m);                            // multiprocessing.queues, multiprocessing.pool
bool module_has(std::string_view module, std::string_view name); // in CPython's module, not modelled yet
// module.name when it is a constant of the simulated modules (_thread.TIMEOUT_MAX, sys.maxsize), or false.
bool module_constant(std::string_view module, std::string_view name, Value& out);
std::string modules_list(); // "threading, _thread, queue, ..." for ModuleNotFoundError
// CPython 3.11's builtin exception hierarchy and the simulated modules' exceptions: each one's parent ("" for
// BaseException and for names that are none of them).
std::string_view exception_parent(std::string_view e);
bool is_exception_name(std::string_view n); // a builtin exception a `raise` or `except` may name
bool is_builtin(std::string_view n);        // any name of CPython 3.11's builtins module
std::vector<std::string> builtin_names();    // all of them

struct Param {
  std::string name;
  bool has_default = false, keyword_only = false;
  std::string default_text; // None, True, False, 1, 0, '', ()
};
std::vector<Param> parse_params(std::string_view spec);
// The native's arguments as indexes into params (by Intrinsic::native_args; -1: None).
std::vector<int> native_order(const Intrinsic& in, const std::vector<Param>& params);

} // namespace il::py
