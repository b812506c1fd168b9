// subprocess (call, check_call, run, Popen) and os.system. The simulator runs no external program: a child
// process stands for the command (forked and exec'd, as posix_spawn does, so it never imports the main
// module again), with the output, run time and exit status of the commands it knows: echo, false, ps (the
// simulated machine's own processes), sleep and true. Any other command is refused by name when it is started.
#include <cmath>
#include <cstdio>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

constexpr Ns kCommandNs = kMilli; // what a small command takes once exec'd
constexpr std::string_view kCommands[] = {"echo", "false", "ps", "sleep", "true"};

std::string program_name(std::string_view path) { return std::string(path.substr(path.rfind('/') + 1)); }

bool known_command(std::string_view name) {
  for (std::string_view k : kCommands)
    if (k == name) return true;
  return false;
}

// The command line as Popen takes it: a list or tuple of strs, or a str (with shell=True, words split on
// spaces as sh splits plain words; without it, the program's whole name).
bool command_argv(Kernel& sim, Thread& t, Value args, bool shell, std::vector<std::string>& argv) {
  if (args.tag == Tag::Str) {
    const std::string& line = sim.str(args.as_str());
    if (!shell) {
      argv.push_back(line);
      return true;
    }
    std::size_t at = 0;
    while (at < line.size()) {
      const std::size_t start = line.find_first_not_of(" \t", at);
      if (start == std::string::npos) break;
      const std::size_t end = line.find_first_of(" \t", start);
      argv.push_back(line.substr(start, end - start));
      at = end == std::string::npos ? line.size() : end;
    }
    return true;
  }
  const auto* l = sim.as<ListObject>(args);
  if (!l) {
    sim.raise(t, "TypeError", "'" + type_name(sim, args) + "' object is not iterable");
    return false;
  }
  for (Value v : l->items) {
    if (v.tag != Tag::Str) {
      sim.raise(t, "TypeError", "expected str, bytes or os.PathLike object, not " + type_name(sim, v));
      return false;
    }
    argv.push_back(sim.str(v.as_str()));
  }
  if (shell) { // sh -c 'a b c': the first item is the shell's command line
    std::vector<std::string> words;
    if (!argv.empty() && !command_argv(sim, t, Value::str(sim.intern(argv[0])), true, words)) return false;
    argv = std::move(words);
  }
  return true;
}

// `ps` (-l: the long format) of the simulated machine: each live process, the ps child itself last.
std::string ps_table(const Kernel& sim, ProcId self, bool long_format) {
  std::string out = long_format ? "F S   UID   PID  PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD\n"
                                : "  PID TTY          TIME CMD\n";
  for (const Process& p : sim.processes()) {
    if (!p.alive) continue;
    std::string cmd = "python3";
    if (const auto* po = p.obj == kNone ? nullptr : dynamic_cast<const PopenObject*>(sim.object(p.obj))) cmd = po->name;
    const int ppid = p.parent == kNone ? sim.root_parent_pid() : sim.processes()[p.parent].pid;
    char line[160];
    if (long_format)
      std::snprintf(line, sizeof line, "0 %c  1000 %5d %5d  0  80   0 - %5d %-6s pts/0    00:00:00 %s\n",
                    p.id == self ? 'R' : 'S', p.pid, ppid, p.id == self ? 2000 : 6000, p.id == self ? "-" : "do_wai",
                    cmd.c_str());
    else
      std::snprintf(line, sizeof line, "%5d pts/0    00:00:00 %s\n", p.pid, cmd.c_str());
    out += line;
  }
  return out;
}

Value str_list_repr(Kernel& sim, Value v) { return Value::str(sim.intern(sim.repr(v))); }

std::string seconds_text(Kernel& sim, Value v) { return sim.display(v); }

} // namespace

Outcome subprocess_native(Native n, Call& c) {
  Kernel& sim = c.sim;
  Thread& t = c.t;
  switch (n) {
  case Native::subprocess_call:
  case Native::subprocess_check_call:
  case Native::subprocess_run:
  case Native::subprocess_popen:
  case Native::os_system: {
    // (args, shell, timeout, stdout, capture_output, check): $subprocess with the mode (0 call, 1 check_call,
    // 2 run, 3 Popen, 4 os.system)
    if (!c.arg(3).is_none() || Interp::truthy(sim, c.arg(4)))
      return sim.raise(t, "NotImplementedError", "capturing a command's output (stdout=, capture_output=) is not supported by the simulator");
    const std::int64_t mode = n == Native::subprocess_call ? 0 : n == Native::subprocess_check_call ? 1
                              : n == Native::subprocess_run ? 2 : n == Native::subprocess_popen ? 3 : 4;
    const Value a[5] = {c.arg(0), n == Native::os_system ? Value::boolean(true) : c.arg(1), c.arg(2), Value::integer(mode),
                        Value::boolean(Interp::truthy(sim, c.arg(5)))};
    return sim.invoke(t, Value::func(sim.prelude("$subprocess")), a);
  }
  case Native::popen_new: { // (args, shell): the child, not started yet
    std::vector<std::string> argv;
    if (!command_argv(sim, t, c.arg(0), Interp::truthy(sim, c.arg(1)), argv)) return Outcome::Raised;
    if (argv.empty()) return sim.raise(t, "IndexError", "list index out of range");
    const std::string name = program_name(argv[0]);
    if (argv[0].find(' ') != std::string::npos) // a whole command line taken for a program's name
      return sim.raise(t, "FileNotFoundError", "[Errno 2] No such file or directory: '" + argv[0] + "'");
    if (!known_command(name))
      return sim.raise(t, "NotImplementedError", "the command '" + name + "' is not supported by the simulator (it runs "
                                                 "echo, false, ps, sleep and true)");
    auto words = std::make_unique<ListObject>();
    for (const std::string& w : argv) words->items.push_back(Value::str(sim.intern(w)));
    const Value list = Value::obj(sim.add_object(std::move(words), t.proc));
    auto target_args = std::make_unique<ListObject>();
    target_args->items.push_back(list);
    auto p = std::make_unique<PopenObject>();
    p->target = Value::func(sim.prelude("$subprocess_main"));
    p->args = Value::obj(sim.add_object(std::move(target_args), t.proc));
    p->argv = list;
    p->given = c.arg(0);
    p->name = name;
    p->named = true;
    p->creator = t.proc;
    c.ret = Value::obj(sim.add_object(std::move(p), t.proc));
    return Outcome::Done;
  }
  case Native::subprocess_exec: { // in the child: (stdout text, stderr text, seconds, exit status)
    const auto* l = sim.as<ListObject>(c.arg(0));
    std::vector<std::string> argv;
    for (Value v : l->items) argv.push_back(sim.str(v.as_str()));
    const std::string name = program_name(argv[0]);
    std::string out, err;
    double seconds = static_cast<double>(kCommandNs) / kSecond;
    std::int64_t code = 0;
    if (name == "echo") {
      for (std::size_t i = 1; i < argv.size(); ++i) out += (i > 1 ? " " : "") + argv[i];
      out += "\n";
    } else if (name == "false") {
      code = 1;
    } else if (name == "sleep") {
      char* end = nullptr;
      const double s = argv.size() > 1 ? std::strtod(argv[1].c_str(), &end) : -1;
      // GNU coreutils' messages
      if (argv.size() < 2) err = "sleep: missing operand\nTry 'sleep --help' for more information.\n", code = 1;
      else if (*end != '\0' || !(s >= 0) || !std::isfinite(s))
        err = "sleep: invalid time interval \u2018" + argv[1] + "\u2019\nTry 'sleep --help' for more information.\n", code = 1;
      else seconds += s;
    } else if (name == "ps") {
      bool long_format = false;
      for (std::size_t i = 1; i < argv.size(); ++i) long_format = long_format || argv[i].find('l') != std::string::npos;
      out = ps_table(sim, t.proc, long_format);
    }
    auto r = std::make_unique<TupleObject>();
    r->items = {Value::str(sim.intern(out)), Value::str(sim.intern(err)), Value::real(seconds), Value::integer(code)};
    c.ret = Value::obj(sim.add_object(std::move(r), t.proc));
    return Outcome::Done;
  }
  case Native::completed_process: {
    auto r = std::make_unique<CompletedProcessObject>();
    r->args = c.arg(0);
    r->returncode = c.arg(1).i;
    c.ret = Value::obj(sim.add_object(std::move(r), t.proc));
    return Outcome::Done;
  }
  case Native::subprocess_error: { // (0 TimeoutExpired or 1 CalledProcessError, the Popen, the timeout)
    const auto* p = sim.as<PopenObject>(c.arg(1));
    const std::string cmd = sim.display(str_list_repr(sim, p ? p->given : Value::none()));
    if (c.arg(0).i == 0)
      return sim.raise(t, "TimeoutExpired", "Command '" + cmd + "' timed out after " + seconds_text(sim, c.arg(2)) + " seconds");
    const int code = p && p->proc != kNone ? sim.process(p->proc).exit_code : 0;
    if (code < 0) return sim.raise(t, "CalledProcessError", "Command '" + cmd + "' died with signal " + std::to_string(-code) + ".");
    return sim.raise(t, "CalledProcessError", "Command '" + cmd + "' returned non-zero exit status " + std::to_string(code) + ".");
  }
  default: return sim.raise(t, "SystemError", "not a subprocess native");
  }
}

// [SECTION] Popen and CompletedProcess

Outcome PopenObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  const std::string& n = sim.str(m);
  if (n == "wait" || n == "communicate") {
    const Value a[3] = {Value::obj(id), c.arg(0), Value::boolean(n == "communicate")};
    return sim.invoke(c.t, Value::func(sim.prelude("$popen_wait")), a);
  }
  if (n == "poll") return get_attr(sim, c.t, sim.intern("returncode"), c.ret) ? Outcome::Done : Outcome::Raised;
  return ProcessObject::call_named(c, m); // kill, terminate
}

bool PopenObject::get_attr(Kernel& sim, Thread& t, StrId name, Value& out) {
  const std::string& n = sim.str(name);
  if (n == "returncode") out = proc == kNone || alive(sim) ? Value::none() : Value::integer(sim.process(proc).exit_code);
  else if (n == "args") out = given;
  else if (n == "pid") out = proc == kNone ? Value::none() : Value::integer(sim.process(proc).pid);
  else if (n == "stdout" || n == "stderr" || n == "stdin") out = Value::none(); // no pipes
  else return n == "exitcode" || n == "name" ? ProcessObject::get_attr(sim, t, name, out) : false;
  return true;
}

std::string PopenObject::repr(const Kernel& sim) const {
  const std::string code = proc == kNone || alive(sim) ? "None" : std::to_string(sim.processes()[proc].exit_code);
  return "<Popen: returncode: " + code + " args: " + sim.repr(given) + ">";
}

Outcome CompletedProcessObject::call_named(Call& c, StrId m) {
  if (c.sim.str(m) != "check_returncode") return Object::call_named(c, m);
  if (returncode == 0) return Outcome::Done;
  return c.sim.raise(c.t, "CalledProcessError", "Command '" + c.sim.display(args) + "' returned non-zero exit status " +
                                                    std::to_string(returncode) + ".");
}

bool CompletedProcessObject::get_attr(Kernel& sim, Thread& t, StrId name, Value& out) {
  (void)t;
  const std::string& n = sim.str(name);
  if (n == "args") out = args;
  else if (n == "returncode") out = Value::integer(returncode);
  else if (n == "stdout" || n == "stderr") out = Value::none();
  else return false;
  return true;
}

std::string CompletedProcessObject::repr(const Kernel& sim) const {
  return "CompletedProcess(args=" + sim.repr(args) + ", returncode=" + std::to_string(returncode) + ")";
}

} // namespace il
