#!/usr/bin/env bash
# Fuzzes the Python front end (tests/fuzz/python_fuzz.cpp) with libFuzzer under ASan + UBSan: every input is
# tokenized, parsed, checked and compiled, and what compiles runs for a simulated millisecond.
#   bash scripts/fuzz.sh [SECONDS]     a run of that many seconds (default 60), with a random seed
#   FUZZ_RUNS=N FUZZ_SEED=S bash scripts/fuzz.sh
#                                      exactly N inputs from seed S, starting from the seed corpus alone: the same
#                                      inputs on every machine, so the test command's stage passes or fails the
#                                      same way everywhere (a timed run would test more inputs on a faster one)
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
# The seeds are named seed-*, so a fixed run can start from them alone.
for f in tests/python/syntax/*.py tests/python/run/*.py; do cp "$f" "$OUT/corpus/seed-$(basename "$f")"; done
if [ -d ../shared/seedcode ]; then
  for f in ../shared/seedcode/*.py; do cp "$f" "$OUT/corpus/seed-$(basename "$f")"; done
fi
cd "$OUT"
rm -f crash-* timeout-* leak-* oom-*
# -timeout: no input may take a second; -rss_limit_mb: nor a large share of memory.
if [ -n "${FUZZ_RUNS:-}" ]; then
  rm -rf fixed-corpus && mkdir fixed-corpus && cp corpus/seed-* fixed-corpus/ 2>/dev/null || true
  ./python_fuzz -runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}" -timeout=1 -rss_limit_mb=1024 -max_len=4096 \
    -dict="$ROOT/tests/fuzz/python.dict" -print_final_stats=1 fixed-corpus 2>&1 | tail -n 25
else
  ./python_fuzz -max_total_time="$SECONDS_TO_RUN" -timeout=1 -rss_limit_mb=1024 -max_len=4096 \
    -dict="$ROOT/tests/fuzz/python.dict" -print_final_stats=1 corpus 2>&1 | tail -n 25
fi
if compgen -G 'crash-*' >/dev/null || compgen -G 'timeout-*' >/dev/null || compgen -G 'leak-*' >/dev/null || compgen -G 'oom-*' >/dev/null; then
  echo "fuzz: findings in $OUT" >&2
  exit 1
fi
