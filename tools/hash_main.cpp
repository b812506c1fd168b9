// Prints the trace hash of every built-in scenario under a few machine configurations, one line each.
// Built natively and as wasm: the node test compares the two outputs byte for byte. Every program of the
// differential corpus (tests/python/run) that the compiler takes gets a line too ("NAME.py").
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
  // The differential corpus's programs (tests/python/run), each compiled and run at the defaults with its
  // .stdin: users' programs must simulate identically too.
  std::vector<std::filesystem::path> programs;
  const std::filesystem::path corpus = std::filesystem::path(INTERLEAVE_SOURCE_DIR) / "tests/python/run";
  if (std::filesystem::is_directory(corpus))
    for (const auto& e : std::filesystem::directory_iterator(corpus))
      if (e.path().extension() == ".py") programs.push_back(e.path());
  std::sort(programs.begin(), programs.end());
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  for (const auto& path : programs) {
    const std::string name = path.filename().string();
    py::CompileResult r = py::compile_program(read(path), name);
    if (!r.ok()) continue; // refused by name: a construct the compiler does not take yet
    Sim sim(Config{}, std::move(r.program));
    std::filesystem::path in = path;
    if (std::filesystem::exists(in.replace_extension(".stdin"))) sim.set_stdin(read(in));
    sim.run();
    std::printf("%s default %lld %s\n", name.c_str(), static_cast<long long>(sim.now()), trace_sha256(sim).c_str());
  }
  return 0;
}
