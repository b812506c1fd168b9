// Builds the Perfetto/Chrome JSON export in one pass over the trace records, then orders the events by time.
//
// [SECTION] ids and event buffer
// [SECTION] intervals: states, CPUs, held locks, work
// [SECTION] the pass over the trace
// [SECTION] output
#include "perfetto.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>

#include "json.hpp"
#include "objects.hpp"
#include "report.hpp"

namespace il {

namespace {

// [SECTION] ids and event buffer

// Tids are global in Perfetto's JSON importer, so every track gets a distinct number: a thread's state track
// is kThreadTidBase + kTidsPerThread * id, its lock/work lanes follow it, CPU tracks sit below all of them.
constexpr int kThreadTidBase = 100000;
constexpr int kTidsPerThread = 16;
constexpr int kMaxLanes = kTidsPerThread - 1;
constexpr int kCpuTidBase = 10000;

int state_tid(ThreadId t) { return kThreadTidBase + kTidsPerThread * t; }
int lane_tid(ThreadId t, int lane) { return state_tid(t) + 1 + lane; }
int cpu_tid(int cpu) { return kCpuTidBase + cpu; }

// Events sharing a timestamp keep this order: a wake-up's flow start binds to the waker's slice before any
// slice that begins at that instant, its flow end to the wakee's slice that begins then.
enum Rank : int { kFlowStart = 0, kSlice = 1, kOther = 2, kFlowEnd = 3 };

struct Timed {
  Ns ts;
  int rank;
  std::size_t seq;
  std::string json;
};

class Events {
public:
  // Starts an event object with the fields every event has; the caller adds more and calls done().
  JsonWriter& begin(char ph, std::string_view name, int pid, int tid) {
    w_ = JsonWriter();
    w_.begin_object();
    w_.key("ph").str(std::string_view(&ph, 1));
    w_.key("name").str(name);
    w_.key("pid").num(pid);
    w_.key("tid").num(tid);
    return w_;
  }
  // M events: a track's or process's name ("thread_name"/"process_name") or sort position.
  void meta_name(std::string_view kind, int pid, int tid, std::string_view text) {
    begin('M', kind, pid, tid).key("args").begin_object().key("name").str(text).end_object().end_object();
    meta_.push_back(w_.take());
  }
  void meta_sort(std::string_view kind, int pid, int tid, int index) {
    begin('M', kind, pid, tid).key("args").begin_object().key("sort_index").num(index).end_object().end_object();
    meta_.push_back(w_.take());
  }
  void done(Ns ts, int rank) {
    w_.end_object();
    timed_.push_back({ts, rank, timed_.size(), w_.take()});
  }

  std::string finish() {
    std::stable_sort(timed_.begin(), timed_.end(), [](const Timed& a, const Timed& b) {
      return a.ts != b.ts ? a.ts < b.ts : a.rank != b.rank ? a.rank < b.rank : a.seq < b.seq;
    });
    std::string out = "{\"traceEvents\":[\n";
    bool first = true;
    auto add = [&](const std::string& e) {
      if (!first) out += ",\n";
      first = false;
      out += e;
    };
    for (const std::string& m : meta_) add(m);
    for (const Timed& t : timed_) add(t.json);
    out += "\n],\n\"displayTimeUnit\":\"ns\"}\n";
    return out;
  }

private:
  JsonWriter w_;
  std::vector<std::string> meta_;
  std::vector<Timed> timed_;
};

// ts and dur in microseconds, exactly.
void put_time(JsonWriter& w, Ns ts) { w.key("ts").raw(format_micros(ts)); }
void put_dur(JsonWriter& w, Ns d) { w.key("dur").raw(format_micros(d)); }

double micros(Ns t) { return static_cast<double>(t) / 1000.0; }

// The duration to write for a slice [start, end): readers add ts + dur as doubles in microseconds (Chrome
// DevTools drops a slice whose sum lands even one ulp past the next slice's ts or its parent's end), so
// shorten it by a nanosecond or two until start + dur stays within limit_us. micros() rounds exactly like a
// JSON reader parsing our three-decimal text (both are the correctly rounded quotient), so this is
// deterministic; Perfetto truncates dur to whole nanoseconds anyway.
Ns safe_dur(Ns start, Ns end, double limit_us) {
  Ns d = end - start;
  while (d > 0 && micros(start) + micros(d) > limit_us) --d;
  return d;
}

// [SECTION] intervals: states, CPUs, held locks, work

struct OpenState {
  bool open = false;
  ThreadState state = ThreadState::New;
  Ns since = 0;
  int cpu = -1;
  std::string reason;
};

struct LaneItem {
  Ns start, end;
  std::string name, cat;
  std::string args; // a JSON object
  std::size_t seq;
};

struct Hold {
  ThreadId t;
  Ns since;
  bool waited;
};

// Perfetto's thread-state names, where one fits; the simulator's own name goes in args.
std::string_view perfetto_state(ThreadState s) {
  switch (s) {
  case ThreadState::Running: return "Running";
  case ThreadState::Ready: return "Runnable";
  case ThreadState::Io: return "Uninterruptible Sleep";
  case ThreadState::Done: return "Dead";
  default: return "Sleeping";
  }
}

// Greedy lane packing so slices on each lane nest: a lane accepts an interval if it starts after the lane's
// open intervals end or lies inside the innermost one. Lock hand-overs that are not LIFO need a second lane.
// Also picks each slice's written duration so that, in a reader's doubles, it ends within its parent.
struct Placed {
  int lane;
  Ns dur;
};

std::vector<Placed> assign_lanes(std::vector<LaneItem>& items) {
  std::sort(items.begin(), items.end(), [](const LaneItem& a, const LaneItem& b) {
    return a.start != b.start ? a.start < b.start : a.end != b.end ? a.end > b.end : a.seq < b.seq;
  });
  struct Open {
    Ns end;
    double written_end_us;
  };
  std::vector<std::vector<Open>> lanes; // per lane, its open intervals (a stack)
  std::vector<Placed> out;
  for (const LaneItem& it : items) {
    int chosen = -1;
    for (std::size_t l = 0; l < lanes.size() && chosen < 0; ++l) {
      auto& stack = lanes[l];
      while (!stack.empty() && stack.back().end <= it.start) stack.pop_back();
      if (stack.empty() || stack.back().end >= it.end) chosen = static_cast<int>(l);
    }
    if (chosen < 0) {
      if (static_cast<int>(lanes.size()) < kMaxLanes) {
        lanes.emplace_back();
        chosen = static_cast<int>(lanes.size()) - 1;
      } else {
        chosen = kMaxLanes - 1; // pathological: let the viewer put the overlap on its overflow track
      }
    }
    auto& stack = lanes[static_cast<std::size_t>(chosen)];
    double limit = micros(it.end);
    if (!stack.empty()) limit = std::min(limit, stack.back().written_end_us);
    Ns dur = safe_dur(it.start, it.end, limit);
    stack.push_back({it.end, micros(it.start) + micros(dur)});
    out.push_back({chosen, dur});
  }
  return out;
}

// [SECTION] the pass over the trace

class Exporter {
public:
  Exporter(const Sim& sim, bool basic) : sim_(sim), basic_(basic) {
    const auto& procs = sim.processes();
    for (const Process& p : procs) used_pids_.insert(p.pid);
    while (used_pids_.count(cpu_pid_)) ++cpu_pid_;
    states_.resize(sim.threads().size());
    lanes_.resize(sim.threads().size());
    work_since_.assign(sim.threads().size(), -1);
    gil_holder_.assign(procs.size(), kNone);
    // Two objects with one name in one process (a loop storing Lock() in the same variable) would share a
    // counter track; those get their object id appended.
    std::map<std::pair<ProcId, std::string>, int> seen;
    for (std::size_t i = 0; i < sim.object_count(); ++i) {
      const Object& o = *sim.object(static_cast<ObjId>(i));
      ++seen[{o.owner, o.name}];
    }
    for (std::size_t i = 0; i < sim.object_count(); ++i) {
      const Object& o = *sim.object(static_cast<ObjId>(i));
      counter_names_.push_back(seen[{o.owner, o.name}] > 1 ? o.name + " #" + std::to_string(i) : o.name);
    }
  }

  std::string run() {
    metadata();
    for (const TraceRec& r : sim_.trace().recs) record(r);
    finish_open(sim_.now());
    lanes();
    return ev_.finish();
  }

private:
  int pid_of(ProcId p) const {
    return p >= 0 && static_cast<std::size_t>(p) < sim_.processes().size() ? sim_.processes()[p].pid : cpu_pid_;
  }
  int thread_pid(ThreadId t) const { return pid_of(sim_.threads()[t].proc); }
  bool valid_thread(ThreadId t) const { return t >= 0 && static_cast<std::size_t>(t) < sim_.threads().size(); }
  std::string obj_name(ObjId o) const {
    return o >= 0 && static_cast<std::size_t>(o) < sim_.object_count() ? sim_.object(o)->name : std::string("?");
  }

  // Every event names a tid, and Perfetto creates a thread for each (pid, tid) it sees; process-level
  // events use the process's main thread track so no phantom threads appear.
  int process_tid(ProcId p) const {
    ThreadId main = sim_.processes()[p].main;
    return valid_thread(main) ? state_tid(main) : state_tid(0);
  }

  void metadata() {
    const auto& procs = sim_.processes();
    ev_.meta_name("process_name", cpu_pid_, cpu_tid(0), "CPUs");
    ev_.meta_sort("process_sort_index", cpu_pid_, cpu_tid(0), 0);
    for (const Cpu& c : sim_.cpus()) {
      std::string n = "CPU " + std::to_string(c.id) + " (core " + std::to_string(c.core) + ")";
      ev_.meta_name("thread_name", cpu_pid_, cpu_tid(c.id), n);
      ev_.meta_sort("thread_sort_index", cpu_pid_, cpu_tid(c.id), c.id);
    }
    for (std::size_t i = 0; i < procs.size(); ++i) {
      ev_.meta_name("process_name", procs[i].pid, process_tid(static_cast<ProcId>(i)), procs[i].name);
      ev_.meta_sort("process_sort_index", procs[i].pid, process_tid(static_cast<ProcId>(i)), static_cast<int>(i) + 1);
    }
    for (const Thread& t : sim_.threads()) {
      ev_.meta_name("thread_name", thread_pid(t.id), state_tid(t.id), t.name);
      ev_.meta_sort("thread_sort_index", thread_pid(t.id), state_tid(t.id), kTidsPerThread * t.id);
    }
  }

  // Why a thread is in state s, told from what the trace has said so far (not from the final state).
  std::string reason(const TraceRec& r) const {
    const Thread& t = sim_.threads()[r.thread];
    switch (r.state) {
    case ThreadState::New: return "created, not started yet";
    case ThreadState::Ready: return "runnable, waiting for a CPU";
    case ThreadState::Running: return "running on CPU " + std::to_string(r.cpu);
    case ThreadState::WaitGil: {
      ThreadId h = gil_holder_[t.proc];
      return "waiting for the GIL" + (valid_thread(h) ? ", held by " + thread_label(sim_, h) : std::string());
    }
    case ThreadState::Sleeping: return "sleeping";
    case ThreadState::Io: return "waiting for I/O";
    case ThreadState::Done: return "finished";
    case ThreadState::Blocked: break;
    case ThreadState::count_: break;
    }
    if (r.obj == kNone || static_cast<std::size_t>(r.obj) >= sim_.object_count()) return "blocked";
    const Object& o = *sim_.object(r.obj);
    if (auto* th = dynamic_cast<const ThreadObject*>(&o); th && valid_thread(th->tid))
      return "joining " + thread_label(sim_, th->tid);
    if (dynamic_cast<const ProcessObject*>(&o)) return "joining process " + o.name;
    std::string s = "blocked on " + o.name + " (" + std::string(o.kind()) + ")";
    auto it = holds_.find(r.obj);
    if (it != holds_.end() && !it->second.empty()) {
      const char* sep = ", held by ";
      for (const Hold& h : it->second) {
        s += sep + thread_label(sim_, h.t);
        sep = ", ";
      }
    }
    return s;
  }

  // at_end: the run is over; a thread stuck at that instant (the last lock of a deadlock) still gets its
  // zero-length slice so the final state is visible.
  void close_state(ThreadId t, Ns now, bool at_end = false) {
    OpenState& st = states_[t];
    if (!st.open) return;
    st.open = false;
    if (st.state == ThreadState::Done || now < st.since || (now == st.since && !at_end)) return;
    Ns dur = safe_dur(st.since, now, micros(now));
    JsonWriter& w = ev_.begin('X', to_string(st.state), thread_pid(t), state_tid(t));
    w.key("cat").str("state");
    put_time(w, st.since);
    put_dur(w, dur);
    w.key("args").begin_object();
    if (st.state == ThreadState::Running) w.key("cpu").num(st.cpu);
    w.key("reason").str(st.reason);
    w.end_object();
    ev_.done(st.since, kSlice);
    if (st.state == ThreadState::Running && st.cpu >= 0) {
      JsonWriter& c = ev_.begin('X', thread_label(sim_, t), cpu_pid_, cpu_tid(st.cpu));
      c.key("cat").str("cpu");
      put_time(c, st.since);
      put_dur(c, dur);
      c.key("args").begin_object().key("thread").str(thread_label(sim_, t)).key("pid").num(thread_pid(t));
      c.end_object();
      ev_.done(st.since, kSlice);
    }
  }

  void add_lane_item(ThreadId t, Ns start, Ns end, std::string name, std::string cat, std::string args) {
    lanes_[t].push_back({start, end, std::move(name), std::move(cat), std::move(args), seq_++});
  }

  void close_hold(ObjId o, const Hold& h, Ns now) {
    JsonWriter a;
    a.begin_object().key("lock").str(obj_name(o)).key("waited").boolean(h.waited).end_object();
    add_lane_item(h.t, h.since, now, "hold " + obj_name(o), "lock", a.take());
  }

  void close_work(ThreadId t, Ns now, Ns requested) {
    if (work_since_[t] < 0) return;
    JsonWriter a;
    a.begin_object();
    if (requested > 0) a.key("requested_ns").num(requested);
    a.end_object();
    add_lane_item(t, work_since_[t], now, "cpu work", "work", a.take());
    work_since_[t] = -1;
  }

  void instant(const TraceRec& r, std::string_view name, std::string_view cat, std::string_view key1,
               std::string_view val1, std::string_view key2 = {}, std::string_view val2 = {}) {
    if (!valid_thread(r.thread)) return;
    JsonWriter& w = ev_.begin('i', name, thread_pid(r.thread), state_tid(r.thread));
    w.key("cat").str(cat).key("s").str("t");
    put_time(w, r.t);
    w.key("args").begin_object().key(key1).str(val1);
    if (!key2.empty()) w.key(key2).str(val2);
    w.end_object();
    ev_.done(r.t, kOther);
  }

  void record(const TraceRec& r) {
    switch (r.kind) {
    case Ev::ThreadNew: break;
    case Ev::State: {
      if (!valid_thread(r.thread)) break;
      close_state(r.thread, r.t);
      if (r.state == ThreadState::Done) close_work(r.thread, r.t, 0); // killed mid-work
      states_[r.thread] = {true, r.state, r.t, r.cpu, reason(r)};
      if (!basic_) {
        JsonWriter& w = ev_.begin('T', perfetto_state(r.state), thread_pid(r.thread), state_tid(r.thread));
        put_time(w, r.t);
        w.key("args").begin_object();
        if (r.state == ThreadState::Running) w.key("cpu").num(r.cpu);
        w.key("state").str(to_string(r.state));
        w.end_object();
        ev_.done(r.t, kOther);
      }
      break;
    }
    case Ev::Acquire:
      if (valid_thread(r.thread)) holds_[r.obj].push_back({r.thread, r.t, r.value != 0});
      break;
    case Ev::Release: {
      // A plain Lock or a Semaphore may be released by a thread that does not hold it; then the longest
      // held acquisition ends.
      auto& hs = holds_[r.obj];
      if (hs.empty()) break;
      auto it = std::find_if(hs.begin(), hs.end(), [&](const Hold& h) { return h.t == r.thread; });
      if (it == hs.end()) it = hs.begin();
      close_hold(r.obj, *it, r.t);
      hs.erase(it);
      break;
    }
    case Ev::Wake: {
      if (basic_ || !valid_thread(r.thread) || !valid_thread(r.other)) break;
      ++flow_id_;
      std::string name = r.obj != kNone ? "wake via " + obj_name(r.obj) : r.value == 1 ? "wake via GIL" : "wake";
      JsonWriter& s = ev_.begin('s', name, thread_pid(r.other), state_tid(r.other));
      s.key("cat").str("wake").key("id").num(flow_id_);
      put_time(s, r.t);
      ev_.done(r.t, kFlowStart);
      JsonWriter& f = ev_.begin('f', name, thread_pid(r.thread), state_tid(r.thread));
      f.key("cat").str("wake").key("id").num(flow_id_).key("bp").str("e");
      put_time(f, r.t);
      ev_.done(r.t, kFlowEnd);
      break;
    }
    case Ev::Counter: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= sim_.object_count()) break;
      const Object& o = *sim_.object(r.obj);
      int pid = pid_of(o.owner);
      // Perfetto files a counter under the process of the event's thread.
      int tid = o.owner >= 0 ? process_tid(o.owner) : cpu_tid(0);
      JsonWriter& w = ev_.begin('C', counter_names_[r.obj], pid, tid);
      w.key("cat").str("primitive");
      put_time(w, r.t);
      w.key("args").begin_object().key("value").num(r.value).end_object();
      ev_.done(r.t, kOther);
      break;
    }
    case Ev::Gil: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= gil_holder_.size()) break;
      gil_holder_[r.obj] = r.thread;
      // holder is the simulated thread's index (its position in the summary's "threads"), -1 when free.
      JsonWriter& w = ev_.begin('C', "GIL holder", pid_of(r.obj), process_tid(r.obj));
      w.key("cat").str("gil");
      put_time(w, r.t);
      w.key("args").begin_object().key("holder").num(r.thread).end_object();
      ev_.done(r.t, kOther);
      break;
    }
    case Ev::Exception: {
      std::string type = r.obj == kNone ? "" : sim_.str(r.obj);
      std::string msg = r.other == kNone ? "" : sim_.str(r.other);
      instant(r, msg.empty() ? type : type + ": " + msg, "exception", "type", type, "message", msg);
      break;
    }
    case Ev::Print: instant(r, "print", "print", "text", r.obj == kNone ? "" : sim_.str(r.obj)); break;
    case Ev::ProcStart:
    case Ev::ProcExit: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= sim_.processes().size()) break;
      std::string name = r.kind == Ev::ProcStart ? "process start" : "exit code " + std::to_string(r.value);
      JsonWriter& w = ev_.begin('i', name, pid_of(r.obj), process_tid(r.obj));
      w.key("cat").str("process").key("s").str("p");
      put_time(w, r.t);
      ev_.done(r.t, kOther);
      break;
    }
    case Ev::WorkBegin:
      if (!valid_thread(r.thread)) break;
      close_work(r.thread, r.t, 0);
      work_since_[r.thread] = r.t;
      work_requested_[r.thread] = r.value;
      break;
    case Ev::WorkEnd:
      if (valid_thread(r.thread)) close_work(r.thread, r.t, work_requested_[r.thread]);
      break;
    case Ev::count_: break;
    }
  }

  void finish_open(Ns now) {
    for (std::size_t t = 0; t < states_.size(); ++t) {
      close_state(static_cast<ThreadId>(t), now, true);
      close_work(static_cast<ThreadId>(t), now, work_requested_[static_cast<ThreadId>(t)]);
    }
    for (auto& [obj, hs] : holds_) // still held at the end (a deadlock, or a lock never released)
      for (const Hold& h : hs) close_hold(obj, h, now);
  }

  void lanes() {
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      auto t = static_cast<ThreadId>(i);
      std::vector<LaneItem>& items = lanes_[i];
      if (items.empty()) continue;
      std::vector<Placed> placed = assign_lanes(items);
      int used = 0;
      for (const Placed& p : placed) used = std::max(used, p.lane + 1);
      for (int l = 0; l < used; ++l) {
        std::string n = sim_.threads()[i].name + " locks" + (l ? " " + std::to_string(l + 1) : "");
        ev_.meta_name("thread_name", thread_pid(t), lane_tid(t, l), n);
        ev_.meta_sort("thread_sort_index", thread_pid(t), lane_tid(t, l), kTidsPerThread * t + 1 + l);
      }
      for (std::size_t k = 0; k < items.size(); ++k) {
        const LaneItem& it = items[k];
        JsonWriter& w = ev_.begin('X', it.name, thread_pid(t), lane_tid(t, placed[k].lane));
        w.key("cat").str(it.cat);
        put_time(w, it.start);
        put_dur(w, placed[k].dur);
        w.key("args").raw(it.args);
        ev_.done(it.start, kSlice);
      }
    }
  }

  const Sim& sim_;
  Events ev_;
  bool basic_;
  std::set<int> used_pids_;
  int cpu_pid_ = 1;
  std::vector<OpenState> states_;
  std::vector<std::vector<LaneItem>> lanes_;
  std::vector<Ns> work_since_;
  std::map<ThreadId, Ns> work_requested_;
  std::map<ObjId, std::vector<Hold>> holds_;
  std::vector<ThreadId> gil_holder_;
  std::vector<std::string> counter_names_;
  std::int64_t flow_id_ = 0;
  std::size_t seq_ = 0;
};

} // namespace

// [SECTION] output

std::string perfetto_json(const Sim& sim, bool basic_only) { return Exporter(sim, basic_only).run(); }

} // namespace il
