// Builds the timeline model in one pass over the trace. Every lane is a sorted list of intervals, so a lane
// finds its visible part with a binary search and the draw cost follows the pixels, not the trace length.
#include "model.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include "machine/traceback.hpp"
#include "trace/report.hpp"

namespace il::ui {

namespace {

std::string object_label(const Kernel& sim, ObjId id) {
  const Object* o = sim.object(id);
  if (!o) return "object " + std::to_string(id);
  return (o->name.empty() ? std::string("<anonymous>") : o->name) + " (" + std::string(o->kind()) + ")";
}

// Appends [t0, t1) to a span list, merging with the previous span when it continues it unchanged.
void push_span(std::vector<Span>& spans, Ns t0, Ns t1, ThreadId who) {
  if (t1 <= t0) return;
  if (!spans.empty() && spans.back().t1 == t0 && spans.back().thread == who) {
    spans.back().t1 = t1;
    return;
  }
  spans.push_back({t0, t1, who});
}

// Per-primitive bookkeeping while scanning: who holds it, how many wait, since when the state holds.
struct LockTrack {
  std::int32_t holders = 0, waiters = 0;
  ThreadId holder = kNone;
  Ns since = 0;
  int lane = -1;
};

} // namespace

Model build_model(const Kernel& sim) {
  Model m;
  m.makespan = sim.now();
  const auto& threads = sim.threads();
  const std::size_t nt = threads.size();

  // [SECTION] lanes and their order: threads grouped by process, CPUs grouped by core
  std::vector<ThreadId> order(nt);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](ThreadId a, ThreadId b) { return threads[a].proc < threads[b].proc; });
  std::vector<int> lane_of(nt, -1);
  for (ThreadId t : order) {
    lane_of[t] = static_cast<int>(m.threads.size());
    m.threads.push_back({t, threads[t].proc, thread_label(sim, t), {}, {}});
  }
  std::vector<int> cpu_lane(sim.cpus().size(), -1);
  {
    std::vector<int> cpus(sim.cpus().size());
    std::iota(cpus.begin(), cpus.end(), 0);
    std::stable_sort(cpus.begin(), cpus.end(), [&](int a, int b) { return sim.cpus()[a].core < sim.cpus()[b].core; });
    int prev_core = -1, ht = 0;
    for (int c : cpus) {
      const Cpu& cpu = sim.cpus()[c];
      ht = cpu.core == prev_core ? ht + 1 : 0;
      prev_core = cpu.core;
      cpu_lane[c] = static_cast<int>(m.cpus.size());
      m.cpus.push_back({c, cpu.core, ht, "core " + std::to_string(cpu.core) + " / ht " + std::to_string(ht), {}});
    }
  }
  std::vector<int> gil_lane(sim.processes().size(), -1);
  std::vector<ThreadId> gil_holder(sim.processes().size(), kNone);
  std::vector<Ns> gil_since(sim.processes().size(), 0);

  // [SECTION] one pass over the trace
  std::vector<Ns> since(nt, -1);
  std::vector<Segment> open(nt);
  std::vector<std::vector<std::size_t>> pending_wakes(nt);
  std::vector<LockTrack> locks(sim.object_count());
  std::vector<int> counter_lane(sim.object_count(), -1);

  auto lock_state_changed = [&](ObjId obj, Ns t, auto&& change) {
    LockTrack& k = locks[static_cast<std::size_t>(obj)];
    const bool was_active = k.holders > 0 || k.waiters > 0;
    if (k.lane >= 0 && was_active && t > k.since) {
      LockLane& lane = m.locks[static_cast<std::size_t>(k.lane)];
      const LockState st = k.holders > 0 ? (k.waiters > 0 ? LockState::Contended : LockState::Held) : LockState::Waiting;
      lane.spans.push_back({k.since, t, st, k.holders, k.waiters, k.holder});
    }
    change(k);
    k.holders = std::max(k.holders, 0);
    k.waiters = std::max(k.waiters, 0);
    k.since = t;
  };

  for (const TraceRec& r : sim.trace().recs) {
    if (m.times.empty() || m.times.back() != r.t) m.times.push_back(r.t);
    const bool has_thread = r.thread >= 0 && static_cast<std::size_t>(r.thread) < nt;
    switch (r.kind) {
    case Ev::ThreadNew:
      if (has_thread && since[static_cast<std::size_t>(r.thread)] < 0) since[static_cast<std::size_t>(r.thread)] = r.t;
      break;
    case Ev::State: {
      if (!has_thread) break;
      const auto t = static_cast<std::size_t>(r.thread);
      Segment& s = open[t];
      if (since[t] >= 0 && r.t > since[t]) {
        s.t0 = since[t];
        s.t1 = r.t;
        m.threads[static_cast<std::size_t>(lane_of[t])].segments.push_back(s);
      }
      if (s.state == ThreadState::Running && s.cpu >= 0 && static_cast<std::size_t>(s.cpu) < cpu_lane.size())
        push_span(m.cpus[static_cast<std::size_t>(cpu_lane[static_cast<std::size_t>(s.cpu)])].spans, since[t], r.t,
                  r.thread);
      if (s.state == ThreadState::Blocked && s.on >= 0)
        lock_state_changed(s.on, r.t, [](LockTrack& k) { --k.waiters; });
      s = Segment{};
      s.state = r.state;
      since[t] = r.t;
      if (r.state == ThreadState::Running) {
        s.cpu = r.cpu;
        for (std::size_t w : pending_wakes[t]) m.wakes[w].t_to = r.t;
        pending_wakes[t].clear();
      } else if (r.state == ThreadState::Blocked && r.obj >= 0 &&
                 static_cast<std::size_t>(r.obj) < locks.size()) {
        s.on = r.obj;
        const LockTrack& track = locks[static_cast<std::size_t>(r.obj)];
        s.holder = track.holders == 1 ? track.holder : kNone; // a semaphore's several holders own nothing one by one
        lock_state_changed(r.obj, r.t, [](LockTrack& k) { ++k.waiters; });
      }
      break;
    }
    case Ev::Acquire:
    case Ev::Release: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= locks.size()) break;
      LockTrack& k = locks[static_cast<std::size_t>(r.obj)];
      if (k.lane < 0) {
        k.lane = static_cast<int>(m.locks.size());
        m.locks.push_back({r.obj, object_label(sim, r.obj), {}, {}});
      }
      const bool acquire = r.kind == Ev::Acquire;
      lock_state_changed(r.obj, r.t, [&](LockTrack& lk) {
        lk.holders += acquire ? 1 : -1;
        if (acquire) lk.holder = r.thread;
        else if (lk.holder == r.thread || lk.holders == 0) lk.holder = kNone;
      });
      break;
    }
    case Ev::Wake:
      if (!has_thread) break;
      pending_wakes[static_cast<std::size_t>(r.thread)].push_back(m.wakes.size());
      m.wakes.push_back({r.t, r.t, r.other, r.thread, r.obj});
      if (m.wake_times.empty() || m.wake_times.back() != r.t) m.wake_times.push_back(r.t);
      break;
    case Ev::Counter: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= counter_lane.size()) break;
      int& lane = counter_lane[static_cast<std::size_t>(r.obj)];
      if (lane < 0) {
        lane = static_cast<int>(m.counters.size());
        m.counters.push_back({r.obj, object_label(sim, r.obj), {}, 0});
      }
      CounterLane& c = m.counters[static_cast<std::size_t>(lane)];
      if (!c.samples.empty() && c.samples.back().first == r.t) c.samples.back().second = r.value;
      else c.samples.emplace_back(r.t, r.value);
      c.max = std::max(c.max, r.value);
      break;
    }
    case Ev::Gil: {
      if (r.obj < 0 || static_cast<std::size_t>(r.obj) >= gil_lane.size()) break;
      const auto p = static_cast<std::size_t>(r.obj);
      if (gil_lane[p] < 0) {
        gil_lane[p] = static_cast<int>(m.gils.size());
        const Process& proc = sim.processes()[p];
        m.gils.push_back({r.obj, "GIL " + proc.name + " (pid " + std::to_string(proc.pid) + ")", {}});
      }
      if (gil_holder[p] != kNone)
        push_span(m.gils[static_cast<std::size_t>(gil_lane[p])].spans, gil_since[p], r.t, gil_holder[p]);
      gil_holder[p] = r.thread >= 0 ? r.thread : kNone;
      gil_since[p] = r.t;
      break;
    }
    case Ev::Exception:
      m.raised.push_back({r.t, r.thread, r.obj >= 0 ? sim.str(r.obj) : std::string(),
                          r.other >= 0 ? sim.str(r.other) : std::string()});
      break;
    default:
      break;
    }
  }

  // [SECTION] close what is still open at the end of the run
  for (std::size_t t = 0; t < nt; ++t) {
    Segment s = open[t];
    if (since[t] >= 0 && m.makespan > since[t]) {
      s.t0 = since[t];
      s.t1 = m.makespan;
      m.threads[static_cast<std::size_t>(lane_of[t])].segments.push_back(s);
      if (s.state == ThreadState::Running && s.cpu >= 0 && static_cast<std::size_t>(s.cpu) < cpu_lane.size())
        push_span(m.cpus[static_cast<std::size_t>(cpu_lane[static_cast<std::size_t>(s.cpu)])].spans, since[t],
                  m.makespan, static_cast<ThreadId>(t));
    }
  }
  for (std::size_t p = 0; p < gil_lane.size(); ++p)
    if (gil_lane[p] >= 0 && gil_holder[p] != kNone)
      push_span(m.gils[static_cast<std::size_t>(gil_lane[p])].spans, gil_since[p], m.makespan, gil_holder[p]);
  for (std::size_t o = 0; o < locks.size(); ++o)
    if (locks[o].lane >= 0) lock_state_changed(static_cast<ObjId>(o), m.makespan, [](LockTrack&) {});
  for (ThreadLane& l : m.threads) {
    l.waits_before.assign(1, 0);
    for (const Segment& s : l.segments)
      l.waits_before.push_back(l.waits_before.back() +
                               (s.state == ThreadState::Blocked || s.state == ThreadState::WaitGil));
  }
  for (LockLane& l : m.locks) {
    l.contended_before.assign(1, 0);
    for (const LockSpan& s : l.spans) l.contended_before.push_back(l.contended_before.back() + (s.state != LockState::Held));
  }
  return m;
}

// [SECTION] lookups

namespace {
template <class V> auto find_covering(const V& v, Ns t) -> decltype(&v[0]) {
  auto it = std::upper_bound(v.begin(), v.end(), t, [](Ns x, const auto& s) { return x < s.t1; });
  if (it == v.end() || it->t0 > t) return nullptr;
  return &*it;
}
} // namespace

const Segment* segment_at(const ThreadLane& lane, Ns t) { return find_covering(lane.segments, t); }
const Span* span_at(const std::vector<Span>& spans, Ns t) { return find_covering(spans, t); }
const LockSpan* lock_span_at(const LockLane& lane, Ns t) { return find_covering(lane.spans, t); }

std::int64_t counter_at(const CounterLane& lane, Ns t) {
  auto it = std::upper_bound(lane.samples.begin(), lane.samples.end(), t,
                             [](Ns x, const std::pair<Ns, std::int64_t>& s) { return x < s.first; });
  return it == lane.samples.begin() ? 0 : std::prev(it)->second;
}

Ns next_time(const std::vector<Ns>& times, Ns t) {
  auto it = std::upper_bound(times.begin(), times.end(), t);
  return it == times.end() ? t : *it;
}

Ns prev_time(const std::vector<Ns>& times, Ns t) {
  auto it = std::lower_bound(times.begin(), times.end(), t);
  return it == times.begin() ? t : *std::prev(it);
}

std::vector<ConsoleLine> console_lines(const Kernel& sim) {
  struct Pending {
    ConsoleLine line;
    bool open = false;
  };
  std::vector<std::array<Pending, 2>> held(sim.processes().size()); // per process, stdout and stderr
  std::vector<ConsoleLine> out;
  auto close = [&](Pending& p, Ns t) {
    p.line.t = t;
    out.push_back(std::move(p.line));
    p = Pending{};
  };
  for (const TraceRec& r : sim.trace().recs) {
    if (r.kind == Ev::ProcExit && static_cast<std::size_t>(r.obj) < held.size()) { // what is left is flushed
      for (Pending& p : held[static_cast<std::size_t>(r.obj)])
        if (p.open) close(p, r.t);
      continue;
    }
    if (r.kind != Ev::Print || r.thread < 0 || static_cast<std::size_t>(r.thread) >= sim.threads().size()) continue;
    const auto proc = static_cast<std::size_t>(sim.threads()[static_cast<std::size_t>(r.thread)].proc);
    if (proc >= held.size()) continue;
    Pending& p = held[proc][r.value == static_cast<int>(Stream::Stderr) ? 1 : 0];
    std::string_view text = sim.str(r.obj);
    while (!text.empty()) {
      if (!p.open) {
        p.open = true;
        p.line.thread = r.thread;
        p.line.stream = r.value == static_cast<int>(Stream::Stderr) ? Stream::Stderr : Stream::Stdout;
      } else if (p.line.thread != r.thread) {
        p.line.mixed = true;
      }
      const std::size_t nl = text.find('\n');
      p.line.text += text.substr(0, nl);
      if (nl == std::string_view::npos) break;
      close(p, r.t);
      text.remove_prefix(nl + 1);
    }
  }
  for (auto& streams : held) // a process still running at the end (the run stopped at a budget)
    for (Pending& p : streams)
      if (p.open) close(p, sim.now());
  return out;
}

std::vector<UncaughtMark> uncaught_marks(const Kernel& sim) {
  std::vector<UncaughtMark> out;
  std::vector<Ns> raised(sim.threads().size(), 0); // each thread's last raise: the one that ended it
  for (const TraceRec& r : sim.trace().recs)
    if (r.kind == Ev::Exception && r.thread >= 0 && static_cast<std::size_t>(r.thread) < raised.size())
      raised[static_cast<std::size_t>(r.thread)] = r.t;
  for (const Thread& t : sim.threads()) {
    if (!t.uncaught.active() || sim.str(t.uncaught.type) == "SystemExit") continue;
    const std::string_view message = sim.str(t.uncaught.message);
    out.push_back({t.id, raise_line(sim, t.uncaught), raised[static_cast<std::size_t>(t.id)],
                   std::string(sim.str(t.uncaught.type)) + (message.empty() ? "" : ": " + std::string(message))});
  }
  std::stable_sort(out.begin(), out.end(), [](const UncaughtMark& x, const UncaughtMark& y) { return x.t < y.t; });
  return out;
}

} // namespace il::ui
