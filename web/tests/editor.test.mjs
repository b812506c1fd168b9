// The editor in the browser, with real key presses: New, a program typed line by line (the editor indents after
// a ':' and keeps the indentation; Backspace takes it back), Ctrl+Enter runs it and the page's summary is the
// CLI's for the same file; then a syntax error typed in is reported at CPython's line and column (the page logs
// `interleave: compile error {json}`) while no new run starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { AppPage, artifactPath, assertSameSummary, cliPath, launchBrowser, serveStatic } from './harness.mjs';

let server, browser;
before(async () => { server = await serveStatic(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const COMPILE_ERROR = 'interleave: compile error ';

/** `interleave run prog.py --json` for this text, run where the file is (so it is named prog.py, as in the app). */
function cliSummaryOf(text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-editor-'));
  try {
    fs.writeFileSync(path.join(dir, 'prog.py'), text);
    const r = spawnSync(cliPath, ['run', 'prog.py', '--json'], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    assert.ok(r.stdout.trim().startsWith('{'), `interleave run prog.py: exit ${r.status}\n${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('editor: a program typed with real keys runs with Ctrl+Enter as `interleave run` runs it; a syntax error is marked where CPython puts it', async t => {
  const app = await AppPage.create(browser, server.url);
  try {
    await app.open('index.html#scenario=race-counter&tab=source');
    await app.waitForReady();
    await app.waitForSummary({ pred: s => s.scenario === 'race-counter' });

    let from = app.lines.length;
    await app.clickWidget('new-program'); // an empty program with the main guard, focused
    await app.waitForSummary({ from, pred: s => s.scenario === 'prog.py', what: 'the summary of the new program' });
    await app.waitForRect('editor');
    const kb = app.page.keyboard;
    // A key is held over a few frames, and let go for a few before the next: ImGui 1.86 reads keys as held or
    // not once a frame, so a press and a release (or a release and the next press) between two frames would not
    // be seen. Typed characters are queued, so they need no care.
    const press = async key => { await kb.press(key, { delay: 60 }); await app.nextFrames(3); };
    await press('Control+A');
    await press('Delete');
    const line = async text => { await kb.type(text, { delay: 5 }); await press('Enter'); };
    const dedent = async () => { for (let i = 0; i < 4; ++i) await press('Backspace'); };
    await line('import threading');
    await line('def work(name, n):');
    await line('for i in range(n):'); // indented by the editor
    await line('print(name, i)');     // two levels now
    await dedent();
    await dedent();
    await line('threads = [threading.Thread(target=work, args=(f"w{k}", 2)) for k in range(2)]');
    await line('for th in threads:');
    await line('th.start()');
    await line('th.join()');
    await dedent();
    await line('print("done")');
    const text = 'import threading\n' +
      'def work(name, n):\n' +
      '    for i in range(n):\n' +
      '        print(name, i)\n' +
      'threads = [threading.Thread(target=work, args=(f"w{k}", 2)) for k in range(2)]\n' +
      'for th in threads:\n' +
      '    th.start()\n' +
      '    th.join()\n' +
      'print("done")\n';
    const typed = await app.page.evaluate(() => Module.ccall('il_editor_text', 'string', [], []));
    assert.equal(typed, text, 'the editor holds what was typed, indented by the editor');
    from = app.lines.length;
    await press('Control+Enter');
    const got = await app.waitForSummary({ from, pred: s => s.scenario === 'prog.py', timeout: 60_000,
      what: 'the summary of the typed program after Ctrl+Enter' });
    const want = cliSummaryOf(text);
    assert.equal(got.summary.stdout, 'w0 0\nw0 1\nw1 0\nw1 1\ndone\n', 'what the typed program printed');
    assertSameSummary(got.summary, want, 'the typed program');
    t.diagnostic(`typed ${text.length} characters; makespan ${got.summary.makespan_ns} ns, sha ${got.summary.trace_sha256.slice(0, 16)}`);

    // A syntax error: the line 'for i in range(3)' without its ':' at the end of the program.
    await kb.type('for i in range(3)', { delay: 5 });
    from = app.lines.length;
    await press('Control+Enter');
    const err = await app.waitForLine(l => l.startsWith(COMPILE_ERROR), { from, timeout: 30_000, what: 'a compile error line' });
    const e = JSON.parse(err.text.slice(COMPILE_ERROR.length));
    // python3: File "prog.py", line 10 / for i in range(3) / SyntaxError: expected ':' at offset 18
    assert.deepEqual(e, { file: 'prog.py', line: 10, column: 18, error: "SyntaxError: expected ':'" });
    await app.nextFrames(10);
    assert.equal(app.summaries().length, app.lines.slice(0, from).filter(l => l.text.startsWith('interleave: summary ')).length,
      'a program that does not compile starts no run');
    await app.waitForRect('compile-error');
    fs.writeFileSync(artifactPath('web-editor.png'), await app.page.screenshot({ type: 'png' }));
    assert.deepEqual(app.errors.filter(e => !e.startsWith('console.error: Failed to load resource')), [], 'page errors');
  } finally {
    await app.close();
  }
});
