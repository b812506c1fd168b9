#!/usr/bin/env bash
# The parser agrees with CPython's ast.parse on every .py file of the installed python3's standard library:
# the same statements (and except handlers, match cases) with the same positions, in the same order, and
# a syntax error exactly where ast.parse reports one (both rejecting counts as agreement; the messages are
# checked by the syntax-error corpus). Skips (exit 77) without a CPython 3.11.
#   tests/python/stdlib_agreement.sh path/to/interleave
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INTERLEAVE="$1"
if ! command -v python3 >/dev/null || ! python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "skipped: no python3 3.11 on this machine"
  exit 77
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 "$ROOT/tools/ast_stmts.py" --list-stdlib > "$TMP/files"
[ -s "$TMP/files" ] || { echo "skipped: python3 has no standard library sources"; exit 77; }
mapfile -t files < "$TMP/files"
python3 "$ROOT/tools/ast_stmts.py" "${files[@]}" > "$TMP/cpython"
"$INTERLEAVE" check --dump-statements "${files[@]}" > "$TMP/ours"
python3 - "$TMP/cpython" "$TMP/ours" <<'PY'
import sys
def load(path):
    out, cur = {}, None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            if line.startswith("== "):
                cur = line[3:].rstrip("\n"); out[cur] = []
            else:
                out[cur].append(line.rstrip("\n"))
    return out
ref, ours = load(sys.argv[1]), load(sys.argv[2])
bad = []
both_reject = 0
for path, want in ref.items():
    got = ours.get(path)
    if got == want:
        continue
    if got and want and want[0].startswith("! ") and got[0].startswith("! "):
        both_reject += 1
        continue
    bad.append(path)
agree = len(ref) - len(bad)
print(f"{agree}/{len(ref)} standard library files agree with ast.parse "
      f"({sum(len(v) for v in ref.values())} statements; {both_reject} rejected by both)")
for path in bad[:20]:
    want, got = ref[path], ours.get(path, [])
    i = next((k for k in range(min(len(want), len(got))) if want[k] != got[k]), min(len(want), len(got)))
    print(f"  {path}: ast.parse {want[i] if i < len(want) else '(end)'} | ours {got[i] if i < len(got) else '(end)'}")
sys.exit(1 if bad else 0)
PY
