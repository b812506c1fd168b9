// The simulated modules' table (modules.hpp): CPython 3.11's signatures of the functions calls bind to natives.
#include "python/modules.hpp"

namespace il::py {

namespace {

constexpr Intrinsic kIntrinsics[] = {
    {"threading", "Thread", Native::thread_new, "Thread.__init__", "group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None", "target args name daemon - kwargs"},
    {"threading", "Lock", Native::lock_new, "Lock", "", ""},
    {"threading", "RLock", Native::rlock_new, "RLock", "", ""},
    {"threading", "Semaphore", Native::semaphore_new, "Semaphore.__init__", "value=1", "value"},
    {"threading", "BoundedSemaphore", Native::bounded_semaphore_new, "BoundedSemaphore.__init__", "value=1", "value"},
    {"threading", "Event", Native::event_new, "Event.__init__", "", ""},
    {"threading", "Condition", Native::condition_new, "Condition.__init__", "lock=None", "lock"},
    {"threading", "Barrier", Native::barrier_new, "Barrier.__init__", "parties, action=None, timeout=None", "parties action timeout"},
    {"threading", "Timer", Native::timer_new, "Timer.__init__", "interval, function, args=None, kwargs=None", "interval function args"},
    {"threading", "local", Native::local_new, "local", "", ""},
    {"threading", "current_thread", Native::current_thread, "current_thread", "", ""},
    {"threading", "currentThread", Native::current_thread, "currentThread", "", "",
     "currentThread() is deprecated, use current_thread() instead"},
    {"threading", "active_count", Native::active_count, "active_count", "", ""},
    {"threading", "activeCount", Native::active_count, "activeCount", "", "",
     "activeCount() is deprecated, use active_count() instead"},
    {"threading", "main_thread", Native::main_thread, "main_thread", "", ""},
    {"threading", "get_ident", Native::get_ident, "get_ident", "", ""},
    {"threading", "enumerate", Native::enumerate_threads, "enumerate", "", ""},
    {"_thread", "allocate_lock", Native::lock_new, "allocate_lock", "", ""},
    {"_thread", "get_ident", Native::get_ident, "get_ident", "", ""},
    {"_thread", "start_new_thread", Native::start_new_thread, "start_new_thread", "function, args, kwargs=None",
     "function args"},
    {"queue", "Queue", Native::queue_new, "Queue.__init__", "maxsize=0", "maxsize"},
    {"queue", "LifoQueue", Native::lifo_queue_new, "Queue.__init__", "maxsize=0", "maxsize"},
    {"queue", "PriorityQueue", Native::priority_queue_new, "Queue.__init__", "maxsize=0", "maxsize"},
    {"queue", "SimpleQueue", Native::simple_queue_new, "SimpleQueue", "", ""},
    {"multiprocessing", "Process", Native::process_new, "Process.__init__", "group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None", "target args name daemon"},
    {"multiprocessing", "Queue", Native::mp_queue_new, "Queue", "maxsize=0", "maxsize"},
    {"multiprocessing", "Pipe", Native::pipe_new, "Pipe", "duplex=True", "duplex"},
    {"multiprocessing", "Value", Native::mp_value_new, "Value", "typecode_or_type, value=0, *, lock=True", "typecode_or_type value lock"},
    {"multiprocessing", "Array", Native::mp_array_new, "Array", "typecode_or_type, size_or_initializer, *, lock=True", "typecode_or_type size_or_initializer lock"},
    {"multiprocessing", "Manager", Native::manager_new, "Manager", "", ""},
    {"multiprocessing", "Pool", Native::pool_new, "Pool", "processes=None", "processes"},
    {"multiprocessing.pool", "Pool", Native::pool_new, "Pool", "processes=None", "processes"},
    {"multiprocessing.pool", "ThreadPool", Native::thread_pool_new, "ThreadPool", "processes=None", "processes"},
    {"multiprocessing", "Lock", Native::mp_lock_new, "Lock", "", ""},
    {"multiprocessing", "RLock", Native::mp_rlock_new, "RLock", "", ""},
    {"multiprocessing.queues", "Queue", Native::mp_queue_new, "Queue", "maxsize=0, *, ctx", "maxsize"},
    {"multiprocessing", "cpu_count", Native::cpu_count, "cpu_count", "", ""},
    {"multiprocessing", "current_process", Native::current_process, "current_process", "", ""},
    {"multiprocessing", "set_start_method", Native::set_start_method, "set_start_method", "method", "method"},
    {"multiprocessing", "get_context", Native::get_context, "get_context", "method=None", "method"},
    {"multiprocessing", "get_start_method", Native::get_start_method, "get_start_method", "allow_none=False", "allow_none"},
    {"multiprocessing", "get_all_start_methods", Native::get_all_start_methods, "get_all_start_methods", "", ""},
    {"os", "getpid", Native::getpid, "getpid", "", ""},
    {"os", "getppid", Native::getppid, "getppid", "", ""},
    {"os", "cpu_count", Native::cpu_count, "cpu_count", "", ""},
    {"os", "fork", Native::fork, "fork", "", ""},
    {"time", "sleep", Native::sleep, "sleep", "secs", "secs"},
    {"time", "time", Native::wall_time, "time", "", ""},
    {"time", "perf_counter", Native::time, "perf_counter", "", ""},
    {"time", "monotonic", Native::time, "monotonic", "", ""},
    {"time", "time_ns", Native::time_ns, "time_ns", "", ""},
    {"time", "perf_counter_ns", Native::perf_ns, "perf_counter_ns", "", ""},
    {"time", "monotonic_ns", Native::perf_ns, "monotonic_ns", "", ""},
    {"time", "strftime", Native::strftime, "strftime", "format", "format"},
    {"random", "random", Native::random, "random", "", ""},
    {"random", "randint", Native::randint, "randint", "a, b", "a b"},
    {"random", "uniform", Native::uniform, "uniform", "a, b", "a b"},
    {"random", "choice", Native::choice, "Random.choice", "seq", "seq"},
    {"random", "shuffle", Native::shuffle, "Random.shuffle", "x", "x"},
    {"random", "sample", Native::sample, "Random.sample", "population, k, *, counts=None", "population k"},
    {"time", "process_time", Native::process_time, "process_time", "", ""},
    {"time", "thread_time", Native::thread_time, "thread_time", "", ""},
    {"threading", "get_native_id", Native::native_id, "get_native_id", "", ""},
    {"_thread", "get_native_id", Native::native_id, "get_native_id", "", ""},
    {"os", "_exit", Native::os_exit, "_exit", "status", "status"},
    {"builtins", "id", Native::id, "id", "obj", "obj"},
    {"builtins", "input", Native::input, "input", "prompt=None", "prompt"},
    {"builtins", "type", Native::type_of, "type", "object", "object"},
    {"sys", "exit", Native::exit, "exit", "status=None", "status"},
    {"builtins", "exit", Native::exit, "exit", "status=None", "status"},
    {"builtins", "quit", Native::exit, "quit", "status=None", "status"},
    {"builtins", "len", Native::len, "len", "obj", "obj"},
    {"builtins", "abs", Native::abs, "abs", "x", "x"},
    {"builtins", "round", Native::round, "round", "number, ndigits=None", "number ndigits"},
    {"builtins", "int", Native::int_base, "int", "x=0, base=None", "x base"},
    {"builtins", "float", Native::float_, "float", "x=0", "x"},
    {"builtins", "bool", Native::bool_, "bool", "x=False", "x"},
    {"builtins", "repr", Native::repr, "repr", "obj", "obj"},
    {"builtins", "sorted", Native::sorted, "sorted", "iterable", "iterable"},
    {"builtins", "list", Native::list_of, "list", "iterable=()", "iterable"},
    {"builtins", "tuple", Native::tuple_of, "tuple", "iterable=()", "iterable"},
    {"builtins", "str", Native::str, "str", "object=''", "object"},
    {"builtins", "object", Native::object_new, "object", "", ""},
    {"builtins", "set", Native::set_of, "set", "iterable=()", "iterable"},
    {"builtins", "frozenset", Native::frozenset_of, "frozenset", "iterable=()", "iterable"},
    {"builtins", "hash", Native::hash_, "hash", "obj", "obj"},
    {"builtins", "divmod", Native::divmod_, "divmod", "x, y", "x y"},
    {"builtins", "ord", Native::ord_, "ord", "c", "c"},
    {"builtins", "chr", Native::chr_, "chr", "i", "i"},
    // super().__init__(*args, **kwargs) in a Thread subclass: Thread.__init__ bound when the call runs
    {"threading", "$Thread.__init__", Native::thread_init, "Thread.__init__",
     "self, group=None, target=None, name=None, args=None, kwargs=None, *, daemon=None", "self target args name daemon"},
    {"builtins", "staticmethod", Native::staticmethod_, "staticmethod", "function", "function"},
    {"builtins", "classmethod", Native::classmethod_, "classmethod", "function", "function"},
    {"builtins", "property", Native::property_, "property", "fget=None, fset=None, fdel=None, doc=None", "fget fset fdel doc"},
    {"builtins", "hex", Native::hex_, "hex", "number", "number"},
    {"builtins", "oct", Native::oct_, "oct", "number", "number"},
    {"builtins", "bin", Native::bin_, "bin", "number", "number"},
    {"builtins", "callable", Native::callable_, "callable", "obj", "obj"},
    {"subprocess", "call", Native::subprocess_call, "call",
     "args, *, stdin=None, stdout=None, stderr=None, shell=False, cwd=None, timeout=None", "args shell timeout stdout - -"},
    {"subprocess", "check_call", Native::subprocess_check_call, "check_call",
     "args, *, stdin=None, stdout=None, stderr=None, shell=False, cwd=None, timeout=None", "args shell timeout stdout - -"},
    {"subprocess", "run", Native::subprocess_run, "run",
     "args, *, stdin=None, input=None, stdout=None, stderr=None, capture_output=False, shell=False, cwd=None, "
     "timeout=None, check=False, text=None", "args shell timeout stdout capture_output check"},
    {"subprocess", "Popen", Native::subprocess_popen, "Popen.__init__",
     "args, bufsize=-1, executable=None, stdin=None, stdout=None, stderr=None, preexec_fn=None, close_fds=True, "
     "shell=False, cwd=None, env=None", "args shell - stdout - -"},
    {"os", "system", Native::os_system, "system", "command", "command"},
    {"builtins", "pow", Native::pow_, "pow", "base, exp, mod=None", "base exp mod"},
    {"contextlib", "contextmanager", Native::contextmanager, "contextmanager", "func", "func"},
    {"concurrent.futures", "ThreadPoolExecutor", Native::thread_executor_new, "ThreadPoolExecutor.__init__",
     "max_workers=None, thread_name_prefix='', initializer=None, initargs=()", "max_workers thread_name_prefix"},
    {"concurrent.futures", "ProcessPoolExecutor", Native::process_executor_new, "ProcessPoolExecutor.__init__",
     "max_workers=None, mp_context=None, initializer=None, initargs=(), *, max_tasks_per_child=None", "max_workers"},
    {"concurrent.futures", "as_completed", Native::as_completed_, "as_completed", "fs, timeout=None", "fs timeout"},
    {"concurrent.futures", "wait", Native::futures_wait_, "wait", "fs, timeout=None, return_when='ALL_COMPLETED'",
     "fs timeout return_when"},
};

// The modules a program may import (more names inside them are refused by name when used).
constexpr std::string_view kModules[] = {"threading", "_thread", "queue", "multiprocessing", "os", "time", "random", "sys",
                                        "contextlib", "concurrent.futures", "functools", "subprocess"};

} // namespace

const Intrinsic* find_intrinsic(std::string_view module, std::string_view name) {
  for (const Intrinsic& i : kIntrinsics)
    if (i.module == module && i.name == name) return &i;
  return nullptr;
}

int intrinsic_index(const Intrinsic& in) { return static_cast<int>(&in - kIntrinsics); }

const Intrinsic* intrinsic_at(std::int64_t i) {
  return i >= 0 && i < static_cast<std::int64_t>(std::size(kIntrinsics)) ? &kIntrinsics[i] : nullptr;
}

std::string_view method_params(std::string_view type, std::string_view method) {
  if (type == "str") { // the str methods that take keywords
    static constexpr std::pair<std::string_view, std::string_view> kStr[] = {
        {"split", "sep=None, maxsplit=-1"}, {"rsplit", "sep=None, maxsplit=-1"}, {"splitlines", "keepends=False"},
        {"expandtabs", "tabsize=8"}, {"encode", "encoding='utf-8', errors='strict'"}};
    for (const auto& [m, params] : kStr)
      if (m == method) return params;
    return {};
  }
  if (type == "list" || type == "tuple" || type == "dict") return {}; // their methods take none
  static constexpr std::pair<std::string_view, std::string_view> kMethods[] = {
      {"join", "timeout=None"}, {"acquire", "blocking=True, timeout=-1"}, {"wait", "timeout=None"},
      {"wait_for", "predicate, timeout=None"},
      {"get", "block=True, timeout=None"}, {"put", "item, block=True, timeout=None"},
      {"apply_async", "func, args=(), kwds=None, callback=None, error_callback=None"},
      {"apply", "func, args=()"}, {"map", "func, iterable, chunksize=None"}, {"send", "obj"},
      {"starmap", "func, iterable, chunksize=None"}, {"imap", "func, iterable, chunksize=1"},
      {"imap_unordered", "func, iterable, chunksize=1"},
      {"submit", "fn"}, {"shutdown", "wait=True"}, {"result", "timeout=None"}, {"exception", "timeout=None"}};
  for (const auto& [m, params] : kMethods)
    if (m == method) return params;
  return {};
}

bool module_constant(std::string_view module, std::string_view name, Value& out) {
  // CPython 3.11 on 64-bit Linux: the longest timeout a lock takes, and the largest index.
  if ((module == "_thread" || module == "threading") && name == "TIMEOUT_MAX") out = Value::real(9223372036.0);
  else if (module == "sys" && name == "maxsize") out = Value::integer(9223372036854775807);
  else if (module == "concurrent.futures" && (name == "FIRST_COMPLETED" || name == "FIRST_EXCEPTION" || name == "ALL_COMPLETED"))
    out = Value::unbound(); // a string constant: its own name
  else return false;
  return true;
}

bool is_submodule(std::string_view m) {
  return m == "multiprocessing.queues" || m == "multiprocessing.pool" || m == "concurrent.futures";
}

bool module_has(std::string_view module, std::string_view name) {
  // Names CPython 3.11's modules have that are neither natives nor constants: importing one works, and a use
  // is compiled where it stands (sys.argv) or refused there (the ones not modelled yet).
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"multiprocessing", "Event"}, {"multiprocessing", "Condition"}, {"multiprocessing", "Semaphore"},
      {"multiprocessing", "BoundedSemaphore"}, {"multiprocessing", "Barrier"}, {"multiprocessing", "JoinableQueue"},
      {"multiprocessing", "SimpleQueue"}, {"multiprocessing", "active_children"},
      {"multiprocessing", "parent_process"}, {"multiprocessing", "freeze_support"},
{"multiprocessing", "RawValue"}, {"multiprocessing", "RawArray"},
      {"sys", "argv"}, {"functools", "partial"}, {"functools", "wraps"}, {"functools", "reduce"},
      {"contextlib", "suppress"}};
  for (const auto& [m, n] : kNames)
    if (m == module && n == name) return true;
  return false;
}

bool known_module(std::string_view m) {
  for (std::string_view k : kModules)
    if (k == m || (k.size() > m.size() && k.substr(0, m.size()) == m && k[m.size()] == '.')) return true; // or its package
  return false;
}

std::string modules_list() {
  std::string s;
  for (std::string_view k : kModules) s += (s.empty() ? "" : ", ") + std::string(k);
  return s;
}

// CPython 3.11's builtin exception hierarchy (and the simulated modules' exceptions): each one's parent.
namespace {
constexpr std::pair<std::string_view, std::string_view> kParents[] = {
      {"SystemExit", "BaseException"}, {"KeyboardInterrupt", "BaseException"}, {"GeneratorExit", "BaseException"},
      {"Exception", "BaseException"}, {"ArithmeticError", "Exception"}, {"FloatingPointError", "ArithmeticError"},
      {"OverflowError", "ArithmeticError"}, {"ZeroDivisionError", "ArithmeticError"}, {"AssertionError", "Exception"},
      {"AttributeError", "Exception"}, {"BufferError", "Exception"}, {"EOFError", "Exception"},
      {"ImportError", "Exception"}, {"ModuleNotFoundError", "ImportError"}, {"LookupError", "Exception"},
      {"IndexError", "LookupError"}, {"KeyError", "LookupError"}, {"MemoryError", "Exception"},
      {"NameError", "Exception"}, {"UnboundLocalError", "NameError"}, {"OSError", "Exception"},
      {"BlockingIOError", "OSError"}, {"ChildProcessError", "OSError"}, {"ConnectionError", "OSError"},
      {"BrokenPipeError", "ConnectionError"}, {"ConnectionAbortedError", "ConnectionError"},
      {"ConnectionRefusedError", "ConnectionError"}, {"ConnectionResetError", "ConnectionError"},
      {"FileExistsError", "OSError"}, {"FileNotFoundError", "OSError"}, {"InterruptedError", "OSError"},
      {"IsADirectoryError", "OSError"}, {"NotADirectoryError", "OSError"}, {"PermissionError", "OSError"},
      {"ProcessLookupError", "OSError"}, {"TimeoutError", "OSError"}, {"ReferenceError", "Exception"},
      {"RuntimeError", "Exception"}, {"NotImplementedError", "RuntimeError"}, {"RecursionError", "RuntimeError"},
      {"StopIteration", "Exception"}, {"StopAsyncIteration", "Exception"}, {"SyntaxError", "Exception"},
      {"IndentationError", "SyntaxError"}, {"TabError", "IndentationError"}, {"SystemError", "Exception"},
      {"TypeError", "Exception"}, {"ValueError", "Exception"}, {"UnicodeError", "ValueError"},
      {"UnicodeDecodeError", "UnicodeError"}, {"UnicodeEncodeError", "UnicodeError"},
      {"UnicodeTranslateError", "UnicodeError"}, {"Warning", "Exception"}, {"DeprecationWarning", "Warning"},
      {"RuntimeWarning", "Warning"}, {"UserWarning", "Warning"},
      // threading.BrokenBarrierError, queue.Empty and queue.Full, multiprocessing's errors
      {"BrokenBarrierError", "RuntimeError"}, {"Empty", "Exception"}, {"Full", "Exception"},
      {"CancelledError", "Exception"}, // concurrent.futures (its Error base is not modelled)
      {"ProcessError", "Exception"}, {"AuthenticationError", "ProcessError"}, {"UnpicklingError", "Exception"},
      {"SubprocessError", "Exception"}, {"CalledProcessError", "SubprocessError"}, {"TimeoutExpired", "SubprocessError"}};

// Names in kParents that are not builtins: the simulated modules' exceptions.
bool module_exception_name(std::string_view n) {
  for (std::string_view m : {"BrokenBarrierError", "Empty", "Full", "ProcessError", "AuthenticationError", "UnpicklingError",
                             "SubprocessError", "CalledProcessError", "TimeoutExpired"})
    if (m == n) return true;
  return false;
}
} // namespace

std::string_view exception_parent(std::string_view e) {
  for (const auto& [child, parent] : kParents)
    if (child == e) return parent;
  return {};
}

bool is_exception_name(std::string_view n) {
  // The builtins, and queue's and threading's exceptions, which the runtime raises by name (queue.Empty...).
  if (n == "ProcessError" || n == "AuthenticationError" || n == "UnpicklingError") return false;
  return n == "BaseException" || !exception_parent(n).empty();
}


std::vector<int> native_order(const Intrinsic& in, const std::vector<Param>& params) {
  std::vector<int> order;
  for (std::string_view na = in.native_args; !na.empty();) {
    const std::size_t sp = na.find(' ');
    const std::string_view n = na.substr(0, sp);
    na = sp == std::string_view::npos ? std::string_view{} : na.substr(sp + 1);
    if (n == "-") {
      order.push_back(-1);
      continue;
    }
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].name == n) order.push_back(static_cast<int>(i));
  }
  return order;
}

std::vector<Param> parse_params(std::string_view spec) {
  std::vector<Param> out;
  bool kwonly = false;
  while (!spec.empty()) {
    std::size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item == "*") {
      kwonly = true;
      continue;
    }
    Param p;
    std::size_t eq = item.find('=');
    p.name = std::string(item.substr(0, eq));
    if (eq != std::string_view::npos) p.has_default = true, p.default_text = std::string(item.substr(eq + 1));
    p.keyword_only = kwonly;
    out.push_back(p);
  }
  return out;
}

// CPython 3.11's builtins that are not exceptions (dir(builtins)): a name among them the program does not bind
// is the builtin, which the compiler either takes or refuses by name, never reports as undefined.
namespace {
constexpr std::string_view kBuiltins[] = {
    "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable",
    "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod",
    "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr",
    "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list",
    "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property",
    "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
    "super", "tuple", "type", "vars", "zip", "__import__", "__build_class__", "__debug__"};
} // namespace

std::vector<std::string> builtin_names() {
  std::vector<std::string> out(std::begin(kBuiltins), std::end(kBuiltins));
  out.emplace_back("BaseException");
  for (const auto& [e, parent] : kParents)
    if (!module_exception_name(e)) out.emplace_back(e);
  for (const char* constant : {"None", "Ellipsis", "NotImplemented", "False", "True"}) out.emplace_back(constant);
  return out;
}

bool is_builtin(std::string_view n) {
  for (std::string_view b : kBuiltins)
    if (b == n) return true;
  return is_exception_name(n);
}

} // namespace il::py
