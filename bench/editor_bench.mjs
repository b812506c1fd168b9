// Figures of the editor and the page (not part of scripts/test.sh; README reports them):
//   - typing: the app's share of a frame (cpu_*) and whole frames while a character a frame is typed into a
//     500-line program (`bench=N&bench-what=typing`), in headless Chromium and natively under Xvfb;
//   - edit-to-result: Ctrl+Enter to the end of the first frame that shows the new run (`interleave:
//     edit-to-result`), for the largest tutorial program (../shared/seedcode/s001_28.py, else a built-in's copy);
//   - share link: its length for that program;
//   - page weight: the files the page loads, raw and gzipped, and when the first frame and the CJK font came.
//
//   node bench/editor_bench.mjs [FRAMES]     (default 600; needs build/web and build/release with the UI)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { AppPage, launchBrowser, repoRoot, serveStatic, webDir } from '../web/tests/harness.mjs';

const frames = Number(process.argv[2] || 600);
const appPath = process.env.INTERLEAVE_APP || path.join(repoRoot, 'build', 'release', 'ui', 'interleave_app');
const FRAMES = 'interleave: frames ';
const E2R = 'interleave: edit-to-result ';
const rows = [];
const row = (what, where, value) => { rows.push([what, where, value]); console.error(`editor_bench: ${what} (${where}): ${value}`); };
const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const server = await serveStatic();
const browser = await launchBrowser();
try {
  // Page weight and the first frame.
  for (const f of ['index.html', 'interleave_app.js', 'interleave_app.wasm', 'cjk.ttf']) {
    const p = path.join(webDir, f);
    if (!fs.existsSync(p)) { row(`page weight ${f}`, 'file', 'missing'); continue; }
    const raw = fs.readFileSync(p);
    row(`page weight ${f}`, 'file', `${raw.length} bytes, ${zlib.gzipSync(raw, { level: 9 }).length} gzipped`);
  }
  {
    const app = await AppPage.create(browser, server.url);
    await app.open('index.html#scenario=download-threads');
    const ready = await app.waitForReady();
    const font = await app.waitForLine(t => t.startsWith('interleave: font ') || t.startsWith('interleave: no cjk'), { what: 'the font line' });
    row('first frame', 'web', `${ready.t} ms after navigation`);
    row('CJK font', 'web', `${font.t} ms after navigation: ${font.text.replace('interleave: ', '')}`);
    await app.close();
  }

  // Typing.
  {
    const app = await AppPage.create(browser, server.url);
    await app.open(`index.html#bench=${frames}&bench-what=typing`);
    const line = await app.waitForLine(t => t.startsWith(FRAMES), { timeout: 600_000, what: 'the typing frames' });
    const f = JSON.parse(line.text.slice(FRAMES.length));
    row('typing, 500-line program', 'web', `app p50 ${f.cpu_p50_ms} / p95 ${f.cpu_p95_ms} / max ${f.cpu_max_ms} ms; frame p50 ${f.p50_ms} / p95 ${f.p95_ms} ms (${f.frames} frames)`);
    await app.close();
  }
  if (fs.existsSync(appPath)) {
    const r = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x800x24 -nolisten tcp', appPath, '--state', `bench=${frames}&bench-what=typing`],
      { encoding: 'utf8', timeout: 600_000, env: { ...process.env, LIBGL_ALWAYS_SOFTWARE: '1', XDG_CONFIG_HOME: fs.mkdtempSync('/tmp/interleave-bench-') } });
    const line = (r.stdout || '').split('\n').find(l => l.startsWith(FRAMES));
    if (line) {
      const f = JSON.parse(line.slice(FRAMES.length));
      row('typing, 500-line program', 'native', `app p50 ${f.cpu_p50_ms} / p95 ${f.cpu_p95_ms} / max ${f.cpu_max_ms} ms; frame p50 ${f.p50_ms} / p95 ${f.p95_ms} ms (${f.frames} frames)`);
    } else row('typing, 500-line program', 'native', `no frames line (exit ${r.status}): ${(r.stderr || '').slice(-200)}`);
  }

  // Edit-to-result and the share link, for the largest tutorial program.
  {
    const tutorial = path.join(repoRoot, '..', 'shared', 'seedcode', 's001_28.py');
    const app = await AppPage.create(browser, server.url, { permissions: ['clipboard-read', 'clipboard-write'] });
    await app.open('index.html#scenario=race-counter-locked&tab=source');
    await app.waitForReady();
    await app.waitForSummary();
    let name;
    if (fs.existsSync(tutorial)) {
      name = 's001_28.py';
      await app.page.evaluate(([n, t]) => Module.ccall('il_open_program', null, ['string', 'string'], [n, t]), [name, fs.readFileSync(tutorial, 'utf8')]);
    } else {
      name = 'race-counter-locked.py';
      await app.clickWidget('edit-copy');
    }
    await app.waitForSummary({ pred: s => s.scenario === name });
    const times = [];
    for (let i = 0; i < 7; ++i) {
      const from = app.lines.length;
      await app.clickWidget('editor');
      await app.page.keyboard.press('Control+Enter', { delay: 60 });
      const l = await app.waitForLine(t => t.startsWith(E2R), { from, what: 'edit-to-result' });
      times.push(Number.parseFloat(l.text.slice(E2R.length)));
    }
    row(`edit-to-result, ${name}`, 'web', `median ${q(times, 0.5)} ms, max ${Math.max(...times)} ms (${times.length} runs)`);
    const from = app.lines.length;
    await app.clickWidget('copy-link');
    const l = await app.waitForLine(t => t.startsWith('interleave: link '), { from, what: 'the link' });
    const url = l.text.replace(/^interleave: link copied /, '');
    row(`share link, ${name}`, 'web', `${url.length - server.url.length} characters after the host (code ${url.length - url.indexOf('&code=') - 6})`);
    await app.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`| figure | where | value |\n|---|---|---|\n${rows.map(r => `| ${r.join(' | ')} |`).join('\n')}`);
console.log(`(node bench/editor_bench.mjs ${frames}, ${new Date().toISOString().slice(0, 10)})`);
