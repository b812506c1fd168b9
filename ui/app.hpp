// The app: one view-state struct (everything the UI remembers between frames), the runs it shows (A, and B
// in the compare view) and the App that draws its panels. Platform-free: main_platform.cpp owns the window,
// the loop, files and the URL, and reaches the app only through this header.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "editor.hpp"
#include "i18n.hpp"
#include "machine/config.hpp"
#include "model.hpp"
#include "trace/report.hpp"
#include "real_run.hpp"
#include "machine/sim.hpp"

namespace il::ui {

// What the app needs from its host. main_platform.cpp implements it for the browser and the desktop; the
// smoke test keeps what it is given in memory.
class Platform {
public:
  virtual ~Platform() = default;
  // Hands a finished file to the user (a download in the browser, a file in the working directory natively);
  // returns a line saying where it went, or why it failed.
  virtual std::string save_file(const std::string& name, const std::string& mime, std::string_view bytes) = 0;
  // The shareable state ("scenario=...&cores=...") into the URL hash; natively nothing.
  virtual void set_url_state(const std::string& state) = 0;
  // Wall-clock milliseconds, for playback speed and per-frame time budgets.
  virtual double now_ms() = 0;
  // The largest file save_file can take: a browser tab holds the text and its download copy in memory.
  virtual std::size_t max_file_bytes() const { return static_cast<std::size_t>(-1); }
  // A share link for this URL state onto the system clipboard (the page's address with it as the hash; natively
  // "#state", which `interleave_app --state` takes). Returns a line saying so, or "" when the answer comes later
  // (the browser's clipboard is asynchronous; the page logs `interleave: link copied URL` or why not).
  virtual std::string copy_link(const std::string& state) = 0;
  // A small value kept across sessions (the browser's localStorage, a file in the user's config directory); ""
  // when there is none.
  virtual std::string load_setting(const std::string& key) = 0;
  virtual void save_setting(const std::string& key, const std::string& value) = 0;
  // The user's language as the system says it ("zh-CN", "en-US"; the browser's navigator.language, LANG
  // natively); "" when unknown. The interface starts in Chinese for "zh...", until the user picks one.
  virtual std::string system_language() const { return {}; }
  // Asks the user for a .py file (the browser's file picker), which arrives later through App::open_program.
  // Natively there is no picker: a path on the command line, or a file dropped on the window.
  virtual void pick_file() {}
  virtual bool pick_file_available() const { return false; }
};

// One run: the scenario on one machine, simulated (a Sim; a run too long for one frame advances a slice per frame)
// or, for B in the native app, on real threads (a RealRuntime on a background thread, see real_run.hpp).
struct RunSlot {
  std::string scenario;           // the built-in's name, or the editor's file name
  std::shared_ptr<const Program> program; // what ran (the cursor's simulation and a real run start from it)
  Config cfg;                     // the machine asked for (a real run's nominal settings, see real_config)
  std::unique_ptr<Kernel> kernel; // what produced the run: a Sim, or a RealRuntime when `real`
  bool real = false;
  bool pending = false;           // still simulating, or still running on real threads (job)
  double run_ms = 0;              // wall time the run took
  Model model;                    // built when the run ends
  Stats stats;
  std::vector<ConsoleLine> console; // what the program printed, line by line (the Console tab)
  std::vector<UncaughtMark> uncaught; // the exceptions that ended threads, marked in the Source tab
  std::string summary;            // the CLI's --json summary on one line
  // Real runs only: the run in flight, its time scale and CPUs, and why it could not run (shown instead).
  std::unique_ptr<RealJob> job;
  double time_scale = 0;
  int real_cpus = 0;
  std::string refused;
  explicit operator bool() const { return kernel && !pending; }
  // The simulation, for what only a Sim has (stepping, next_event_time); null for a real run.
  Sim* sim() const { return real ? nullptr : static_cast<Sim*>(kernel.get()); }
};

enum class SideTab : std::uint8_t { Inspector, Source, Console, Stats };

// The program in the editor (the Source tab). Once run, it replaces the built-in scenario as what runs A and B
// run, until a built-in is picked again; its text stays.
struct EditorState {
  std::string text;              // as typed
  std::string name = "prog.py";  // its file name: tracebacks and the summary show it
  bool open = false;             // the Source tab shows the editor (not the built-in's listing)
  bool active = false;           // the runs are of this program (run_program() compiled it)
  std::string ran;               // the text of the program the runs are of (marks hold while text == ran)
  std::string error;             // the last compile's error (CPython's text); the previous run stays on screen
  int error_line = 0, error_col = 0;
  std::string stdin_text;        // what input() reads (the Console's box), given to the next run
  std::string code;              // `ran` as a share link carries it (base64url of its zlib stream)
  EditorWidget widget;
};

// A share link carries a program of at most this many characters of code (what URLs reliably hold, and what a
// chat message will show); a bigger one is refused with the advice to send the file.
constexpr std::size_t kMaxLinkCode = 8192;

// A program in a link: its code (see EditorState::code), and back; nullopt when the code is damaged.
std::string link_code(std::string_view text);
std::optional<std::string> program_of_link_code(std::string_view code);

// View-only state: never in the engine, never in function-local statics.
struct ViewState {
  int scenario = 0;    // index into il::scenarios()
  Config machine;      // run A
  bool compare = false;
  Config machine_b;    // run B, drawn under A on the same time axis
  bool real_b = false; // B runs on real threads of this machine (native app only), not on machine_b simulated
  double time_scale_b = 0.1; // real run B: nominal ns * time scale = real ns
  std::string error;   // why the last change could not run (an impossible machine), empty if none

  // timeline: px = (t - view_start_ns) * px_per_ns
  double view_start_ns = 0;
  double px_per_ns = 0; // 0: fit the whole run on the next frame
  bool show_cpus = true, show_gil = true, show_locks = true, show_counters = true, show_arrows = true;

  // playback: the cursor is the moment the inspector, the machine view and the listing show
  Ns cursor = 0;
  bool playing = false;
  double speed_log10 = 8; // simulated ns per wall-clock second = 10^speed_log10
  bool follow = true;      // keep the cursor in view while playing

  SideTab tab = SideTab::Inspector; // setting it selects that tab on the next frame
  EditorState editor;
  std::string status; // the last export's result line

  int bench_frames = 0; // > 0: a scripted benchmark of this many frames (the `bench` URL key)
  bool bench_typing = false; // `bench-what=typing`: a character a frame typed into a 500-line program
};

class App {
public:
  explicit App(Platform& platform);

  // Once per frame, between ImGui::NewFrame() and ImGui::Render(): advances pending runs and playback,
  // handles keys, draws every panel.
  void frame();

  // URL state: "scenario=...&cores=2&slice-ms=10&seed=3" (a leading '#' or '?' is skipped), keys as the CLI's
  // flags; `b.<key>` sets machine B and turns on the compare view (`b.real=1` runs B on real threads and
  // `b.time-scale=0.1` sets its time scale, native app only); `tab=source|stats`; `bench=N`; a program of the
  // user's as `file=prog.py&code=...` (link_code), or `program=own` for the one kept from the last session when
  // it was too big for a link. Applies what it can and returns one line per bad pair; then re-runs.
  std::vector<std::string> apply_state(std::string_view state);
  std::string url_state() const;

  void rerun();                // (re)starts run A, and B when comparing
  // Compiles the editor's text and runs it (Ctrl+Enter): true when it compiled; otherwise its error is marked in
  // the editor and the previous runs stay.
  bool run_program();
  void edit_copy();            // the editor gets the built-in scenario's source, to change and run
  void new_program();          // the editor gets an empty program with the main guard
  // A file's text into the editor (a path on the command line, a file dropped on the window), run at once; a
  // program that does not compile shows its error there. `name` is its file name, as tracebacks show it.
  bool open_program(std::string name, std::string text);
  void pick_scenario(int index); // a built-in again: it runs, the editor keeps its text
  void copy_link();            // the URL state (with the editor's program when it runs) onto the clipboard
  void set_interface_language(Language language); // English or Chinese, kept for the next session
  void save_program();         // the editor's text as a .py file (a download in the browser)
  void finish_runs();          // simulates pending runs to their end now (tests and scripts; not a real run)
  void stop_runs();            // ends pending simulations where they stand (the Stop button; not a real run)
  bool poll_real();            // takes a finished real run B into its slot; true when one arrived
  bool busy() const { return a.pending || b.pending; }

  // Where named widgets were drawn in the last frame (screen pixels), for tests that click them.
  struct Rect { float x = 0, y = 0, w = 0, h = 0; };
  const Rect* rect(std::string_view id) const;
  const std::vector<std::pair<std::string, Rect>>& rects() const { return rects_; }
  void mark(std::string_view id); // records the last ImGui item's rect under id

  // PNG export of the timeline: after rendering, the platform reads back `capture_rect()` (if any) and hands
  // the pixels (RGBA, top row first) to capture_done(), which encodes and saves them.
  const Rect* capture_rect() const { return capture_pending_ ? &capture_rect_ : nullptr; }
  void capture_done(const std::vector<std::uint8_t>& rgba, int w, int h);

  // Benchmark mode: scripted view changes (or typing) for frame i of view.bench_frames.
  void bench_step(int i);
  // Milliseconds from the last run_program() (Ctrl+Enter) to the end of the first frame that showed its run,
  // once (then -1): the edit-to-result figure, logged by the platform.
  double take_edit_to_result_ms();

  ViewState view;
  RunSlot a, b;
  Platform& platform;

  // [SECTION] panels, one file each
private:
  void draw_scenarios_panel();  // panel_scenarios.cpp: machine, scenario list
  void draw_toolbar();          // panel_toolbar.cpp: playback, speed, cursor, compare, exports
  void draw_timeline_panel();   // panel_timeline.cpp
  void draw_inspector_panel();  // panel_inspector.cpp: the machine and primitives at the cursor
  void draw_source_panel();     // panel_source.cpp: the listing or the editor, with each thread's line
  void draw_console_panel();    // panel_console.cpp: what the program printed, and input()'s text
  std::vector<EditorMarks::Raised> draw_uncaught(int* goto_line); // panel_source.cpp
  void draw_stats_panel();      // panel_stats.cpp: numbers and charts
  void draw_export_controls();  // panel_export.cpp: Perfetto / CSV / PNG
  void handle_keys();
  void advance(RunSlot& slot, double budget_ms);
  void drop(RunSlot& slot); // empties it; a real run still going moves to retired_jobs_
  void start(RunSlot& slot, const Config& cfg);
  void start_real(RunSlot& slot);
  std::optional<std::string> apply_real_key(std::string_view key, std::string_view value); // b.real, b.time-scale
  void finish_slot(RunSlot& slot);
  void advance_playback();
  void publish_url();
  // The editor's text, name and last-run text survive a reload: kept (Platform::save_setting) whenever they
  // change, read back when the app starts.
  void keep_draft();
  void restore_draft();
  std::string kept_draft_;
  double run_program_ms_ = -1;   // when run_program() last started a run
  double edit_to_result_ms_ = -1; // its figure, once its run was first drawn

  // What runs A and B run: the built-in scenario's program, or the editor's once it compiled.
  std::shared_ptr<const Program> program_;
  bool prepare_program();
  std::string run_name() const;

  // A second simulation of run A, stepped to the cursor, so the inspector reads live engine state there.
  const Sim* sim_at_cursor();
  std::unique_ptr<Sim> cursor_sim_;
  // Real runs replaced while still running: they cannot be stopped, so they finish here (polled each frame) and
  // the next real run starts once they are gone, not competing with them for the CPUs.
  std::vector<std::unique_ptr<RealJob>> retired_jobs_;

  std::vector<std::pair<std::string, Rect>> rects_, rects_next_;
  bool capture_pending_ = false;
  Rect capture_rect_, timeline_rect_;
  double last_frame_ms_ = -1;
  std::string last_url_;
  SideTab shown_tab_ = SideTab::Inspector;  // the tab ImGui showed in the last frame
  std::optional<SideTab> asked_tab_;        // the tab asked of ImGui (SetSelected) that it has not shown yet
  struct ExportJob; // a Perfetto export in progress, defined in panel_export.cpp with its deleter
  struct ExportJobDelete { void operator()(ExportJob* job) const; };
  std::unique_ptr<ExportJob, ExportJobDelete> export_job_;
};

// A hover tooltip for the last item.
void tip(const char* text);

// A thread state's and a run end's name (the summary JSON's words) in the interface's language.
const char* state_label(ThreadState s);
const char* end_label(RunEnd e);
// Why a machine cannot run (Config::validate's words) in the interface's language.
std::string machine_refusal(const std::string& why);

// What a thread is doing or waiting for, as Kernel::describe_wait says it, in the interface's language.
std::string wait_label(const Kernel& k, ThreadId t);

// A run's machine in a few characters: short_config's "4c2t_gil-old", or "real-x0.1" for real threads.
std::string machine_label(const RunSlot& run);

// Pretty JSON (summary_json's) on one line, as the console summary line carries it.
std::string one_line(const std::string& json);

} // namespace il::ui
