// What the UI tests share: a Platform that keeps saved files in memory with a clock that moves a millisecond
// per reading, ImGui with no backend (a context, a font atlas, a display size), frames, and clicks.
// imgui_internal.h: tests look up windows by name (ImGui::FindWindowByName) to hover them.
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

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

  std::vector<SavedFile> files;
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

// The app's form of a summary is il::ui::one_line(summary_json(...)) (app.hpp).

} // namespace il::ui::test
