// The `interleave` command line: list the built-in scenarios, run one on a configured machine, print a
// summary (text or JSON) and export traces. Usage errors print one "interleave: ..." line and exit 2.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "python/compiler.hpp"
#include "compare.hpp"
#include "machine/sim.hpp"
#include "real_runtime.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/cli_config.hpp"
#include "trace/json.hpp"
#include "trace/perfetto.hpp"
#include "trace/report.hpp"

namespace {

constexpr int kUsageError = 2;
constexpr int kIoError = 1;
constexpr int kBudget = 3; // the run stopped at --max-instructions or --max-sim-seconds

constexpr std::string_view kUsage = R"(usage:
  interleave list                 the built-in scenarios: name, topic, description
  interleave run NAME [options]   simulate scenario NAME and print a summary
  interleave run PATH.py [opts]   compile a Python program (- reads stdin) and simulate it: what it prints,
                                  then the summary; a program that does not compile exits 2 with CPython's
                                  error (or the construct the simulator does not support yet)
  interleave source NAME          the Python program scenario NAME stands for
  interleave check FILE.py...     compile-time errors as python3 prints them, and constructs the simulator refuses
                                  (exit 1 if one does not compile; - reads stdin); --dump-statements prints
                                  each file's statements with their positions, as tools/ast_stmts.py does
  interleave real NAME|PATH.py [options]
                                  run scenario NAME or a Python program on this machine: real OS threads and
                                  processes (a program's output first, as with run); options: --time-scale X
                                  (0.001..1, nominal seconds to real), --gil, --switch-interval-ms (nominal,
                                  like every time), --json, --trace FILE.json, --stdin FILE
  interleave compare NAME|PATH.py [--time-scale X] [--gil new|old|none]
                                  simulate it on a machine like this one and run it on real threads;
                                  one table of both runs with the ratio real/sim per row

machine (defaults: 4 cores, SMT 2, 10 ms slices, new GIL with a 5 ms interval, seed 1):
  --cores N                 physical cores
  --smt 1|2                 hardware threads per core
  --smt-gain X              throughput of two busy siblings relative to one (1.0 to 2.0)
  --slice-ms X              OS scheduler time slice
  --switch-interval-ms X    sys.setswitchinterval
  --gil new|old|none        Python 3.2+ GIL, Python 2's tick-based GIL, or free-threaded
  --switch-points py311|any where a thread may be asked to drop the GIL
  --ctx-switch-us X         cost of one context switch
  --wake-us X               how long a woken thread takes to start running (futex wake-up)
  --start-method fork|spawn multiprocessing start method
  --seed S                  seed for every random choice (same seed, same run)

budgets (a run past one stops, says so on stderr and exits 3):
  --max-instructions N      simulated Python instructions (default 1000000000)
  --max-sim-seconds X       simulated seconds (default 3600)
  --max-memory MB           what the program may hold, in MiB, before it raises MemoryError (default 1024)
  --collect-always 1        reclaim what nothing reaches after every instruction that allocated (tests the collector)

output:
  --json                    print the JSON summary instead of the text one
  --trace FILE.json         write a Perfetto / Chrome trace (ui.perfetto.dev)
  --trace-basic FILE.json   the same with only X, i, C and M events, for simpler viewers
  --text-trace FILE         write the text trace, one line per event

input:
  --stdin FILE              what the program's input() reads (default: nothing, as python3 < /dev/null)

Options take their value as "--flag value" or "--flag=value".
)";

struct RunArgs {
  std::string scenario;
  il::Config cfg;
  bool json = false;
  std::string trace, trace_basic, text_trace;
  std::string stdin_file; // what input() reads
};

int fail(const std::string& message, int code = kUsageError) {
  std::fprintf(stderr, "interleave: %s\n", message.c_str());
  return code;
}

// Parses the arguments after "run". Returns an error message, or nothing when args is complete.
std::optional<std::string> parse_run(const std::vector<std::string_view>& argv, RunArgs& args) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (a.size() < 2 || a.substr(0, 2) != "--") {
      if (!args.scenario.empty()) return "unexpected argument '" + std::string(a) + "'";
      args.scenario = a;
      continue;
    }
    std::string_view key = a.substr(2);
    std::optional<std::string_view> value;
    if (std::size_t eq = key.find('='); eq != std::string_view::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    }
    if (key == "json") {
      if (value) return "option --json takes no value";
      args.json = true;
      continue;
    }
    bool file_option = key == "trace" || key == "trace-basic" || key == "text-trace" || key == "stdin";
    const auto& keys = il::config_keys();
    if (!file_option && std::find(keys.begin(), keys.end(), key) == keys.end())
      return "unknown option '--" + std::string(key) + "' (see 'interleave --help')";
    if (!value) {
      if (i + 1 >= argv.size()) return "option --" + std::string(key) + " needs a value";
      value = argv[++i];
    }
    if (file_option && value->empty()) return "option --" + std::string(key) + " needs a file name";
    if (key == "trace") {
      args.trace = *value;
    } else if (key == "trace-basic") {
      args.trace_basic = *value;
    } else if (key == "text-trace") {
      args.text_trace = *value;
    } else if (key == "stdin") {
      args.stdin_file = *value;
    } else if (auto err = il::apply_flag(args.cfg, key, *value)) {
      return *err;
    }
  }
  if (args.scenario.empty()) return std::string("run needs a scenario name (see 'interleave list')");
  return std::nullopt;
}

// Streams a (possibly gigabyte-sized) export straight into a file.
bool write_file(const std::string& path, const std::function<void(const il::TextSink&)>& write) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return false;
  write([&f](std::string_view piece) { f.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
  f.close();
  return !f.fail();
}

int list() {
  std::size_t name_w = 0, topic_w = 0;
  for (const il::Scenario& s : il::scenarios()) {
    name_w = std::max(name_w, s.name.size());
    topic_w = std::max(topic_w, s.topic.size());
  }
  for (const il::Scenario& s : il::scenarios())
    std::printf("%-*s  %-*s  %s\n", static_cast<int>(name_w), s.name.c_str(), static_cast<int>(topic_w),
                s.topic.c_str(), s.description.c_str());
  return 0;
}

int source(const std::vector<std::string_view>& argv) {
  if (argv.size() != 1) return fail("source takes one scenario name (see 'interleave list')");
  const il::Scenario* sc = il::find_scenario(argv[0]);
  if (!sc) return fail("unknown scenario '" + std::string(argv[0]) + "' (see 'interleave list')");
  std::fwrite(sc->source.data(), 1, sc->source.size(), stdout);
  return 0;
}

// What a Python file's program wrote, as python3 would write it, before the summary.
void write_program_output(const il::Kernel& k) {
  const std::string& out = k.stream(il::Stream::Stdout);
  const std::string& err = k.stream(il::Stream::Stderr);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  std::fwrite(err.data(), 1, err.size(), stderr);
}

// A Python file's run exits as python3 would have: 1 after an uncaught exception, sys.exit()'s status.
int program_status(const il::Kernel& k) {
  const int code = k.processes().front().exit_code;
  return code != il::kNone ? code & 0xFF : 0;
}

int run(const std::vector<std::string_view>& argv) {
  RunArgs args;
  if (auto err = parse_run(argv, args)) return fail(*err);
  if (auto err = args.cfg.validate()) return fail("impossible machine: " + *err);
  il::Program prog;
  std::string name;
  int status = 0;
  bool file = false;
  if (!il::cli::load_program(args.scenario, prog, name, status, &file)) return status;

  il::Sim sim(args.cfg, std::move(prog));
  if (!args.stdin_file.empty()) {
    std::string text;
    if (!il::cli::read_source(args.stdin_file, text)) return fail("cannot read " + args.stdin_file, kIoError);
    sim.set_stdin(std::move(text));
  }
  sim.run(); // a deadlock or livelock is a result to report, not a failure of the tool
  if (file && !args.json) write_program_output(sim);

  struct Output {
    const std::string& path;
    std::function<void(const il::TextSink&)> write;
  };
  const Output outputs[] = {
      {args.trace, [&](const il::TextSink& out) { il::write_perfetto_json(sim, false, out); }},
      {args.trace_basic, [&](const il::TextSink& out) { il::write_perfetto_json(sim, true, out); }},
      {args.text_trace, [&](const il::TextSink& out) { il::write_text_trace(sim, out); }},
  };
  for (const Output& o : outputs)
    if (!o.path.empty() && !write_file(o.path, o.write)) return fail("cannot write " + o.path, kIoError);

  std::string summary = args.json ? il::summary_json(sim, name) : il::text_summary(sim, name);
  std::fwrite(summary.data(), 1, summary.size(), stdout);
  if (const std::string why = il::stop_reason(sim); !why.empty()) {
    std::fprintf(stderr, "interleave: the run was stopped before the program ended: %s\n", why.c_str());
    return kBudget;
  }
  return file ? program_status(sim) : 0;
}

// `interleave real`: the scenario on real threads. Its JSON summary is run's, plus "real", "real_cpus" and
// "time_scale" (times in it are nominal: real elapsed / time scale).
int real(const std::vector<std::string_view>& argv) {
  double scale = 1.0;
  std::vector<std::string_view> rest;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    std::string_view key = a.substr(0, a.find('='));
    if (key == "--time-scale") {
      std::string value;
      if (key.size() < a.size()) value = a.substr(key.size() + 1);
      else if (i + 1 < argv.size()) value = argv[++i];
      else return fail("option --time-scale needs a value");
      char* end = nullptr;
      scale = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0') return fail("--time-scale: '" + value + "' is not a number");
      if (auto err = il::real::TimeScale::validate(scale)) return fail("--time-scale: " + *err);
      continue;
    }
    if (a.substr(0, 2) == "--" && key != "--gil" && key != "--switch-interval-ms" && key != "--json" &&
        key != "--trace" && key != "--stdin")
      return fail("option " + std::string(key) + " is not available with real (see 'interleave --help')");
    rest.push_back(a);
  }
  RunArgs args;
  if (auto err = parse_run(rest, args)) return fail(*err);
  if (auto err = args.cfg.validate()) return fail("impossible machine: " + *err);
  il::Program prog;
  std::string name;
  int status = 0;
  bool file = false;
  if (!il::cli::load_program(args.scenario, prog, name, status, &file)) return status;
  if (auto why = il::real::RealRuntime::unsupported(prog)) return fail(*why);

  il::real::RealRuntime rt(args.cfg, std::move(prog), il::real::RealOptions{.time_scale = scale});
  if (!args.stdin_file.empty()) {
    std::string text;
    if (!il::cli::read_source(args.stdin_file, text)) return fail("cannot read " + args.stdin_file, kIoError);
    rt.set_stdin(std::move(text));
  }
  rt.run();
  if (file && !args.json) write_program_output(rt);
  if (!args.trace.empty() &&
      !write_file(args.trace, [&](const il::TextSink& out) { il::write_perfetto_json(rt, false, out); }))
    return fail("cannot write " + args.trace, kIoError);

  std::string summary;
  if (args.json) {
    summary = il::summary_json(rt, name);
    // After the first member ("scenario"), so the simulator's summary stays byte-identical.
    std::size_t at = summary.find(",\n");
    char scale_text[32];
    std::snprintf(scale_text, sizeof scale_text, "%.17g", scale);
    std::string extra = "\n  \"real\": true,\n  \"real_cpus\": " + std::to_string(rt.real_cpus()) +
                        ",\n  \"time_scale\": " + scale_text + ",";
    if (at != std::string::npos) summary.insert(at + 1, extra);
  } else {
    // The simulator's header names a simulated machine: say what ran instead.
    summary = il::text_summary(rt, name);
    if (std::size_t p = summary.find(" (simulated)"); p != std::string::npos && p < summary.find('\n'))
      summary.replace(p, 12, " (nominal: real time / time scale)");
    std::size_t m = summary.find("\nmachine: ");
    if (m != std::string::npos) {
      char line[160];
      std::snprintf(line, sizeof line,
                    "machine: real threads on %d usable CPUs, time scale %g, GIL %s (switch interval %g ms "
                    "nominal, %g ms real)",
                    rt.real_cpus(), scale, std::string(il::to_string(args.cfg.gil)).c_str(),
                    static_cast<double>(args.cfg.switch_interval_ns) / 1e6,
                    static_cast<double>(rt.real_switch_interval_ns()) / 1e6);
      summary.replace(m + 1, summary.find('\n', m + 1) - (m + 1), line);
    }
  }
  std::fwrite(summary.data(), 1, summary.size(), stdout);
  return file ? program_status(rt) : 0;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  for (std::string_view a : args)
    if (a == "--help" || a == "-h") {
      std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
      return 0;
    }
  if (args.empty() || args[0] == "help") {
    std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
    return 0;
  }
  std::string_view cmd = args[0];
  std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (cmd == "list") {
    if (!rest.empty()) return fail("list takes no arguments");
    return list();
  }
  if (cmd == "run") return run(rest);
  if (cmd == "source") return source(rest);
  if (cmd == "real") return real(rest);
  if (cmd == "compare") return il::cli::compare(rest);
  if (cmd == "check") return il::cli::check(rest);
  return fail("unknown command '" + std::string(cmd) + "' (try 'interleave --help')");
}
