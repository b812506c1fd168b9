#!/usr/bin/env bash
# Installs what scripts/test.sh needs, on Debian 12 (bookworm): apt packages, then the npm packages of
# tests/node and web/tests. Idempotent and quiet: does nothing (no apt-get update, no network) when all is present.
#
# The app: libstb-dev (PNG and zlib, header-only), fonts-wqy-microhei + python3-fonttools (its CJK font, cut
# at build time). UI test tools: libsdl2-dev (+ Mesa's llvmpipe GL) for the native app, chromium for the browser tests (driven by
# npm playwright-core, which never downloads a browser of its own), xvfb/xauth/xdotool for the native app's X
# display and clicks, imagemagick for checking screenshots (/usr/bin/convert, /usr/bin/identify), dpkg-dev for
# build_wasm.sh's `apt-get source` of ImGui and SDL2.
# Runs non-interactively as root, or through sudo.
#
# Node: an existing `node` (here nodesource's v20 at /usr/bin/node) is kept; Debian's nodejs (and npm)
# are installed only when there is no node (or no npm) at all.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

log() { printf 'install_deps: %s\n' "$*"; }
die() { printf 'install_deps: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install packages"
  SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
fi

# Runs a command with its output in a log that is shown only if it fails.
quiet() {
  local out
  out="$(mktemp)"
  if "$@" >"$out" 2>&1; then
    rm -f "$out"
  else
    local rc=$?
    printf 'install_deps: command failed (exit %d): %s\n' "$rc" "$*" >&2
    tail -n 60 "$out" >&2
    rm -f "$out"
    return "$rc"
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ---- apt ------------------------------------------------------------------------------------------------
# emscripten pulls clang-14, lld-14, binaryen and node-acorn; --no-install-recommends skips d3/numpy.
packages=(ca-certificates g++ cmake ninja-build doctest-dev emscripten python3
  libsdl2-dev libstb-dev fonts-wqy-microhei python3-fonttools libgl1-mesa-dri chromium xvfb xauth xdotool imagemagick dpkg-dev
  clang-14 libclang-rt-14-dev) # libFuzzer and the sanitizers' runtimes for scripts/fuzz.sh
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get (Debian 12 expected)"
  log "apt: installing ${missing[*]}"
  # Update the package lists only when they are absent (fresh images) or older than a day; retry the
  # install once after an update if it still fails (stale lists).
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
    quiet "${SUDO[@]}" apt-get update
    updated=1
  else
    updated=0
  fi
  apt_install=("${SUDO[@]}" apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}")
  if ! quiet "${apt_install[@]}"; then
    [ "$updated" -eq 0 ] || die "apt-get install failed"
    log "apt: retrying after apt-get update"
    quiet "${SUDO[@]}" apt-get update
    quiet "${apt_install[@]}" || die "apt-get install failed"
  fi
fi

for tool in g++ cmake ninja emcc em++ emcmake node npm xvfb-run xdotool dpkg-source; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found after installing packages"
done
for f in /usr/bin/chromium /usr/bin/convert /usr/bin/identify; do
  [ -x "$f" ] || die "$f not found after installing packages"
done

# ---- npm (tests/node, web/tests) -----------------------------------------------------------------------
# npm ci reinstalls from package-lock.json; skip it while node_modules matches the lock file. playwright-core
# drives the system's /usr/bin/chromium: never let it (or anything else) download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm_install() { # $1 = dir with package.json, $2 = a path under node_modules that must exist
  local dir="$1" stamp="$1/node_modules/.package-lock.json"
  [ -f "$dir/package.json" ] || return 0
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ] || [ "$dir/package.json" -nt "$stamp" ] \
     || [ ! -e "$dir/node_modules/$2" ]; then
    log "npm: installing ${dir#"$ROOT"/} dependencies"
    if [ -f "$dir/package-lock.json" ]; then
      (cd "$dir" && quiet npm ci --no-audit --no-fund --loglevel=error)
    else
      (cd "$dir" && quiet npm install --no-audit --no-fund --loglevel=error)
    fi
  fi
}
npm_install "$ROOT/tests/node" @paulirish/trace_engine
npm_install "$ROOT/web/tests" playwright-core/package.json

log "ok ($(node --version), $(cmake --version | head -n 1), emscripten $(cat /usr/share/emscripten/emscripten-version.txt 2>/dev/null | tr -d '"' || echo '?'))"
