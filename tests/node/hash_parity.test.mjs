// Native and WebAssembly builds must simulate identically: run interleave_hash (tools/*.cpp) from the
// native build and from the wasm build (under node) and compare their output byte for byte.
// Environment:
//   INTERLEAVE_HASH_NATIVE   native program   (default <repo>/build/release/interleave_hash)
//   INTERLEAVE_HASH_WASM     wasm program, .js (default <repo>/build/wasm/interleave_hash.js)
//   INTERLEAVE_HASH_ARGS     arguments for both, space-separated (default none)
//   INTERLEAVE_REQUIRE_HASH=1  fail instead of skip when either build is missing (scripts/test.sh sets it
//                              when tools/*.cpp exists)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const nativeBin = process.env.INTERLEAVE_HASH_NATIVE || path.join(repoRoot, 'build', 'release', 'interleave_hash');
const wasmJs = process.env.INTERLEAVE_HASH_WASM || path.join(repoRoot, 'build', 'wasm', 'interleave_hash.js');
const args = (process.env.INTERLEAVE_HASH_ARGS || '').split(/\s+/).filter(Boolean);
const missing = [nativeBin, wasmJs].filter(p => !fs.existsSync(p)).map(p => path.relative(repoRoot, p));
const skip = missing.length && process.env.INTERLEAVE_REQUIRE_HASH !== '1' ? `not built: ${missing.join(', ')}` : false;

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: repoRoot, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
  const where = `${cmd} ${argv.join(' ')}`;
  assert.equal(r.error, undefined, `${where}: ${r.error}`);
  assert.equal(r.signal, null, `${where}: killed by ${r.signal}`);
  assert.equal(r.status, 0, `${where}: exit status ${r.status}\n${r.stderr}`);
  return r.stdout;
}

test('interleave_hash: native and wasm print the same trace hashes', { skip }, t => {
  assert.deepEqual(missing, [], 'both builds must exist (INTERLEAVE_REQUIRE_HASH=1)');
  const native = run(nativeBin, args);
  const wasm = run(process.execPath, [wasmJs, ...args]);
  assert.ok(native.trim().length > 0, 'interleave_hash printed nothing');
  const a = native.split('\n');
  const b = wasm.split('\n');
  const firstDiff = a.findIndex((line, i) => line !== b[i]);
  assert.equal(wasm, native, firstDiff >= 0 ? `first difference at line ${firstDiff + 1}:\n native: ${a[firstDiff]}\n wasm:   ${b[firstDiff]}` : 'outputs differ');
  t.diagnostic(`${a.filter(Boolean).length} lines identical`);
});
