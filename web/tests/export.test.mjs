// Export buttons, clicked with the mouse: each produces a browser download.
//   export-perfetto: Chrome Trace Event JSON that Chrome DevTools' own trace parser (@paulirish/trace_engine)
//                    reads without errors, with every thread of the run's summary in it (by process and name);
//   export-csv:      a CSV with a header line and at least one row per thread of the summary;
//   export-png:      a PNG image of the view that decodes and is not one flat colour.
// Downloads are kept in build/artifacts/web-export.*.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { AppPage, artifactPath, assertDrawn, here, launchBrowser, serveStatic } from './harness.mjs';

const SCENARIO = 'semaphore-batches';
let server, browser, app;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
  app = await AppPage.create(browser, server.url);
  await app.open(`index.html#scenario=${SCENARIO}&cores=2`);
  await app.waitForReady();
  await app.waitForSummary(); // the exports are of the run shown: the last summary logged before each click
});
after(async () => { await app?.close(); await browser?.close(); await server?.close(); });

async function download(id) {
  const current = app.summaries().at(-1);
  assert.equal(current?.scenario, SCENARIO, `the page should show the URL's scenario (#scenario=${SCENARIO})${app.tail(3)}`);
  const [dl] = await Promise.all([
    app.page.waitForEvent('download', { timeout: 30_000 }).catch(e => {
      throw new Error(`clicking '${id}' produced no browser download within 30 s (${e.message})${app.tail(5)}`);
    }),
    app.clickWidget(id),
  ]);
  const failure = await dl.failure();
  assert.equal(failure, null, `download from '${id}' failed: ${failure}`);
  const suggested = dl.suggestedFilename();
  const kind = id.replace(/^export-/, '');
  const ext = path.extname(suggested) || '.bin';
  const file = artifactPath(ext === `.${kind}` ? `web-export${ext}` : `web-export-${kind}${ext}`);
  await dl.saveAs(file);
  return { file, suggested, bytes: fs.readFileSync(file), summary: current };
}

let TracePromise;
function loadTraceEngine() {
  TracePromise ??= (async () => {
    let Trace;
    try {
      Trace = await import('@paulirish/trace_engine');
    } catch (e) {
      throw new Error(`cannot load @paulirish/trace_engine (run scripts/install_deps.sh, or npm ci in ${here}): ${e.message}`);
    }
    if (typeof globalThis.DOMRect === 'undefined') { // trace_engine assumes a browser
      const { polyfillDOMRect } = await import('@paulirish/trace_engine/analyze-trace.mjs');
      polyfillDOMRect();
    }
    return Trace;
  })();
  return TracePromise;
}

test('export-perfetto downloads a trace that trace_engine parses, with every thread of the summary', async t => {
  const { file, suggested, bytes, summary: s } = await download('export-perfetto');
  t.diagnostic(`downloaded ${suggested} (${bytes.length} bytes) -> ${file}`);
  let doc;
  assert.doesNotThrow(() => { doc = JSON.parse(bytes.toString('utf8')); }, `${suggested} is not JSON`);
  const events = Array.isArray(doc) ? doc : doc?.traceEvents;
  assert.ok(Array.isArray(events) && events.length > 0, `${suggested}: expected {"traceEvents": [...]} with events`);

  const Trace = await loadTraceEngine();
  const logged = [];
  const saved = { error: console.error, warn: console.warn };
  console.error = (...a) => logged.push(`console.error: ${a.map(String).join(' ')}`);
  console.warn = (...a) => logged.push(`console.warn: ${a.map(String).join(' ')}`);
  let data;
  try {
    const model = Trace.TraceModel.Model.createWithAllHandlers();
    await model.parse(structuredClone(events));
    data = model.parsedTrace()?.data;
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
  }
  assert.ok(data, 'trace_engine produced no parsed data');
  assert.deepEqual(logged, [], 'trace_engine logged errors while parsing');

  // Every thread of the summary (by process id and name) is a thread trace_engine knows.
  const missing = [];
  for (const th of s.threads) {
    const threads = data.Meta.threadsInProcess.get(th.process);
    const found = threads && [...threads.values()].some(m => m.args?.name === th.name);
    if (!found) missing.push(`${th.process}:${th.name}`);
  }
  assert.deepEqual(missing, [], `threads of the summary (${s.scenario}, ${s.threads.length} threads) missing from the exported trace`);
  t.diagnostic(`${events.length} events; all ${s.threads.length} summary threads of ${s.scenario} found by trace_engine`);
});

test('export-csv downloads a CSV with a header and a row per thread', async t => {
  const { file, suggested, bytes, summary: s } = await download('export-csv');
  const lines = bytes.toString('utf8').split(/\r?\n/).filter(l => l.trim() !== '');
  t.diagnostic(`downloaded ${suggested} (${bytes.length} bytes, ${lines.length} lines) -> ${file}; header: ${lines[0]?.slice(0, 200)}`);
  assert.ok(lines.length > 0 && lines[0].trim().length > 0, `${suggested}: empty header line`);
  assert.ok(lines[0].includes(','), `${suggested}: header has no comma: ${lines[0]}`);
  assert.ok(lines.length - 1 >= s.threads.length,
    `${suggested}: ${lines.length - 1} data rows for ${s.threads.length} threads`);
  const cols = lines[0].split(',').length;
  assert.ok(lines.slice(1).every(l => l.split(',').length >= cols || l.includes('"')), `${suggested}: rows shorter than the header`);
});

test('export-png downloads a PNG of the view that is not one flat colour', async t => {
  const { file, suggested, bytes } = await download('export-png');
  const st = assertDrawn(bytes, suggested);
  t.diagnostic(`downloaded ${suggested} -> ${file}: ${st.width}x${st.height}, ${st.distinctColours} colours`);
});
