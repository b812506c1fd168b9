// Prints the trace hash of every built-in scenario under a few machine configurations, one line each.
// Built natively and as wasm: the node test compares the two outputs byte for byte. Each scenario's Python
// listing compiled by the front end gets a line too ("NAME.py"), where the compiler takes it.
#include <cstdio>

#include "machine/sim.hpp"
#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/report.hpp"

int main() {
  using namespace il;
  struct Variant { const char* label; int cores, smt; GilMode gil; SwitchPoints sp; std::uint64_t seed; };
  const Variant variants[] = {
      {"default", 4, 2, GilMode::New, SwitchPoints::Py311, 1},
      {"1core-any", 1, 1, GilMode::New, SwitchPoints::Any, 7},
      {"2core-nogil", 2, 1, GilMode::None, SwitchPoints::Py311, 3},
  };
  for (const Scenario& sc : scenarios()) {
    for (const Variant& v : variants) {
      Config c;
      c.cores = v.cores;
      c.smt = v.smt;
      c.gil = v.gil;
      c.switch_points = v.sp;
      c.seed = v.seed;
      Sim sim(c, sc.build());
      sim.run();
      std::printf("%s %s %lld %s\n", sc.name.c_str(), v.label, static_cast<long long>(sim.now()),
                  trace_sha256(sim).c_str());
    }
  }
  for (const Scenario& sc : scenarios()) {
    py::CompileResult r = py::compile_program(sc.build().source, sc.name + ".py");
    if (!r.ok()) continue; // refused by name: a construct the compiler does not take yet
    Config c;
    Sim sim(c, std::move(r.program));
    sim.run();
    std::printf("%s.py default %lld %s\n", sc.name.c_str(), static_cast<long long>(sim.now()), trace_sha256(sim).c_str());
  }
  return 0;
}
