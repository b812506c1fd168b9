// The native app (SDL2 + desktop OpenGL) in a real X window on Xvfb, clicked with xdotool. Run by
// tests/native/run.sh (xvfb-run), which scripts/test.sh calls.
//
// The app's side of the contract:
//   interleave_app [PROGRAM.py] [--state "scenario=NAME&cores=2..."] [--print-rects] [--frames N] [--screenshot FILE.png]
//   - PROGRAM.py: opened in the editor (Source tab) and run, named by its file name as `interleave run` names it;
//   - stdout lines `interleave: ready` (after the first frame) and `interleave: summary {json}` (after each run,
//     the CLI's `interleave run NAME [flags] --json`); `interleave: real summary {json}` when a compare run B on
//     real threads (`b.real=1`) ends;
//   - --print-rects: `interleave: rect ID X Y W H` lines (window pixels) once after the first frame;
//   - --frames N: quit after N frames; --screenshot F: a PNG of the window just before quitting (also when the
//     window is closed: SDL_QUIT, which SIGTERM raises as a window close does).
//
// Environment: INTERLEAVE_APP (default <repo>/build/release/ui/interleave_app), INTERLEAVE_BIN (the CLI, default
// <repo>/build/release/interleave), INTERLEAVE_ARTIFACTS (default <repo>/build/artifacts).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const appPath = process.env.INTERLEAVE_APP || path.join(repoRoot, 'build', 'release', 'ui', 'interleave_app');
const cliPath = process.env.INTERLEAVE_BIN || path.join(repoRoot, 'build', 'release', 'interleave');
const artifactsDir = path.resolve(process.env.INTERLEAVE_ARTIFACTS || path.join(repoRoot, 'build', 'artifacts'));
const SUMMARY = 'interleave: summary ';
// A timeout that does not keep node alive once the test is done.
const deadline = ms => sleep(ms, null, { ref: false });
const RECT = /^interleave: rect (\S+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+)\s*$/;

function preconditions() {
  assert.ok(process.env.DISPLAY, 'no DISPLAY: run under Xvfb (bash tests/native/run.sh)');
  assert.ok(fs.existsSync(appPath), `native app not built: ${appPath} (configure with -DINTERLEAVE_IMGUI_DIR=...; ` +
    'needs libsdl2-dev)');
}

/** The app as a child process, with its stdout lines. */
class App {
  constructor(args) {
    this.args = args;
    this.lines = [];
    this.stderr = '';
    this.waiters = new Set();
    this.t0 = Date.now();
    this.proc = spawn(appPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise(resolve => this.proc.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.notify();
      resolve(this.exit);
    }));
    let buf = '';
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', d => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        this.lines.push({ t: Date.now() - this.t0, text: buf.slice(0, nl).replace(/\r$/, '') });
        buf = buf.slice(nl + 1);
      }
      this.notify();
    });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', d => { this.stderr = (this.stderr + d).slice(-4000); });
    this.proc.on('error', e => { this.spawnError = e; this.notify(); });
  }
  notify() { for (const w of [...this.waiters]) w(); }
  tail(n = 12) {
    const lines = this.lines.slice(-n).map(l => `  [${l.t} ms] ${l.text.length > 240 ? l.text.slice(0, 240) + '...' : l.text}`);
    return `\n--- ${path.basename(appPath)} ${this.args.join(' ')}\n--- last stdout lines ---\n${lines.join('\n') || '  (none)'}` +
      `${this.stderr ? `\n--- stderr ---\n${this.stderr}` : ''}${this.exit ? `\n--- exited: ${JSON.stringify(this.exit)}` : ''}`;
  }
  waitForLine(pred, { from = 0, timeout = 60_000, what = 'a line' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < this.lines.length; ++i) {
          if (pred(this.lines[i].text)) { done(); resolve({ index: i, ...this.lines[i] }); return true; }
        }
        if (this.exit || this.spawnError) { done(); reject(new Error(`app ended while waiting for ${what}${this.tail()}`)); return true; }
        return false;
      };
      const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${timeout} ms waiting for ${what}${this.tail()}`)); }, timeout);
      const done = () => { clearTimeout(timer); this.waiters.delete(check); };
      if (!check()) this.waiters.add(check);
    });
  }
  async waitForSummary(opts = {}) {
    const pred = opts.pred || (() => true);
    const line = await this.waitForLine(t => t.startsWith(SUMMARY) && pred(JSON.parse(t.slice(SUMMARY.length))),
      { what: 'an `interleave: summary` line', ...opts });
    return JSON.parse(line.text.slice(SUMMARY.length));
  }
  rects() {
    const rects = new Map();
    for (const { text } of this.lines) {
      const m = RECT.exec(text);
      if (m) rects.set(m[1], { x: +m[2], y: +m[3], w: +m[4], h: +m[5] });
    }
    return rects;
  }
  async stop(timeout = 15_000) { // the app's own quit path (SDL_QUIT), then a hard kill if it hangs
    if (!this.exit) this.proc.kill('SIGTERM');
    const r = await Promise.race([this.exited, deadline(timeout)]);
    if (!r) { this.proc.kill('SIGKILL'); await this.exited; assert.fail(`app did not quit within ${timeout} ms of SIGTERM${this.tail()}`); }
    return r;
  }
}

function xdotool(...args) {
  const r = spawnSync('xdotool', args, { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.error, undefined, `xdotool ${args.join(' ')}: ${r.error}`);
  assert.equal(r.status, 0, `xdotool ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout.trim();
}

function cliSummary(scenario, flags = {}, cwd = undefined) {
  assert.ok(fs.existsSync(cliPath), `CLI not found at ${cliPath}`);
  const argv = ['run', scenario, ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]), '--json'];
  const r = spawnSync(cliPath, argv, { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 << 20, cwd });
  assert.ok(r.stdout?.trim().startsWith('{'), `interleave ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function assertSameSummary(got, want, label) {
  assert.equal(got.scenario, want.scenario, `${label}: scenario`);
  assert.equal(JSON.stringify(got.config), JSON.stringify(want.config), `${label}: config`);
  assert.equal(got.makespan_ns, want.makespan_ns, `${label}: makespan_ns`);
  assert.equal(got.trace_sha256, want.trace_sha256, `${label}: trace_sha256`);
  assert.deepEqual(got, want, `${label}: the whole summary JSON`);
}

/** identify/convert (ImageMagick's, in /usr/bin: /usr/local/bin/convert may be something else). */
function pngStats(file) {
  assert.ok(fs.existsSync(file), `no screenshot written at ${file}`);
  assert.ok(fs.statSync(file).size > 0, `screenshot ${file} is empty`);
  const id = spawnSync('/usr/bin/identify', ['-format', '%m %w %h %k', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(id.status, 0, `identify ${file} failed: ${id.stderr}`);
  const [format, w, h, colours] = id.stdout.trim().split(/\s+/);
  const sd = spawnSync('/usr/bin/convert', [file, '-colorspace', 'Gray', '-format', '%[fx:standard_deviation*255]', 'info:'],
    { encoding: 'utf8', timeout: 60_000 });
  assert.equal(sd.status, 0, `convert ${file} failed: ${sd.stderr}`);
  return { format, width: +w, height: +h, colours: +colours, stddev: +sd.stdout.trim() };
}

function assertDrawnPng(file, label) {
  const st = pngStats(file);
  assert.equal(st.format, 'PNG', `${label}: ${file} is ${st.format}, not PNG`);
  assert.ok(st.width >= 320 && st.height >= 200, `${label}: ${st.width}x${st.height} is smaller than a window`);
  assert.ok(st.colours >= 8 && st.stddev >= 4,
    `${label}: looks undrawn (${st.colours} distinct colours, grey stddev ${st.stddev.toFixed(2)})`);
  return st;
}

function keep(file, name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const dest = path.join(artifactsDir, name);
  fs.copyFileSync(file, dest);
  return dest;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-native-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

test('native app under Xvfb: an xdotool click on scenario:semaphore-batches runs it; screenshot on close', async t => {
  preconditions();
  const png = path.join(tmp, 'click.png');
  const app = new App(['--state', 'scenario=download-threads&cores=2', '--print-rects', '--screenshot', png]);
  try {
    const ready = await app.waitForLine(l => l === 'interleave: ready', { what: "'interleave: ready'", timeout: 60_000 });
    t.diagnostic(`time to 'interleave: ready' (first frame): ${ready.t} ms`);
    const first = await app.waitForSummary({ timeout: 60_000 });
    assertSameSummary(first, cliSummary('download-threads', { cores: 2 }), '--state scenario=download-threads&cores=2');
    const id = 'scenario:semaphore-batches';
    await app.waitForLine(l => RECT.test(l) && l.split(' ')[2] === id,
      { what: `'interleave: rect ${id} X Y W H' (--print-rects)`, timeout: 30_000 });
    const r = app.rects().get(id);
    assert.ok(r.w > 0 && r.h > 0 && r.x >= 0 && r.y >= 0 && r.x + r.w / 2 < 1280 && r.y + r.h / 2 < 800,
      `${id} rect ${JSON.stringify(r)} is not a visible widget in a 1280x800 window`);
    t.diagnostic(`${app.rects().size} rects printed; ${id} at ${JSON.stringify(r)}`);

    const win = xdotool('search', '--sync', '--name', '^Interleave$').split('\n')[0];
    assert.match(win, /^\d+$/, 'xdotool found no window named Interleave');
    const x = Math.round(r.x + r.w / 2), y = Math.round(r.y + r.h / 2);
    const from = app.lines.length;
    xdotool('mousemove', '--window', win, String(x), String(y));
    await sleep(200);
    xdotool('mousedown', '1');
    await sleep(100);
    xdotool('mouseup', '1');
    const got = await app.waitForSummary({ from, pred: s => s.scenario === 'semaphore-batches', timeout: 60_000,
      what: `a summary of semaphore-batches after clicking (${x}, ${y}) in window ${win}` });
    assertSameSummary(got, cliSummary('semaphore-batches', { cores: 2 }), 'semaphore-batches after the click');
    await sleep(300); // a few frames of the new run before the screenshot

    const exit = await app.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `app exit after SIGTERM (SDL_QUIT)${app.tail()}`);
    const st = assertDrawnPng(png, '--screenshot on close');
    t.diagnostic(`screenshot ${keep(png, 'native-app.png')}: ${st.width}x${st.height}, ${st.colours} colours, grey stddev ${st.stddev.toFixed(1)}`);
  } finally {
    if (!app.exit) { app.proc.kill('SIGKILL'); await app.exited; }
  }
});

test('native app under Xvfb: --frames N quits by itself and writes --screenshot', async t => {
  preconditions();
  const png = path.join(tmp, 'frames.png');
  const state = 'scenario=gil-convoy&cores=2&smt=1&seed=3&gil=old';
  const app = new App(['--state', state, '--frames', '20', '--screenshot', png]);
  try {
    const s = await app.waitForSummary({ timeout: 60_000 });
    assertSameSummary(s, cliSummary('gil-convoy', { cores: 2, smt: 1, seed: 3, gil: 'old' }), `--state ${state}`);
    const exit = await Promise.race([app.exited, deadline(60_000)]);
    assert.ok(exit, `app still running 60 s after start with --frames 20${app.tail()}`);
    assert.deepEqual(exit, { code: 0, signal: null }, `app exit with --frames${app.tail()}`);
    assert.ok(app.lines.some(l => l.text === 'interleave: ready'), `no 'interleave: ready' line${app.tail()}`);
    const st = assertDrawnPng(png, '--screenshot after --frames');
    t.diagnostic(`screenshot ${keep(png, 'native-frames.png')}: ${st.width}x${st.height}, ${st.colours} colours`);
  } finally {
    if (!app.exit) { app.proc.kill('SIGKILL'); await app.exited; }
  }
});

test('native app under Xvfb: compare with B on real threads (b.real) prints its summary and quits cleanly', async t => {
  preconditions();
  const png = path.join(tmp, 'real.png');
  const state = 'scenario=download-threads&b.real=1&b.time-scale=0.1';
  const app = new App(['--state', state, '--screenshot', png]);
  try {
    const a = await app.waitForSummary({ timeout: 60_000 });
    assert.equal(a.scenario, 'download-threads', `run A of --state ${state}`);
    // B runs ~0.9 s of real time on its own thread while frames go on; its line comes when it ends.
    const line = await app.waitForLine(l => l.startsWith('interleave: real summary '),
      { what: "'interleave: real summary {json}' (run B on real threads)", timeout: 60_000 });
    const b = JSON.parse(line.text.slice('interleave: real summary '.length));
    t.diagnostic(`real run B's summary after ${line.t} ms of app time; makespan A ${a.makespan_ns / 1e6} ms, ` +
      `B ${b.makespan_ns / 1e6} ms nominal`);
    assert.equal(b.scenario, 'download-threads', 'run B scenario');
    assert.equal(b.end, 'finished', 'run B end');
    assert.equal(b.threads.length, a.threads.length, 'run B has the same threads as A');
    assert.ok(Math.abs(b.makespan_ns - a.makespan_ns) <= 0.1 * a.makespan_ns,
      `run B's nominal makespan ${b.makespan_ns} is not within 10% of A's ${a.makespan_ns}`);
    assert.ok(!app.lines.some(l => l.text.startsWith('interleave: bad URL parameter')), `URL refused${app.tail()}`);
    await sleep(300); // a few frames of both runs before the screenshot

    const exit = await app.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `app exit after SIGTERM (SDL_QUIT)${app.tail()}`);
    const st = assertDrawnPng(png, '--screenshot of the real compare view');
    t.diagnostic(`screenshot ${keep(png, 'native-real-compare.png')}: ${st.width}x${st.height}, ${st.colours} colours`);
  } finally {
    if (!app.exit) { app.proc.kill('SIGKILL'); await app.exited; }
  }
});

test('native app under Xvfb: a .py given on the command line opens in the editor and runs as `interleave run` runs it', async t => {
  preconditions();
  const dir = fs.mkdtempSync(path.join(tmp, 'prog-'));
  const file = path.join(dir, 'workers.py');
  fs.writeFileSync(file, [
    '# 两个线程轮流打印 (two threads print in turn)',
    'import threading',
    'import time',
    '',
    'lock = threading.Lock()',
    '',
    '',
    'def work(name, n):',
    '    for i in range(n):',
    '        with lock:',
    '            print(name, i)',
    '        time.sleep(0.01)',
    '',
    '',
    'if __name__ == "__main__":',
    '    threads = [threading.Thread(target=work, args=(f"w{k}", 3)) for k in range(2)]',
    '    for th in threads:',
    '        th.start()',
    '    for th in threads:',
    '        th.join()',
    '    print("done")',
    ''].join('\n'));
  const png = path.join(tmp, 'program.png');
  const app = new App([file, '--state', 'cores=2', '--screenshot', png]);
  try {
    const got = await app.waitForSummary({ pred: s => s.scenario === 'workers.py', timeout: 60_000,
      what: 'the summary of workers.py' });
    const want = cliSummary('workers.py', { cores: 2 }, dir);
    assertSameSummary(got, want, 'interleave_app workers.py');
    assert.equal(got.stdout.split('\n').filter(Boolean).length, 7, `workers.py printed ${JSON.stringify(got.stdout)}`);
    await sleep(300);
    const exit = await app.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `app exit after SIGTERM (SDL_QUIT)${app.tail()}`);
    const st = assertDrawnPng(png, '--screenshot of the editor');
    t.diagnostic(`screenshot ${keep(png, 'native-editor.png')}: ${st.width}x${st.height}, ${st.colours} colours`);
  } finally {
    if (!app.exit) { app.proc.kill('SIGKILL'); await app.exited; }
  }
});
