// The App: runs a scenario on the configured machine (a slice per frame when it is long; run B may instead run on
// real threads in the background, see real_run.hpp), turns the finished run into the timeline model, keeps the
// URL in step with the settings, plays the cursor, handles the keys and lays out the panels. Each run's summary
// goes to the console, where tests and people read it.
//
// [SECTION] helpers
// [SECTION] URL state
// [SECTION] runs
// [SECTION] real runs
// [SECTION] the simulation at the cursor
// [SECTION] playback and keys
// [SECTION] frame and layout
#include "app.hpp"
#include "i18n.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <imgui.h>

#include "codec.hpp"
#include "export.hpp"
#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/cli_config.hpp"
#include "trace/json.hpp"

namespace il::ui {

// [SECTION] helpers

void tip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", text);
}

// A newline and the indentation after it are formatting (JSON strings hold none).
std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\r') {
      out += s[i];
      continue;
    }
    while (i + 1 < s.size() && s[i + 1] == ' ') ++i;
  }
  return out;
}

const char* state_label(ThreadState s) {
  switch (s) {
  case ThreadState::New: return tr("new");
  case ThreadState::Ready: return tr("ready");
  case ThreadState::Running: return tr("running");
  case ThreadState::WaitGil: return tr("waiting_gil");
  case ThreadState::Blocked: return tr("blocked");
  case ThreadState::Sleeping: return tr("sleeping");
  case ThreadState::Io: return tr("io");
  case ThreadState::Done: return tr("done");
  case ThreadState::count_: break;
  }
  return "?";
}

const char* end_label(RunEnd e) {
  switch (e) {
  case RunEnd::Finished: return tr("finished");
  case RunEnd::Deadlock: return tr("deadlock");
  case RunEnd::Livelock: return tr("livelock");
  case RunEnd::TimeLimit: return tr("time_limit");
  case RunEnd::InstructionLimit: return tr("instruction_limit");
  case RunEnd::Stopped: return tr("stopped");
  }
  return "?";
}

std::string machine_refusal(const std::string& why) {
  const std::size_t got = why.find(" (got "); // "cores must be between 1 and 256 (got 300)"
  if (got == std::string::npos) return tr(why.c_str());
  return tr(why.substr(0, got).c_str()) + (tr(" (got ") + why.substr(got + 6));
}

std::string wait_label(const Kernel& k, ThreadId t) {
  const Kernel::Wait w = k.wait_of(t);
  std::string s;
  if (w.state == ThreadState::WaitGil) s = tr("waiting for the GIL");
  else if (w.state == ThreadState::Blocked) s = w.on.empty() ? std::string(tr("blocked")) : tr("blocked on ") + w.on;
  else if (w.state == ThreadState::Running) return tr("running on CPU ") + std::to_string(w.cpu);
  else return state_label(w.state);
  for (std::size_t i = 0; i < w.holders.size(); ++i)
    s += (i ? std::string(", ") : std::string(tr(", held by "))) + k.threads()[static_cast<std::size_t>(w.holders[i])].name;
  return s;
}

std::string machine_label(const RunSlot& run) {
  if (!run.real) return short_config(run.cfg);
  char buf[48];
  std::snprintf(buf, sizeof buf, "real-x%g", run.time_scale);
  return buf;
}

namespace {

// The settings a shared URL always spells out (so a link reads well), then whatever else differs from the
// defaults, in config_flags' order.
std::vector<std::pair<std::string, std::string>> url_flags(const Config& cfg) {
  std::vector<std::pair<std::string, std::string>> out = {
      {"cores", std::to_string(cfg.cores)}, {"smt", std::to_string(cfg.smt)}};
  for (auto& kv : config_flags(cfg))
    if (kv.first != "cores" && kv.first != "smt") out.push_back(std::move(kv));
  return out;
}

// A file name in a URL: everything but unreserved characters as %XX (what encodeURIComponent does), and back.
std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') out += c;
    else out += {'%', kHex[u >> 4], kHex[u & 15]};
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// What the typing benchmark types into: 500 lines of functions, and threads running one.
std::string typing_bench_program() {
  std::string text = "import threading\n\n";
  for (int k = 0; std::count(text.begin(), text.end(), '\n') < 490; ++k)
    text += "def work" + std::to_string(k) + "(n):\n    total = 0\n    for i in range(n):\n        total += i * " +
            std::to_string(k) + "  # 累加\n    return total\n\n";
  return text + "threads = [threading.Thread(target=work0, args=(100,)) for _ in range(4)]\nfor t in threads:\n"
                "    t.start()\nfor t in threads:\n    t.join()\n";
}

// The draft as one setting: a header line with the three lengths, then the name, the text and the last-run text.
constexpr std::string_view kDraftHeader = "interleave draft 1";

} // namespace

std::string link_code(std::string_view text) { return base64url_encode(zlib_compress(text)); }

std::optional<std::string> program_of_link_code(std::string_view code) {
  if (code.size() > 4 * kMaxLinkCode) return std::nullopt; // no page made it; not worth inflating
  const auto z = base64url_decode(code);
  if (!z) return std::nullopt;
  return zlib_decompress(*z, std::size_t{4} << 20);
}

App::App(Platform& p) : platform(p) {
  const auto& all = scenarios();
  IM_ASSERT(!all.empty());
  if (const Scenario* s = find_scenario("download-threads")) view.scenario = static_cast<int>(s - all.data());
  view.machine_b.cores = 1; // the first comparison people make: one core against four
  restore_draft();
  std::string lang = platform.load_setting("language");
  if (lang.empty()) lang = platform.system_language();
  set_language(lang.rfind("zh", 0) == 0 ? Language::Chinese : Language::English);
}

void App::set_interface_language(Language l) {
  set_language(l);
  platform.save_setting("language", l == Language::Chinese ? "zh-CN" : "en");
  std::printf("interleave: language %s\n", l == Language::Chinese ? "zh-CN" : "en");
  std::fflush(stdout);
}

void App::keep_draft() {
  const EditorState& e = view.editor;
  if (e.text.empty() && kept_draft_.empty()) return;
  std::string d = std::string(kDraftHeader) + " " + std::to_string(e.name.size()) + " " + std::to_string(e.text.size()) + " " +
                  std::to_string(e.ran.size()) + "\n" + e.name + e.text + e.ran;
  if (d == kept_draft_) return;
  kept_draft_ = std::move(d);
  platform.save_setting("draft", kept_draft_);
}

void App::restore_draft() {
  const std::string d = platform.load_setting("draft");
  const std::size_t nl = d.find('\n');
  if (nl == std::string::npos || d.compare(0, kDraftHeader.size(), kDraftHeader) != 0) return;
  std::size_t sizes[3] = {};
  const char* p = d.c_str() + kDraftHeader.size();
  for (std::size_t& n : sizes) {
    char* end = nullptr;
    n = std::strtoull(p, &end, 10);
    if (end == p) return;
    p = end;
  }
  if (nl + 1 + sizes[0] + sizes[1] + sizes[2] != d.size()) return; // cut short: not ours to guess at
  EditorState& e = view.editor;
  e.name = d.substr(nl + 1, sizes[0]);
  e.text = d.substr(nl + 1 + sizes[0], sizes[1]);
  e.ran = d.substr(nl + 1 + sizes[0] + sizes[1], sizes[2]);
  if (e.name.empty()) e.name = "prog.py";
  kept_draft_ = d;
}

// [SECTION] URL state

std::vector<std::string> App::apply_state(std::string_view state) {
  std::vector<std::string> errors;
  if (!state.empty() && (state.front() == '#' || state.front() == '?')) state.remove_prefix(1);
  Config cfg = view.machine, cfg_b = view.machine_b;
  bool compare = false, own = false;
  std::optional<std::string> code, file;
  while (!state.empty()) {
    const std::size_t amp = state.find('&');
    const std::string_view pair = state.substr(0, amp);
    state = amp == std::string_view::npos ? std::string_view{} : state.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (key == "scenario") {
      if (const Scenario* s = find_scenario(value)) {
        view.scenario = static_cast<int>(s - scenarios().data());
        view.editor.open = view.editor.active = false;
        program_.reset();
      } else
        errors.push_back("unknown scenario '" + std::string(value) + "'");
    } else if (key == "code") {
      code = std::string(value);
    } else if (key == "file") {
      file = percent_decode(value);
    } else if (key == "program") {
      if (value == "own") own = true;
      else errors.push_back("program: expected own, got '" + std::string(value) + "'");
    } else if (key == "tab") {
      if (value == "inspector") view.tab = SideTab::Inspector;
      else if (value == "source") view.tab = SideTab::Source;
      else if (value == "console") view.tab = SideTab::Console;
      else if (value == "stats") view.tab = SideTab::Stats;
      else errors.push_back("tab: expected inspector, source, console or stats, got '" + std::string(value) + "'");
    } else if (key == "bench-what") {
      if (value == "typing" || value == "timeline") view.bench_typing = value == "typing";
      else errors.push_back("bench-what: expected timeline or typing, got '" + std::string(value) + "'");
    } else if (key == "bench") {
      const auto n = parse_scaled(value, 0);
      if (n && *n > 0 && *n <= 100000) view.bench_frames = static_cast<int>(*n);
      else errors.push_back("bench: expected a frame count in 1..100000, got '" + std::string(value) + "'");
    } else if (key == "b.real" || key == "b.time-scale") {
      if (auto err = apply_real_key(key, value)) errors.push_back(std::string(key) + ": " + *err);
      else compare = true;
    } else if (key.substr(0, 2) == "b.") {
      compare = true;
      if (auto err = apply_flag(cfg_b, key.substr(2), value)) errors.push_back("b." + *err);
    } else if (auto err = apply_flag(cfg, key, value)) {
      errors.push_back(*err);
    }
  }
  view.machine = cfg;
  view.machine_b = cfg_b;
  view.compare = view.compare || compare;
  EditorState& e = view.editor;
  std::optional<std::string> program; // what the link runs
  if (code) {
    program = program_of_link_code(*code);
    if (!program) errors.push_back("code: the program in the link is damaged (cut short or changed); nothing of it ran");
  } else if (own && !e.ran.empty()) {
    program = e.ran; // the link named the last session's program, kept in this browser
  } else if (own) {
    errors.push_back("program=own: this link's program was too big to travel in it, and none is kept here; ask for the .py file");
  }
  if (program) {
    // A reload of the page keeps the edits made since the program last ran; another program replaces them.
    const bool same = *program == e.ran && (!file || *file == e.name);
    const std::string edited = same ? e.text : *program;
    e.text = *program;
    e.name = file && !file->empty() ? *file : same ? e.name : "prog.py";
    e.error.clear();
    e.error_line = e.error_col = 0;
    e.widget = EditorWidget{};
    e.open = e.active = true;
    program_.reset();
    if (prepare_program()) e.text = edited;
    else e.active = false; // marked in the editor; the default scenario runs meanwhile
  }
  rerun();
  if (errors.empty() && view.bench_frames > 0 && view.bench_typing) open_program("typing.py", typing_bench_program());
  if (!errors.empty() && view.bench_frames > 0) { // a benchmark of the wrong run would report wrong figures
    view.bench_frames = 0;
    errors.push_back("benchmark not started: fix the URL first");
  }
  if (!errors.empty() && view.error.empty()) { // shown in the machine panel as well as logged
    view.error = tr("ignored in the URL: ") + errors.front();
    if (errors.size() > 1) view.error += tr(" (and ") + std::to_string(errors.size() - 1) + tr(" more)");
  }
  return errors;
}

std::string App::url_state() const {
  // A built-in goes first, by name; a program of the user's last (its code is long), after its file name.
  std::string s = view.editor.active ? "" : "scenario=" + scenarios()[static_cast<std::size_t>(view.scenario)].name;
  for (const auto& [k, v] : url_flags(view.machine)) s += (s.empty() ? "" : "&") + k + "=" + v;
  if (view.compare)
    for (const auto& [k, v] : url_flags(view.machine_b)) s += "&b." + k + "=" + v;
  if (view.compare && view.real_b) {
    char scale[32];
    std::snprintf(scale, sizeof scale, "%.9g", view.time_scale_b);
    s += std::string("&b.real=1&b.time-scale=") + scale;
  }
  if (view.tab == SideTab::Source) s += "&tab=source";
  if (view.tab == SideTab::Console) s += "&tab=console";
  if (view.tab == SideTab::Stats) s += "&tab=stats";
  if (view.editor.active) {
    s += "&file=" + percent_encode(view.editor.name);
    s += view.editor.code.size() <= kMaxLinkCode ? "&code=" + view.editor.code : std::string("&program=own");
  }
  return s;
}

void App::copy_link() {
  const EditorState& e = view.editor;
  if (e.active && e.code.size() > kMaxLinkCode) {
    char buf[240];
    std::snprintf(buf, sizeof buf, tr("Not copied: %s takes %.1f KB in a link, more than the %.0f KB a link carries. Save it "
                     "(Save .py) and send the file instead."), e.name.c_str(), static_cast<double>(e.code.size()) / 1024,
                  static_cast<double>(kMaxLinkCode) / 1024);
    view.status = buf;
    std::printf("interleave: link refused: %s\n", buf);
    std::fflush(stdout);
    return;
  }
  view.status = platform.copy_link(url_state());
}

void App::save_program() {
  view.status = platform.save_file(view.editor.name, "text/x-python", view.editor.text);
}

void App::publish_url() {
  std::string s = url_state();
  if (s == last_url_) return;
  last_url_ = std::move(s);
  platform.set_url_state(last_url_);
}

// [SECTION] runs

void App::drop(RunSlot& slot) {
  if (slot.job) { // a real run still going is stopped; its thread is joined once it noticed
    slot.job->stop();
    retired_jobs_.push_back(std::move(slot.job));
  }
  slot = RunSlot{};
}

void App::start(RunSlot& slot, const Config& cfg) {
  drop(slot);
  slot.program = program_;
  slot.scenario = run_name();
  slot.cfg = cfg;
  slot.kernel = std::make_unique<Sim>(cfg, *program_);
  slot.kernel->set_stdin(view.editor.stdin_text);
  slot.pending = true;
}

// What the runs are called (the summary's "scenario", export file names): the built-in's name or the file's.
std::string App::run_name() const {
  return view.editor.active ? view.editor.name : scenarios()[static_cast<std::size_t>(view.scenario)].name;
}

// What the runs run: the editor's program once run_program() compiled it, else the selected built-in's.
bool App::prepare_program() {
  if (program_) return true;
  if (view.editor.active) {
    py::CompileResult r = py::compile_program(view.editor.text, view.editor.name);
    if (!r.ok()) {
      EditorState& e = view.editor;
      e.error = r.error.type + ": " + r.error.msg;
      e.error_line = r.error.lineno;
      e.error_col = r.error.offset;
      e.widget.goto_line = e.error_line;
      return false;
    }
    view.editor.error.clear();
    view.editor.error_line = view.editor.error_col = 0;
    if (view.editor.ran != view.editor.text || view.editor.code.empty()) {
      view.editor.ran = view.editor.text;
      view.editor.code = link_code(view.editor.ran);
    }
    program_ = std::make_shared<const Program>(std::move(r.program));
    return true;
  }
  program_ = std::make_shared<const Program>(scenarios()[static_cast<std::size_t>(view.scenario)].build());
  return true;
}

bool App::run_program() {
  run_program_ms_ = platform.now_ms();
  const bool was_active = view.editor.active;
  auto kept = std::move(program_);
  view.editor.open = view.editor.active = true;
  if (!prepare_program()) { // the previous runs (and what they ran) stay
    view.editor.active = was_active;
    program_ = std::move(kept);
    const EditorState& e = view.editor; // for people and tests reading the console, as the summary is
    std::printf("interleave: compile error {\"file\": %s, \"line\": %d, \"column\": %d, \"error\": %s}\n",
                json_string(e.name).c_str(), e.error_line, e.error_col, json_string(e.error).c_str());
    std::fflush(stdout);
    return false;
  }
  rerun();
  return true;
}

void App::edit_copy() {
  const Scenario& sc = scenarios()[static_cast<std::size_t>(view.scenario)];
  open_program(sc.name + ".py", std::string(sc.source));
}

// The editor gets this program (its old error and scroll gone), shown in the Source tab and run at once, so
// its marks line up with its text.
bool App::open_program(std::string name, std::string text) {
  EditorState& e = view.editor;
  e.text = std::move(text);
  e.name = std::move(name);
  e.error.clear();
  e.error_line = e.error_col = 0;
  e.widget = EditorWidget{};
  e.widget.focus = true;
  view.tab = SideTab::Source;
  return run_program();
}

void App::new_program() {
  open_program("prog.py", "import threading\n\n\ndef main():\n    pass\n\n\nif __name__ == \"__main__\":\n    main()\n");
}

void App::pick_scenario(int index) {
  view.scenario = index;
  view.editor.open = view.editor.active = false;
  program_.reset();
  rerun();
}

void App::advance(RunSlot& slot, double budget_ms) {
  if (!slot.pending || slot.real) return;
  const double t0 = platform.now_ms();
  Sim& sim = *slot.sim();
  bool more = true;
  while (more) {
    for (int i = 0; i < 4096 && more; ++i) more = sim.step_event();
    if (more && platform.now_ms() - t0 > budget_ms) break;
  }
  slot.run_ms += platform.now_ms() - t0;
  if (more) return;
  slot.pending = false;
  finish_slot(slot);
}

// A run has ended (simulated or real): what the panels show of it, and its console line.
void App::finish_slot(RunSlot& slot) {
  IM_ASSERT(slot.kernel && !slot.pending);
  const Kernel& k = *slot.kernel;
  slot.stats = compute_stats(k);
  slot.model = build_model(k);
  slot.console = console_lines(k);
  slot.uncaught = uncaught_marks(k);
  slot.summary = one_line(summary_json(k, slot.stats, slot.scenario));
  if (&slot == &a) {
    view.cursor = slot.model.makespan; // the whole story first; rewind to watch it happen
    view.px_per_ns = 0;
    cursor_sim_.reset();
    std::printf("interleave: summary %s\n", slot.summary.c_str());
    std::fflush(stdout);
  } else if (slot.real) {
    view.px_per_ns = 0; // arrived seconds after A: fit both
    std::printf("interleave: real run of %s on %d CPUs at time scale %g took %.0f ms\n", slot.scenario.c_str(),
                slot.real_cpus, slot.time_scale, slot.run_ms);
    std::printf("interleave: real summary %s\n", slot.summary.c_str());
    std::fflush(stdout);
  }
}

void App::rerun() {
  if (auto err = view.machine.validate()) {
    view.error = machine_refusal(*err); // keep showing the previous run
    return;
  }
  if (view.compare)
    if (auto err = view.machine_b.validate()) {
      view.error = "B: " + machine_refusal(*err);
      return;
    }
  if (!prepare_program()) return;
  view.error.clear();
  view.playing = false;
  cursor_sim_.reset();
  start(a, view.machine);
  if (view.compare && view.real_b) start_real(b);
  else if (view.compare) start(b, view.machine_b);
  else drop(b);
  advance(a, 30); // small scenarios finish before the next frame is drawn
  if (view.compare) advance(b, 30);
}

void App::finish_runs() {
  advance(a, 1e12);
  advance(b, 1e12);
}

void App::stop_runs() {
  for (RunSlot* slot : {&a, &b})
    if (slot->pending && !slot->real) {
      slot->sim()->stop();
      slot->pending = false;
      finish_slot(*slot);
    }
}

// [SECTION] real runs

std::optional<std::string> App::apply_real_key(std::string_view key, std::string_view value) {
  if (!real_runs_available()) return std::string("real runs need the native app");
  if (key == "b.real") {
    if (value == "1" || value == "true") view.real_b = true;
    else if (value == "0" || value == "false") view.real_b = false;
    else return "expected 1 or 0, got '" + std::string(value) + "'";
    return std::nullopt;
  }
  const std::string text(value);
  char* end = nullptr;
  const double scale = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return "'" + text + "' is not a number";
  if (auto err = check_time_scale(scale)) return err;
  view.time_scale_b = scale;
  return std::nullopt;
}

void App::start_real(RunSlot& slot) {
  drop(slot);
  slot.program = program_;
  slot.scenario = run_name();
  slot.cfg = view.machine_b;
  slot.real = true;
  slot.time_scale = view.time_scale_b;
  if (auto why = real_refusal(*program_)) slot.refused = *why;
  else if (auto err = check_time_scale(slot.time_scale)) slot.refused = "time scale: " + *err;
  slot.pending = slot.refused.empty(); // poll_real starts it once no replaced real run is still going
  poll_real();
}

bool App::poll_real() {
  std::erase_if(retired_jobs_, [](const std::unique_ptr<RealJob>& j) { return j->done(); }); // joins at once
  RunSlot& slot = b;
  if (!slot.real || !slot.pending) return false;
  if (!slot.job) {
    if (!retired_jobs_.empty()) return false;
    slot.job = std::make_unique<RealJob>(real_config(slot.cfg), *slot.program, slot.time_scale);
  }
  if (!slot.job->done()) return false;
  slot.run_ms = slot.job->wall_ms();
  slot.real_cpus = slot.job->cpus();
  slot.kernel = slot.job->take();
  if (!slot.kernel) slot.refused = "the real run could not start: " + slot.job->error();
  slot.job.reset();
  slot.pending = false;
  if (!slot.kernel) return false;
  finish_slot(slot);
  return true;
}

// [SECTION] the simulation at the cursor

const Sim* App::sim_at_cursor() {
  if (!a || !a.sim()) return nullptr;
  if (!cursor_sim_ || cursor_sim_->now() > view.cursor) {
    if (!a.program) return nullptr;
    cursor_sim_ = std::make_unique<Sim>(a.cfg, *a.program);
    cursor_sim_->set_stdin(view.editor.stdin_text);
    cursor_sim_->trace().enabled = false; // the inspector reads live state only
  }
  // A few milliseconds per frame: a far jump into a long run catches up over several frames.
  Sim& s = *cursor_sim_;
  const double t0 = platform.now_ms();
  for (bool more = true; more && platform.now_ms() - t0 < 6;)
    for (int i = 0; i < 2048; ++i) {
      const Ns next = s.next_event_time();
      if (next < 0 || next > view.cursor) {
        more = false;
        break;
      }
      s.step_event();
    }
  return cursor_sim_.get();
}

// [SECTION] playback and keys

void App::advance_playback() {
  const double now = platform.now_ms();
  const double dt_ms = last_frame_ms_ < 0 ? 0 : std::min(now - last_frame_ms_, 100.0);
  last_frame_ms_ = now;
  if (!view.playing || !a) return;
  const double step = dt_ms / 1000.0 * std::pow(10.0, view.speed_log10);
  view.cursor = std::min<Ns>(a.model.makespan, view.cursor + std::max<Ns>(1, static_cast<Ns>(step)));
  if (view.cursor >= a.model.makespan) view.playing = false;
}

void App::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k)); };
  if (io.KeyCtrl && (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeyPadEnter)) && view.tab == SideTab::Source &&
      (view.editor.open || view.editor.widget.active)) { // the editor's Run (the text field lets go of the keys)
    run_program();
    view.editor.widget.focus = true;
    return;
  }
  if (io.WantTextInput || !a) return;
  const Model& m = a.model;
  if (pressed(ImGuiKey_Space)) {
    if (!view.playing && view.cursor >= m.makespan) view.cursor = 0;
    view.playing = !view.playing;
  }
  if (pressed(ImGuiKey_RightArrow)) view.cursor = next_time(m.times, view.cursor), view.playing = false;
  if (pressed(ImGuiKey_LeftArrow)) view.cursor = prev_time(m.times, view.cursor), view.playing = false;
  if (pressed(ImGuiKey_DownArrow)) view.cursor = next_time(m.wake_times, view.cursor), view.playing = false;
  if (pressed(ImGuiKey_UpArrow)) view.cursor = prev_time(m.wake_times, view.cursor), view.playing = false;
  if (pressed(ImGuiKey_Home)) view.cursor = 0;
  if (pressed(ImGuiKey_End)) view.cursor = m.makespan;
  for (ImWchar c : io.InputQueueCharacters) {
    if (c == 'f' || c == 'F') view.px_per_ns = 0;
    const double zoom = (c == '+' || c == '=') ? 1.5 : (c == '-' || c == '_') ? 1 / 1.5 : 0;
    if (zoom > 0 && view.px_per_ns > 0) {
      // about the cursor when it is in view, else about the middle
      const double mid = view.view_start_ns + timeline_rect_.w / 2 / view.px_per_ns;
      const double pivot = (view.cursor >= view.view_start_ns && view.cursor <= 2 * mid - view.view_start_ns)
                               ? static_cast<double>(view.cursor) : mid;
      view.view_start_ns = pivot - (pivot - view.view_start_ns) / zoom;
      view.px_per_ns *= zoom;
    }
  }
}

// [SECTION] frame and layout

const App::Rect* App::rect(std::string_view id) const {
  for (const auto& [name, r] : rects_)
    if (name == id) return &r;
  return nullptr;
}

void App::mark(std::string_view id) {
  const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
  // Only what is on screen: clipped list entries cannot be clicked.
  const ImVec2 clip_lo = ImGui::GetWindowDrawList()->GetClipRectMin(), clip_hi = ImGui::GetWindowDrawList()->GetClipRectMax();
  if (hi.y <= clip_lo.y || lo.y >= clip_hi.y || hi.x <= clip_lo.x || lo.x >= clip_hi.x) return;
  rects_next_.emplace_back(std::string(id), Rect{lo.x, lo.y, hi.x - lo.x, hi.y - lo.y});
}

void App::frame() {
  rects_next_.clear();
  poll_real();
  advance(a, 12);
  advance(b, 12);
  handle_keys();
  advance_playback();

  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const bool editing = view.tab == SideTab::Source && view.editor.open; // the editor wants room
  const float left = 300.0f, top = 64.0f;
  const float right = editing ? std::clamp(size.x * 0.42f, 420.0f, 820.0f) : std::clamp(size.x * 0.28f, 320.0f, 460.0f);
  constexpr ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(left, size.y));
  draw_scenarios_panel();

  ImGui::SetNextWindowPos(ImVec2(left, 0));
  ImGui::SetNextWindowSize(ImVec2(size.x - left, top));
  draw_toolbar();

  ImGui::SetNextWindowPos(ImVec2(left, top));
  ImGui::SetNextWindowSize(ImVec2(size.x - left - right, size.y - top));
  draw_timeline_panel();

  ImGui::SetNextWindowPos(ImVec2(size.x - right, top));
  ImGui::SetNextWindowSize(ImVec2(right, size.y - top));
  ImGui::Begin("Details", nullptr, fixed | ImGuiWindowFlags_NoTitleBar);
  if (ImGui::BeginTabBar("side")) {
    // view.tab may have been set from outside (URL, tests): ask ImGui for it until it shows it (a frame or two
    // later). A tab shown that was not asked for is the user's pick.
    const bool requested = view.tab != shown_tab_;
    if (requested) asked_tab_ = view.tab;
    auto tab = [&](const char* name, const char* id, SideTab t, const char* help) {
      const bool open = ImGui::BeginTabItem(stable_label(name, id).c_str(), nullptr,
                                            requested && t == view.tab ? ImGuiTabItemFlags_SetSelected : 0);
      tip(help);
      if (!open) return;
      if (asked_tab_ && *asked_tab_ == t) asked_tab_.reset(); // ours, arrived (view.tab may have moved on since)
      else if (!asked_tab_ && !requested) view.tab = t;
      shown_tab_ = t;
      ImGui::BeginChild(id);
      if (t == SideTab::Inspector) draw_inspector_panel();
      else if (t == SideTab::Source) draw_source_panel();
      else if (t == SideTab::Console) draw_console_panel();
      else draw_stats_panel();
      ImGui::EndChild();
      ImGui::EndTabItem();
    };
    tab(tr("Inspector"), "Inspector", SideTab::Inspector, tr("The machine, primitives and shared variables at the cursor"));
    tab(tr("Source"), "Source", SideTab::Source,
        tr("The Python program, to read or edit and run (Ctrl+Enter); each thread's line at the cursor is marked"));
    tab(tr("Console"), "Console", SideTab::Console,
        tr("What the program printed, each line with its thread and time; click one to go there"));
    tab(tr("Stats"), "Stats", SideTab::Stats, tr("Makespan, utilization, time per state, switches and hand-offs"));
    ImGui::EndTabBar();
  }
  ImGui::End();

  rects_.swap(rects_next_);
  publish_url();
  keep_draft();
  if (run_program_ms_ >= 0 && a && view.editor.active) { // the editor's run, drawn for the first time
    edit_to_result_ms_ = platform.now_ms() - run_program_ms_;
    run_program_ms_ = -1;
  }
}

double App::take_edit_to_result_ms() {
  const double ms = edit_to_result_ms_;
  edit_to_result_ms_ = -1;
  return ms;
}

void App::bench_step(int i) {
  if (view.bench_typing) { // a line typed a character a frame, Enter, and again (where the caret is: the top)
    static constexpr std::string_view kLine = "    x = compute(y) + 1\n";
    if (i >= 4 && view.editor.widget.active) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(kLine[static_cast<std::size_t>(i) % kLine.size()]));
    return;
  }
  // A scripted mix of what people do: fit, zoom in and out about the middle, pan, and play.
  if (!a) return;
  const double span = static_cast<double>(std::max<Ns>(a.model.makespan, 1));
  const int phase = i % 240;
  if (phase == 0) view.px_per_ns = 0;
  else if (view.px_per_ns > 0 && phase < 80) {
    const double mid = view.view_start_ns + timeline_rect_.w / 2 / view.px_per_ns;
    view.px_per_ns *= 1.08;
    view.view_start_ns = mid - timeline_rect_.w / 2 / view.px_per_ns;
  } else if (view.px_per_ns > 0 && phase < 160) {
    view.view_start_ns += span / 400;
  } else if (view.px_per_ns > 0) {
    view.px_per_ns /= 1.08;
  }
  view.cursor = static_cast<Ns>(span * (i % 500) / 500.0);
}

} // namespace il::ui
