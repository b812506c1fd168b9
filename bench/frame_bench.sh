#!/usr/bin/env bash
# Frame-time benchmark of the UI (not part of scripts/test.sh): the app plays N frames of scripted zooming,
# panning and playback (URL / --state key `bench=N`), then logs
#   interleave: frames {"scenario":...,"frames":N,"p50_ms":..,"p95_ms":..,"p99_ms":..,"max_ms":..,"cpu_p50_ms":..,...}
# and, natively, exits. This runs it
#   - in headless Chromium (playwright-core, WebGL2 on SwiftShader, vsync and frame-rate limit off), and
#   - natively under Xvfb (Mesa llvmpipe, no vsync),
# for the built-in scenario with the most trace records (found with the CLI) and for stress-256, and prints a table.
#
#   bench/frame_bench.sh [FRAMES]          default 600 frames
# Environment: BENCH_SCENARIOS=a,b (skip the search), BENCH_WHERE=web,native (default both), BENCH_TIMEOUT=seconds
# per run (default 600), INTERLEAVE_BIN / INTERLEAVE_APP / INTERLEAVE_WEB_DIR (defaults under build/).
# Needs the builds that scripts/test.sh makes (build/release with the UI, build/web); builds what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FRAMES="${1:-600}"
[[ "$FRAMES" =~ ^[0-9]+$ ]] && [ "$FRAMES" -gt 0 ] || { echo "usage: $0 [FRAMES]" >&2; exit 2; }
WHERE="${BENCH_WHERE:-web,native}"
TIMEOUT="${BENCH_TIMEOUT:-600}"
CLI="${INTERLEAVE_BIN:-$ROOT/build/release/interleave}"
APP="${INTERLEAVE_APP:-$ROOT/build/release/ui/interleave_app}"
WEB="${INTERLEAVE_WEB_DIR:-$ROOT/build/web}"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf 'frame_bench: %s\n' "$*" >&2; }
die() { printf 'frame_bench: ERROR: %s\n' "$*" >&2; exit 1; }

TMP="$(mktemp -d /tmp/interleave-frame-bench.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

# ---- builds ------------------------------------------------------------------------------------------------
if [ ! -x "$CLI" ] || { [[ "$WHERE" == *native* ]] && [ ! -x "$APP" ]; }; then
  log "building build/release with the UI"
  imgui="$(./build_wasm.sh imgui-dir)"
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DINTERLEAVE_IMGUI_DIR="$imgui" >/dev/null
  cmake --build build/release -j "${JOBS:-2}" >/dev/null
fi
if [[ "$WHERE" == *web* ]] && [ ! -f "$WEB/index.html" ]; then
  log "building the browser app"
  ./build_wasm.sh >&2
fi
[ -x "$CLI" ] || die "no CLI at $CLI"

# ---- scenarios -----------------------------------------------------------------------------------------------
if [ -n "${BENCH_SCENARIOS:-}" ]; then
  IFS=, read -r -a SCENARIOS <<<"$BENCH_SCENARIOS"
else
  # The built-in scenario with the most trace records: the most events in its --trace-basic export (one record
  # makes a bounded number of events, so the order is the same).
  log "finding the built-in scenario with the most trace records (interleave run NAME --trace-basic for each)"
  best="" best_n=-1
  while read -r name _; do
    [ -n "$name" ] || continue
    [ "$name" = stress-256 ] && continue
    "$CLI" run "$name" --trace-basic "$TMP/t.json" >/dev/null 2>&1 || true # deadlock & co. exit non-zero
    [ -f "$TMP/t.json" ] || continue
    n="$(grep -c '"ph":' "$TMP/t.json" || true)"
    rm -f "$TMP/t.json"
    log "  $name: $n events"
    if [ "$n" -gt "$best_n" ]; then best="$name" best_n="$n"; fi
  done < <("$CLI" list)
  [ -n "$best" ] || die "no scenario produced a trace"
  log "largest: $best ($best_n events)"
  SCENARIOS=("$best" stress-256)
fi
"$CLI" list | awk '{print $1}' | grep -qx stress-256 || log "note: the CLI has no scenario stress-256 (yet)"

# ---- runs ----------------------------------------------------------------------------------------------------
RESULTS="$TMP/results.tsv" # where scenario json-or-error
: >"$RESULTS"

run_native() { # $1 scenario
  local out="$TMP/native-$1.out" rc=0
  [ -x "$APP" ] || { printf 'native\t%s\tERROR no native app at %s\n' "$1" "$APP" >>"$RESULTS"; return; }
  log "native: $1, $FRAMES frames (Xvfb)"
  LIBGL_ALWAYS_SOFTWARE=1 timeout "$TIMEOUT" xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    "$APP" --state "scenario=$1&bench=$FRAMES" >"$out" 2>&1 || rc=$?
  local line
  line="$(grep -m1 '^interleave: frames ' "$out" | sed 's/^interleave: frames //' || true)"
  if [ -n "$line" ]; then
    printf 'native\t%s\t%s\n' "$1" "$line" >>"$RESULTS"
  else
    printf 'native\t%s\tERROR exit %s, no "interleave: frames" line: %s\n' "$1" "$rc" "$(tail -n 3 "$out" | tr '\n' ' ' | cut -c1-200)" >>"$RESULTS"
  fi
}

run_web() { # all scenarios in one browser
  [ -f "$WEB/index.html" ] || { for s in "${SCENARIOS[@]}"; do printf 'web\t%s\tERROR no %s/index.html\n' "$s" "$WEB" >>"$RESULTS"; done; return; }
  cat >"$TMP/web_bench.mjs" <<EOF
import { AppPage, CHROMIUM_ARGS, serveStatic } from '$ROOT/web/tests/harness.mjs';
const { chromium } = await import('$ROOT/web/tests/node_modules/playwright-core/index.mjs');
const [frames, timeoutS, ...scenarios] = process.argv.slice(2);
const server = await serveStatic(process.env.INTERLEAVE_WEB_DIR || '$WEB');
const browser = await chromium.launch({ executablePath: process.env.INTERLEAVE_CHROMIUM || '/usr/bin/chromium',
  headless: true, chromiumSandbox: false, args: [...CHROMIUM_ARGS, '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
try {
  for (const s of scenarios) {
    console.error('frame_bench: web: ' + s + ', ' + frames + ' frames (headless Chromium)');
    const app = await AppPage.create(browser, server.url);
    try {
      await app.open('index.html#scenario=' + encodeURIComponent(s) + '&bench=' + frames);
      const line = await app.waitForLine(t => t.startsWith('interleave: frames '), { timeout: timeoutS * 1000, what: 'interleave: frames' });
      console.log('web\t' + s + '\t' + line.text.slice('interleave: frames '.length));
    } catch (e) {
      console.log('web\t' + s + '\tERROR ' + String(e.message).split('\n').slice(0, 4).join(' ').slice(0, 300));
    } finally {
      await app.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
EOF
  node "$TMP/web_bench.mjs" "$FRAMES" "$TIMEOUT" "${SCENARIOS[@]}" >>"$RESULTS" || true
}

[[ "$WHERE" == *web* ]] && run_web
if [[ "$WHERE" == *native* ]]; then for s in "${SCENARIOS[@]}"; do run_native "$s"; done; fi

# ---- table ---------------------------------------------------------------------------------------------------
node - "$RESULTS" "$FRAMES" <<'EOF'
const fs = require('fs');
const [file, frames] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => {
  const [where, scenario, rest] = l.split('\t');
  if (rest.startsWith('ERROR')) return { where, scenario, error: rest };
  let r;
  try { r = JSON.parse(rest); } catch { return { where, scenario, error: 'ERROR bad JSON: ' + rest.slice(0, 120) }; }
  if (r.scenario !== scenario) return { where, scenario, error: `ERROR the app benchmarked ${r.scenario} instead (unknown scenario?)` };
  return { where, ...r, scenario };
});
const head = ['scenario', 'where', 'trace_records', 'frames', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'cpu_p50_ms', 'cpu_p95_ms'];
const fmt = (v, k) => (typeof v === 'number' ? (k.endsWith('_ms') ? v.toFixed(2) : String(v)) : String(v ?? '-'));
const table = rows.map(r => (r.error ? [r.scenario, r.where, r.error] : [r.scenario, r.where, ...head.slice(2).map(k => fmt(r[k], k))]));
const widths = head.map((h, i) => Math.max(h.length, ...table.filter(r => i < 2 || r.length === head.length).map(r => r[i].length)));
const line = r => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`\nframe times: p*_ms whole frames with the GL work finished (glFinish), cpu_*_ms the app building the frame;`);
console.log(`${frames} scripted frames of zoom, pan and playback per run;`);
console.log(`web: headless Chromium, WebGL2 on SwiftShader; native: SDL2 + OpenGL on Mesa llvmpipe under Xvfb; ${require('os').cpus().length} CPUs\n`);
console.log(line(head));
console.log(widths.map(w => '-'.repeat(w)).join('  '));
for (const r of table) console.log(r.length === head.length ? line(r) : `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`);
process.exitCode = rows.some(r => r.error) ? 1 : 0;
EOF
