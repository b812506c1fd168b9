// Reads Interleave's exported Chrome Trace Event JSON with an independent parser: Chrome DevTools' own
// performance-trace engine (npm @paulirish/trace_engine), and checks that
//   - our own schema rules hold (every event has a name and ph, numeric pid/tid/ts, dur >= 0 on "X", ...),
//   - trace_engine parses it without throwing and without logging errors (console.error / console.warn),
//   - every thread named by an "M" thread_name event is in trace_engine's Meta.threadsInProcess with that
//     name, and every such thread that has slices is a thread of the parsed model (Renderer handler /
//     Threads.threadsInTrace) with all its slices placed in the thread's tree (slices nest),
//   - slices on one track nest (our own check, 1 ns tolerance; trace_engine silently drops the rest).
//
// Inputs: the hand-made fixtures/sample_trace.json, and, when the CLI is built, a trace from
// `build/release/interleave run NAME --trace FILE` per scenario.
// Environment:
//   INTERLEAVE_BIN              CLI to run (default <repo>/build/release/interleave)
//   INTERLEAVE_REQUIRE_CLI=1    fail instead of skip when the CLI is missing (scripts/test.sh sets it
//                               when cli/*.cpp exists)
//   INTERLEAVE_TRACE_SCENARIOS  comma-separated scenario names (default below)
//   INTERLEAVE_KEEP_TRACES=1    keep the temporary trace files
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const cliPath = process.env.INTERLEAVE_BIN || path.join(repoRoot, 'build', 'release', 'interleave');
const requireCli = process.env.INTERLEAVE_REQUIRE_CLI === '1';
const scenarios = (process.env.INTERLEAVE_TRACE_SCENARIOS || 'download-threads,semaphore-batches,deadlock,condition-pingpong,gil-convoy')
  .split(',').map(s => s.trim()).filter(Boolean);
// Scenarios whose run may legitimately end with a non-zero exit status (the trace must still be written).
const mayExitNonZero = new Set(['deadlock']);

// Every phase Chrome's Trace Event Format defines (trace_engine's Types.Events.Phase), plus lowercase "i"
// (the spec's instant; trace_engine only knows "I"). Anything else is reported, not failed: trace_engine
// ignores unknown phases silently.
const KNOWN_PHASES = new Set(['B', 'E', 'X', 'I', 'i', 'C', 'b', 'n', 'e', 'T', 'S', 'F', 'p', 's', 't', 'f', 'P',
  'N', 'O', 'D', 'M', 'V', 'v', 'R', 'c']);
// Phases that trace_engine's Renderer handler turns into thread entries ("track slices").
const SLICE_PHASES = new Set(['X', 'B', 'E', 'I']);
const EPS_US = 1e-3; // 1 ns: timestamps are microseconds with a fractional part

let TracePromise;
function loadTraceEngine() {
  TracePromise ??= (async () => {
    let Trace;
    try {
      Trace = await import('@paulirish/trace_engine');
    } catch (e) {
      throw new Error(`cannot load @paulirish/trace_engine (run scripts/install_deps.sh, or npm ci in ${here}): ${e.message}`);
    }
    // trace_engine assumes a browser; its package ships the DOMRect polyfill it needs under node.
    if (typeof globalThis.DOMRect === 'undefined') {
      try {
        const { polyfillDOMRect } = await import('@paulirish/trace_engine/analyze-trace.mjs');
        polyfillDOMRect();
      } catch {
        globalThis.DOMRect = class DOMRect {
          constructor(x = 0, y = 0, width = 0, height = 0) { Object.assign(this, { x, y, width, height }); }
        };
      }
    }
    return Trace;
  })();
  return TracePromise;
}

const key = (pid, tid) => `${pid}:${tid}`;

/** Our own structural rules for the JSON (trace_engine is too lenient to rely on alone). */
function validateSchema(events) {
  const problems = [];
  const unknownPhases = new Map();
  const bad = (i, ev, why) => { if (problems.length < 20) problems.push(`event #${i} ${JSON.stringify(ev).slice(0, 160)}: ${why}`); };
  events.forEach((ev, i) => {
    if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) return bad(i, ev, 'not an object');
    if (typeof ev.name !== 'string') bad(i, ev, 'name missing or not a string (trace_engine throws on this)');
    if (typeof ev.ph !== 'string') return bad(i, ev, 'ph missing or not a string');
    if (!KNOWN_PHASES.has(ev.ph)) unknownPhases.set(ev.ph, (unknownPhases.get(ev.ph) ?? 0) + 1);
    if (!Number.isInteger(ev.pid)) bad(i, ev, 'pid is not an integer');
    if ('tid' in ev && !Number.isInteger(ev.tid)) bad(i, ev, 'tid is not an integer');
    if (ev.ph === 'M') {
      if ((ev.name === 'thread_name' || ev.name === 'process_name') && typeof ev.args?.name !== 'string') {
        bad(i, ev, 'metadata without args.name');
      }
      if (ev.name === 'thread_name' && !Number.isInteger(ev.tid)) bad(i, ev, 'thread_name without tid');
      return;
    }
    if (typeof ev.ts !== 'number' || !Number.isFinite(ev.ts) || ev.ts < 0) bad(i, ev, 'ts is not a finite number >= 0');
    if (ev.ph === 'X' && (typeof ev.dur !== 'number' || !Number.isFinite(ev.dur) || ev.dur < 0)) {
      bad(i, ev, 'X without a finite dur >= 0');
    }
    if (SLICE_PHASES.has(ev.ph) && !Number.isInteger(ev.tid)) bad(i, ev, 'slice without tid');
    if (ev.ph === 'C' && (ev.args === null || typeof ev.args !== 'object' ||
        !Object.values(ev.args).every(v => typeof v === 'number' && Number.isFinite(v)))) {
      bad(i, ev, 'counter args must be finite numbers');
    }
  });
  return { problems, unknownPhases };
}

/** Slices on one (pid, tid) must nest (Perfetto and DevTools both require it). Returns violations. */
function nestingViolations(events) {
  const byThread = new Map();
  const open = new Map(); // B/E pairing per thread
  for (const ev of events) {
    if (!Number.isInteger(ev.tid)) continue;
    const k = key(ev.pid, ev.tid);
    let span = null;
    if (ev.ph === 'X') span = { ts: ev.ts, end: ev.ts + ev.dur, name: ev.name };
    else if (ev.ph === 'B') { (open.get(k) ?? open.set(k, []).get(k)).push(ev); continue; }
    else if (ev.ph === 'E') {
      const b = open.get(k)?.pop();
      if (b) span = { ts: b.ts, end: ev.ts, name: b.name };
    }
    if (span) (byThread.get(k) ?? byThread.set(k, []).get(k)).push(span);
  }
  const violations = [];
  for (const [k, spans] of byThread) {
    spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const stack = [];
    for (const s of spans) {
      while (stack.length && s.ts >= stack.at(-1).end - EPS_US) stack.pop();
      const parent = stack.at(-1);
      if (parent && s.end > parent.end + EPS_US) {
        if (violations.length < 10) {
          violations.push(`thread ${k}: "${s.name}" [${s.ts}, ${s.end}] overlaps "${parent.name}" [${parent.ts}, ${parent.end}] without nesting`);
        }
        continue;
      }
      stack.push(s);
    }
  }
  return violations;
}

async function parseWithTraceEngine(Trace, events) {
  const logged = [];
  const saved = { error: console.error, warn: console.warn };
  console.error = (...a) => logged.push(`console.error: ${a.map(String).join(' ')}`);
  console.warn = (...a) => logged.push(`console.warn: ${a.map(String).join(' ')}`);
  try {
    const model = Trace.TraceModel.Model.createWithAllHandlers();
    // parse() mutates events (sorting, synthetic events): give it a copy.
    await model.parse(structuredClone(events));
    const parsed = model.parsedTrace();
    assert.ok(parsed?.data, 'trace_engine produced no parsed data');
    return { data: parsed.data, insights: parsed.insights, logged };
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
  }
}

/** All checks for one trace document. */
async function checkTraceDocument(t, doc, label) {
  const events = Array.isArray(doc) ? doc : doc?.traceEvents;
  assert.ok(Array.isArray(events), `${label}: expected {"traceEvents": [...]} or an array`);
  assert.ok(events.length > 0, `${label}: no events`);

  const { problems, unknownPhases } = validateSchema(events);
  assert.deepEqual(problems, [], `${label}: malformed events`);
  if (unknownPhases.size) t.diagnostic(`${label}: phases trace_engine does not know: ${JSON.stringify([...unknownPhases])}`);

  // Threads the simulator named, and which of them have slices.
  const named = new Map();
  for (const ev of events) {
    if (ev.ph === 'M' && ev.name === 'thread_name') named.set(key(ev.pid, ev.tid), { pid: ev.pid, tid: ev.tid, name: ev.args.name });
  }
  assert.ok(named.size > 0, `${label}: no thread_name metadata events`);
  const sliceCount = new Map();
  for (const ev of events) {
    if (SLICE_PHASES.has(ev.ph) && ev.ph !== 'E') sliceCount.set(key(ev.pid, ev.tid), (sliceCount.get(key(ev.pid, ev.tid)) ?? 0) + 1);
  }
  for (const k of sliceCount.keys()) {
    assert.ok(named.has(k), `${label}: thread ${k} has slices but no thread_name metadata`);
  }

  assert.deepEqual(nestingViolations(events), [], `${label}: slices on one thread must nest`);

  const Trace = await loadTraceEngine();
  let parsed;
  await assert.doesNotReject(async () => { parsed = await parseWithTraceEngine(Trace, events); },
    `${label}: trace_engine threw while parsing`);
  const { data, logged } = parsed;
  assert.deepEqual(logged, [], `${label}: trace_engine logged errors while parsing`);

  // Meta handler: every named thread, with its name.
  for (const { pid, tid, name } of named.values()) {
    const meta = data.Meta.threadsInProcess.get(pid)?.get(tid);
    assert.ok(meta, `${label}: thread ${pid}:${tid} (${name}) missing from Meta.threadsInProcess`);
    assert.equal(meta.args?.name, name, `${label}: Meta name of thread ${pid}:${tid}`);
  }

  // Renderer handler / Threads helper: every named thread that has slices is a model thread whose slices
  // all made it into its tree.
  const modelThreads = new Set(Trace.Handlers.Threads.threadsInTrace(data).map(th => key(th.pid, th.tid)));
  let treeless = [];
  for (const { pid, tid, name } of named.values()) {
    const n = sliceCount.get(key(pid, tid)) ?? 0;
    if (n === 0) { treeless.push(`${pid}:${tid} ${name}`); continue; }
    const th = data.Renderer.processes.get(pid)?.threads.get(tid);
    assert.ok(th, `${label}: thread ${pid}:${tid} (${name}) has ${n} slices but is missing from Renderer.processes`);
    assert.equal(th.name, name, `${label}: Renderer name of thread ${pid}:${tid}`);
    assert.ok(th.tree && th.tree.roots.size > 0, `${label}: thread ${pid}:${tid} (${name}) has no slice tree`);
    assert.ok(modelThreads.has(key(pid, tid)), `${label}: thread ${pid}:${tid} (${name}) missing from Threads.threadsInTrace`);
    assert.equal(th.entries.length, n, `${label}: thread ${pid}:${tid} (${name}) slice count in the model`);
    const dropped = th.entries.filter(e => !data.Renderer.entryToNode.has(e));
    if (dropped.length) {
      // Our nesting check passed, so these are sub-nanosecond float overlaps: DevTools hides them.
      t.diagnostic(`${label}: trace_engine left ${dropped.length} slice(s) of ${pid}:${tid} out of its tree, e.g. ` +
        `${dropped.slice(0, 3).map(e => `${e.name}@${e.ts}+${e.dur}`).join(', ')}`);
    }
  }
  if (treeless.length) t.diagnostic(`${label}: named threads without slices (Meta only): ${treeless.join('; ')}`);

  const b = data.Meta.traceBounds;
  assert.ok(Number.isFinite(b.min) && Number.isFinite(b.max) && b.max >= b.min, `${label}: bad trace bounds ${JSON.stringify(b)}`);

  const flowStarts = events.filter(ev => ev.ph === 's').length;
  const counters = events.filter(ev => ev.ph === 'C').length;
  t.diagnostic(`${label}: ${events.length} events, ${named.size} named threads, ${modelThreads.size} model threads, ` +
    `${counters} counter samples (ignored by trace_engine), ${data.Flows.flows.length}/${flowStarts} flows bound ` +
    `(trace_engine binds s/f only to a slice with the same ts, pid, tid and cat)`);
  return { named, data };
}

test('fixture: hand-made sample trace parses cleanly with trace_engine', async t => {
  const doc = JSON.parse(fs.readFileSync(path.join(here, 'fixtures', 'sample_trace.json'), 'utf8'));
  const { named, data } = await checkTraceDocument(t, doc, 'sample_trace.json');
  assert.equal(named.size, 7);
  assert.equal(data.Flows.flows.length, 1, 'the fixture\'s one flow binds (same ts/pid/tid/cat at both ends)');
});

test('checks catch broken traces', async t => {
  const good = JSON.parse(fs.readFileSync(path.join(here, 'fixtures', 'sample_trace.json'), 'utf8')).traceEvents;
  const overlap = [...good, { ph: 'X', pid: 1, tid: 2, ts: 60, dur: 30, name: 'straddles Running/Io', cat: 'thread', args: {} }];
  await assert.rejects(checkTraceDocument(t, overlap, 'overlap'), /must nest/);
  const nameless = [...good, { ph: 'X', pid: 1, tid: 2, ts: 1, dur: 0, cat: 'thread', args: {} }];
  await assert.rejects(checkTraceDocument(t, nameless, 'nameless'), /malformed/);
  const unnamed = [...good, { ph: 'X', pid: 1, tid: 77, ts: 1, dur: 1, name: 'x', cat: 'thread', args: {} }];
  await assert.rejects(checkTraceDocument(t, unnamed, 'unnamed'), /no thread_name metadata/);
});

const haveCli = fs.existsSync(cliPath);
// `interleave run` for the simulated scenarios; `interleave real` (real threads and forked processes, whose
// children's traces are merged into the parent's) for a few multiprocessing ones.
const runs = [
  ...scenarios.map(scenario => ({ scenario, args: ['run', scenario], what: 'simulated' })),
  ...['fork-tree', 'pool-uneven', 'manager-dict'].map(scenario =>
    ({ scenario, args: ['real', scenario, '--time-scale', '0.01'], what: 'real' })),
];
for (const { scenario, args, what } of runs) {
  test(`cli: interleave ${args[0]} ${scenario} --trace: trace_engine sees every ${what} thread`, {
    skip: !haveCli && !requireCli ? `CLI not built (${path.relative(repoRoot, cliPath)})` : false,
  }, async t => {
    assert.ok(haveCli, `CLI not found at ${cliPath} (INTERLEAVE_REQUIRE_CLI=1)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-trace-'));
    const file = path.join(dir, `${scenario}.json`);
    try {
      const r = spawnSync(cliPath, [...args, '--trace', file], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
      const out = `\n--- stdout ---\n${(r.stdout ?? '').slice(-2000)}\n--- stderr ---\n${(r.stderr ?? '').slice(-2000)}`;
      assert.equal(r.error, undefined, `spawn failed: ${r.error}`);
      assert.equal(r.signal, null, `interleave killed by ${r.signal}${out}`);
      if (!mayExitNonZero.has(scenario)) assert.equal(r.status, 0, `interleave exit status${out}`);
      else if (r.status !== 0) t.diagnostic(`${scenario}: exit status ${r.status} (allowed)`);
      assert.ok(fs.existsSync(file), `no trace written to ${file}${out}`);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      await checkTraceDocument(t, doc, scenario);
    } finally {
      if (process.env.INTERLEAVE_KEEP_TRACES === '1') t.diagnostic(`kept ${file}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
