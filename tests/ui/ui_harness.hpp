// What the UI tests share: a Platform that keeps saved files in memory with a clock that moves a millisecond
// per reading, ImGui with no backend (a context, a font atlas, a display size), frames, clicks, and a walk over
// every tab at several cursors with the mouse over the timeline and the side panel (exercise()).
// imgui_internal.h: tests look up windows by name (ImGui::FindWindowByName) to hover them.
#pragma once
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"

namespace il::ui::test {

// ImGui asserts seen so far (see imconfig_checked.h); tests check the count after each frame.
struct AssertLog {
  int count = 0;
  std::string first;
};
AssertLog& imgui_asserts();

struct SavedFile {
  std::string name, mime, bytes;
};

class MemoryPlatform : public Platform {
public:
  std::string save_file(const std::string& name, const std::string& mime, std::string_view bytes) override {
    files.push_back({name, mime, std::string(bytes)});
    return "saved " + name + " (" + std::to_string(bytes.size()) + " bytes)";
  }
  void set_url_state(const std::string& state) override { url = state; }
  // Deterministic and always moving: time budgets end after a few readings, whatever the machine.
  double now_ms() override { return clock_ms += tick_ms; }
  std::size_t max_file_bytes() const override { return max_bytes; }
  std::string copy_link(const std::string& state) override {
    clipboard = "#" + state;
    return "link copied";
  }
  std::string load_setting(const std::string& key) override {
    const auto it = settings.find(key);
    return it == settings.end() ? std::string() : it->second;
  }
  void save_setting(const std::string& key, const std::string& value) override { settings[key] = value; }
  std::string system_language() const override { return system_lang; }

  std::vector<SavedFile> files;
  std::map<std::string, std::string> settings; // what survives a "reload": a new App on the same platform
  std::string clipboard;
  std::string system_lang;
  std::size_t max_bytes = static_cast<std::size_t>(-1);
  std::string url;
  double clock_ms = 0, tick_ms = 1.0;
};

// One ImGui context with a built font atlas and no renderer: draw data is produced and checked, never drawn.
class Headless {
public:
  explicit Headless(ImVec2 display = ImVec2(1600, 900)) {
    IMGUI_CHECKVERSION();
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr; // no imgui.ini written by tests
    io.LogFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k; // key() presses ImGuiKey_X as KeysDown[X]
  }
  ~Headless() { ImGui::DestroyContext(ctx_); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  // One frame of the app; the draw data it produced.
  const ImDrawData& frame(App& app) {
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }

  // A key pressed on one frame and let go on the next (ctrl: with Ctrl held).
  void key(App& app, ImGuiKey k, bool ctrl = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
    io.KeysDown[k] = true;
    frame(app);
    io.KeysDown[k] = false;
    io.KeyCtrl = io.KeyShift = false;
    frame(app);
  }

  // Text typed a character a frame, as a keyboard (or an input method) sends it; '\n' presses Enter.
  void type(App& app, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
      if (text[i] == '\n') {
        key(app, ImGuiKey_Enter);
        ++i;
        continue;
      }
      std::size_t n = 1; // one UTF-8 character
      while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
      ImGui::GetIO().AddInputCharactersUTF8(std::string(text.substr(i, n)).c_str());
      frame(app);
      i += n;
    }
  }

  // A click: the button goes down on one frame and up on the next, with the mouse at p.
  void click(App& app, ImVec2 p) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = p;
    frame(app); // hover first, as a real pointer would
    io.MouseDown[0] = true;
    frame(app);
    io.MouseDown[0] = false;
    frame(app);
  }

private:
  ImGuiContext* ctx_ = nullptr;
};

inline ImVec2 centre(const App::Rect& r) { return ImVec2(r.x + r.w / 2, r.y + r.h / 2); }

// [SECTION] every panel, hovered: what the smoke tests run over each app state

// A frame's vertices stay under this however long the trace: a 1600x900 screen of merged items, text and
// tooltips. Measured frames use well under a tenth of it; a timeline drawing one item per trace record in a
// lock-heavy run (millions) would blow through it.
constexpr int kMaxVertices = 400000;

struct FrameLog {
  int frames = 0;
  int max_vertices = 0;
};

inline void check_frame(const ImDrawData& dd, FrameLog& log) {
  ++log.frames;
  log.max_vertices = std::max(log.max_vertices, dd.TotalVtxCount);
  CHECK(dd.Valid);
  CHECK(dd.TotalVtxCount > 0);
  CHECK(dd.TotalVtxCount < kMaxVertices);
  const AssertLog& asserts = imgui_asserts();
  INFO("first ImGui assert: " << asserts.first);
  REQUIRE(asserts.count == 0);
}

// Mouse positions spread over a rectangle clipped to the screen.
inline std::vector<ImVec2> probe_points(ImVec2 lo, ImVec2 hi) {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  hi = ImVec2(std::min(hi.x, screen.x - 1), std::min(hi.y, screen.y - 1));
  std::vector<ImVec2> out;
  for (float fy : {0.05f, 0.3f, 0.6f, 0.9f})
    for (float fx : {0.02f, 0.25f, 0.5f, 0.98f}) out.emplace_back(lo.x + (hi.x - lo.x) * fx, lo.y + (hi.y - lo.y) * fy);
  return out;
}

inline void exercise(Headless& ui, App& app, FrameLog& log) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  check_frame(ui.frame(app), log); // lays out, records the widgets' rects
  const Ns end = app.a.model.makespan;
  const std::pair<const char*, SideTab> tabs[] = {
      {"Inspector", SideTab::Inspector}, {"Source", SideTab::Source}, {"Console", SideTab::Console}, {"Stats", SideTab::Stats}};
  for (const auto& [label, tab] : tabs) {
    const std::string tab_name = label;
    CAPTURE(tab_name);
    app.view.tab = tab; // the app selects a tab set from outside (URL state, tests)
    for (Ns cursor : {Ns{0}, end / 2, end}) {
      app.view.cursor = cursor;
      app.view.playing = false;
      check_frame(ui.frame(app), log);
      CHECK(app.view.tab == tab);
    }
    // Hover the timeline's lanes and the side panel, where tooltips live.
    const App::Rect* tl = app.rect("timeline");
    REQUIRE(tl);
    for (ImVec2 p : probe_points(ImVec2(tl->x, tl->y), ImVec2(tl->x + tl->w, tl->y + tl->h))) {
      io.MousePos = p;
      check_frame(ui.frame(app), log);
    }
    if (const ImGuiWindow* side = ImGui::FindWindowByName("Details"))
      for (ImVec2 p : probe_points(side->Pos, ImVec2(side->Pos.x + side->Size.x, side->Pos.y + side->Size.y))) {
        io.MousePos = p;
        check_frame(ui.frame(app), log);
      }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
  app.view.cursor = 0;
  app.view.playing = true;
  for (int i = 0; i < 3; ++i) check_frame(ui.frame(app), log);
  app.view.playing = false;
}

// The app's form of a summary is il::ui::one_line(summary_json(...)) (app.hpp).

} // namespace il::ui::test
