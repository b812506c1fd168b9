#!/usr/bin/env bash
# The one test command: installs dependencies, then
#   1. native Release build in build/release (Ninja) and its ctest run,
#   2. wasm build of the tests with emscripten in build/wasm, run under node by ctest,
#   3. the node tests in tests/node (trace_engine reads our traces; native vs wasm trace hashes).
# Runs every stage it can, prints a summary, and exits non-zero if anything failed.
# Environment: JOBS (default 2), SKIP_DEPS=1 (skip scripts/install_deps.sh), SKIP_WASM=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${JOBS:-2}"

failures=()
summary=()
step() { printf '\n==> %s\n' "$*"; }
# stage NAME CMD...: runs CMD, records pass/fail with its duration; never exits.
stage() {
  local name="$1"; shift
  local t0=$SECONDS rc=0
  step "$name: $*"
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then
    summary+=("PASS  ${name} (${dt}s)")
  else
    summary+=("FAIL  ${name} (exit ${rc}, ${dt}s)")
    failures+=("$name")
  fi
  return "$rc"
}
finish() {
  printf '\n==> summary\n'
  printf '  %s\n' "${summary[@]}"
  if [ "${#failures[@]}" -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[*]}"
    exit 1
  fi
  printf 'all passed\n'
  exit 0
}

has_sources() { compgen -G "$1" >/dev/null; }

if [ "${SKIP_DEPS:-0}" != 1 ]; then
  stage deps bash scripts/install_deps.sh || finish
fi

# emcc's JS passes need Debian's acorn (CMakeLists.txt also passes it to emscripten link steps).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
NODE_BIN="$(command -v node)"
[ -x /usr/bin/node ] && NODE_BIN=/usr/bin/node

# ctest fails on "no tests" once there are real test sources (tests/main_test.cpp only provides main()).
CTEST_ARGS=(--output-on-failure -j "$JOBS")
if compgen -G 'tests/*.cpp' | grep -vq '^tests/main_test.cpp$'; then
  CTEST_ARGS+=(--no-tests=error)
fi

# ---- 1. native ------------------------------------------------------------------------------------------
if stage native-configure cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
   && stage native-build cmake --build build/release -j "$JOBS"; then
  stage native-ctest ctest --test-dir build/release "${CTEST_ARGS[@]}" || true
fi

# ---- 2. wasm (tests and interleave_hash under node) -----------------------------------------------------
if [ "${SKIP_WASM:-0}" != 1 ]; then
  if stage wasm-configure emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
       -DCMAKE_CROSSCOMPILING_EMULATOR="$NODE_BIN" \
     && stage wasm-build cmake --build build/wasm -j "$JOBS"; then
    stage wasm-ctest ctest --test-dir build/wasm "${CTEST_ARGS[@]}" || true
  fi
fi

# ---- 3. node tests --------------------------------------------------------------------------------------
# Once the CLI / hash tool have sources, their node tests must run rather than skip.
has_sources 'cli/*.cpp' && export INTERLEAVE_REQUIRE_CLI=1
if has_sources 'tools/*.cpp' && [ "${SKIP_WASM:-0}" != 1 ]; then export INTERLEAVE_REQUIRE_HASH=1; fi
stage node-tests node --test tests/node/ || true

finish
