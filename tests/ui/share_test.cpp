// Sharing and keeping a program of the user's, headless: a link made by Copy link opens the same program on the
// same machine in a new app and gives the CLI's run (trace_sha256 and all); a program too big for a link is
// refused with the reason; a damaged link runs nothing and says so; the editor's text survives a "reload" (a
// new App on the same platform's settings), edits since the last run included; paste and Save reach the editor
// and the platform; and every built-in opened in the editor draws its Source and Console tabs.
#include <doctest/doctest.h>

#include "python/compiler.hpp"
#include "scenarios/scenarios.hpp"
#include "trace/report.hpp"
#include "ui_harness.hpp"

namespace il::ui::test {

namespace {

// A program with a thread, Chinese text (UTF-8 must survive the link) and a name of its own.
const std::string kProgram =
    "import threading\n\n# 两个线程各加一千次\ncount = 0\nlock = threading.Lock()\n\n\ndef work():\n    global count\n"
    "    for _ in range(1000):\n        with lock:\n            count += 1\n\n\nts = [threading.Thread(target=work) for _ in "
    "range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint('结果', count)\n";

std::string cli_summary(const Config& cfg, const std::string& source, const std::string& name) {
  py::CompileResult r = py::compile_program(source, name);
  REQUIRE(r.ok());
  Sim cli(cfg, r.program);
  cli.run();
  return one_line(summary_json(cli, name));
}

// Text that deflate cannot shrink much: a comment of pseudo-random digits and letters.
std::string incompressible(std::size_t n) {
  std::string s = "# ";
  std::uint32_t x = 12345;
  for (std::size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    s += "abcdefghijklmnopqrstuvwxyz0123456789"[(x >> 16) % 36];
    if (i % 100 == 99) s += "\n# ";
  }
  return s + "\nprint('big')\n";
}

} // namespace

TEST_CASE("Share: Copy link carries the program, machine and seed; the link opened anew runs what the CLI runs") {
  Headless ui;
  MemoryPlatform first;
  App app(first);
  CHECK(app.apply_state("scenario=race-counter&cores=2&slice-ms=5&seed=7").empty());
  app.finish_runs();
  REQUIRE(app.open_program("两个线程.py", kProgram));
  app.finish_runs();
  REQUIRE(app.a);
  ui.frame(app);
  ui.frame(app); // (the Source tab, opened from outside, shows on the frame after)
  const App::Rect* copy = app.rect("copy-link");
  REQUIRE(copy);
  ui.click(app, centre(*copy));
  const std::string link = first.clipboard;
  REQUIRE(link.size() > 1);
  CHECK(link[0] == '#');
  CHECK(link.find("cores=2") != std::string::npos);
  CHECK(link.find("seed=7") != std::string::npos);
  CHECK(link.find("file=%E4%B8%A4%E4%B8%AA%E7%BA%BF%E7%A8%8B.py") != std::string::npos); // percent-encoded UTF-8
  CHECK(link.find("&code=") != std::string::npos);
  CHECK(link.find("scenario=") == std::string::npos); // the program, not a built-in
  CHECK(link == "#" + first.url);                        // what the address bar shows

  MemoryPlatform second; // another browser: nothing kept
  App opened(second);
  CHECK(opened.apply_state(link).empty());
  opened.finish_runs();
  REQUIRE(opened.a);
  CHECK(opened.view.editor.text == kProgram);
  CHECK(opened.view.editor.name == "两个线程.py");
  CHECK(opened.view.editor.active);
  CHECK(opened.a.cfg.cores == 2);
  CHECK(opened.a.cfg.seed == 7);
  CHECK(opened.a.summary == app.a.summary);
  CHECK(opened.a.summary == cli_summary(app.a.cfg, kProgram, "两个线程.py"));
  CHECK(opened.a.summary.find("\"trace_sha256\"") != std::string::npos);
  ui.frame(opened);
  CHECK(second.url == first.url); // and its own link is the same one
}

TEST_CASE("Share: a program too big for a link is refused with the reason; the link keeps the machine") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  const std::string big = incompressible(12000);
  REQUIRE(app.open_program("big.py", big));
  app.finish_runs();
  CHECK(app.view.editor.code.size() > kMaxLinkCode);
  ui.frame(app);
  CHECK(platform.url.find("&file=big.py&program=own") != std::string::npos);
  CHECK(platform.url.find("code=") == std::string::npos);
  app.copy_link();
  CHECK(platform.clipboard.empty());
  CHECK(app.view.status.find("Not copied: big.py takes") == 0);
  CHECK(app.view.status.find("more than the 8 KB a link carries") != std::string::npos);
  CHECK(app.view.status.find("Save") != std::string::npos);

  // The same browser keeps it: program=own opens the kept program again.
  App reloaded(platform);
  CHECK(reloaded.apply_state(platform.url).empty());
  reloaded.finish_runs();
  CHECK(reloaded.view.editor.text == big);
  CHECK(reloaded.a.summary == app.a.summary);
  // Another one cannot, and says why.
  MemoryPlatform elsewhere;
  App other(elsewhere);
  const auto errors = other.apply_state(platform.url);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("too big to travel in it") != std::string::npos);
}

TEST_CASE("Share: a damaged link runs nothing of its program and says so") {
  MemoryPlatform platform;
  App app(platform);
  app.open_program("prog.py", kProgram);
  app.finish_runs();
  const std::string code = app.view.editor.code;
  for (const std::string& bad : {code.substr(0, code.size() / 2), code.substr(0, code.size() - 3) + "AAA",
                                 std::string("not+base64!"), std::string("")}) {
    CAPTURE(bad);
    MemoryPlatform fresh;
    App other(fresh);
    const auto errors = other.apply_state("cores=2&file=prog.py&code=" + bad);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("code: the program in the link is damaged") == 0);
    CHECK_FALSE(other.view.editor.active);
    other.finish_runs();
    CHECK(other.a.scenario == "download-threads"); // the default runs, on the machine the link asked for
    CHECK(other.a.cfg.cores == 2);
  }
}

TEST_CASE("Draft: the editor's text survives a reload, edits since the last run too, until another program comes") {
  Headless ui;
  MemoryPlatform platform;
  std::string url;
  {
    App app(platform);
    app.open_program("mine.py", kProgram);
    app.finish_runs();
    app.view.editor.text += "# not run yet\n";
    ui.frame(app);
    url = platform.url;
    CHECK(platform.settings.count("draft"));
  }
  SUBCASE("reloading its own link: the program that ran runs, the editor shows the edits") {
    App app(platform);
    CHECK(app.apply_state(url).empty());
    app.finish_runs();
    CHECK(app.view.editor.text == kProgram + "# not run yet\n");
    CHECK(app.view.editor.ran == kProgram);
    CHECK(app.view.editor.name == "mine.py");
    CHECK(app.a.summary == cli_summary(app.a.cfg, kProgram, "mine.py"));
  }
  SUBCASE("a built-in in the URL: it runs, and the kept text waits behind 'Back to mine.py'") {
    App app(platform);
    CHECK(app.apply_state("scenario=gil-convoy&tab=source").empty());
    app.finish_runs();
    CHECK(app.a.scenario == "gil-convoy");
    CHECK_FALSE(app.view.editor.open);
    CHECK(app.view.editor.text == kProgram + "# not run yet\n");
    ui.frame(app);
    ui.frame(app);
    const App::Rect* back = app.rect("back-to-program");
    REQUIRE(back);
    ui.click(app, centre(*back));
    CHECK(app.view.editor.open);
  }
  SUBCASE("another program's link replaces it") {
    MemoryPlatform elsewhere;
    App maker(elsewhere);
    maker.open_program("theirs.py", "print('theirs')\n");
    maker.finish_runs();
    ui.frame(maker);
    App app(platform);
    CHECK(app.apply_state(elsewhere.url).empty());
    app.finish_runs();
    CHECK(app.view.editor.text == "print('theirs')\n");
    CHECK(app.view.editor.name == "theirs.py");
    ui.frame(app);
    App again(platform); // and that is what is kept now
    CHECK(again.view.editor.text == "print('theirs')\n");
  }
  SUBCASE("a damaged setting is ignored") {
    platform.settings["draft"] = "interleave draft 1 7 100 100\nmine.py# cut short";
    App app(platform);
    CHECK(app.view.editor.text.empty());
  }
}

TEST_CASE("Editor: a paste replaces the selection in one edit; Save hands the text to the platform") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  app.open_program("p.py", "print(1)\n");
  app.finish_runs();
  for (int i = 0; i < 3; ++i) ui.frame(app); // the tab shows, then the editor takes the keyboard
  REQUIRE(app.view.editor.widget.active);
  ui.key(app, ImGuiKey_A, true); // select all
  app.view.editor.widget.paste = "x = 1\r\nprint(x)\r\n";
  ui.frame(app);
  CHECK(app.view.editor.text == "x = 1\nprint(x)\n");
  ui.frame(app);
  const App::Rect* save = app.rect("save-program");
  REQUIRE(save);
  ui.click(app, centre(*save));
  REQUIRE(platform.files.size() == 1);
  CHECK(platform.files[0].name == "p.py");
  CHECK(platform.files[0].mime == "text/x-python");
  CHECK(platform.files[0].bytes == "x = 1\nprint(x)\n");
  CHECK(app.view.status.find("saved p.py") == 0);
}

TEST_CASE("Editor: Chinese typed in keeps its bytes, and the caret stays after the last character") {
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  app.open_program("zh.py", "");
  app.finish_runs();
  for (int i = 0; i < 3; ++i) ui.frame(app);
  REQUIRE(app.view.editor.widget.active);
  ui.type(app, "# 两个线程\nprint('结果', 1)");
  CHECK(app.view.editor.text == "# 两个线程\nprint('结果', 1)");
  CHECK(app.view.editor.widget.caret == static_cast<int>(app.view.editor.text.size()));
  CHECK(app.view.editor.widget.caret_line == 2);
  ui.key(app, ImGuiKey_LeftArrow); // back over ')', then over '1'
  ui.key(app, ImGuiKey_LeftArrow);
  ui.type(app, "2");
  CHECK(app.view.editor.text == "# 两个线程\nprint('结果', 21)");
  ui.key(app, ImGuiKey_Home);
  ui.key(app, ImGuiKey_UpArrow);
  ui.key(app, ImGuiKey_End);
  ui.key(app, ImGuiKey_Backspace); // a three-byte character goes as one
  CHECK(app.view.editor.text == "# 两个线\nprint('结果', 21)");
  ui.key(app, ImGuiKey_Enter, true);
  app.finish_runs();
  REQUIRE(app.a);
  CHECK(app.a.console.size() == 1);
  CHECK(app.a.console[0].text == "结果 21");
}

TEST_CASE("Editor: undo after the editor's own edits (paste, Tab, auto-indent, dedent) never reaches past them") {
  // ImGui 1.86 keeps no undo record of edits made in an InputText callback; an undo record from before one would
  // apply at a stale place (and past the end of a text that shrank).
  Headless ui;
  MemoryPlatform platform;
  App app(platform);
  app.open_program("u.py", "");
  app.finish_runs();
  for (int i = 0; i < 3; ++i) ui.frame(app);
  REQUIRE(app.view.editor.widget.active);
  ui.type(app, "abcdef");
  ui.key(app, ImGuiKey_Z, true); // typing undoes and redoes as ImGui does it
  CHECK(app.view.editor.text.size() < 6);
  ui.key(app, ImGuiKey_Y, true);
  CHECK(app.view.editor.text == "abcdef");
  ui.key(app, ImGuiKey_A, true); // select all, then paste one short line over it
  app.view.editor.widget.paste = "x";
  ui.frame(app);
  REQUIRE(app.view.editor.text == "x");
  for (int i = 0; i < 8; ++i) ui.key(app, ImGuiKey_Z, true); // undo, more times than there were edits
  CHECK(app.view.editor.text.size() <= 6); // whatever undo does, it stays within the text
  ui.type(app, "if x:\nfoo");
  ui.key(app, ImGuiKey_Tab, false, true); // Shift+Tab: dedent the line
  for (int i = 0; i < 8; ++i) ui.key(app, ImGuiKey_Z, true);
  for (int i = 0; i < 8; ++i) ui.key(app, ImGuiKey_Y, true);
  FrameLog log;
  check_frame(ui.frame(app), log); // no ImGui assert on the way
}

TEST_CASE("Editor and Console: every built-in opened as a copy runs as itself and draws both tabs at any cursor") {
  Headless ui;
  for (const Scenario& sc : scenarios()) {
    CAPTURE(sc.name);
    MemoryPlatform platform;
    App app(platform);
    CHECK(app.apply_state("scenario=" + sc.name).empty());
    app.finish_runs();
    const std::string builtin = app.a.summary;
    app.edit_copy();
    app.finish_runs();
    REQUIRE(app.a);
    CHECK(app.view.editor.active);
    // The same run under the file's name: only "scenario" differs.
    const std::string renamed = "\"scenario\": \"" + sc.name + ".py\"";
    std::string want = builtin;
    want.replace(want.find("\"scenario\": \"" + sc.name + "\""), sc.name.size() + 14, renamed);
    CHECK(app.a.summary == want);
    FrameLog log;
    for (SideTab tab : {SideTab::Source, SideTab::Console})
      for (Ns cursor : {Ns{0}, app.a.model.makespan / 3, app.a.model.makespan}) {
        app.view.tab = tab;
        app.view.cursor = cursor;
        check_frame(ui.frame(app), log);
        check_frame(ui.frame(app), log);
        CHECK(app.rect(tab == SideTab::Source ? "editor" : "console-stdin"));
      }
  }
}

} // namespace il::ui::test
