#!/usr/bin/env bash
# Runs the native app's tests (tests/native/*.test.mjs) on a virtual X display: Xvfb (1280x800x24) through
# xvfb-run, Mesa's llvmpipe for OpenGL, xdotool for the clicks. scripts/test.sh calls this after the native build.
# Environment: INTERLEAVE_APP (default build/release/ui/interleave_app), INTERLEAVE_BIN (the CLI),
# INTERLEAVE_ARTIFACTS (default build/artifacts).
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v xvfb-run >/dev/null || { echo "tests/native: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "tests/native: xdotool missing (apt-get install xdotool)" >&2; exit 1; }
# LIBGL_ALWAYS_SOFTWARE: llvmpipe even where a GPU driver exists, as in CI.
export LIBGL_ALWAYS_SOFTWARE=1
# The app keeps the editor's text and the language in $XDG_CONFIG_HOME/interleave: a fresh one per run, so no
# earlier session (or the user's own) changes what the tests see; English whatever the machine's LANG.
XDG_CONFIG_HOME="$(mktemp -d /tmp/interleave-native-config.XXXXXX)"
export XDG_CONFIG_HOME LANG=C.UTF-8 LC_ALL=C.UTF-8
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" node --test "$DIR/"
