#!/usr/bin/env bash
# Builds the browser app (Dear ImGui + SDL2 + WebGL2) into build/web, on a fresh Debian 12 machine included.
#   ./build_wasm.sh          install deps, fetch ImGui/SDL2 Debian sources, build SDL2 for wasm (cached), build the app
#   ./build_wasm.sh deps     only the third-party part (sources + SDL2 for wasm); its last line is IMGUI_DIR=<dir>
#   ./build_wasm.sh imgui-dir   fetch the ImGui sources if needed and print only their dir on stdout (for a native
#                            build of ui/: cmake -DINTERLEAVE_IMGUI_DIR="$(./build_wasm.sh imgui-dir)")
#   ./build_wasm.sh serve    build, then serve build/web on http://127.0.0.1:8080 (PORT=... to change)
# Environment: SKIP_DEPS=1 skips scripts/install_deps.sh (scripts/test.sh runs it first), JOBS=N build jobs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$ROOT/build"
TP="$BUILD/third_party"
SDL_BUILD="$BUILD/sdl2-wasm-build"
SDL_PREFIX="$BUILD/sdl2-wasm"
WEB="$BUILD/web"
MODE="${1:-build}"
case "$MODE" in build|deps|imgui-dir|serve) ;; *) printf 'usage: %s [build|deps|imgui-dir|serve]\n' "$0" >&2; exit 2 ;; esac
# imgui-dir: everything but the answer goes to stderr.
if [ "$MODE" = imgui-dir ]; then exec 3>&1 1>&2; fi
export DEBIAN_FRONTEND=noninteractive
export NODE_PATH=/usr/share/nodejs # emcc's JS passes need Debian's acorn (TOOLCHAIN.md pitfall 1)

log() { printf 'build_wasm: %s\n' "$*"; }
die() { printf 'build_wasm: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install packages"
  SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ---- base toolchain (g++, cmake, ninja, emscripten, ...) ------------------------------------------------
[ "${SKIP_DEPS:-0}" = 1 ] || bash "$ROOT/scripts/install_deps.sh"
installed dpkg-dev || { log "apt: installing dpkg-dev"; "${SUDO[@]}" apt-get install -y -q --no-install-recommends dpkg-dev >/dev/null; }

# ---- ImGui and SDL2 sources from Debian source packages (cached in build/third_party) --------------------
find_src() { # $1 = glob under $TP, $2 = file that must exist inside
  local d
  for d in "$TP"/$1; do [ -f "$d/$2" ] && { printf '%s\n' "$d"; return 0; }; done
  return 1
}

fetch_sources() {
  mkdir -p "$TP"
  if find_src 'imgui-*' imgui.h >/dev/null && find_src 'libsdl2-*' include/SDL.h >/dev/null; then return 0; fi
  if ! ls "$TP"/imgui_*.dsc "$TP"/libsdl2_*.dsc >/dev/null 2>&1; then
    if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
      log "apt: adding a deb-src entry"
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        | "${SUDO[@]}" tee /etc/apt/sources.list.d/interleave-deb-src.sources >/dev/null
      "${SUDO[@]}" apt-get update -q >/dev/null
    fi
    log "apt: downloading the imgui and libsdl2 source packages"
    (cd "$TP" && apt-get source -q --download-only imgui libsdl2 >/dev/null 2>&1) || {
      "${SUDO[@]}" apt-get update -q >/dev/null
      (cd "$TP" && apt-get source -q --download-only imgui libsdl2 >/dev/null)
    }
  fi
  local dsc
  for dsc in "$TP"/imgui_*.dsc "$TP"/libsdl2_*.dsc; do
    case "$dsc" in
      */imgui_*) find_src 'imgui-*' imgui.h >/dev/null && continue ;;
      */libsdl2_*) find_src 'libsdl2-*' include/SDL.h >/dev/null && continue ;;
    esac
    log "extracting $(basename "$dsc")"
    (cd "$TP" && dpkg-source -q --no-check -x "$(basename "$dsc")" >/dev/null)
  done
}
fetch_sources
IMGUI_DIR="$(find_src 'imgui-*' imgui.h)" || die "no ImGui sources in $TP"
SDL_SRC="$(find_src 'libsdl2-*' include/SDL.h)" || die "no SDL2 sources in $TP"
if [ "$MODE" = imgui-dir ]; then printf '%s\n' "$IMGUI_DIR" >&3; exit 0; fi

# ---- SDL2 for wasm (configure ~3 min, build ~30 s; skipped once installed) ------------------------------
if [ ! -f "$SDL_PREFIX/lib/cmake/SDL2/SDL2Config.cmake" ]; then
  log "SDL2: configuring for wasm ($SDL_SRC)"
  t0=$SECONDS
  emcmake cmake -S "$SDL_SRC" -B "$SDL_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$SDL_PREFIX" >"$BUILD/sdl2-configure.log" 2>&1 \
    || { tail -n 40 "$BUILD/sdl2-configure.log" >&2; die "SDL2 configure failed"; }
  log "SDL2: configured in $((SECONDS - t0)) s; building"
  t0=$SECONDS
  cmake --build "$SDL_BUILD" >"$BUILD/sdl2-build.log" 2>&1 && cmake --install "$SDL_BUILD" >>"$BUILD/sdl2-build.log" 2>&1 \
    || { tail -n 40 "$BUILD/sdl2-build.log" >&2; die "SDL2 build failed"; }
  log "SDL2: built and installed in $((SECONDS - t0)) s into $SDL_PREFIX"
fi
if [ "$MODE" = deps ]; then
  log "deps ok: SDL2=$SDL_PREFIX"
  printf 'IMGUI_DIR=%s\n' "$IMGUI_DIR" # last line, read by scripts/test.sh
  exit 0
fi

# ---- the app ---------------------------------------------------------------------------------------------
log "app: configuring $WEB"
emcmake cmake -S "$ROOT" -B "$WEB" -G Ninja -DCMAKE_BUILD_TYPE=Release -DINTERLEAVE_BUILD_TESTS=OFF \
  -DINTERLEAVE_IMGUI_DIR="$IMGUI_DIR" -DINTERLEAVE_SDL2_CMAKE_DIR="$SDL_PREFIX/lib/cmake/SDL2" >/dev/null
log "app: building"
cmake --build "$WEB" --target interleave_app ${JOBS:+-j "$JOBS"}
cp "$ROOT/web/index.html" "$WEB/index.html"
wasm="$WEB/interleave_app.wasm"
log "ok: $WEB/index.html ($(stat -c %s "$wasm") bytes wasm, $(gzip -9c "$wasm" | wc -c) gzipped)"
if [ -f "$WEB/cjk.ttf" ]; then
  log "ok: $WEB/cjk.ttf ($(stat -c %s "$WEB/cjk.ttf") bytes, $(gzip -9c "$WEB/cjk.ttf" | wc -c) gzipped; fetched after the first frame)"
else
  log "warning: no cjk.ttf (fonts-wqy-microhei, python3-fonttools): Chinese text will show as '?'"
fi

if [ "$MODE" = serve ]; then
  PORT="${PORT:-8080}"
  log "serving $WEB on http://127.0.0.1:$PORT/"
  cd "$WEB" && exec python3 -m http.server "$PORT" --bind 127.0.0.1
fi
