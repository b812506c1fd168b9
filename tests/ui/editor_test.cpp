// The editor and the console, headless: a built-in opened as a copy, a program typed key by key (with its
// indentation) and run with Ctrl+Enter, a syntax error marked where CPython puts it while the previous run
// stays, input() fed from the console, and the console's lines moving the cursor.
#include <doctest/doctest.h>

#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/report.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

namespace {

// What `interleave run NAME` prints as its --json summary for this source on the app's machine A.
std::string cli_summary(const App& app, std::string_view source, const std::string& name) {
  py::CompileResult r = py::compile_program(source, name);
  REQUIRE(r.ok());
  Sim cli(app.a.cfg, r.program);
  cli.set_stdin(app.view.editor.stdin_text);
  cli.run();
  return one_line(summary_json(cli, name));
}

std::string printed(const RunSlot& run) {
  std::string s;
  for (const ConsoleLine& l : run.console) s += l.text + "\n";
  return s;
}

} // namespace

TEST_CASE("Editor: Edit a copy opens the scenario in the editor and runs it, as the CLI would") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  CHECK(app.apply_state("scenario=race-counter&tab=source").empty());
  app.finish_runs();
  ui.frame(app);
  ui.frame(app);
  const App::Rect* edit = app.rect("edit-copy");
  REQUIRE(edit);
  ui.click(app, centre(*edit));
  app.finish_runs();
  REQUIRE(app.view.editor.active);
  const Scenario* sc = find_scenario("race-counter");
  REQUIRE(sc);
  CHECK(app.view.editor.text == sc->source);
  CHECK(app.view.editor.name == "race-counter.py");
  REQUIRE(app.a);
  CHECK(app.a.summary == cli_summary(app, sc->source, "race-counter.py"));
  CHECK(platform.url.find("&file=race-counter.py&code=" + app.view.editor.code) != std::string::npos); // the program travels
  FrameLog log;
  exercise(ui, app, log); // every tab draws, the editor with its thread tags at each cursor
  app.view.tab = SideTab::Source;
  ui.frame(app);
  ui.frame(app); // (a tab set from outside shows on the frame after)
  CHECK(app.rect("editor"));
}

TEST_CASE("Editor: typed keys edit the program (Enter keeps and adds indentation, Tab indents four) and Ctrl+Enter runs it") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  CHECK(app.apply_state("scenario=race-counter&tab=source").empty());
  app.finish_runs();
  ui.frame(app);
  app.new_program();
  app.finish_runs();
  REQUIRE(app.view.editor.active);
  app.view.editor.text.clear(); // an empty editor, focused
  app.view.editor.widget.focus = true;
  ui.frame(app);
  ui.frame(app);
  CHECK(app.view.editor.widget.active);
  ui.type(app, "import threading\ndef work(n):\nfor i in range(n):\nprint(i)\n");
  ui.key(app, ImGuiKey_Backspace); // out of the loop's body: back to the function's level
  ui.key(app, ImGuiKey_Backspace);
  ui.key(app, ImGuiKey_Backspace);
  ui.key(app, ImGuiKey_Backspace);
  ui.type(app, "return n\n");
  ui.key(app, ImGuiKey_Backspace);
  ui.key(app, ImGuiKey_Backspace);
  ui.key(app, ImGuiKey_Backspace);
  ui.key(app, ImGuiKey_Backspace);
  ui.type(app, "t = threading.Thread(target=work, args=(3,))\nt.start()\nt.join()\nif True:");
  ui.key(app, ImGuiKey_Tab); // a Tab before any text of the line: four spaces, not a tab character
  ui.type(app, "x=1\n");
  const std::string want =
      "import threading\n"
      "def work(n):\n"
      "    for i in range(n):\n"
      "        print(i)\n"
      "    return n\n"
      "t = threading.Thread(target=work, args=(3,))\n"
      "t.start()\n"
      "t.join()\n"
      "if True:    x=1\n";
  CHECK(app.view.editor.text == want);
  ui.key(app, ImGuiKey_Enter, true); // Ctrl+Enter: compile and run
  app.finish_runs();
  CHECK(app.view.editor.error.empty());
  REQUIRE(app.a);
  CHECK(app.view.editor.ran == want);
  CHECK(app.a.summary == cli_summary(app, want, "prog.py"));
  CHECK(printed(app.a) == "0\n1\n2\n");
  ui.frame(app);
  CHECK(app.view.editor.widget.focus == false); // the editor took the keyboard back
}

TEST_CASE("Editor: a syntax error is marked at CPython's line and column, and the previous run stays") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  CHECK(app.apply_state("scenario=race-counter&tab=source").empty());
  app.finish_runs();
  app.new_program();
  app.finish_runs();
  const std::string before = app.a.summary;
  const struct {
    const char* src;
    const char* error;
    int line, col;
  } cases[] = {
      {"def f(:\n    pass\n", "SyntaxError: invalid syntax", 1, 7},
      {"x = (1,\nprint(x)\n", "SyntaxError: '(' was never closed", 1, 5},
      {"if True\n    pass\n", "SyntaxError: expected ':'", 1, 8},
      {"import threading\nmatch 1:\n    case 1:\n        pass\n", nullptr, 2, 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.src);
    app.view.editor.text = c.src;
    CHECK_FALSE(app.run_program());
    if (c.error) CHECK(app.view.editor.error == c.error);
    else CHECK(app.view.editor.error.find("NotImplementedError: the 'match' statement") == 0);
    CHECK(app.view.editor.error_line == c.line);
    CHECK(app.view.editor.error_col == c.col);
    CHECK(app.a.summary == before); // the last good run is still on screen
    CHECK(app.view.editor.active);
    FrameLog log;
    check_frame(ui.frame(app), log);
    check_frame(ui.frame(app), log);
    CHECK(app.rect("compile-error"));
  }
  app.view.editor.text = "print('fixed')\n";
  CHECK(app.run_program());
  app.finish_runs();
  CHECK(app.view.editor.error.empty());
  CHECK(printed(app.a) == "fixed\n");
}

TEST_CASE("Console: input() reads the console's text; each line carries its thread and time, and a click moves the cursor there") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  CHECK(app.apply_state("scenario=race-counter&tab=console").empty());
  app.finish_runs();
  app.view.editor.stdin_text = "Ada\n";
  app.view.editor.text =
      "import threading\nimport time\n\ndef greet(who):\n    time.sleep(0.01)\n    print('hello', who)\n\n"
      "name = input('name? ')\nt = threading.Thread(target=greet, args=(name,))\nt.start()\nt.join()\nprint('bye')\n";
  REQUIRE(app.run_program());
  app.finish_runs();
  REQUIRE(app.a);
  CHECK(app.a.summary == cli_summary(app, app.view.editor.text, "prog.py"));
  REQUIRE(app.a.console.size() == 2);
  CHECK(app.a.console[0].text == "name? hello Ada"); // the prompt has no newline: the thread's line goes on from it
  CHECK(app.a.console[1].text == "bye");
  CHECK(app.a.console[0].t >= 10'000'000);
  app.view.tab = SideTab::Console;
  app.view.cursor = 0;
  ui.frame(app);
  ui.frame(app);
  const App::Rect* line = app.rect("console-line:1");
  REQUIRE(line);
  ui.click(app, centre(*line));
  CHECK(app.view.cursor == app.a.console[1].t);
  FrameLog log;
  exercise(ui, app, log);
}

TEST_CASE("Editor: an exception that ends a thread marks its line; a click on it goes to the moment it was raised") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  const std::string src = "import threading\n\ndef work():\n    return {}['missing']\n\nt = threading.Thread(target=work)\n"
                          "t.start()\nt.join()\nprint('after')\n";
  REQUIRE(app.open_program("crash.py", src));
  app.finish_runs();
  REQUIRE(app.a);
  REQUIRE(app.a.uncaught.size() == 1);
  CHECK(app.a.uncaught[0].line == 4); // python3: File "crash.py", line 4, in work / KeyError: 'missing'
  CHECK(app.a.uncaught[0].text == "KeyError: 'missing'");
  for (int i = 0; i < 3; ++i) ui.frame(app);
  const App::Rect* banner = app.rect("uncaught:0");
  REQUIRE(banner);
  app.view.cursor = 0;
  ui.click(app, centre(*banner));
  CHECK(app.view.cursor == app.a.uncaught[0].t);
  CHECK(app.a.summary == cli_summary(app, src, "crash.py"));
  // The Console has the traceback, as CPython prints it.
  std::string err;
  for (const ConsoleLine& l : app.a.console)
    if (l.stream == Stream::Stderr) err += l.text + "\n";
  CHECK(err.find("Exception in thread Thread-1 (work):\nTraceback (most recent call last):\n") == 0);
  CHECK(err.find("  File \"crash.py\", line 4, in work\n") != std::string::npos);
  FrameLog log;
  exercise(ui, app, log); // the marked line hovered with the rest
}

TEST_CASE("Editor: a program that never ends can be stopped, or stops at the budget with its message") {
  Headless ui;
  MemoryPlatform platform;
  // It sleeps, so it is no livelock: left alone it runs to the hour of simulated time a run may take.
  const std::string forever = "import threading\nimport time\n\ndef tick():\n    while True:\n        time.sleep(0.001)\n\n"
                              "threading.Thread(target=tick).start()\nprint('started')\n";
  SUBCASE("Stop") {
    App app(platform);
    app.open_program("tick.py", forever);
    REQUIRE(app.a.pending); // a frame's budget is not enough
    for (int i = 0; i < 3; ++i) ui.frame(app);
    REQUIRE(app.a.pending);
    const App::Rect* stop = app.rect("stop-run");
    REQUIRE(stop);
    ui.click(app, centre(*stop));
    REQUIRE(app.a);
    CHECK(app.a.kernel->end() == RunEnd::Stopped);
    CHECK(app.a.summary.find("\"end\": \"stopped\"") != std::string::npos);
    CHECK(stop_reason(*app.a.kernel).find("it was stopped at ") == 0);
    REQUIRE(app.a.console.size() == 1);
    CHECK(app.a.console[0].text == "started");
    FrameLog log;
    exercise(ui, app, log);
  }
  SUBCASE("the instruction budget") {
    App app(platform);
    CHECK(app.apply_state("max-instructions=200000").empty());
    app.open_program("tick.py", forever);
    app.finish_runs();
    REQUIRE(app.a);
    CHECK(app.a.kernel->end() == RunEnd::InstructionLimit);
    CHECK(stop_reason(*app.a.kernel) == "it ran 200000 instructions, the budget --max-instructions sets");
    FrameLog log;
    exercise(ui, app, log);
  }
}

} // namespace il::ui::test
