// Reports derived from a run (any Kernel): the text trace, Stats, the JSON summary and the human summary.
//
// [SECTION] names and values
// [SECTION] text trace
// [SECTION] statistics
// [SECTION] JSON summary
// [SECTION] human summary
#include "trace/report.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "machine/objects.hpp"
#include "trace/json.hpp"
#include "trace/sha256.hpp"

namespace il {

// [SECTION] names and values

std::string_view to_string(RunEnd e) {
  switch (e) {
  case RunEnd::Finished: return "finished";
  case RunEnd::Deadlock: return "deadlock";
  case RunEnd::Livelock: return "livelock";
  case RunEnd::TimeLimit: return "time_limit";
  case RunEnd::InstructionLimit: return "instruction_limit";
  case RunEnd::Stopped: return "stopped";
  }
  return "?";
}

std::string stop_reason(const Kernel& sim) {
  switch (sim.end()) {
  case RunEnd::InstructionLimit:
    return "it ran " + std::to_string(sim.config().max_instructions) + " instructions, the budget --max-instructions sets";
  case RunEnd::TimeLimit:
    return "it reached " + decimal_trimmed(sim.config().max_time_ns, 9) + " s of simulated time, the limit --max-sim-seconds sets";
  case RunEnd::Stopped:
    return "it was stopped at " + decimal_trimmed(sim.now(), 9) + " s of simulated time";
  default: return {};
  }
}

namespace {

// Names come from user programs; a newline in one must not split a trace line.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[(c >> 4) & 15];
      out += kHex[c & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string object_name(const Kernel& sim, ObjId o) {
  if (o < 0 || static_cast<std::size_t>(o) >= sim.object_count() || !sim.object(o)) return "?";
  return one_line(sim.object(o)->name);
}

std::string process_name(const Kernel& sim, ProcId p) {
  if (p < 0 || static_cast<std::size_t>(p) >= sim.processes().size()) return "?";
  return one_line(sim.processes()[p].name);
}

std::string string_at(const Kernel& sim, StrId s) { return s == kNone ? std::string() : sim.str(s); }

std::string exception_text(const Kernel& sim, StrId type, StrId message) {
  std::string msg = string_at(sim, message);
  return string_at(sim, type) + (msg.empty() ? "" : ": " + msg);
}

// What an object shows as a shared value: itself for data (lists, dicts, multiprocessing's Value, Array and
// Namespace), a manager proxy's referent, nullptr for machinery (locks, threads, pools, connections...).
const Object* as_data(const Kernel& sim, const Object& o, int depth = 0) {
  if (auto* p = dynamic_cast<const ProxyObject*>(&o)) {
    if (p->referent < 0 || static_cast<std::size_t>(p->referent) >= sim.object_count() || depth > 4 ||
        !sim.object(p->referent))
      return nullptr;
    return as_data(sim, *sim.object(p->referent), depth + 1);
  }
  std::vector<Value> items;
  bool scalar = false;
  if (dynamic_cast<const ListObject*>(&o) || dynamic_cast<const DictObject*>(&o) ||
      dynamic_cast<const NamespaceObject*>(&o) || o.shared_items(items, scalar))
    return &o;
  return nullptr;
}

// Is v worth showing as a shared variable? Containers count unless they only hold machinery (a list of
// threads is bookkeeping, not a result).
bool is_data(const Kernel& sim, Value v, int depth = 0) {
  if (v.tag == Tag::Func) return false;
  if (!v.is_obj()) return true;
  if (depth > 8) return true; // self-referential containers
  const Object* o = as_data(sim, *sim.object(v.as_obj()));
  if (!o) return false;
  auto any_data = [&](const std::vector<Value>& items) {
    return items.empty() ||
           std::any_of(items.begin(), items.end(), [&](Value x) { return is_data(sim, x, depth + 1); });
  };
  if (auto* l = dynamic_cast<const ListObject*>(o)) return any_data(l->items);
  if (auto* d = dynamic_cast<const DictObject*>(o)) return any_data(d->vals);
  if (auto* n = dynamic_cast<const NamespaceObject*>(o)) return any_data(n->vals);
  return true;
}

void write_value(const Kernel& sim, Value v, int depth, JsonWriter& w) {
  switch (v.tag) {
  case Tag::None: w.null(); return;
  case Tag::Bool: w.boolean(v.i != 0); return;
  case Tag::Int: w.num(v.i); return;
  case Tag::Float:
    // JSON has no inf or nan; %.15g text (Kernel::repr) is otherwise valid JSON and identical everywhere.
    if (std::isfinite(v.f)) w.raw(sim.repr(v)); else w.null();
    return;
  case Tag::Str: w.str(sim.str(v.as_str())); return;
  case Tag::Func: w.str(sim.repr(v)); return;
  case Tag::Unbound: w.null(); return; // not assigned yet
  case Tag::Obj: break;
  }
  const Object* o = as_data(sim, *sim.object(v.as_obj()));
  auto array = [&](const auto& items) {
    w.begin_array();
    for (Value x : items) write_value(sim, x, depth + 1, w);
    w.end_array();
  };
  std::vector<Value> shared;
  bool scalar = false;
  if (depth > 16) {
    w.str("...");
  } else if (!o) {
    w.str(sim.repr(v));
  } else if (auto* l = dynamic_cast<const ListObject*>(o)) {
    array(l->items);
  } else if (o->shared_items(shared, scalar)) {
    if (scalar) write_value(sim, shared.front(), depth + 1, w);
    else array(shared);
  } else if (auto* d = dynamic_cast<const DictObject*>(o)) {
    w.begin_object();
    for (std::size_t i = 0; i < d->keys.size() && i < d->vals.size(); ++i) {
      w.key(sim.display(d->keys[i]));
      write_value(sim, d->vals[i], depth + 1, w);
    }
    w.end_object();
  } else if (auto* n = dynamic_cast<const NamespaceObject*>(o)) {
    w.begin_object();
    for (std::size_t i = 0; i < n->names.size() && i < n->vals.size(); ++i) {
      w.key(sim.str(n->names[i]));
      write_value(sim, n->vals[i], depth + 1, w);
    }
    w.end_object();
  } else {
    w.str(sim.repr(v));
  }
}

// Python's repr of the final value; a Value shows its number, a proxy what it refers to.
std::string value_repr(const Kernel& sim, Value v) {
  if (!v.is_obj()) return sim.repr(v);
  const Object* o = as_data(sim, *sim.object(v.as_obj()));
  std::vector<Value> shared;
  bool scalar = false;
  if (o && o->shared_items(shared, scalar) && scalar) return sim.repr(shared.front());
  if (o && o->id != v.as_obj()) return sim.repr(Value::obj(o->id));
  return sim.repr(v);
}

} // namespace

std::string thread_label(const Kernel& sim, ThreadId t) {
  if (t < 0 || static_cast<std::size_t>(t) >= sim.threads().size()) return "?";
  const Thread& th = sim.threads()[t];
  if (sim.processes().size() <= 1) return one_line(th.name);
  return process_name(sim, th.proc) + "/" + one_line(th.name);
}

// [SECTION] text trace

std::string trace_line(const Kernel& sim, const TraceRec& r) {
  std::string s = format_seconds(r.t);
  s += ' ';
  auto who = [&] { s += thread_label(sim, r.thread); };
  switch (r.kind) {
  case Ev::ThreadNew:
    who();
    s += " new in " + process_name(sim, r.obj);
    break;
  case Ev::State:
    who();
    s += ' ';
    s += to_string(r.state);
    if (r.state == ThreadState::Running) s += " cpu=" + std::to_string(r.cpu);
    if (r.obj != kNone) s += " on " + object_name(sim, r.obj);
    break;
  case Ev::Acquire:
    who();
    s += " acquire " + object_name(sim, r.obj);
    if (r.value) s += " waited";
    break;
  case Ev::Release:
    who();
    s += " release " + object_name(sim, r.obj);
    break;
  case Ev::Wake:
    who();
    s += " woken by ";
    s += r.other == kNone ? "timer" : thread_label(sim, r.other);
    if (r.obj != kNone) s += " via " + object_name(sim, r.obj);
    else if (r.value == 1) s += " via GIL";
    break;
  case Ev::Counter:
    s += "counter " + object_name(sim, r.obj) + "=" + std::to_string(r.value);
    break;
  case Ev::Gil:
    s += "gil " + process_name(sim, r.obj) + " -> ";
    s += r.thread == kNone ? "free" : thread_label(sim, r.thread);
    if (r.value == 1) s += " (forced)";
    break;
  case Ev::Exception:
    who();
    s += " exception " + one_line(exception_text(sim, r.obj, r.other));
    break;
  case Ev::Print:
    who();
    s += (r.value == static_cast<int>(Stream::Stderr) ? " stderr " : " print ") + json_string(string_at(sim, r.obj));
    break;
  case Ev::ProcStart: {
    s += "process " + process_name(sim, r.obj);
    if (r.obj >= 0 && static_cast<std::size_t>(r.obj) < sim.processes().size())
      s += " pid=" + std::to_string(sim.processes()[r.obj].pid);
    s += " start";
    if (r.other != kNone) s += " parent " + process_name(sim, r.other);
    break;
  }
  case Ev::ProcExit:
    s += "process " + process_name(sim, r.obj) + " exit code=" + std::to_string(r.value);
    break;
  case Ev::WorkBegin:
    who();
    s += " work " + format_seconds(r.value) + "s";
    break;
  case Ev::WorkEnd:
    who();
    s += " work done";
    break;
  case Ev::count_: assert(false); break;
  }
  return s;
}

void write_text_trace(const Kernel& sim, const TextSink& sink) {
  // In megabyte pieces: a long run's text trace is hundreds of megabytes that need not exist at once.
  std::string buf;
  for (const TraceRec& r : sim.trace().recs) {
    buf += trace_line(sim, r);
    buf += '\n';
    if (buf.size() >= (1u << 20)) {
      sink(buf);
      buf.clear();
    }
  }
  if (!buf.empty()) sink(buf);
}

std::string text_trace(const Kernel& sim) {
  std::string out;
  write_text_trace(sim, [&out](std::string_view piece) { out += piece; });
  return out;
}

std::string trace_sha256(const Kernel& sim) {
  Sha256 h;
  write_text_trace(sim, [&h](std::string_view piece) { h.update(piece); });
  return h.hex();
}

// [SECTION] statistics

Stats compute_stats(const Kernel& sim) {
  Stats st;
  st.makespan_ns = sim.now();
  st.end = sim.end();
  const auto& procs = sim.processes();

  for (const Thread& t : sim.threads()) {
    ThreadStats& ts = st.threads.emplace_back();
    ts.name = t.name;
    ts.pid = procs[t.proc].pid;
    ts.process_name = procs[t.proc].name;
    ts.state = t.state;
    for (int i = 0; i < kStateCount; ++i) ts.ns[i] = t.in_state[i];
    // After run() the current state is already counted (state_since == now); mid-run it is not yet.
    ts.ns[static_cast<int>(t.state)] += sim.now() - t.state_since;
    ts.voluntary_switches = t.voluntary_switches;
    ts.involuntary_switches = t.involuntary_switches;
    if (t.uncaught.active()) ts.uncaught = exception_text(sim, t.uncaught.type, t.uncaught.message);
    st.voluntary_switches += t.voluntary_switches;
    st.involuntary_switches += t.involuntary_switches;
  }

  for (const Process& p : procs) {
    ProcessStats& ps = st.processes.emplace_back();
    ps.pid = p.pid;
    ps.ppid = p.parent == kNone ? 0 : procs[p.parent].pid;
    ps.name = p.name;
    ps.exited = !p.alive;
    ps.exit_code = p.exit_code;
    st.gil_handoffs += p.gil.handoffs;
  }

  for (const Cpu& c : sim.cpus()) {
    CpuStats& cs = st.cpus.emplace_back();
    cs.cpu = c.id;
    cs.core = c.core;
    cs.busy_ns = c.busy_ns + (c.cur != kNone ? sim.now() - c.busy_since : 0);
    cs.switch_ns = c.switch_ns;
    Ns busy = std::clamp<Ns>(cs.busy_ns, 0, st.makespan_ns);
    // Rounded half up in integers (busy <= makespan, so the product fits for runs up to ~10 days).
    cs.utilization_e4 = st.makespan_ns > 0 ? (busy * 10000 + st.makespan_ns / 2) / st.makespan_ns : 0;
  }

  if (!procs.empty()) {
    const Program& prog = sim.program();
    const Process& first = procs[0];
    for (std::size_t i = 0; i < prog.globals.size() && i < first.globals.size(); ++i) {
      const std::string& name = prog.globals[i];
      Value v = first.globals[i];
      if (name.empty() || name[0] == '$' || !is_data(sim, v)) continue;
      JsonWriter w;
      write_value(sim, v, 0, w);
      st.shared.push_back({name, w.take(), value_repr(sim, v)});
    }
  }

  for (std::size_t i = 0; i < sim.object_count(); ++i) {
    const Object* live = sim.object(static_cast<ObjId>(i));
    if (!live || !live->is_primitive()) continue; // (an id the collector freed)
    const Object& o = *live;
    st.primitives.push_back({o.name, std::string(o.kind()), o.stats.acquisitions, o.stats.contended,
                             o.stats.max_holders});
  }

  for (const TraceRec& r : sim.trace().recs)
    if (r.kind == Ev::Exception)
      st.exceptions.push_back({thread_label(sim, r.thread), string_at(sim, r.obj), string_at(sim, r.other)});
  return st;
}

// [SECTION] JSON summary

std::string summary_json(const Kernel& sim, std::string_view scenario_name) {
  return summary_json(sim, compute_stats(sim), scenario_name);
}

std::string summary_json(const Kernel& sim, const Stats& st, std::string_view scenario_name) {
  const Config& cfg = sim.config();
  JsonWriter w(2);
  w.begin_object();
  w.key("scenario").str(scenario_name);

  w.key("config").begin_object();
  w.key("cores").num(cfg.cores);
  w.key("smt").num(cfg.smt);
  w.key("smt_gain").raw(decimal_trimmed(std::llround(cfg.smt_gain * 10000), 4));
  w.key("slice_ms").raw(decimal_trimmed(cfg.slice_ns, 6));
  w.key("switch_interval_ms").raw(decimal_trimmed(cfg.switch_interval_ns, 6));
  w.key("gil").str(to_string(cfg.gil));
  w.key("switch_points").str(to_string(cfg.switch_points));
  w.key("ctx_switch_us").raw(decimal_trimmed(cfg.ctx_switch_ns, 3));
  w.key("wake_us").raw(decimal_trimmed(cfg.wake_latency_ns, 3));
  w.key("seed").raw(std::to_string(cfg.seed));
  w.key("start_method").str(to_string(cfg.start_method));
  w.end_object();

  w.key("end").str(to_string(st.end));
  w.key("makespan_ns").num(st.makespan_ns);

  w.key("threads").begin_array();
  for (const ThreadStats& t : st.threads) {
    w.begin_object();
    w.key("name").str(t.name);
    w.key("process").num(t.pid);
    w.key("process_name").str(t.process_name);
    w.key("state").str(to_string(t.state));
    w.key("ns").begin_object();
    for (int i = 0; i < kStateCount; ++i) w.key(to_string(static_cast<ThreadState>(i))).num(t.ns[i]);
    w.end_object();
    w.key("voluntary_switches").num(t.voluntary_switches);
    w.key("involuntary_switches").num(t.involuntary_switches);
    w.key("uncaught");
    if (t.uncaught.empty()) w.null(); else w.str(t.uncaught);
    w.end_object();
  }
  w.end_array();

  w.key("processes").begin_array();
  for (const ProcessStats& p : st.processes) {
    w.begin_object();
    w.key("pid").num(p.pid);
    w.key("ppid");
    if (p.ppid == 0) w.null(); else w.num(p.ppid);
    w.key("name").str(p.name);
    w.key("exit_code");
    if (p.exited) w.num(p.exit_code); else w.null();
    w.end_object();
  }
  w.end_array();

  w.key("cpus").begin_array();
  for (const CpuStats& c : st.cpus) {
    w.begin_object();
    w.key("cpu").num(c.cpu);
    w.key("core").num(c.core);
    w.key("utilization").raw(fixed_ratio(c.utilization_e4, 10000, 4));
    w.key("busy_ns").num(c.busy_ns);
    w.key("switch_ns").num(c.switch_ns);
    w.end_object();
  }
  w.end_array();

  w.key("shared").begin_object();
  for (const SharedVar& v : st.shared) w.key(v.name).raw(v.json);
  w.end_object();

  w.key("primitives").begin_array();
  for (const PrimitiveRow& p : st.primitives) {
    w.begin_object();
    w.key("name").str(p.name);
    w.key("kind").str(p.kind);
    w.key("acquisitions").num(p.acquisitions);
    w.key("contended").num(p.contended);
    w.key("max_holders").num(p.max_holders);
    w.end_object();
  }
  w.end_array();

  w.key("context_switches").begin_object();
  w.key("voluntary").num(st.voluntary_switches);
  w.key("involuntary").num(st.involuntary_switches);
  w.end_object();
  w.key("gil_handoffs").num(st.gil_handoffs);
  // The collector (machine/collect.cpp): the bytes are its estimate after a collection (0 before the first).
  const Kernel::MemoryStats& mem = sim.memory();
  w.key("memory").begin_object();
  w.key("collections").num(mem.collections);
  w.key("objects_freed").num(mem.objects_freed);
  w.key("strings_freed").num(mem.strings_freed);
  w.key("live_bytes").num(mem.live_bytes);
  w.key("peak_bytes").num(mem.peak_bytes);
  w.end_object();

  w.key("exceptions").begin_array();
  for (const ExceptionRow& e : st.exceptions) {
    w.begin_object();
    w.key("thread").str(e.thread);
    w.key("type").str(e.type);
    w.key("message").str(e.message);
    w.end_object();
  }
  w.end_array();

  w.key("output").begin_array();
  for (const std::string& line : sim.output()) w.str(line);
  w.end_array();
  // The streams as python3 would have written them, and the exit status of the first process (null while
  // it has not ended: a deadlock or a time limit stopped the run).
  w.key("stdout").str(sim.stream(Stream::Stdout));
  w.key("stderr").str(sim.stream(Stream::Stderr));
  w.key("exit_code");
  if (const Process& main = sim.processes().front(); main.exit_code != kNone) w.num(main.exit_code);
  else w.null();

  const DeadlockReport& dl = sim.deadlock();
  w.key("deadlock");
  if (!dl.found) {
    w.null();
  } else {
    w.begin_object();
    w.key("cycle").begin_array();
    for (std::size_t i = 0; i < dl.cycle_threads.size(); ++i) {
      w.begin_object();
      w.key("thread").str(thread_label(sim, dl.cycle_threads[i]));
      w.key("waits_for").str(i < dl.cycle_objs.size() ? object_name(sim, dl.cycle_objs[i]) : "?");
      w.end_object();
    }
    w.end_array();
    w.key("text").str(dl.text);
    w.end_object();
  }

  w.key("trace_sha256").str(trace_sha256(sim));
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

// [SECTION] human summary

std::string text_summary(const Kernel& sim, std::string_view scenario_name) {
  const Stats st = compute_stats(sim);
  const Config& cfg = sim.config();
  auto ms = [](Ns ns) { return fixed_ratio(ns, kMilli, 3) + " ms"; };
  std::string s;
  s += "scenario " + std::string(scenario_name) + ": " + std::string(to_string(st.end)) + " after " +
       format_seconds(st.makespan_ns) + " s (simulated)\n";
  s += "machine: " + std::to_string(cfg.cores) + " cores x " + std::to_string(cfg.smt) + " SMT, slice " +
       decimal_trimmed(cfg.slice_ns, 6) + " ms, GIL " + std::string(to_string(cfg.gil)) + " (switch interval " +
       decimal_trimmed(cfg.switch_interval_ns, 6) + " ms, switch points " +
       std::string(to_string(cfg.switch_points)) + "), seed " + std::to_string(cfg.seed) + "\n";

  s += "threads:\n";
  for (std::size_t i = 0; i < st.threads.size(); ++i) {
    const ThreadStats& t = st.threads[i];
    s += "  " + thread_label(sim, static_cast<ThreadId>(i)) + " [" + std::string(to_string(t.state)) + "]";
    const char* sep = ": ";
    for (int k = 0; k < kStateCount; ++k) {
      auto state = static_cast<ThreadState>(k);
      if (t.ns[k] == 0 || state == ThreadState::Done) continue;
      s += sep + std::string(to_string(state)) + " " + ms(t.ns[k]);
      sep = ", ";
    }
    if (!t.uncaught.empty()) s += "; died of " + t.uncaught;
    s += '\n';
  }

  s += "cpu utilization:";
  for (const CpuStats& c : st.cpus) s += " " + std::to_string(c.cpu) + ":" + fixed_ratio(c.utilization_e4, 100, 1) + "%";
  s += "\ncontext switches: " + std::to_string(st.voluntary_switches) + " voluntary, " +
       std::to_string(st.involuntary_switches) + " involuntary; GIL hand-offs: " + std::to_string(st.gil_handoffs) +
       "\n";

  if (!st.shared.empty()) {
    s += "shared:\n";
    for (const SharedVar& v : st.shared) s += "  " + v.name + " = " + v.repr + "\n";
  }
  if (!st.primitives.empty()) {
    s += "primitives:\n";
    for (const PrimitiveRow& p : st.primitives)
      s += "  " + p.name + " (" + p.kind + "): " + std::to_string(p.acquisitions) + " acquisitions, " +
           std::to_string(p.contended) + " contended, at most " + std::to_string(p.max_holders) + " holders\n";
  }
  if (!st.exceptions.empty()) {
    s += "exceptions:\n";
    for (const ExceptionRow& e : st.exceptions)
      s += "  " + e.thread + ": " + e.type + (e.message.empty() ? "" : ": " + e.message) + "\n";
  }
  if (sim.deadlock().found) s += sim.deadlock().text + "\n";
  if (!sim.output().empty()) {
    s += "output:\n";
    for (const std::string& line : sim.output()) s += "  " + line + "\n";
  }
  if (const std::string& err = sim.stream(Stream::Stderr); !err.empty()) {
    s += "stderr:\n";
    for (std::size_t at = 0; at < err.size();) {
      const std::size_t nl = std::min(err.find('\n', at), err.size());
      s += "  " + err.substr(at, nl - at) + "\n";
      at = nl + 1;
    }
  }
  return s;
}

} // namespace il
