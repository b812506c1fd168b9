// contextlib.contextmanager: a generator function made a context manager. `with cm(args) as x:` runs the
// generator to its yield (x is the value it yields) and, when the block ends, on to its end, so its finally
// blocks run whether the block finished or raised.
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

} // namespace il
