// CPython 3.11's report of an exception nobody caught (Python/traceback.c, Python/pythonrun.c and
// threading.excepthook): a header naming the thread or process, one entry per frame the exception passed
// through, outermost first, each with its source line and, where the failing expression is only part of
// the line, carets under it; then "Type: message".
#include "machine/traceback.hpp"

#include "machine/objects.hpp"

namespace il {

namespace {

// The frames of the standard library a thread or process starts in, as CPython 3.11.7's threading.py and
// multiprocessing/process.py have them (the simulator runs no stdlib source; these stand for it).
struct StdlibFrame {
  const char* file;
  int line;
  const char* function;
  const char* text;
};
constexpr StdlibFrame kBootstrapInner{"<stdlib>/threading.py", 1045, "_bootstrap_inner", "self.run()"};
constexpr StdlibFrame kThreadRun{"<stdlib>/threading.py", 982, "run", "self._target(*self._args, **self._kwargs)"};
constexpr StdlibFrame kTimerRun{"<stdlib>/threading.py", 1401, "run", "self.function(*self.args, **self.kwargs)"};
constexpr StdlibFrame kProcessBootstrap{"<stdlib>/multiprocessing/process.py", 314, "_bootstrap", "self.run()"};
constexpr StdlibFrame kProcessRun{"<stdlib>/multiprocessing/process.py", 108, "run",
                                  "self._target(*self._args, **self._kwargs)"};

void stdlib_entry(std::string& out, const StdlibFrame& f) {
  out += "  File \"" + std::string(f.file) + "\", line " + std::to_string(f.line) + ", in " + f.function + "\n    " +
         f.text + "\n";
}

std::string_view source_line(std::string_view source, int line) {
  std::size_t at = 0;
  for (int l = 1; l < line; ++l) {
    at = source.find('\n', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  return source.substr(at, source.find('\n', at) - at);
}

// Code points in the first `bytes` bytes of UTF-8 text.
int chars(std::string_view text, int bytes) {
  int n = 0;
  for (int i = 0; i < bytes && i < static_cast<int>(text.size()); ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }

void program_entry(std::string& out, const Kernel& sim, FuncId fn_id, int pc, bool lookup) {
  const Program& prog = sim.program();
  const Function& fn = prog.functions[fn_id];
  const int line = fn.lines[pc];
  std::string_view name = fn.name;
  if (const std::size_t dot = name.rfind('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
  out += "  File \"" + prog.name + "\", line " + std::to_string(line) + ", in " + std::string(name) + "\n";
  const std::string_view text = source_line(prog.source, line);
  int lead = 0;
  while (lead < static_cast<int>(text.size()) && is_space(text[lead])) ++lead;
  if (lead == static_cast<int>(text.size())) return;
  out += "    " + std::string(text.substr(lead)) + "\n";
  Function::Span sp = fn.spans[pc];
  if (lookup && sp.lookup_end_col >= 0) sp.end_col = sp.lookup_end_col;
  if (fn.cols[pc] == 0 || sp.end_line == 0) return; // a position the compiler did not know
  const int len = chars(text, static_cast<int>(text.size()));
  const int start = chars(text, fn.cols[pc] - 1);
  int end = sp.end_line == line ? chars(text, sp.end_col) : len;
  if (sp.end_line != line) { // several lines: to the last non-space character of the first
    int last = static_cast<int>(text.size());
    while (last > 0 && is_space(text[last - 1])) --last;
    end = chars(text, last);
  }
  const bool anchored = sp.anchor_begin >= 0;
  if (!anchored && end - start == len - lead) return; // the whole line failed: no carets
  const int a = anchored ? chars(text, sp.anchor_begin) : -1, b = anchored ? chars(text, sp.anchor_end) : -1;
  out += "    ";
  for (int j = lead; j < end; ++j) out += j < start ? " " : !anchored ? "^" : (j >= a && j < b) ? "^" : "~";
  out += "\n";
}

// The frames of a traceback, outermost first (tb is innermost first); runtime helpers have no source line.
void program_entries(std::string& out, const Kernel& sim, const std::vector<Exc::TbEntry>& tb, bool lookup) {
  for (std::size_t i = tb.size(); i-- > 0;) {
    const Exc::TbEntry& entry = tb[i];
    const Function& fn = sim.program().functions[entry.fn];
    if (entry.pc < 0 || entry.pc >= static_cast<int>(fn.code.size()) || fn.lines[entry.pc] == 0) continue;
    program_entry(out, sim, entry.fn, entry.pc, i == 0 && lookup);
  }
}

std::string chain(const Kernel& sim, Value cause, Value context, int depth);

// An exception shown before the one that ended the thread (its cause or context), with its own chain first.
std::string chained(const Kernel& sim, const ExceptionObject& x, int depth) {
  std::string out = chain(sim, x.cause, x.context, depth + 1);
  if (!x.tb.empty()) out += "Traceback (most recent call last):\n";
  program_entries(out, sim, x.tb, false);
  const std::string message = x.str(sim);
  return out + x.type + (message.empty() ? "" : ": " + message) + "\n";
}

// What CPython prints before an exception: its __cause__ ("direct cause"), else its __context__ ("during
// handling") unless `raise ... from None` suppressed it (an Unbound cause).
std::string chain(const Kernel& sim, Value cause, Value context, int depth) {
  if (depth > 100) return {};
  const auto* c = cause.is_obj() ? dynamic_cast<const ExceptionObject*>(sim.object(cause.as_obj())) : nullptr;
  if (c) return chained(sim, *c, depth) + "\nThe above exception was the direct cause of the following exception:\n\n";
  const auto* x = context.is_obj() ? dynamic_cast<const ExceptionObject*>(sim.object(context.as_obj())) : nullptr;
  if (x && cause.tag != Tag::Unbound)
    return chained(sim, *x, depth) + "\nDuring handling of the above exception, another exception occurred:\n\n";
  return {};
}

} // namespace

int raise_line(const Kernel& sim, const Exc& e) {
  for (const Exc::TbEntry& entry : e.tb) { // innermost first
    const Function& fn = sim.program().functions[entry.fn];
    if (entry.pc >= 0 && entry.pc < static_cast<int>(fn.code.size()) && fn.lines[entry.pc] > 0) return fn.lines[entry.pc];
  }
  return 0;
}

std::string format_uncaught(const Kernel& sim, const Thread& t, const Exc& e) {
  std::string out;
  const Process& proc = sim.processes()[t.proc];
  const Object* obj = t.obj == kNone ? nullptr : sim.object(t.obj);
  const auto* thread_obj = t.low_level ? nullptr : dynamic_cast<const ThreadObject*>(obj);
  const bool outermost_is_program = !e.tb.empty();
  const std::string earlier = chain(sim, e.cause, e.context, 0);
  const std::string traceback = earlier + "Traceback (most recent call last):\n";
  if (t.is_main && proc.parent != kNone) {
    out += "Process " + proc.name + ":\n" + traceback;
    stdlib_entry(out, kProcessBootstrap);
    stdlib_entry(out, kProcessRun);
  } else if (t.is_main) {
    out += traceback;
  } else if (thread_obj) {
    out += "Exception in thread " + t.name + ":\n" + traceback;
    stdlib_entry(out, kBootstrapInner);
    if (thread_obj->kind() == "Timer") stdlib_entry(out, kTimerRun);
    else if (thread_obj->run_override.is_none()) stdlib_entry(out, kThreadRun);
  } else { // a _thread.start_new_thread thread
    const Value target = outermost_is_program ? Value::func(e.tb.back().fn) : Value::none();
    out += "Exception ignored in thread started by: " + sim.repr(target) + "\n" + traceback;
  }
  program_entries(out, sim, e.tb, e.in_lookup);
  const std::string& message = sim.str(e.message);
  out += sim.str(e.type) + (message.empty() ? "" : ": " + message);
  if (e.suggestion != kNone) out += ". Did you mean: '" + sim.str(e.suggestion) + "'?";
  out += "\n";
  return out;
}

} // namespace il
