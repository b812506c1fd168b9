// Shared helpers for the engine tests: run a program or a scenario and read what happened.
#pragma once
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "machine/objects.hpp"
#include "machine/sim.hpp"
#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "vm/builder.hpp"

namespace il::test {

inline std::unique_ptr<Sim> run(Program p, Config cfg = {}) {
  auto s = std::make_unique<Sim>(cfg, std::move(p));
  s->run();
  return s;
}

inline std::unique_ptr<Sim> run_scenario(std::string_view name, Config cfg = {}) {
  const Scenario* sc = find_scenario(name);
  if (!sc) throw std::runtime_error("no scenario " + std::string(name));
  return run(sc->build(), cfg);
}

struct RaisedExc {
  std::string thread, type, message;
};

inline std::vector<RaisedExc> exceptions(const Kernel& s) {
  std::vector<RaisedExc> out;
  for (const TraceRec& r : s.trace().recs)
    if (r.kind == Ev::Exception) out.push_back({s.threads()[r.thread].name, s.str(r.obj), s.str(r.other)});
  return out;
}

// A module whose main() is written by `body`; the lambda gets the module to define helpers first.
template <class F> Program program(F body) {
  ModuleBuilder m("test");
  body(m, m.main());
  return m.finish();
}

inline bool raised(const Kernel& s, std::string_view type, std::string_view message) {
  for (const auto& e : exceptions(s))
    if (e.type == type && e.message == message) return true;
  return false;
}

inline double seconds(const Kernel& s) { return static_cast<double>(s.now()) / 1e9; }

inline const Object* object_named(const Kernel& s, std::string_view name) {
  for (std::size_t i = 0; i < s.object_count(); ++i)
    if (const Object* o = s.object(static_cast<ObjId>(i)); o && o->name == name) return o;
  return nullptr;
}

inline Value global(const Kernel& s, std::string_view name, ProcId p = 0) {
  int slot = s.program().global_slot(name);
  return slot < 0 ? Value::none() : s.processes()[p].globals[slot];
}

// When `line` was printed: the time of the write that ended it (print() writes its pieces, separators and
// newline one by one, as CPython does, so each thread's pieces are joined until its newline), or -1.
inline double printed_at(const Kernel& s, std::string_view line) {
  std::map<ThreadId, std::string> pending;
  for (const TraceRec& r : s.trace().recs) {
    if (r.kind != Ev::Print) continue;
    std::string& buf = pending[r.thread];
    buf += s.str(r.obj);
    for (std::size_t nl; (nl = buf.find('\n')) != std::string::npos; buf.erase(0, nl + 1))
      if (std::string_view(buf).substr(0, nl) == line) return static_cast<double>(r.t) / 1e9;
  }
  return -1;
}

// Compiles a Python program (it must compile) and runs it to the end.
inline std::unique_ptr<Sim> run_source(std::string_view src, Config cfg = {}) {
  py::CompileResult r = py::compile_program(src, "prog.py");
  if (!r.ok()) throw std::runtime_error("the test's program does not compile: " + r.error.format("prog.py"));
  return run(std::move(r.program), cfg);
}

} // namespace il::test
