// The one platform file: SDL2 window, GL context (WebGL2 / GLES 3.0 in the browser, GL 3.2 core natively) and
// the main loop, a `while` natively and a registered callback in the browser. Everything else is platform-free.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <functional>
// The loop body becomes a lambda the browser calls once per animation frame; main's locals stay alive
// because simulate_infinite_loop never returns from main.
#define IL_MAIN_LOOP_BEGIN std::function<void()> il_loop_body = [&]()
#define IL_MAIN_LOOP_END                                                                                      \
  ;                                                                                                           \
  emscripten_set_main_loop_arg([](void* body) { (*static_cast<std::function<void()>*>(body))(); },            \
                               &il_loop_body, 0, true);
#else
#include <SDL_opengl.h>
#define IL_MAIN_LOOP_BEGIN while (!done)
#define IL_MAIN_LOOP_END
#endif

#include "app.hpp"
#include "codec.hpp"

// [SECTION] the platform services the app asks for

#ifdef __EMSCRIPTEN__
// A Blob download of bytes from the wasm heap; the page stays single-threaded and needs no server help.
EM_JS(void, il_js_download, (const char* name, const char* mime, const char* data, int len), {
  const blob = new Blob([HEAPU8.slice(data, data + len)], {type : UTF8ToString(mime)});
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function() { URL.revokeObjectURL(a.href); }, 60000);
});
// The URL hash, at once; when it carries the editor's program (text), the page's il_link_state (index.html)
// deflates it again with the browser's CompressionStream and the hash takes that shorter code when it is ready
// (unless a newer state came meanwhile).
EM_JS(void, il_js_set_hash, (const char* state, const char* text), {
  const s = UTF8ToString(state), t = text ? UTF8ToString(text) : "";
  const seq = (Module.il_hash_seq = (Module.il_hash_seq || 0) + 1);
  history.replaceState(null, "", "#" + s);
  if (window.il_link_state && t)
    window.il_link_state(s, t).then(function(v) { if (Module.il_hash_seq === seq && v !== s) history.replaceState(null, "", "#" + v); });
});
// The page's address with this state as its hash onto the clipboard (its program deflated as above); the
// outcome is logged (and shown) later.
EM_JS(void, il_js_copy_link, (const char* state, const char* text), {
  const s = UTF8ToString(state), t = text ? UTF8ToString(text) : "";
  const report = function(msg) {
    console.log("interleave: " + msg);
    Module.ccall("il_set_status", null, ["string"], [msg]);
  };
  if (!navigator.clipboard) { report("link not copied: this page has no clipboard access (http on another host?); the address bar holds the link"); return; }
  (window.il_link_state && t ? window.il_link_state(s, t) : Promise.resolve(s)).then(function(v) {
    const url = location.origin + location.pathname + "#" + v;
    return navigator.clipboard.writeText(url).then(function() { report("link copied " + url); });
  }).catch(function(e) { report("link not copied: " + e.message + "; the address bar holds the link"); });
});
// The system clipboard for ImGui's copy and cut. Its paste comes from the page's paste event (il_paste_text).
EM_JS(void, il_js_clipboard_write, (const char* text), {
  if (navigator.clipboard) navigator.clipboard.writeText(UTF8ToString(text)).catch(function() {});
});
EM_JS(char*, il_js_load_setting, (const char* key), {
  let v = null;
  try { v = localStorage.getItem("interleave." + UTF8ToString(key)); } catch (e) {}
  if (v === null) return 0;
  const n = lengthBytesUTF8(v) + 1, p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
EM_JS(char*, il_js_language, (), {
  const v = navigator.language || "";
  const n = lengthBytesUTF8(v) + 1, p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
EM_JS(void, il_js_save_setting, (const char* key, const char* value), {
  try { localStorage.setItem("interleave." + UTF8ToString(key), UTF8ToString(value)); }
  catch (e) { console.log("interleave: not kept in this browser: " + e.message); }
});
// ImGui's wish for text input and its caret, for the page's input-method textarea (index.html).
EM_JS(void, il_js_ime, (int want, int x, int y), {
  if (window.il_ime) window.il_ime(want, x, y);
});
// A file picker for one .py file; its text goes to il_open_program.
EM_JS(void, il_js_pick_file, (), {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".py,.pyw,text/x-python,text/plain";
  input.style.display = "none";
  input.addEventListener("change", function() {
    const f = input.files && input.files[0];
    input.remove();
    if (!f) return;
    if (f.size > 1000000) { Module.ccall("il_set_status", null, ["string"], ["not opened: " + f.name + " is over 1 MB"]); return; }
    f.text().then(function(text) { Module.ccall("il_open_program", null, ["string", "string"], [f.name, text]); });
  });
  document.body.appendChild(input);
  input.click();
});
#endif

namespace {

il::ui::App* g_app = nullptr; // for the page's callbacks below; set once in main

#ifdef __EMSCRIPTEN__
// The program a state's code= carries (the editor's text as it last ran), for the browser to deflate itself.
const char* link_program(const std::string& state) {
  return g_app && state.find("&code=") != std::string::npos ? g_app->view.editor.ran.c_str() : nullptr;
}
#endif

class HostPlatform final : public il::ui::Platform {
public:
  std::string save_file(const std::string& name, const std::string& mime, std::string_view bytes) override {
#ifdef __EMSCRIPTEN__
    il_js_download(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    return il::ui::tr("downloaded ") + name + " (" + std::to_string(bytes.size()) + il::ui::tr(" bytes)");
#else
    (void)mime;
    std::ofstream f(name, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return il::ui::tr("could not write ") + name + ": " + std::strerror(errno);
    std::printf("interleave: saved %s\n", name.c_str());
    std::fflush(stdout);
    return il::ui::tr("saved ") + name + " (" + std::to_string(bytes.size()) + il::ui::tr(" bytes)");
#endif
  }
#ifdef __EMSCRIPTEN__
  // The 4 GB wasm heap holds the text while the Blob copy is made; beyond this, the CLI is the way.
  std::size_t max_file_bytes() const override { return std::size_t{1200} * 1000 * 1000; }
#endif
  void set_url_state(const std::string& state) override {
#ifdef __EMSCRIPTEN__
    il_js_set_hash(state.c_str(), link_program(state));
#else
    (void)state;
#endif
  }
  std::string copy_link(const std::string& state) override {
#ifdef __EMSCRIPTEN__
    il_js_copy_link(state.c_str(), link_program(state));
    return il::ui::tr("copying the link...");
#else
    const std::string link = "#" + state;
    SDL_SetClipboardText(link.c_str());
    std::printf("interleave: link copied %s\n", link.c_str());
    std::fflush(stdout);
    return il::ui::tr("link copied (interleave_app --state takes it)");
#endif
  }
#ifdef __EMSCRIPTEN__
  std::string load_setting(const std::string& key) override {
    char* v = il_js_load_setting(key.c_str());
    if (!v) return {};
    std::string out(v);
    std::free(v);
    return out;
  }
  void save_setting(const std::string& key, const std::string& value) override {
    il_js_save_setting(key.c_str(), value.c_str());
  }
  void pick_file() override { il_js_pick_file(); }
  std::string system_language() const override {
    char* v = il_js_language();
    std::string out = v ? v : "";
    std::free(v);
    return out;
  }
  bool pick_file_available() const override { return true; }
#else
  std::string system_language() const override { // LANG=zh_CN.UTF-8 -> zh_CN
    const char* v = std::getenv("LC_ALL");
    if (!v || !*v) v = std::getenv("LANG");
    return v ? v : "";
  }
  // $XDG_CONFIG_HOME/interleave/KEY (~/.config when unset); nothing kept when neither is known.
  static std::string setting_path(const std::string& key, bool make_dir) {
    std::string dir;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) dir = x;
    else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.config";
    else return {};
    dir += "/interleave";
    if (make_dir) {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
    }
    return dir + "/" + key;
  }
  std::string load_setting(const std::string& key) override {
    std::ifstream in(setting_path(key, false), std::ios::binary);
    return in ? std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()) : std::string();
  }
  void save_setting(const std::string& key, const std::string& value) override {
    const std::string path = setting_path(key, true);
    if (path.empty()) return;
    const std::string tmp = path + ".tmp"; // a crash mid-write leaves the previous value
    std::ofstream(tmp, std::ios::binary).write(value.data(), static_cast<std::streamsize>(value.size()));
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
  }
#endif
  double now_ms() override {
#ifdef __EMSCRIPTEN__
    return emscripten_get_now();
#else
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
  }
};

// The GL framebuffer (bottom row first) as RGBA rows top first; x, y, w, h in ImGui's coordinates.
std::vector<std::uint8_t> read_pixels(float x, float y, float w, float h, int& out_w, int& out_h) {
  const ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  const int fb_h = static_cast<int>(io.DisplaySize.y * sy);
  const int px = std::max(0, static_cast<int>(x * sx)), pw = std::max(1, static_cast<int>(w * sx));
  const int ph = std::max(1, static_cast<int>(h * sy)), py = std::max(0, fb_h - static_cast<int>((y + h) * sy));
  std::vector<std::uint8_t> flipped(static_cast<std::size_t>(pw) * static_cast<std::size_t>(ph) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(px, py, pw, ph, GL_RGBA, GL_UNSIGNED_BYTE, flipped.data());
  std::vector<std::uint8_t> rows(flipped.size());
  const std::size_t stride = static_cast<std::size_t>(pw) * 4;
  for (int r = 0; r < ph; ++r)
    std::memcpy(&rows[static_cast<std::size_t>(r) * stride], &flipped[static_cast<std::size_t>(ph - 1 - r) * stride], stride);
  out_w = pw;
  out_h = ph;
  return rows;
}

il::ui::Platform* g_platform = nullptr; // its clock, for the font's build time
#ifdef __EMSCRIPTEN__
int g_ime_x = 0, g_ime_y = 0;              // the caret ImGui last reported: where the input method's window goes
int g_ime_shown[3] = {-1, 0, 0};           // what the page was last told: wants text, x, y
#endif

// [SECTION] the CJK font: cjk.ttf (see ui/CMakeLists.txt) merged into ImGui's default font between two frames,
// once it is read: fetched after the page's first frame in the browser, read from beside the executable natively.

std::vector<unsigned char> g_font_bytes; // the atlas reads them while it builds, and on any later rebuild
bool g_font_pending = false;

void take_font(const void* data, int size) {
  const auto* p = static_cast<const unsigned char*>(data);
  g_font_bytes.assign(p, p + size);
  g_font_pending = true;
}

void use_cjk_font() {
  g_font_pending = false;
  const double t0 = g_platform->now_ms();
  // The characters cjk_font.py keeps (and kana, which the font has), at the default font's 13 px.
  static const ImWchar kRanges[] = {0x2010, 0x205E, 0x2190, 0x21FF, 0x2460, 0x24FF, 0x2700, 0x27BF,
                                    0x3000, 0x30FF, 0x4E00, 0x9FFF, 0xFF00, 0xFFEF, 0};
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->AddFontDefault();
  ImFontConfig cfg;
  cfg.MergeMode = true;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 1; // pixel-snapped at one size: no sub-pixel copies (they would triple the atlas)
  cfg.PixelSnapH = true;
  io.Fonts->AddFontFromMemoryTTF(g_font_bytes.data(), static_cast<int>(g_font_bytes.size()), 13.0f, &cfg, kRanges);
  if (!io.Fonts->Build()) {
    std::printf("interleave: font cjk.ttf could not be read; CJK characters show as '?'\n");
    io.Fonts->Clear();
    io.Fonts->AddFontDefault();
  }
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  const ImFont* font = io.Fonts->Fonts[0];
  std::printf("interleave: font cjk.ttf: %d glyphs (%s), atlas %dx%d, built in %.0f ms\n", font->Glyphs.Size,
              font->FindGlyphNoFallback(0x7EBF) ? "CJK" : "no CJK", io.Fonts->TexWidth, io.Fonts->TexHeight, g_platform->now_ms() - t0);
  std::fflush(stdout);
}

void load_cjk_font() {
#ifdef __EMSCRIPTEN__
  emscripten_async_wget_data(
      "cjk.ttf", nullptr, [](void*, void* data, int size) { take_font(data, size); },
      [](void*) { std::printf("interleave: no cjk.ttf beside the page; CJK characters show as '?'\n"); });
#else
  std::string path;
  if (const char* env = std::getenv("INTERLEAVE_CJK_FONT"); env && *env) path = env;
  else if (char* base = SDL_GetBasePath()) {
    path = std::string(base) + "cjk.ttf";
    SDL_free(base);
  }
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) std::printf("interleave: no CJK font at %s; CJK characters show as '?'\n", path.c_str());
  else take_font(bytes.data(), static_cast<int>(bytes.size()));
#endif
}

// Frame-time percentiles: `*_ms` whole frames including the GL work (glFinish), `cpu_*_ms` the app and ImGui
// building the frame (what the per-pixel folding bounds; the rest depends on the GL implementation).
std::string frames_json(std::vector<double> ms, std::vector<double> cpu, const std::string& scenario,
                        std::size_t records) {
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  auto q = [](const std::vector<double>& v, double p) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
  };
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "{\"scenario\":\"%s\",\"trace_records\":%zu,\"frames\":%zu,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
                "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"cpu_p50_ms\":%.3f,\"cpu_p95_ms\":%.3f,\"cpu_max_ms\":%.3f}",
                scenario.c_str(), records, ms.size(), q(ms, 0.50), q(ms, 0.95), q(ms, 0.99), ms.empty() ? 0.0 : ms.back(),
                q(cpu, 0.50), q(cpu, 0.95), cpu.empty() ? 0.0 : cpu.back());
  return buf;
}

} // namespace

// Called by the page (web/index.html and tests): where a named widget was drawn, and new URL state.
extern "C" {
const char* il_ui_rect(const char* id);
void il_apply_state(const char* state);
const char* il_editor_text();
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* il_ui_rect(const char* id) {
  static std::string out; // returned to JS, which copies it at once
  out.clear();
  if (!g_app) return out.c_str();
  if (const il::ui::App::Rect* r = g_app->rect(id)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r->x, r->y, r->w, r->h);
    out = buf;
  }
  return out.c_str();
}
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void il_apply_state(const char* state) {
  if (!g_app) return;
  for (const std::string& err : g_app->apply_state(state ? state : ""))
    std::printf("interleave: bad URL parameter: %s\n", err.c_str());
  std::fflush(stdout);
}
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* il_editor_text() { // the editor's text as it stands (JS copies it at once)
  return g_app ? g_app->view.editor.text.c_str() : "";
}
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
void il_open_program(const char* name, const char* text) { // the file picker's file
  if (!g_app) return;
  if (!g_app->open_program(name, text))
    std::printf("interleave: %s does not compile: line %d, column %d: %s\n", name, g_app->view.editor.error_line,
                g_app->view.editor.error_col, g_app->view.editor.error.c_str());
  std::fflush(stdout);
}
EMSCRIPTEN_KEEPALIVE
void il_set_status(const char* line) {
  if (g_app) g_app->view.status = line;
}
EMSCRIPTEN_KEEPALIVE
void il_type_text(const char* text) { // an input method's committed text, typed at the caret
  ImGui::GetIO().AddInputCharactersUTF8(text);
}
EMSCRIPTEN_KEEPALIVE
void il_paste_text(const char* text) { // the page's paste event, for the editor when it has the keyboard
  if (g_app && g_app->view.editor.widget.active) g_app->view.editor.widget.paste += text;
}
#endif
}

int main(int argc, char** argv) {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::printf("interleave: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl_version = "#version 300 es";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl_version = "#version 150";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);
  const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  int width = 1280, height = 800;
#ifdef __EMSCRIPTEN__
  double css_w = 0, css_h = 0; // start at the page's canvas size (index.html makes it the whole window)
  if (emscripten_get_element_css_size("#canvas", &css_w, &css_h) == EMSCRIPTEN_RESULT_SUCCESS && css_w > 0) {
    width = static_cast<int>(css_w);
    height = static_cast<int>(css_h);
  }
#endif
  SDL_Window* window =
      SDL_CreateWindow("Interleave", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, flags);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!gl) {
    std::printf("interleave: no GL context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr; // the layout is fixed; nothing to persist
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init(glsl_version);
#ifdef __EMSCRIPTEN__
  // SDL's clipboard in the browser is its own; copy and cut go to the system's (paste: see index.html).
  io.SetClipboardTextFn = [](void*, const char* text) { il_js_clipboard_write(text); };
  io.ImeSetInputScreenPosFn = [](int x, int y) { g_ime_x = x, g_ime_y = y; };
#endif

  HostPlatform platform;
  g_platform = &platform;
  il::ui::App app(platform);
  g_app = &app;
  std::string state;
  bool print_rects = false;
  int max_frames = -1;
  std::string screenshot;
  std::string program_path; // a .py to open in the editor and run
#ifdef __EMSCRIPTEN__
  (void)argc;
  (void)argv;
  state = emscripten_run_script_string("window.location.hash || window.location.search");
#else
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--state" && has_value) state = argv[++i];
    else if (arg == "--print-rects") print_rects = true;
    else if (arg == "--frames" && has_value) max_frames = std::atoi(argv[++i]);
    else if (arg == "--screenshot" && has_value) screenshot = argv[++i];
    else if (arg.size() > 1 && arg[0] != '-' && program_path.empty()) program_path = arg;
    else {
      std::printf("usage: interleave_app [PROGRAM.py] [--state \"scenario=NAME&cores=2...\"] [--print-rects] "
                  "[--frames N] [--screenshot FILE.png]\n");
      return 2;
    }
  }
#endif
  for (const std::string& err : app.apply_state(state))
    std::printf("interleave: bad URL parameter: %s\n", err.c_str());
  std::printf("interleave: language %s\n", il::ui::language() == il::ui::Language::Chinese ? "zh-CN" : "en");
#ifndef __EMSCRIPTEN__
  // A program opened from the desktop: a path on the command line, or a file dropped on the window.
  auto open_file = [&](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::printf("interleave: cannot open %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t slash = path.find_last_of('/');
    const bool ok = app.open_program(slash == std::string::npos ? path : path.substr(slash + 1), std::move(text));
    if (!ok) std::printf("interleave: %s does not compile: line %d, column %d: %s\n", path.c_str(),
                         app.view.editor.error_line, app.view.editor.error_col, app.view.editor.error.c_str());
    return true;
  };
  if (!program_path.empty() && !open_file(program_path)) return 2;
#endif
  std::fflush(stdout);
  bool done = false;
  bool announced_ready = false, rects_printed = false;
  int frame_no = 0, bench_i = 0;
  std::vector<double> bench_ms, bench_cpu_ms;

  IL_MAIN_LOOP_BEGIN {
    if (g_font_pending) use_cjk_font();
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (event.type == SDL_QUIT) done = true;
#ifndef __EMSCRIPTEN__
      if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_q && (event.key.keysym.mod & KMOD_CTRL))
        done = true; // Ctrl+Q quits the desktop app (and lets scripts end it with a key)
      if (event.type == SDL_DROPFILE && event.drop.file) {
        open_file(event.drop.file);
        SDL_free(event.drop.file);
      }
#endif
      if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
          event.window.windowID == SDL_GetWindowID(window))
        done = true;
    }
    const double t_frame = platform.now_ms();
    const bool benchmarking = app.view.bench_frames > 0 && app.a && !app.busy();
    if (benchmarking) app.bench_step(bench_i);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // Two frames can share a timestamp (headless Chrome); ImGui 1.86 asserts DeltaTime > 0.
    io.DeltaTime = std::max(io.DeltaTime, 1e-4f);
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    const double t_built = platform.now_ms(); // the app's own work ends here; the rest is GL
    if (const double ms = app.take_edit_to_result_ms(); ms >= 0) std::printf("interleave: edit-to-result %.1f ms\n", ms);
#ifdef __EMSCRIPTEN__
    if (const int want = io.WantTextInput ? 1 : 0; want != g_ime_shown[0] || g_ime_x != g_ime_shown[1] || g_ime_y != g_ime_shown[2]) {
      g_ime_shown[0] = want, g_ime_shown[1] = g_ime_x, g_ime_shown[2] = g_ime_y;
      il_js_ime(want, g_ime_x, g_ime_y);
    }
#endif
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (const il::ui::App::Rect* r = app.capture_rect()) {
      int w = 0, h = 0;
      const std::vector<std::uint8_t> px = read_pixels(r->x, r->y, r->w, r->h, w, h);
      app.capture_done(px, w, h);
    }
    ++frame_no;
    const bool last_frame = max_frames > 0 && frame_no >= max_frames;
    if (!screenshot.empty() && (done || last_frame)) {
      int w = 0, h = 0;
      const std::vector<std::uint8_t> px = read_pixels(0, 0, io.DisplaySize.x, io.DisplaySize.y, w, h);
      const std::string png = il::ui::encode_png(px.data(), w, h);
      std::ofstream(screenshot, std::ios::binary).write(png.data(), static_cast<std::streamsize>(png.size()));
      std::printf("interleave: screenshot %s (%dx%d)\n", screenshot.c_str(), w, h);
    }
    if (benchmarking) {
      glFinish(); // the frame's GPU work counts too
      bench_ms.push_back(platform.now_ms() - t_frame);
      bench_cpu_ms.push_back(t_built - t_frame);
      if (++bench_i == app.view.bench_frames) {
        std::printf("interleave: frames %s\n",
                    frames_json(bench_ms, bench_cpu_ms, app.a.scenario, app.a.kernel->trace().recs.size()).c_str());
        app.view.bench_frames = 0;
#ifndef __EMSCRIPTEN__
        done = true;
#endif
      }
    }
    SDL_GL_SwapWindow(window);
    if (!announced_ready) {
      announced_ready = true;
      std::printf("interleave: ready\n");
      load_cjk_font(); // after the first frame: the page shows before the font's bytes arrive
    }
    if (print_rects && !rects_printed && app.a) {
      rects_printed = true;
      for (const auto& [id, r] : app.rects())
        std::printf("interleave: rect %s %.0f %.0f %.0f %.0f\n", id.c_str(), r.x, r.y, r.w, r.h);
    }
    std::fflush(stdout);
    if (last_frame) done = true;
  }
  IL_MAIN_LOOP_END

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
