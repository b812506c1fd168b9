// Open, share, save and keep a program of the user's in the browser: a .py opened through the page's file
// picker runs on the machine in the URL as `interleave run FILE` runs it; Copy link puts a link on the system
// clipboard (its program deflated by the browser's CompressionStream) that, opened in a fresh browser context
// (no storage), reproduces the CLI's trace_sha256; Save .py
// downloads exactly the editor's text; a reload keeps the text, edits since the last run included; Ctrl+V
// pastes the system clipboard into the editor. With ../shared/seedcode beside the checkout, the largest tutorial
// program goes through the link too, and its link's length is reported.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';

import { AppPage, artifactPath, assertSameSummary, cliPath, launchBrowser, repoRoot, serveStatic } from './harness.mjs';

let server, browser;
before(async () => { server = await serveStatic(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };
const LINK_COPIED = 'interleave: link copied ';

/** `interleave run NAME --json` with NAME holding this text, run where the file is (so tracebacks name it alike). */
function cliSummaryOf(name, text, flags) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-share-'));
  try {
    fs.writeFileSync(path.join(dir, name), text);
    const argv = ['run', name, ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]), '--json'];
    const r = spawnSync(cliPath, argv, { encoding: 'utf8', cwd: dir, timeout: 120_000, maxBuffer: 64 << 20 });
    assert.ok(r.stdout.trim().startsWith('{'), `interleave ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const editorText = app => app.page.evaluate(() => Module.ccall('il_editor_text', 'string', [], []));

/** Opens a file through the page's Open .py button and file picker; resolves with its run's summary. */
async function openThroughPicker(app, name, text) {
  const from = app.lines.length;
  const [chooser] = await Promise.all([app.page.waitForEvent('filechooser', { timeout: 15_000 }), app.clickWidget('open-program')]);
  await chooser.setFiles({ name, mimeType: 'text/x-python', buffer: Buffer.from(text, 'utf8') });
  return app.waitForSummary({ from, pred: s => s.scenario === name, what: `the summary of ${name} after opening it` });
}

/** Clicks Copy link; resolves with the URL the page logged, after checking it is what the clipboard holds. */
async function copyLink(app) {
  const from = app.lines.length;
  await app.clickWidget('copy-link');
  const line = await app.waitForLine(t => t.startsWith(LINK_COPIED) || t.startsWith('interleave: link '), { from, what: 'the copied link' });
  assert.ok(line.text.startsWith(LINK_COPIED), line.text);
  const url = line.text.slice(LINK_COPIED.length);
  assert.equal(await app.page.evaluate(() => navigator.clipboard.readText()), url, 'the system clipboard holds the link');
  return url;
}

/** Opens a link in a new browser context (a colleague's browser: nothing kept) and returns its run's summary. */
async function openFresh(url, name) {
  const other = await AppPage.create(browser, server.url);
  try {
    assert.ok(url.startsWith(server.url), url);
    await other.open(url.slice(server.url.length));
    await other.waitForReady();
    const got = await other.waitForSummary({ pred: s => s.scenario === name, what: `the summary of ${name} from the link` });
    return { summary: got.summary, text: await editorText(other), errors: other.errors };
  } finally {
    await other.close();
  }
}

const PROGRAM = `import threading

# 三个线程轮流取号
counter = 0
lock = threading.Lock()


def take(name):
    global counter
    for _ in range(3):
        with lock:
            counter += 1
            print(name, "取到", counter)


threads = [threading.Thread(target=take, args=(f"线程{i}",)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("共", counter)
`;

test('share: open a .py, Copy link, the link in a fresh browser gives the CLI\'s run; Save .py and reload keep the text; Ctrl+V pastes', async t => {
  const flags = { cores: 2, 'slice-ms': 5, seed: 9 };
  const app = await AppPage.create(browser, server.url, CLIPBOARD);
  try {
    await app.open('index.html#scenario=race-counter&cores=2&slice-ms=5&seed=9&tab=source');
    await app.waitForReady();
    await app.waitForSummary({ pred: s => s.scenario === 'race-counter' });
    // The CJK font arrives after the first frame and is merged into the atlas.
    const font = await app.waitForLine(l => l.startsWith('interleave: font '), { what: 'the CJK font line' });
    const glyphs = Number(/: (\d+) glyphs \(CJK\)/.exec(font.text)?.[1]);
    assert.ok(glyphs > 4000, font.text);
    t.diagnostic(font.text);

    const opened = await openThroughPicker(app, '取号.py', PROGRAM);
    assertSameSummary(opened.summary, cliSummaryOf('取号.py', PROGRAM, flags), 'the opened file');
    assert.equal(await editorText(app), PROGRAM);

    const url = await copyLink(app);
    assert.match(url, /#cores=2&smt=\d+&slice-ms=5&.*seed=9.*&file=%E5%8F%96%E5%8F%B7\.py&code=[A-Za-z0-9_-]+$/);
    assert.equal(await app.page.evaluate(() => location.href), url, 'the address bar holds the same link');
    const fresh = await openFresh(url, '取号.py');
    assertSameSummary(fresh.summary, opened.summary, 'the link opened in a fresh browser');
    assert.equal(fresh.text, PROGRAM, 'the link carries the text exactly');
    t.diagnostic(`link for ${Buffer.byteLength(PROGRAM)} bytes of program: ${url.length - server.url.length} characters after the host`);

    // An edit not yet run, then Save .py: the download is the editor's text.
    await app.clickWidget('editor');
    await app.page.keyboard.press('Control+End', { delay: 60 });
    await app.nextFrames(3);
    // (Chinese characters are not keys of the US layout: playwright inserts them as an input method commits
    // its text, with no key press, through the page's input-method textarea.)
    await app.page.keyboard.type('# edited 改过', { delay: 5 });
    await app.nextFrames(3);
    await app.page.keyboard.press('Enter', { delay: 60 });
    await app.nextFrames(3);
    const edited = await editorText(app);
    assert.equal(edited, PROGRAM + '# edited 改过\n');
    const [download] = await Promise.all([app.page.waitForEvent('download', { timeout: 15_000 }), app.clickWidget('save-program')]);
    assert.equal(download.suggestedFilename(), '取号.py');
    assert.equal(fs.readFileSync(await download.path(), 'utf8'), edited, 'the saved file is the editor\'s text');

    // Ctrl+V: the system clipboard's text at the caret.
    await app.page.evaluate(() => navigator.clipboard.writeText('print("贴上")\n'));
    await app.clickWidget('editor');
    await app.page.keyboard.press('Control+End', { delay: 60 });
    await app.nextFrames(3);
    await app.page.keyboard.press('Control+V', { delay: 60 });
    await app.nextFrames(3);
    const pasted = await editorText(app);
    assert.equal(pasted, edited + 'print("贴上")\n', 'Ctrl+V pasted the system clipboard');
    await app.clickWidget('run-program');
    await app.waitForRect('editor');
    fs.writeFileSync(artifactPath('web-share-cjk.png'), await app.page.screenshot({ type: 'png' })); // for the eye: 取号, 线程0...

    // A reload: the program that ran last runs again, and the editor shows the text as it was left.
    const from = app.lines.length;
    await app.page.reload({ waitUntil: 'load' });
    await app.waitForLine(l => l === 'interleave: ready', { from, what: 'ready after the reload' });
    const again = await app.waitForSummary({ from, pred: s => s.scenario === '取号.py', what: 'the summary after the reload' });
    assertSameSummary(again.summary, cliSummaryOf('取号.py', pasted, flags), 'the run after the reload (of the text last run)');
    assert.equal(await editorText(app), pasted, 'the reload kept the editor\'s text');
    assert.deepEqual(app.errors.filter(e => !e.startsWith('console.error: Failed to load resource')), [], 'page errors');
  } finally {
    await app.close();
  }
});

test('share: a program too big for a link is refused with the reason; the largest tutorial program travels', async t => {
  const app = await AppPage.create(browser, server.url, CLIPBOARD);
  try {
    await app.open('index.html#scenario=race-counter&tab=source');
    await app.waitForReady();
    await app.waitForSummary({ pred: s => s.scenario === 'race-counter' });
    let x = 7;
    const noise = Array.from({ length: 150 }, () => '# ' + Array.from({ length: 90 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[(x = (x * 1103515245 + 12345) % 2147483648) % 36]).join('')).join('\n');
    await openThroughPicker(app, 'big.py', noise + '\nprint("big")\n');
    const from = app.lines.length;
    await app.clickWidget('copy-link');
    const refused = await app.waitForLine(l => l.startsWith('interleave: link refused: '), { from, what: 'the refusal' });
    assert.match(refused.text, /big\.py takes [\d.]+ KB in a link, more than the 8 KB a link carries\. Save it/);
    assert.match(await app.page.evaluate(() => location.hash), /&file=big\.py&program=own$/, 'the address keeps the machine only');

    // The page's link is deflated by the browser's CompressionStream: a zlib stream with dynamic Huffman
    // blocks (the app's own encoder, stb's, writes fixed ones), which the app reads back in a fresh browser.
    const medium = 'import threading\n\n' + Array.from({ length: 40 }, (_, k) =>
      `def step${k}(values):\n    # 第 ${k} 步\n    return [v * ${k + 3} + ${k * k} for v in values if v % ${k + 2}]\n\n`).join('') +
      'print(sum(step7(range(50))))\n';
    await openThroughPicker(app, 'medium.py', medium);
    const mediumUrl = await copyLink(app);
    const mediumCode = Buffer.from(mediumUrl.slice(mediumUrl.indexOf('&code=') + 6), 'base64url');
    assert.equal(zlib.inflateSync(mediumCode).toString('utf8'), medium, 'the link holds the program as a zlib stream');
    assert.equal((mediumCode[2] >> 1) & 3, 2, 'its first block has dynamic Huffman codes: the browser deflated it');
    const mediumRun = await openFresh(mediumUrl, 'medium.py');
    assertSameSummary(mediumRun.summary, cliSummaryOf('medium.py', medium, {}), 'the browser-deflated link');

    const tutorial = path.join(repoRoot, '..', 'shared', 'seedcode', 's001_28.py');
    if (!fs.existsSync(tutorial)) { t.diagnostic(`${tutorial} not present: the tutorial's link is not measured`); return; }
    const text = fs.readFileSync(tutorial, 'utf8');
    const opened = await openThroughPicker(app, 's001_28.py', text);
    assertSameSummary(opened.summary, cliSummaryOf('s001_28.py', text, {}), 'the tutorial program');
    const url = await copyLink(app);
    const fresh = await openFresh(url, 's001_28.py');
    assertSameSummary(fresh.summary, opened.summary, 'the tutorial program from its link');
    const code = url.slice(url.indexOf('&code=') + 6);
    t.diagnostic(`largest tutorial program (${Buffer.byteLength(text)} bytes): link ${url.length - server.url.length} characters after the host, code ${code.length}`);
  } finally {
    await app.close();
  }
});

test('language: the button switches the interface to Chinese and a reload keeps it; a Chinese browser starts in Chinese', async () => {
  const app = await AppPage.create(browser, server.url);
  try {
    await app.open('index.html#scenario=race-counter');
    await app.waitForReady();
    await app.waitForLine(l => l === 'interleave: language en', { what: 'the language at start' });
    let from = app.lines.length;
    await app.clickWidget('language');
    await app.waitForLine(l => l === 'interleave: language zh-CN', { from, what: 'the switch to Chinese' });
    assert.equal(await app.page.evaluate(() => localStorage.getItem('interleave.language')), 'zh-CN');
    from = app.lines.length;
    await app.page.reload({ waitUntil: 'load' });
    await app.waitForLine(l => l === 'interleave: language zh-CN', { from, what: 'Chinese after the reload' });
    await app.waitForSummary({ from });
    await app.waitForLine(l => l.startsWith('interleave: font '), { from, what: 'the CJK font' });
    await app.nextFrames(5);
    fs.writeFileSync(artifactPath('web-zh-CN.png'), await app.page.screenshot({ type: 'png' })); // for the eye
  } finally {
    await app.close();
  }
  const zh = await AppPage.create(browser, server.url, { locale: 'zh-CN' });
  try {
    await zh.open('index.html#scenario=race-counter');
    await zh.waitForLine(l => l === 'interleave: language zh-CN', { what: 'Chinese for a Chinese browser' });
  } finally {
    await zh.close();
  }
});
