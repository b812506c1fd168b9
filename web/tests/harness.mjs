// Shared pieces of the browser end-to-end tests (web/tests/*.test.mjs): a static server for build/web, the
// system's Chromium driven by playwright-core (headless, WebGL2 through SwiftShader), the app's console lines,
// its widget rectangles, the CLI as the reference, and a small PNG decoder for screenshot checks.
//
// The app's side of the contract (ui/, web/index.html):
//   - console lines `interleave: ready` after the first frame and `interleave: summary {json}` after every run,
//     the JSON being the CLI's `interleave run NAME [flags] --json`;
//   - URL state in the hash: index.html#scenario=NAME&cores=2&... (the CLI's flag names without `--`), and the
//     hash follows the UI's state after a change;
//   - Module.ccall('il_ui_rect', 'string', ['string'], [ID]): "" when the widget was not drawn in the last frame,
//     else {"x":..,"y":..,"w":..,"h":..} in CSS pixels of the canvas (which fills the window from its top-left).
//
// Environment:
//   INTERLEAVE_WEB_DIR     the built app (default <repo>/build/web: ./build_wasm.sh)
//   INTERLEAVE_BIN         the CLI (default <repo>/build/release/interleave)
//   INTERLEAVE_ARTIFACTS   where screenshots and downloads are kept (default <repo>/build/artifacts)
//   INTERLEAVE_CHROMIUM    the browser (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const webDir = path.resolve(process.env.INTERLEAVE_WEB_DIR || path.join(repoRoot, 'build', 'web'));
export const cliPath = process.env.INTERLEAVE_BIN || path.join(repoRoot, 'build', 'release', 'interleave');
export const artifactsDir = path.resolve(process.env.INTERLEAVE_ARTIFACTS || path.join(repoRoot, 'build', 'artifacts'));
export const chromiumPath = process.env.INTERLEAVE_CHROMIUM || '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

// Flags that render WebGL2 in headless Chromium on a machine without a GPU (shared/TOOLCHAIN.md).
// `--use-gl=swiftshader` gives a black page; ANGLE's SwiftShader backend works.
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

// ---- static server ----------------------------------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.data': 'application/octet-stream',
};

/** Serves `root` on 127.0.0.1 at a free port. Returns { url, close() }. */
export async function serveStatic(root = webDir) {
  assert.ok(fs.existsSync(path.join(root, 'index.html')),
    `${root}/index.html missing: build the browser app first (./build_wasm.sh)`);
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = '/'; }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] || 'application/octet-stream',
        'content-length': st.size, 'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise(resolve => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

// ---- browser ----------------------------------------------------------------------------------------------

export async function launchBrowser() {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`cannot load playwright-core (run scripts/install_deps.sh, or npm ci in ${here}): ${e.message}`);
  }
  assert.ok(fs.existsSync(chromiumPath), `${chromiumPath} missing (apt-get install chromium; scripts/install_deps.sh)`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * An app page: collects console lines from before the first navigation. open(suffix) navigates to
 * `${baseUrl}${suffix}` (e.g. 'index.html#scenario=gil-convoy').
 */
export class AppPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.lines = []; // { t: ms since open(), text }
    this.errors = []; // page errors (uncaught exceptions), console.error lines
    this.t0 = Date.now();
    this.waiters = new Set();
    page.on('console', msg => {
      const text = msg.text();
      this.lines.push({ t: Date.now() - this.t0, text, type: msg.type() });
      if (msg.type() === 'error') this.errors.push(`console.error: ${text}`);
      for (const w of [...this.waiters]) w();
    });
    page.on('pageerror', err => {
      this.errors.push(`pageerror: ${err.message}`);
      for (const w of [...this.waiters]) w();
    });
    page.on('crash', () => { this.errors.push('page crashed'); for (const w of [...this.waiters]) w(); });
  }

  static async create(browser, baseUrl, contextOptions = {}) {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, acceptDownloads: true, ...contextOptions });
    const page = await context.newPage();
    const app = new AppPage(page, baseUrl);
    app.context = context;
    return app;
  }

  async open(suffix = 'index.html') {
    this.t0 = Date.now();
    await this.page.goto(this.baseUrl + suffix, { waitUntil: 'load', timeout: 60_000 });
  }

  async close() { await this.context?.close(); }

  /** The last `n` console lines, for failure messages. */
  tail(n = 15) {
    const lines = this.lines.slice(-n).map(l => `  [${l.t} ms] ${l.text.length > 300 ? l.text.slice(0, 300) + '...' : l.text}`);
    const errs = this.errors.slice(-5).map(e => `  ${e}`);
    return `\n--- last console lines ---\n${lines.join('\n') || '  (none)'}${errs.length ? `\n--- errors ---\n${errs.join('\n')}` : ''}`;
  }

  /** Waits for a console line with index >= `from` that satisfies pred(text). Returns { index, t, text }. */
  waitForLine(pred, { from = 0, timeout = 60_000, what = 'console line' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < this.lines.length; ++i) {
          if (pred(this.lines[i].text)) { done(); resolve({ index: i, ...this.lines[i] }); return true; }
        }
        if (this.errors.some(e => e.startsWith('pageerror') || e === 'page crashed')) {
          done(); reject(new Error(`page failed while waiting for ${what}${this.tail()}`)); return true;
        }
        return false;
      };
      const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${timeout} ms waiting for ${what}${this.tail()}`)); }, timeout);
      const done = () => { clearTimeout(timer); this.waiters.delete(check); };
      if (!check()) this.waiters.add(check);
    });
  }

  waitForReady(opts = {}) {
    return this.waitForLine(t => t === 'interleave: ready', { what: "'interleave: ready'", ...opts });
  }

  summaryCount() { return this.lines.filter(l => l.text.startsWith(SUMMARY_PREFIX)).length; }

  /** All summaries logged so far, parsed. */
  summaries() { return this.lines.filter(l => l.text.startsWith(SUMMARY_PREFIX)).map(l => parseSummaryLine(l.text)); }

  /** Waits for the next summary line at console index >= from (optionally one that satisfies pred). */
  async waitForSummary({ from = 0, pred = () => true, timeout = 120_000, what = 'an `interleave: summary` line' } = {}) {
    const line = await this.waitForLine(t => t.startsWith(SUMMARY_PREFIX) && pred(parseSummaryLine(t)), { from, timeout, what });
    return { ...line, summary: parseSummaryLine(line.text) };
  }

  /** The app's rectangle for a widget id, or null when it was not drawn in the last frame. Fails clearly when the
   *  app does not expose il_ui_rect. */
  async uiRect(id) {
    const r = await this.page.evaluate(id => {
      if (typeof Module === 'undefined' || typeof Module.ccall !== 'function') return { err: 'Module.ccall is not exported (EXPORTED_RUNTIME_METHODS=ccall)' };
      try { return { value: Module.ccall('il_ui_rect', 'string', ['string'], [id]) }; } catch (e) { return { err: String(e && e.message || e) }; }
    }, id);
    assert.ok(!r.err, `app contract: Module.ccall('il_ui_rect','string',['string'],['${id}']) failed: ${r.err}${this.tail(5)}`);
    if (r.value === '' || r.value === null || r.value === undefined) return null;
    let rect;
    try { rect = JSON.parse(r.value); } catch (e) { assert.fail(`il_ui_rect('${id}') returned non-JSON: ${JSON.stringify(r.value)}`); }
    for (const k of ['x', 'y', 'w', 'h']) assert.ok(Number.isFinite(rect[k]), `il_ui_rect('${id}') = ${r.value}: no numeric ${k}`);
    return rect;
  }

  /** Waits (a few frames) until the widget is drawn and returns its rect; fails if it never is. */
  async waitForRect(id, timeout = 10_000) {
    const end = Date.now() + timeout;
    for (;;) {
      const rect = await this.uiRect(id);
      if (rect && rect.w > 0 && rect.h > 0) {
        assert.ok(rect.x >= 0 && rect.y >= 0 && rect.x + rect.w / 2 < VIEWPORT.width && rect.y + rect.h / 2 < VIEWPORT.height,
          `widget '${id}' rect ${JSON.stringify(rect)} has its centre outside the ${VIEWPORT.width}x${VIEWPORT.height} window`);
        return rect;
      }
      if (Date.now() > end) assert.fail(`widget '${id}' was not drawn within ${timeout} ms (il_ui_rect returned ${JSON.stringify(rect)})${this.tail(5)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** A real mouse click at the centre of a widget: move there, let a frame see the hover, press, hold, release. */
  async clickWidget(id) {
    const r = await this.waitForRect(id);
    const x = r.x + r.w / 2, y = r.y + r.h / 2;
    await this.page.mouse.move(x, y);
    await this.nextFrames(2);
    await this.page.mouse.down();
    await this.nextFrames(2);
    await this.page.mouse.up();
    await this.nextFrames(1);
    return { x, y, rect: r };
  }

  /** Resolves after n animation frames of the page. */
  nextFrames(n = 1) {
    return this.page.evaluate(n => new Promise(resolve => {
      const step = k => (k <= 0 ? resolve() : requestAnimationFrame(() => step(k - 1)));
      step(n);
    }), n);
  }

  /** Page errors so far, as one string (empty when none). */
  errorReport() { return this.errors.join('\n'); }
}

export const SUMMARY_PREFIX = 'interleave: summary ';
export function parseSummaryLine(text) {
  const json = text.slice(SUMMARY_PREFIX.length);
  try { return JSON.parse(json); } catch (e) { throw new Error(`summary line is not JSON (${e.message}): ${json.slice(0, 300)}`); }
}

// ---- the CLI as the reference -----------------------------------------------------------------------------

const cliCache = new Map();
/** `interleave run NAME --k v ... --json`, parsed. flags: { cores: 2, 'slice-ms': 10, ... } (CLI names). */
export function cliSummary(scenario, flags = {}) {
  const argv = ['run', scenario];
  for (const [k, v] of Object.entries(flags)) argv.push(`--${k}`, String(v));
  argv.push('--json');
  const key = argv.join(' ');
  if (cliCache.has(key)) return cliCache.get(key);
  assert.ok(fs.existsSync(cliPath), `CLI not found at ${cliPath} (build it: cmake --build build/release)`);
  const r = spawnSync(cliPath, argv, { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 << 20 });
  assert.equal(r.error, undefined, `${cliPath} ${key}: ${r.error}`);
  assert.ok(r.stdout.trim().startsWith('{'), `${cliPath} ${key}: exit ${r.status}, no JSON\n${r.stderr}`);
  const summary = JSON.parse(r.stdout);
  cliCache.set(key, summary);
  return summary;
}

/** The page's summary must be the CLI's for the same scenario and flags (key fields first, for a clear message). */
export function assertSameSummary(page, cli, label) {
  const cfg = s => JSON.stringify(s.config);
  assert.equal(page.scenario, cli.scenario, `${label}: scenario`);
  assert.equal(cfg(page), cfg(cli), `${label}: config`);
  assert.equal(page.makespan_ns, cli.makespan_ns, `${label}: makespan_ns`);
  assert.equal(page.trace_sha256, cli.trace_sha256, `${label}: trace_sha256`);
  assert.deepEqual(page, cli, `${label}: the whole summary JSON`);
}

/** URL-hash / CLI flag pairs as the CLI's argument object. */
export function flagsOf(hashPairs) {
  const flags = {};
  for (const [k, v] of hashPairs) if (k !== 'scenario') flags[k] = v;
  return flags;
}

// ---- artifacts and images ---------------------------------------------------------------------------------

export function artifactPath(name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

/** Decodes an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB, RGBA, palette). Returns { width, height, channels, data }. */
export function decodePng(buf) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(buf.length > 8 && buf.subarray(0, 8).equals(sig), 'not a PNG (bad signature)');
  let off = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0, palette = null;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), kind = buf.toString('latin1', off + 4, off + 8), body = buf.subarray(off + 8, off + 8 + len);
    if (kind === 'IHDR') { width = body.readUInt32BE(0); height = body.readUInt32BE(4); depth = body[8]; type = body[9]; interlace = body[12]; }
    else if (kind === 'PLTE') palette = body;
    else if (kind === 'IDAT') idat.push(body);
    else if (kind === 'IEND') break;
    off += 12 + len;
  }
  assert.equal(depth, 8, `PNG bit depth ${depth} (only 8 is decoded here)`);
  assert.equal(interlace, 0, 'interlaced PNG');
  const ch = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type];
  assert.ok(ch, `PNG colour type ${type}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * ch;
  assert.equal(raw.length, height * (stride + 1), 'PNG data size');
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; ++y) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = out.subarray(y * stride, (y + 1) * stride), prev = y ? out.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; ++i) {
      const a = i >= ch ? cur[i - ch] : 0, b = prev ? prev[i] : 0, c = prev && i >= ch ? prev[i - ch] : 0;
      let p;
      switch (f) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: { const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c); p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; break; }
        default: throw new Error(`PNG filter ${f}`);
      }
      cur[i] = (src[i] + p) & 0xff;
    }
  }
  if (type === 3) { // palette to RGB
    const rgb = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; ++i) palette.copy(rgb, i * 3, out[i] * 3, out[i] * 3 + 3);
    return { width, height, channels: 3, data: rgb };
  }
  return { width, height, channels: ch, data: out };
}

/** Distinct colours and the luminance standard deviation of a decoded image (alpha ignored). */
export function imageStats({ width, height, channels, data }) {
  const colours = new Set();
  let sum = 0, sum2 = 0;
  const n = width * height;
  for (let i = 0; i < n; ++i) {
    const o = i * channels;
    const r = data[o], g = channels >= 3 ? data[o + 1] : r, b = channels >= 3 ? data[o + 2] : r;
    if (colours.size < 100_000) colours.add((r << 16) | (g << 8) | b);
    const l = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += l; sum2 += l * l;
  }
  const mean = sum / n;
  return { width, height, distinctColours: colours.size, lumaStddev: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

/** Fails unless the PNG is an image with real content: many colours and visible contrast. */
export function assertDrawn(pngBuf, label, { minColours = 8, minStddev = 4 } = {}) {
  const st = imageStats(decodePng(pngBuf));
  assert.ok(st.distinctColours >= minColours && st.lumaStddev >= minStddev,
    `${label}: looks undrawn (${st.width}x${st.height}, ${st.distinctColours} distinct colours, luma stddev ${st.lumaStddev.toFixed(2)})`);
  return st;
}
