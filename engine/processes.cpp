// multiprocessing: processes (fork and spawn), IPC, shared memory, managers and pools.
#include "objects.hpp"
#include "builder.hpp"

namespace il {

void add_process_prelude(ModuleBuilder&) {}

Outcome ProcessObject::call(Call& c, Sym m) { return Object::call(c, m); }
bool ProcessObject::get_attr(Sim&, Thread&, StrId, Value&) { return false; }
bool ProcessObject::set_attr(Sim&, Thread&, StrId, Value) { return false; }
void ProcessObject::owners(const Sim&, std::vector<ThreadId>&) const {}

Outcome call_mp_native(Native n, Call& c) {
  return c.sim.raise(c.t, "NotImplementedError", std::string(native_name(n)));
}

} // namespace il
