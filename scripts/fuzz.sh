#!/usr/bin/env bash
# Fuzzes the Python front end (tests/fuzz/python_fuzz.cpp) with libFuzzer under ASan + UBSan: every input is
# tokenized, parsed, checked and compiled, and what compiles runs for a simulated millisecond.
#   bash scripts/fuzz.sh [SECONDS]     (default 60; the test command runs a short stage)
# Seeds: the syntax-error corpus, the tutorials' programs (../shared/seedcode, when present) and the project's
# own scenario sources. Findings (crash-*, timeout-*, leak-*) land in build/fuzz/ and fail the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_TO_RUN="${1:-60}"
CXX_FUZZ="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
[ -n "$CXX_FUZZ" ] || { echo "fuzz: no clang++ (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 1; }
OUT=build/fuzz
mkdir -p "$OUT/corpus"
# The front end, and the engine a compiled program runs on (the target runs each one for a simulated ms).
"$CXX_FUZZ" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Iengine \
  engine/vm/*.cpp engine/python/*.cpp engine/machine/*.cpp engine/lib/*.cpp engine/trace/*.cpp \
  tests/fuzz/python_fuzz.cpp -o "$OUT/python_fuzz"
cp tests/python/syntax/*.py "$OUT/corpus/" 2>/dev/null || true
[ -d ../shared/seedcode ] && cp ../shared/seedcode/*.py "$OUT/corpus/" 2>/dev/null || true
cd "$OUT"
rm -f crash-* timeout-* leak-* oom-*
# -timeout: no input may take a second; -rss_limit_mb: nor a large share of memory.
./python_fuzz -max_total_time="$SECONDS_TO_RUN" -timeout=1 -rss_limit_mb=1024 -max_len=4096 \
  -dict="$ROOT/tests/fuzz/python.dict" -print_final_stats=1 corpus 2>&1 | tail -n 25
if compgen -G 'crash-*' >/dev/null || compgen -G 'timeout-*' >/dev/null || compgen -G 'leak-*' >/dev/null || compgen -G 'oom-*' >/dev/null; then
  echo "fuzz: findings in $OUT" >&2
  exit 1
fi
