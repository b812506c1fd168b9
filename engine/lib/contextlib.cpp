// contextlib.contextmanager: a generator function made a context manager. `with cm(args) as x:` runs the
// generator to its yield (x is the value it yields) and, when the block ends, on to its end; when the block
// raised, the exception is thrown into the generator at its yield ($cm_throw), so its except and finally
// blocks see it, and it is swallowed if the generator ends without raising.
#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

Outcome ContextManagerFactory::call_self(Call& c) {
  Kernel& sim = c.sim;
  const std::size_t depth = c.t.frames.size(), height = c.t.stack.size();
  const Outcome o = call_value(c, fn); // a generator function's call makes its generator at once
  if (o != Outcome::Invoked || c.t.frames.size() != depth || c.t.stack.size() != height + 1) {
    if (o == Outcome::Raised) return o;
    return sim.raise(c.t, "TypeError", "the function @contextmanager decorates must be a generator function (one that yields)");
  }
  auto cm = std::make_unique<GeneratorContextManager>();
  cm->gen = c.t.stack.back();
  c.t.stack.pop_back();
  if (!sim.as<GeneratorObject>(cm->gen))
    return sim.raise(c.t, "TypeError", "the function @contextmanager decorates must be a generator function (one that yields)");
  c.ret = Value::obj(sim.add_object(std::move(cm), c.t.proc));
  return Outcome::Done;
}

Outcome GeneratorContextManager::call(Call& c, Sym m) {
  auto* g = c.sim.as<GeneratorObject>(gen);
  if (m == Sym::acquire) return resume_generator(c.sim, c.t, *g, Value::none(), GenMode::Enter);
  if (m == Sym::release) return resume_generator(c.sim, c.t, *g, Value::none(), GenMode::Exit);
  return Object::call(c, m);
}

Outcome SuppressObject::call(Call& c, Sym m) {
  if (m == Sym::acquire || m == Sym::release) return Outcome::Done; // (its __exit__ with an exception: suppress_exit)
  return Object::call(c, m);
}

Outcome new_suppress(Call& c, Value classes) {
  Kernel& sim = c.sim;
  auto s = std::make_unique<SuppressObject>();
  if (const auto* l = sim.as<ListObject>(classes))
    for (Value v : l->items) {
      if (v.tag == Tag::Str) s->types.push_back(sim.str(v.as_str()));
      else if (const auto* cls = sim.as<ClassObject>(v)) s->types.push_back(cls->cls_name);
    }
  c.ret = Value::obj(sim.add_object(std::move(s), c.t.proc));
  return Outcome::Done;
}

bool suppress_exit(Kernel& sim, Thread& t, Value mgr) {
  const auto* s = sim.as<SuppressObject>(mgr);
  if (!s || !t.exc.active()) return false;
  for (const std::string& type : s->types)
    if (sim.exception_matches(sim.str(t.exc.type), type)) {
      t.exc = {}; // swallowed: the with statement ends, and what follows it runs
      return true;
    }
  return false;
}

Outcome context_manager_throw(Call& c, Value mgr) {
  Kernel& sim = c.sim;
  const auto* cm = sim.as<GeneratorContextManager>(mgr);
  const Value e = exception_object(sim, c.t.exc, c.t.proc);
  c.t.exc = {}; // $cm_throw raises it again unless the generator swallows it
  const Value a[2] = {cm->gen, e};
  return sim.invoke(c.t, Value::func(sim.prelude("$cm_throw")), a);
}

Outcome generator_throw(Call& c, Value gen, Value e) {
  Kernel& sim = c.sim;
  auto* g = sim.as<GeneratorObject>(gen);
  const Value bare[3] = {e, Value::integer(1), Value::none()}; // raised as a bare `raise` would: its traceback kept
  Call raise{sim, c.t, bare};
  if (!g || g->state != GeneratorObject::State::Suspended) return call_native(Native::raise_value, raise);
  const Outcome o = resume_generator(sim, c.t, *g, Value::none(), GenMode::Exit);
  if (o != Outcome::Invoked) return o;
  c.t.stack.pop_back(); // not the value a send gives the yield: the exception instead
  call_native(Native::raise_value, raise);
  Interp::unwind(sim, c.t); // from the generator's frame at its yield: its handlers, or out to $cm_throw's
  return Outcome::Invoked;
}

} // namespace il
