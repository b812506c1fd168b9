// The collector: reclaims the program's objects and run-time strings that nothing can reach any more, so a loop
// that makes a list and a string per iteration runs in bounded memory. A mark and sweep at safe points (between
// two instructions, when no native call is half done), instead of CPython's reference counts: what it frees
// and when depends on the program alone, never on addresses, so runs stay byte-identical everywhere. It has
// no effect a program can see but id() values taken again (as CPython's are) and MemoryError past the budget.
//
// Here too: what each kind of object holds (Object::reach). An object that keeps a value anywhere but its
// refs() and attributes says so below, or what only it holds would be freed under it.
#include <algorithm>

#include "machine/kernel.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

// An estimate of what the program holds, for the memory budget and the report: an object's header, each value
// slot, each string's characters and its table entry.
constexpr std::int64_t kObjectBytes = 192;
constexpr std::int64_t kValueBytes = 16;
constexpr std::int64_t kStringBytes = 64;

void reach_exc(Reach& r, const Exc& e) {
  r.str(e.type);
  r.str(e.message);
  r.str(e.suggestion);
  r.value(e.value);
  r.value(e.context);
  r.value(e.cause);
}

} // namespace

// [SECTION] what objects hold

void Object::reach(Reach& r) const {
  r.obj(cls);
  for (const auto& [k, v] : dict) r.str(k), r.value(v);
  r.values(const_cast<Object*>(this)->refs());
}

void DictObject::reach(Reach& r) const {
  Object::reach(r);
  r.values(keys);
  r.values(vals);
}

void SetObject::reach(Reach& r) const {
  Object::reach(r);
  for (const Entry& e : table)
    if (e.state == Slot::Active) r.value(e.key);
}

void LocalObject::reach(Reach& r) const {
  Object::reach(r);
  for (const Slot& s : slots) r.str(s.name), r.value(s.v);
}

void ClassObject::reach(Reach& r) const {
  Object::reach(r);
  r.obj(base);
  for (const auto& [k, v] : attrs) r.str(k), r.value(v);
}

void ExceptionObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(args);
  r.value(context);
  r.value(cause);
}

void BoundMethodObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(self);
  r.value(fn);
  r.str(native);
}

void DescriptorObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(fn);
  r.value(fset);
  r.value(fdel);
  r.value(doc);
}

void FunctionObject::reach(Reach& r) const {
  Object::reach(r);
  r.values(defaults);
  r.values(kwdefaults);
  r.values(cells);
}

void ContextManagerFactory::reach(Reach& r) const {
  Object::reach(r);
  r.value(fn);
}

void GeneratorContextManager::reach(Reach& r) const {
  Object::reach(r);
  r.value(gen);
}

void ThreadObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(target);
  r.value(args);
  r.value(run_override);
  r.value(kwargs);
}

void TimerObject::reach(Reach& r) const {
  ThreadObject::reach(r);
  r.obj(finished);
}

void ConditionObject::reach(Reach& r) const {
  Object::reach(r);
  r.obj(lock);
}

void BarrierObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(action);
}

void QueueObject::reach(Reach& r) const {
  Object::reach(r);
  r.values(items);
}

void ProcessObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(target);
  r.value(args);
}

void PopenObject::reach(Reach& r) const {
  ProcessObject::reach(r);
  r.value(argv);
  r.value(given);
}

void CompletedProcessObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(args);
}

void ConnectionObject::reach(Reach& r) const {
  Object::reach(r);
  r.obj(peer);
  r.values(inbox);
}

void SharedValueObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(value);
  r.obj(lock);
}

void SharedArrayObject::reach(Reach& r) const {
  Object::reach(r);
  r.values(items);
  r.obj(lock);
}

void ManagerObject::reach(Reach& r) const {
  Object::reach(r);
  r.obj(process);
  r.objs(pending);
  r.objs(conns);
}

void ManagerConnObject::reach(Reach& r) const {
  Object::reach(r);
  r.obj(manager);
  r.obj(target);
  r.str(method);
  r.values(args);
  r.value(reply);
}

void NamespaceObject::reach(Reach& r) const {
  Object::reach(r);
  for (StrId n : names) r.str(n);
  r.values(vals);
}

void ProxyObject::reach(Reach& r) const {
  Object::reach(r);
  r.obj(manager);
  r.obj(referent);
}

void AsyncResultObject::reach(Reach& r) const {
  Object::reach(r);
  r.values(values);
  r.value(value);
  reach_exc(r, error);
  r.obj(job);
  r.obj(pool);
  r.values(callbacks);
  r.objs(watchers);
}

void FuturesWaiterObject::reach(Reach& r) const {
  Object::reach(r);
  r.objs(futures);
  r.objs(finished);
}

void PoolJobObject::reach(Reach& r) const {
  Object::reach(r);
  r.value(fn);
  r.values(args);
  for (StrId k : kwnames) r.str(k);
  r.obj(result);
  r.obj(pool);
}

void PoolObject::reach(Reach& r) const {
  Object::reach(r);
  r.objs(workers);
  r.objs(tasks);
}

// [SECTION] the collector

void Kernel::collect(ThreadId culprit) {
  const std::size_t nobj = objects_.size(), nstr = strings_.size();
  // What the trace names stays: the objects of its events (a primitive, a thread's wait) and the strings of
  // its writes and exceptions. The trace only grows, so each record is looked at once.
  object_pinned_.resize(nobj, 0);
  string_pinned_.resize(nstr, 0);
  string_free_.resize(nstr, 0);
  for (; trace_scanned_ < trace_.recs.size(); ++trace_scanned_) {
    const TraceRec& rec = trace_.recs[trace_scanned_];
    switch (rec.kind) {
    case Ev::State:
    case Ev::Acquire:
    case Ev::Release:
    case Ev::Wake:
    case Ev::Counter:
      if (rec.obj >= 0) object_pinned_[static_cast<std::size_t>(rec.obj)] = 1;
      break;
    case Ev::Exception:
      if (rec.other >= 0) string_pinned_[static_cast<std::size_t>(rec.other)] = 1;
      [[fallthrough]];
    case Ev::Print:
      if (rec.obj >= 0) string_pinned_[static_cast<std::size_t>(rec.obj)] = 1;
      break;
    default: break;
    }
  }

  std::vector<std::uint8_t> om(nobj, 0), sm(nstr, 0);
  std::vector<ObjId> work;
  Reach r(om, sm, work);
  for (std::size_t i = 0; i < nobj; ++i)
    if (objects_[i] && (!objects_[i]->collectable() || object_pinned_[i])) r.obj(static_cast<ObjId>(i));
  for (std::size_t s = 0; s < nstr; ++s)
    if (s < permanent_strings_ || string_pinned_[s]) sm[s] = 1;
  for (const Thread& t : threads_) {
    r.values(t.stack);
    for (const Frame& f : t.frames) r.value(f.self_value), r.obj(f.generator);
    r.values(t.handling);
    reach_exc(r, t.exc);
    reach_exc(r, t.uncaught);
    r.value(t.pending_item);
    r.value(t.timeout_value);
    r.value(t.wake_value);
    r.values(t.local_storage);
    r.obj(t.obj);
    r.obj(t.join_target);
    if (t.waiting_on) r.obj(t.waiting_on->id);
    if (t.retry_on) r.obj(t.retry_on->id);
  }
  for (const Process& p : procs_) {
    r.values(p.globals);
    r.obj(p.obj);
    r.obj(p.argv);
  }
  r.obj(not_implemented);
  for (const auto& [o, as_str] : user_strings.wanted) r.obj(o);
  for (StrId s : user_strings.given) r.str(s);
  r.objs(deadlock_.cycle_objs);
  while (!work.empty()) {
    const ObjId o = work.back();
    work.pop_back();
    objects_[static_cast<std::size_t>(o)]->reach(r);
  }

  std::int64_t live_objects = 0, live_strings = 0, bytes = 0;
  for (std::size_t i = 0; i < nobj; ++i) {
    if (!objects_[i]) continue;
    if (om[i]) {
      ++live_objects;
      continue;
    }
    objects_[i].reset();
    free_objects_.push_back(static_cast<ObjId>(i));
    ++memory_.objects_freed;
  }
  for (std::size_t s = 0; s < nstr; ++s) {
    if (string_free_[s]) continue;
    if (sm[s]) {
      ++live_strings;
      bytes += kStringBytes + static_cast<std::int64_t>(strings_[s].size());
      continue;
    }
    if (auto it = string_index_.find(strings_[s]); it != string_index_.end() && it->second == static_cast<StrId>(s))
      string_index_.erase(it);
    std::string().swap(strings_[s]);
    string_free_[s] = 1;
    free_strings_.push_back(static_cast<StrId>(s));
    ++memory_.strings_freed;
  }
  bytes += live_objects * kObjectBytes + r.values_seen * kValueBytes;
  ++memory_.collections;
  memory_.live_objects = live_objects;
  memory_.live_strings = live_strings;
  memory_.live_bytes = bytes;
  memory_.peak_bytes = std::max(memory_.peak_bytes, bytes);
  allocated_ = 0;
  collect_at_ = cfg_.collect_always ? 1
                                    : std::max<std::int64_t>(1 << 16, live_objects + live_strings -
                                                                          static_cast<std::int64_t>(permanent_strings_));

  // Past the budget: the thread that was allocating raises MemoryError when it next runs, as CPython's
  // allocation would fail there.
  const std::int64_t budget = cfg_.max_memory_mb << 20;
  if (bytes > budget && culprit != kNone) {
    Thread& t = threads_[static_cast<std::size_t>(culprit)];
    if (t.state != ThreadState::Done && !t.frames.empty() && !t.raise_pending) {
      t.exc = {intern("MemoryError"), intern("the program holds about " + std::to_string(bytes >> 20) +
                                             " MiB, past the simulator's memory budget (--max-memory " +
                                             std::to_string(cfg_.max_memory_mb) + ")")};
      if (!t.handling.empty()) t.exc.context = t.handling.back();
      t.raise_pending = true;
    }
  }
}

} // namespace il
