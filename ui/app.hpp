// The app: one view-state struct (everything the UI remembers between frames) and the App that owns the
// current run and draws its panels. Platform-free: main_platform.cpp owns the window and the loop.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "sim.hpp"

namespace il::ui {

// A thread's state over time, built once per run from the trace.
struct Segment {
  Ns t0 = 0, t1 = 0;
  ThreadState state = ThreadState::New;
};
struct Lane {
  std::string label;
  std::vector<Segment> segments; // in time order, non-overlapping
};

// Machine controls as the UI edits them; turned into a Config through il::apply_flag, like the CLI's flags.
struct MachineControls {
  int cores = 4;
  int smt = 2;
  int slice_ms = 10;
  int gil = 0; // index into kGilModes
  int seed = 1;
};
inline constexpr const char* kGilModes[] = {"new", "old", "none"};

// View-only state: never in the engine, never in function-local statics.
struct ViewState {
  int scenario = 0; // index into il::scenarios()
  MachineControls machine;
  // timeline: px = (t - view_start_ns) * px_per_ns
  double view_start_ns = 0;
  double px_per_ns = 0; // 0: fit the whole run on the next frame
};

struct Run {
  std::string scenario;
  std::unique_ptr<Sim> sim;
  std::vector<Lane> lanes;
  Ns makespan = 0;
  double run_ms = 0; // wall time of the simulation, for the status line
};

class App {
public:
  App();
  void draw(); // all panels, once per frame
  void rerun(); // re-simulates the selected scenario with the current machine controls
  // URL state, e.g. "?scenario=gil-convoy&cores=1&gil=old" (keys of il::config_keys() plus `scenario`),
  // applied before the first run. Returns one error line per bad pair.
  std::vector<std::string> apply_query(std::string_view query);

  ViewState view;
  Run run;
  std::string error; // why the last run could not start (bad machine), empty if none

private:
  void draw_scenarios_panel();
  void draw_timeline_panel();
};

std::vector<Lane> build_lanes(const Sim& sim);

} // namespace il::ui
