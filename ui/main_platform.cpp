// The one platform file: SDL2 window, GL context (WebGL2 / GLES 3.0 in the browser, GL 3.2 core natively) and
// the main loop, a `while` natively and a registered callback in the browser. Everything else is platform-free.
#include <algorithm>
#include <cstdio>
#include <string>

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

  il::ui::App app;
#ifdef __EMSCRIPTEN__
  const char* query = emscripten_run_script_string("window.location.search");
  (void)argc;
  (void)argv;
#else
  const char* query = argc > 1 ? argv[1] : ""; // natively the same "scenario=...&cores=..." text
#endif
  for (const std::string& err : app.apply_query(query ? query : ""))
    std::printf("interleave: bad URL parameter: %s\n", err.c_str());
  app.rerun();
  bool done = false;
  bool announced_ready = false;

  IL_MAIN_LOOP_BEGIN {
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (event.type == SDL_QUIT) done = true;
      if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
          event.window.windowID == SDL_GetWindowID(window))
        done = true;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // Two frames can share a timestamp (headless Chrome); ImGui 1.86 asserts DeltaTime > 0.
    io.DeltaTime = std::max(io.DeltaTime, 1e-4f);
    ImGui::NewFrame();
    app.draw();
    ImGui::Render();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(window);
    if (!announced_ready) {
      announced_ready = true;
      std::printf("interleave: ready\n");
      std::fflush(stdout);
    }
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
