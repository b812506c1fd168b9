// Builds the Perfetto/Chrome JSON export in two passes over the trace records: the first finds when every
// interval (a state, a held lock, a piece of work) ends, the second writes each slice at its start, so the
// output comes out in time order and streams to the sink without holding the whole document. Both passes
// keep their place between calls, so a UI can export a run of millions of records a slice per frame.
//
// [SECTION] ids, times and output order
// [SECTION] pass 1: interval ends
// [SECTION] pass 2: events (output, tracks and names, slices, records)
// [SECTION] PerfettoWriter: the passes in bounded steps
// [SECTION] entry points
#include "trace/perfetto.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "machine/objects.hpp"
#include "trace/json.hpp"

namespace il {

namespace {

// [SECTION] ids, times and output order

// Tids are global in Perfetto's JSON importer, so every track gets a distinct number: a thread's state track
// is kThreadTidBase + kTidsPerThread * id, its lock/work lanes follow it, CPU tracks sit below all of them.
constexpr int kThreadTidBase = 100000;
constexpr int kTidsPerThread = 16;
constexpr int kMaxLanes = kTidsPerThread - 1;
constexpr int kCpuTidBase = 10000;

int state_tid(ThreadId t) { return kThreadTidBase + kTidsPerThread * t; }
int lane_tid(ThreadId t, int lane) { return state_tid(t) + 1 + lane; }
int cpu_tid(int cpu) { return kCpuTidBase + cpu; }

// Readers order events by timestamp and keep file order among equal ones. Within one instant a wake-up's
// flow start must bind to the waker's slice before any slice that begins then, and its flow end ("bp":"e",
// enclosing slice) to the wakee's slice that begins then.
enum Rank : int { kMeta = 0, kFlowStart = 1, kSlice = 2, kOther = 3, kFlowEnd = 4 };

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

// Who holds what, from Acquire/Release records. A plain Lock or a Semaphore may be released by a thread that
// does not hold it; then the longest-held acquisition ends. Both passes use this so they agree.
class Holds {
public:
  struct Hold {
    ThreadId t;
    std::size_t rec; // index of its Acquire record
  };
  void acquire(ObjId o, ThreadId t, std::size_t rec) { by_obj_[o].push_back({t, rec}); }
  // The acquisition a release by t ends, removed; nothing if o is not held.
  std::optional<Hold> release(ObjId o, ThreadId t) {
    auto found = by_obj_.find(o);
    if (found == by_obj_.end() || found->second.empty()) return std::nullopt;
    auto& hs = found->second;
    auto it = std::find_if(hs.begin(), hs.end(), [&](const Hold& h) { return h.t == t; });
    if (it == hs.end()) it = hs.begin();
    Hold h = *it;
    hs.erase(it);
    return h;
  }
  const std::vector<Hold>* holders(ObjId o) const {
    auto it = by_obj_.find(o);
    return it == by_obj_.end() ? nullptr : &it->second;
  }

private:
  std::map<ObjId, std::vector<Hold>> by_obj_;
};

// [SECTION] pass 1: interval ends

constexpr Ns kStillOpen = -1;

// When each interval ends (kStillOpen: at the end of the run). `end` for every State, Acquire and WorkBegin
// record; `cpu_end` for a Running state, when the next thread starts running on that CPU. In a simulation
// that is never before `end` (one thread per CPU at a time); a real run samples each thread's CPU, and the OS
// may have moved it meanwhile, so its CPU lane stops where the next thread is seen there.
struct Ends {
  std::vector<Ns> end, cpu_end;
};

// Finds them a bounded number of records at a time.
class IntervalEnds {
public:
  explicit IntervalEnds(const Kernel& sim)
      : sim_(sim), end_(sim.trace().recs.size(), kStillOpen), cpu_end_(sim.trace().recs.size(), kStillOpen),
        none_(sim.trace().recs.size()), last_state_(sim.threads().size(), none_),
        open_work_(sim.threads().size(), none_), last_on_cpu_(sim.cpus().size(), none_) {}

  // Reads up to max_records more records; true once all are read.
  bool step(std::size_t max_records) {
    const auto& recs = sim_.trace().recs;
    assert(recs.size() == end_.size()); // the trace must not grow while it is exported
    const std::size_t stop = next_ + std::min(max_records, recs.size() - next_);
    for (; next_ < stop; ++next_) read(next_, recs[next_]);
    return done();
  }
  bool done() const { return next_ == end_.size(); }
  std::size_t position() const { return next_; }
  Ends take() {
    assert(done());
    return {std::move(end_), std::move(cpu_end_)};
  }

private:
  bool valid(ThreadId t) const { return t >= 0 && static_cast<std::size_t>(t) < last_state_.size(); }
  void read(std::size_t i, const TraceRec& r) {
    switch (r.kind) {
    case Ev::State:
      if (!valid(r.thread)) break;
      if (last_state_[r.thread] != none_) end_[last_state_[r.thread]] = r.t;
      last_state_[r.thread] = i;
      if (r.state == ThreadState::Running && r.cpu >= 0 && static_cast<std::size_t>(r.cpu) < last_on_cpu_.size()) {
        if (last_on_cpu_[r.cpu] != none_) cpu_end_[last_on_cpu_[r.cpu]] = r.t;
        last_on_cpu_[r.cpu] = i;
      }
      if (r.state == ThreadState::Done && open_work_[r.thread] != none_) { // killed mid-work
        end_[open_work_[r.thread]] = r.t;
        open_work_[r.thread] = none_;
      }
      break;
    case Ev::Acquire:
      if (valid(r.thread)) holds_.acquire(r.obj, r.thread, i);
      break;
    case Ev::Release:
      if (auto h = holds_.release(r.obj, r.thread)) end_[h->rec] = r.t;
      break;
    case Ev::WorkBegin:
      if (!valid(r.thread)) break;
      if (open_work_[r.thread] != none_) end_[open_work_[r.thread]] = r.t;
      open_work_[r.thread] = i;
      break;
    case Ev::WorkEnd:
      if (valid(r.thread) && open_work_[r.thread] != none_) {
        end_[open_work_[r.thread]] = r.t;
        open_work_[r.thread] = none_;
      }
      break;
    default: break;
    }
  }

  const Kernel& sim_;
  std::vector<Ns> end_, cpu_end_;
  std::size_t none_; // "no record": the record count
  std::vector<std::size_t> last_state_, open_work_, last_on_cpu_;
  Holds holds_;
  std::size_t next_ = 0;
};

// [SECTION] pass 2: events

class Exporter {
public:
  Exporter(const Kernel& sim, bool basic, Ends ends)
      : sim_(sim), basic_(basic), end_(std::move(ends.end)), cpu_end_(std::move(ends.cpu_end)) {
    assert(end_.size() == sim.trace().recs.size());
    const auto& procs = sim.processes();
    std::set<int> used_pids;
    for (const Process& p : procs) used_pids.insert(p.pid);
    while (used_pids.count(cpu_pid_)) ++cpu_pid_;
    lanes_.resize(sim.threads().size());
    gil_holder_.assign(procs.size(), kNone);
    // Two objects with one name in one process (a loop storing Lock() in the same variable) would share a
    // counter track; those get their object id appended.
    std::map<std::pair<ProcId, std::string>, int> seen;
    for (std::size_t i = 0; i < sim.object_count(); ++i)
      if (const Object* o = sim.object(static_cast<ObjId>(i))) ++seen[{o->owner, o->name}];
    for (std::size_t i = 0; i < sim.object_count(); ++i) {
      const Object* o = sim.object(static_cast<ObjId>(i)); // nullptr: freed by the collector, never traced
      counter_names_.push_back(!o ? std::string() : seen[{o->owner, o->name}] > 1 ? o->name + " #" + std::to_string(i) : o->name);
    }
  }

  // Writes the events of up to max_records more records (the opening and the metadata come with the first
  // call, the closing with the last) and hands what it wrote to sink; true once the document is complete.
  bool step(std::size_t max_records, const TextSink& sink) {
    assert(!done_);
    const auto& recs = sim_.trace().recs;
    assert(recs.size() == end_.size()); // the trace must not grow while it is exported
    sink_ = &sink;
    if (!started_) {
      started_ = true;
      out_ = "{\"traceEvents\":[\n";
      metadata();
    }
    const std::size_t stop = next_ + std::min(max_records, recs.size() - next_);
    for (; next_ < stop; ++next_) {
      if (recs[next_].t != group_ts_) flush_group();
      group_ts_ = recs[next_].t;
      record(next_, recs[next_]);
    }
    if (next_ == recs.size()) {
      flush_group();
      out_ += "\n],\n\"displayTimeUnit\":\"ns\"}\n";
      done_ = true;
    }
    if (!out_.empty()) sink(out_);
    out_.clear();
    sink_ = nullptr;
    return done_;
  }
  std::size_t position() const { return next_; }

private:
  struct Timed {
    int rank;
    std::size_t seq;
    std::string json;
  };
  struct LaneItem {
    ThreadId t;
    Ns start, end;
    std::string name, cat, args; // args: a JSON object
    std::size_t seq;
  };
  struct LaneOpen {
    Ns end;
    double written_end_us;
  };

  // --- output ---

  JsonWriter& begin(char ph, std::string_view name, int pid, int tid) {
    w_ = JsonWriter();
    w_.begin_object();
    w_.key("ph").str(std::string_view(&ph, 1));
    w_.key("name").str(name);
    w_.key("pid").num(pid);
    w_.key("tid").num(tid);
    return w_;
  }
  void done(int rank) {
    w_.end_object();
    group_.push_back({rank, seq_++, w_.take()});
  }
  void emit(const std::string& event) {
    if (!first_) out_ += ",\n";
    first_ = false;
    out_ += event;
    if (out_.size() >= (1u << 20)) { // hand over in megabyte pieces: long runs export gigabytes
      (*sink_)(out_);
      out_.clear();
    }
  }
  // M events: a track's or process's name ("thread_name"/"process_name") or sort position.
  void meta_name(std::string_view kind, int pid, int tid, std::string_view text) {
    begin('M', kind, pid, tid).key("args").begin_object().key("name").str(text).end_object();
    done(kMeta);
  }
  void meta_sort(std::string_view kind, int pid, int tid, int index) {
    begin('M', kind, pid, tid).key("args").begin_object().key("sort_index").num(index).end_object();
    done(kMeta);
  }

  void flush_group() {
    place_lane_items();
    std::stable_sort(group_.begin(), group_.end(),
                     [](const Timed& a, const Timed& b) { return a.rank != b.rank ? a.rank < b.rank : a.seq < b.seq; });
    for (const Timed& e : group_) emit(e.json);
    group_.clear();
  }

  // --- tracks and names ---

  bool valid_thread(ThreadId t) const { return t >= 0 && static_cast<std::size_t>(t) < sim_.threads().size(); }
  bool valid_object(ObjId o) const {
    return o >= 0 && static_cast<std::size_t>(o) < sim_.object_count() && sim_.object(o);
  }
  int pid_of(ProcId p) const {
    return p >= 0 && static_cast<std::size_t>(p) < sim_.processes().size() ? sim_.processes()[p].pid : cpu_pid_;
  }
  int thread_pid(ThreadId t) const { return pid_of(sim_.threads()[t].proc); }
  std::string obj_name(ObjId o) const { return valid_object(o) ? sim_.object(o)->name : std::string("?"); }
  // Every event names a tid, and Perfetto creates a thread for each (pid, tid) it sees; process-level
  // events use the process's main thread track so no phantom threads appear.
  int process_tid(ProcId p) const {
    ThreadId main = sim_.processes()[p].main;
    return valid_thread(main) ? state_tid(main) : state_tid(0);
  }
  Ns end_of(std::size_t rec) const { return end_[rec] == kStillOpen ? sim_.now() : end_[rec]; }

  void metadata() {
    const auto& procs = sim_.processes();
    meta_name("process_name", cpu_pid_, cpu_tid(0), "CPUs");
    meta_sort("process_sort_index", cpu_pid_, cpu_tid(0), 0);
    for (const Cpu& c : sim_.cpus()) {
      std::string n = "CPU " + std::to_string(c.id) + " (core " + std::to_string(c.core) + ")";
      meta_name("thread_name", cpu_pid_, cpu_tid(c.id), n);
      meta_sort("thread_sort_index", cpu_pid_, cpu_tid(c.id), c.id);
    }
    for (std::size_t i = 0; i < procs.size(); ++i) {
      auto p = static_cast<ProcId>(i);
      meta_name("process_name", procs[i].pid, process_tid(p), procs[i].name);
      meta_sort("process_sort_index", procs[i].pid, process_tid(p), static_cast<int>(i) + 1);
    }
    for (const Thread& t : sim_.threads()) {
      meta_name("thread_name", thread_pid(t.id), state_tid(t.id), t.name);
      meta_sort("thread_sort_index", thread_pid(t.id), state_tid(t.id), kTidsPerThread * t.id);
    }
    flush_group();
  }

  // Why a thread enters state r.state, told from what the trace has said so far (not the final state).
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
    case ThreadState::Blocked:
    case ThreadState::count_: break;
    }
    if (!valid_object(r.obj)) return "blocked";
    const Object& o = *sim_.object(r.obj);
    if (auto* th = dynamic_cast<const ThreadObject*>(&o); th && valid_thread(th->tid))
      return "joining " + thread_label(sim_, th->tid);
    if (dynamic_cast<const ProcessObject*>(&o)) return "joining process " + o.name;
    std::string s = "blocked on " + o.name + " (" + std::string(o.kind()) + ")";
    if (const auto* hs = holds_.holders(r.obj)) {
      const char* sep = ", held by ";
      for (const Holds::Hold& h : *hs) {
        s += sep + thread_label(sim_, h.t);
        sep = ", ";
      }
    }
    return s;
  }

  // --- slices ---

  void state_slice(std::size_t i, const TraceRec& r) {
    ThreadId t = r.thread;
    bool at_end = end_[i] == kStillOpen;
    Ns end = end_of(i);
    // Zero-length states are noise, except one the run ends in (the last lock of a deadlock).
    if (r.state == ThreadState::Done || end < r.t || (end == r.t && !at_end)) return;
    Ns dur = safe_dur(r.t, end, micros(end));
    JsonWriter& w = begin('X', to_string(r.state), thread_pid(t), state_tid(t));
    w.key("cat").str("state");
    put_time(w, r.t);
    put_dur(w, dur);
    w.key("args").begin_object();
    if (r.state == ThreadState::Running) w.key("cpu").num(r.cpu);
    w.key("reason").str(reason(r));
    w.end_object();
    done(kSlice);
    const Ns cpu_end = cpu_end_[i] == kStillOpen ? end : std::min(end, cpu_end_[i]);
    const bool clipped = cpu_end < end; // another thread was seen on this CPU first (real runs only)
    if (r.state == ThreadState::Running && r.cpu >= 0 && (!clipped || cpu_end > r.t)) {
      JsonWriter& c = begin('X', thread_label(sim_, t), cpu_pid_, cpu_tid(r.cpu));
      c.key("cat").str("cpu");
      put_time(c, r.t);
      put_dur(c, cpu_end == end ? dur : safe_dur(r.t, cpu_end, micros(cpu_end)));
      c.key("args").begin_object().key("thread").str(thread_label(sim_, t)).key("pid").num(thread_pid(t));
      c.end_object();
      done(kSlice);
    }
  }

  // Held locks and opaque work go on per-thread lanes, packed greedily so slices on a lane nest: a lane
  // takes a slice that starts after its open slices end or lies inside the innermost one. Lock hand-overs
  // that are not LIFO need a second lane. Items starting at one instant are placed longest first.
  void place_lane_items() {
    std::sort(lane_items_.begin(), lane_items_.end(), [](const LaneItem& a, const LaneItem& b) {
      return a.t != b.t ? a.t < b.t : a.end != b.end ? a.end > b.end : a.seq < b.seq;
    });
    for (const LaneItem& it : lane_items_) {
      auto& lanes = lanes_[it.t];
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
          std::string n = sim_.threads()[it.t].name + " locks" + (chosen ? " " + std::to_string(chosen + 1) : "");
          meta_name("thread_name", thread_pid(it.t), lane_tid(it.t, chosen), n);
          meta_sort("thread_sort_index", thread_pid(it.t), lane_tid(it.t, chosen), kTidsPerThread * it.t + 1 + chosen);
        } else {
          chosen = kMaxLanes - 1; // pathological: let the viewer put the overlap on its overflow track
        }
      }
      auto& stack = lanes[static_cast<std::size_t>(chosen)];
      double limit = micros(it.end);
      if (!stack.empty()) limit = std::min(limit, stack.back().written_end_us);
      Ns dur = safe_dur(it.start, it.end, limit);
      stack.push_back({it.end, micros(it.start) + micros(dur)});

      JsonWriter& w = begin('X', it.name, thread_pid(it.t), lane_tid(it.t, chosen));
      w.key("cat").str(it.cat);
      put_time(w, it.start);
      put_dur(w, dur);
      w.key("args").raw(it.args);
      done(kSlice);
    }
    lane_items_.clear();
  }

  void instant(const TraceRec& r, std::string_view name, std::string_view cat, std::string_view key1,
               std::string_view val1, std::string_view key2 = {}, std::string_view val2 = {}) {
    if (!valid_thread(r.thread)) return;
    JsonWriter& w = begin('i', name, thread_pid(r.thread), state_tid(r.thread));
    w.key("cat").str(cat).key("s").str("t");
    put_time(w, r.t);
    w.key("args").begin_object().key(key1).str(val1);
    if (!key2.empty()) w.key(key2).str(val2);
    w.end_object();
    done(kOther);
  }

  // --- records ---

  void record(std::size_t i, const TraceRec& r) {
    switch (r.kind) {
    case Ev::ThreadNew: break;
    case Ev::State: {
      if (!valid_thread(r.thread)) break;
      state_slice(i, r);
      if (!basic_) {
        JsonWriter& w = begin('T', perfetto_state(r.state), thread_pid(r.thread), state_tid(r.thread));
        put_time(w, r.t);
        w.key("args").begin_object();
        if (r.state == ThreadState::Running) w.key("cpu").num(r.cpu);
        w.key("state").str(to_string(r.state));
        w.end_object();
        done(kOther);
      }
      break;
    }
    case Ev::Acquire: {
      if (!valid_thread(r.thread)) break;
      holds_.acquire(r.obj, r.thread, i);
      JsonWriter a;
      a.begin_object().key("lock").str(obj_name(r.obj)).key("waited").boolean(r.value != 0).end_object();
      lane_items_.push_back({r.thread, r.t, end_of(i), "hold " + obj_name(r.obj), "lock", a.take(), seq_++});
      break;
    }
    case Ev::Release: holds_.release(r.obj, r.thread); break;
    case Ev::Wake: {
      if (basic_ || !valid_thread(r.thread) || !valid_thread(r.other)) break;
      ++flow_id_;
      std::string name = r.obj != kNone ? "wake via " + obj_name(r.obj) : r.value == 1 ? "wake via GIL" : "wake";
      JsonWriter& s = begin('s', name, thread_pid(r.other), state_tid(r.other));
      s.key("cat").str("wake").key("id").num(flow_id_);
      put_time(s, r.t);
      done(kFlowStart);
      JsonWriter& f = begin('f', name, thread_pid(r.thread), state_tid(r.thread));
      f.key("cat").str("wake").key("id").num(flow_id_).key("bp").str("e");
      put_time(f, r.t);
      done(kFlowEnd);
      break;
    }
    case Ev::Counter: {
      if (!valid_object(r.obj)) break;
      const Object& o = *sim_.object(r.obj);
      // Perfetto files a counter under the process of the event's thread.
      int tid = o.owner >= 0 ? process_tid(o.owner) : cpu_tid(0);
      JsonWriter& w = begin('C', counter_names_[r.obj], pid_of(o.owner), tid);
      w.key("cat").str("primitive");
      put_time(w, r.t);
      w.key("args").begin_object().key("value").num(r.value).end_object();
      done(kOther);
      break;
    }
    case Ev::Gil: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= gil_holder_.size()) break;
      gil_holder_[r.obj] = r.thread;
      // holder is the simulated thread's index (its position in the summary's "threads"), -1 when free.
      JsonWriter& w = begin('C', "GIL holder", pid_of(r.obj), process_tid(r.obj));
      w.key("cat").str("gil");
      put_time(w, r.t);
      w.key("args").begin_object().key("holder").num(r.thread).end_object();
      done(kOther);
      break;
    }
    case Ev::Exception: {
      std::string type = r.obj == kNone ? "" : sim_.str(r.obj);
      std::string msg = r.other == kNone ? "" : sim_.str(r.other);
      instant(r, msg.empty() ? type : type + ": " + msg, "exception", "type", type, "message", msg);
      break;
    }
    case Ev::Print: { // a write to stdout ("print") or to stderr (a traceback, a warning)
      const bool err = r.value == static_cast<int>(Stream::Stderr);
      instant(r, err ? "stderr" : "print", err ? "stderr" : "print", "text", r.obj == kNone ? "" : sim_.str(r.obj));
      break;
    }
    case Ev::ProcStart:
    case Ev::ProcExit: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= sim_.processes().size()) break;
      std::string name = r.kind == Ev::ProcStart ? "process start" : "exit code " + std::to_string(r.value);
      JsonWriter& w = begin('i', name, pid_of(r.obj), process_tid(r.obj));
      w.key("cat").str("process").key("s").str("p");
      put_time(w, r.t);
      done(kOther);
      break;
    }
    case Ev::WorkBegin: {
      if (!valid_thread(r.thread)) break;
      JsonWriter a;
      a.begin_object().key("requested_ns").num(r.value).end_object();
      lane_items_.push_back({r.thread, r.t, end_of(i), "cpu work", "work", a.take(), seq_++});
      break;
    }
    case Ev::WorkEnd:
    case Ev::count_: break;
    }
  }

  const Kernel& sim_;
  bool basic_;
  const TextSink* sink_ = nullptr; // the current step's
  std::vector<Ns> end_, cpu_end_;
  std::size_t next_ = 0; // the next record to write
  bool started_ = false, done_ = false;
  std::string out_;
  bool first_ = true;
  JsonWriter w_;
  std::vector<Timed> group_; // events of the instant group_ts_, written when time moves on
  Ns group_ts_ = 0;
  std::vector<LaneItem> lane_items_;
  std::vector<std::vector<std::vector<LaneOpen>>> lanes_; // per thread, per lane, its open slices
  Holds holds_;
  std::vector<ThreadId> gil_holder_;
  std::vector<std::string> counter_names_;
  int cpu_pid_ = 1;
  std::int64_t flow_id_ = 0;
  std::size_t seq_ = 0;
};

// [SECTION] PerfettoWriter: the passes in bounded steps

} // namespace

struct PerfettoWriter::Impl {
  Impl(const Kernel& s, bool basic) : sim(s), basic_only(basic), ends(s) {}
  const Kernel& sim;
  bool basic_only;
  IntervalEnds ends;
  std::optional<Exporter> exporter; // made when pass 1 is done
  bool done = false;
};

PerfettoWriter::PerfettoWriter(const Kernel& sim, bool basic_only) : impl_(std::make_unique<Impl>(sim, basic_only)) {}
PerfettoWriter::~PerfettoWriter() = default;
PerfettoWriter::PerfettoWriter(PerfettoWriter&&) noexcept = default;
PerfettoWriter& PerfettoWriter::operator=(PerfettoWriter&&) noexcept = default;

bool PerfettoWriter::step(std::size_t max_records, const TextSink& sink) {
  Impl& m = *impl_;
  if (m.done) return true;
  max_records = std::max<std::size_t>(max_records, 1);
  if (!m.exporter) {
    const std::size_t before = m.ends.position();
    if (!m.ends.step(max_records)) return false;
    // Pass 2 gets what is left of this step's budget, at least one record so every step moves.
    max_records -= std::min(max_records - 1, m.ends.position() - before);
    m.exporter.emplace(m.sim, m.basic_only, m.ends.take());
  }
  m.done = m.exporter->step(max_records, sink);
  return m.done;
}

bool PerfettoWriter::done() const { return impl_->done; }

double PerfettoWriter::progress() const {
  const Impl& m = *impl_;
  if (m.done) return 1.0;
  const std::size_t n = m.sim.trace().recs.size();
  const std::size_t read = m.exporter ? n + m.exporter->position() : m.ends.position();
  return static_cast<double>(read) / (2.0 * static_cast<double>(n) + 1.0);
}

// [SECTION] entry points

void write_perfetto_json(const Kernel& sim, bool basic_only, const TextSink& sink) {
  PerfettoWriter writer(sim, basic_only);
  while (!writer.step(std::numeric_limits<std::size_t>::max(), sink)) {
  }
}

std::string perfetto_json(const Kernel& sim, bool basic_only) {
  std::string out;
  write_perfetto_json(sim, basic_only, [&out](std::string_view piece) { out += piece; });
  return out;
}

} // namespace il
