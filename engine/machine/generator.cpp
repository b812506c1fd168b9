// Generators: a generator function's call keeps its frame in a GeneratorObject; resuming it (next(), send(), a
// for loop, a @contextmanager's with) pushes that frame back onto the thread, YIELD takes it off again, and its
// return ends it in the way the resumer asked for (GenMode).
#include <cstdio>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/text.hpp"

namespace il {

Outcome resume_generator(Kernel& sim, Thread& t, GeneratorObject& g, Value sent, GenMode mode, int exit_pc, Value fallback) {
  using State = GeneratorObject::State;
  if (g.state == State::Running) return sim.raise(t, "ValueError", "generator already executing");
  if (g.state == State::Done) {
    switch (mode) {
    case GenMode::Next:
      if (fallback.tag != Tag::Unbound) {
        t.stack.push_back(fallback);
        return Outcome::Invoked; // its value is pushed: the caller goes on as after a return
      }
      return sim.raise(t, "StopIteration", "");
    case GenMode::Enter: return sim.raise(t, "RuntimeError", "generator didn't yield");
    case GenMode::Exit: t.stack.push_back(Value::none()); return Outcome::Invoked;
    case GenMode::ForIter: t.frames.back().pc = exit_pc; return Outcome::Invoked;
    case GenMode::Send:
      t.stack.push_back(Value::none());
      t.frames.back().pc = exit_pc;
      return Outcome::Invoked;
    }
  }
  if (g.state == State::Created && !sent.is_none())
    return sim.raise(t, "TypeError", "can't send non-None value to a just-started generator");
  const bool started = g.state == State::Suspended;
  const int base = static_cast<int>(t.stack.size());
  t.stack.insert(t.stack.end(), g.saved.begin(), g.saved.end());
  Frame fr;
  fr.fn = g.fn;
  fr.pc = g.pc;
  fr.locals_base = base;
  fr.stack_base = base + sim.program().functions[g.fn].nlocals;
  for (Frame::Handler h : g.handlers) fr.handlers.push_back({h.pc, h.depth + base});
  fr.generator = g.id;
  fr.gen_mode = static_cast<std::uint8_t>(mode);
  fr.gen_exit = exit_pc;
  fr.self_value = fallback;
  t.frames.push_back(std::move(fr));
  if (started) t.stack.push_back(sent); // the value of the yield expression it stopped at
  g.saved.clear();
  g.state = State::Running;
  return Outcome::Invoked;
}

namespace interp_detail {

void yield_value(Kernel& sim, Thread& t) {
  const Value v = t.stack.back();
  t.stack.pop_back();
  Frame& f = t.frames.back();
  auto* g = sim.as<GeneratorObject>(Value::obj(f.generator));
  g->saved.assign(t.stack.begin() + f.locals_base, t.stack.end());
  g->pc = f.pc;
  g->handlers.clear();
  for (Frame::Handler h : f.handlers) g->handlers.push_back({h.pc, h.depth - f.locals_base});
  g->state = GeneratorObject::State::Suspended;
  const auto mode = static_cast<GenMode>(f.gen_mode);
  t.stack.resize(static_cast<std::size_t>(f.locals_base));
  t.frames.pop_back();
  if (mode == GenMode::Exit) { // a @contextmanager's generator must end at __exit__
    sim.raise(t, "RuntimeError", "generator didn't stop");
    Interp::unwind(sim, t);
    return;
  }
  t.stack.push_back(v);
}

void generator_return(Kernel& sim, Thread& t, Value v) {
  Frame& f = t.frames.back();
  auto* g = sim.as<GeneratorObject>(Value::obj(f.generator));
  g->state = GeneratorObject::State::Done;
  g->saved.clear();
  const auto mode = static_cast<GenMode>(f.gen_mode);
  const int exit_pc = f.gen_exit;
  const Value fallback = f.self_value;
  t.stack.resize(static_cast<std::size_t>(f.locals_base));
  t.frames.pop_back();
  switch (mode) {
  case GenMode::ForIter: t.frames.back().pc = exit_pc; return;
  case GenMode::Send: // `r = yield from g`: r is g's return value
    t.stack.push_back(v);
    t.frames.back().pc = exit_pc;
    return;
  case GenMode::Exit: t.stack.push_back(Value::none()); return;
  case GenMode::Enter: sim.raise(t, "RuntimeError", "generator didn't yield"); break;
  case GenMode::Next:
    if (fallback.tag != Tag::Unbound) {
      t.stack.push_back(fallback);
      return;
    }
    // StopIteration carries the return value: str(e) is it, e.value reads it back
    if (v.is_none()) {
      sim.raise(t, "StopIteration", "");
    } else {
      Call c{sim, t, {}};
      raise_with_args(c, "StopIteration", {v});
    }
    break;
  }
  Interp::unwind(sim, t);
}

void send_step(Kernel& sim, Thread& t, int slot, int exit_pc) {
  const Value v = t.stack.back();
  t.stack.pop_back();
  const std::size_t base = static_cast<std::size_t>(t.frames.back().locals_base);
  if (auto* g = sim.as<GeneratorObject>(t.stack[base + static_cast<std::size_t>(slot)])) {
    if (resume_generator(sim, t, *g, v, GenMode::Send, exit_pc) == Outcome::Raised) Interp::unwind(sim, t);
    return;
  }
  if (!for_iter(sim, t, slot, exit_pc)) { // a list, str, range...: its items, then None
    t.stack.push_back(Value::none());
    t.frames.back().pc = exit_pc;
  }
}

bool for_iter(Kernel& sim, Thread& t, int slot, int exit_pc) {
  const std::size_t base = static_cast<std::size_t>(t.frames.back().locals_base);
  const Value it = t.stack[base + static_cast<std::size_t>(slot)];
  if (auto* g = sim.as<GeneratorObject>(it)) {
    if (g->state == GeneratorObject::State::Done) return false;
    if (resume_generator(sim, t, *g, Value::none(), GenMode::ForIter, exit_pc) == Outcome::Raised) Interp::unwind(sim, t);
    return true;
  }
  std::int64_t& i = t.stack[base + static_cast<std::size_t>(slot) + 1].i;
  Value item;
  int got;
  if (auto* iter = sim.as<IteratorObject>(it)) { // iter(x): the items it has not given yet
    got = iterator_next(sim, t, *iter, item);
  } else {
    got = sequence_next(sim, t, it, i, item);
  }
  if (got == 0) return false;
  if (got < 0) Interp::unwind(sim, t); // (the handler's pc is set)
  else t.stack.push_back(item);
  return true;
}

int iterator_next(Kernel& sim, Thread& t, IteratorObject& it, Value& out) {
  const int got = it.done ? 0 : sequence_next(sim, t, it.seq, it.index, out);
  it.done = got == 0;
  if (got > 0 && it.counting) { // enumerate: (count, item)
    auto pair = std::make_unique<TupleObject>();
    pair->items = {Value::integer(it.count++), out};
    out = Value::obj(sim.add_object(std::move(pair), t.proc));
  }
  return got;
}

int sequence_next(Kernel& sim, Thread& t, Value it, std::int64_t& i, Value& out) {
  if (const auto* l = sim.as<ListObject>(it)) { // a list, a tuple, a dict's keys: by index, as long as it lasts
    if (i >= static_cast<std::int64_t>(l->items.size())) return 0;
    out = l->items[static_cast<std::size_t>(i++)];
    return 1;
  }
  if (const auto* d = sim.as<DictObject>(it)) { // its keys
    if (i >= static_cast<std::int64_t>(d->keys.size())) return 0;
    out = d->keys[static_cast<std::size_t>(i++)];
    return 1;
  }
  if (const auto* s = sim.as<SetObject>(it)) {
    // The table's slots in order. The index's high half keeps the size the loop began with (plus one, so 0 is
    // "not begun"): a set that changed size meanwhile is CPython's RuntimeError.
    if (i == 0) i = (s->used + 1) << 32;
    if ((i >> 32) != s->used + 1) {
      i = static_cast<std::int64_t>(s->used + 1) << 32 | static_cast<std::int64_t>(s->table.size());
      sim.raise(t, "RuntimeError", "Set changed size during iteration");
      return -1;
    }
    std::size_t pos = static_cast<std::size_t>(i & 0xffffffff);
    while (pos < s->table.size() && s->table[pos].state != SetObject::Slot::Active) ++pos;
    if (pos >= s->table.size()) return 0;
    out = s->table[pos].key;
    i = (i & ~0xffffffffLL) | static_cast<std::int64_t>(pos + 1);
    return 1;
  }
  if (it.tag == Tag::Str) {
    const std::vector<std::string> chars = code_points(sim.str(it.as_str()));
    if (i >= static_cast<std::int64_t>(chars.size())) return 0;
    out = Value::str(sim.intern(chars[static_cast<std::size_t>(i++)]));
    return 1;
  }
  sim.raise(t, "TypeError", "'" + type_name(sim, it) + "' object is not iterable");
  return -1;
}

} // namespace interp_detail

// [SECTION] GeneratorObject

Outcome GeneratorObject::call(Call& c, Sym m) {
  if (m != Sym::send) return Object::call(c, m);
  if (c.args.size() != 1)
    return c.sim.raise(c.t, "TypeError", "generator.send() takes exactly one argument (" + std::to_string(c.args.size()) + " given)");
  return resume_generator(c.sim, c.t, *this, c.arg(0), GenMode::Next);
}

Outcome GeneratorObject::call_named(Call& c, StrId m) {
  const std::string n = c.sim.str(m);
  if (n == "__next__") return resume_generator(c.sim, c.t, *this, Value::none(), GenMode::Next);
  if (n == "close") { // it never runs again (its finally blocks do not run: GeneratorExit is not simulated)
    if (state == State::Running) return c.sim.raise(c.t, "ValueError", "generator already executing");
    state = State::Done;
    saved.clear();
    return Outcome::Done;
  }
  return Object::call_named(c, m);
}

std::string IteratorObject::repr(const Kernel& sim) const {
  (void)sim;
  char at[32];
  std::snprintf(at, sizeof at, "0x%llx", 0x7f3a00000000ULL + 16ULL * static_cast<unsigned long long>(id));
  return "<" + type + " object at " + at + ">";
}

std::string GeneratorObject::repr(const Kernel& sim) const {
  char at[32];
  std::snprintf(at, sizeof at, "0x%llx", 0x7f3a00000000ULL + 16ULL * static_cast<unsigned long long>(id));
  if (type != "generator") return "<" + type + " object at " + at + ">";
  return "<generator object " + sim.program().functions[fn].name + " at " + at + ">";
}

} // namespace il
