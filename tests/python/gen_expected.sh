#!/usr/bin/env bash
# Regenerate the CPython 3.11 reference outputs for tests/python/syntax/.
#
#   tests/python/gen_expected.sh
#
# For every syntax/NN_name.py this writes syntax/NN_name.exp: exactly what
#   python3 -X utf8 NN_name.py </dev/null
# prints on stderr when run from inside syntax/, in an empty environment apart
# from PATH and PYTHONUNBUFFERED=1, followed by one last line "exit RC" (RC is
# python's exit code, always 1 for these files).  CPython 3.11 makes the script
# path absolute, so the absolute path of syntax/ is removed from the
# '  File "..."' lines afterwards: they read File "NN_name.py", line N.
#
# It also writes syntax/INDEX.tsv, one line per case (after a '#' header line),
# tab separated:
#   file  class  lineno  offset  end_lineno  end_offset  msg  stage
# from compile(open(f, 'rb').read(), f, 'exec') catching SyntaxError
# (e.lineno, e.offset, e.end_lineno, e.end_offset, e.msg; None is written as
# "None").  stage says which part of CPython rejects the file:
#   parser    ast.parse() already rejects it (tokenizer or PEG parser)
#   symtable  ast.parse() accepts it, symtable.symtable() rejects it
#   compiler  ast.parse() and symtable accept it, the code generator rejects it
# Offsets are 1-based.  Note that compile() is given bytes without a coding
# cookie, which (like running the file) makes CPython 3.11 report *parser*
# errors in UTF-8 byte columns + 1, while *tokenizer* errors are in characters
# + 1; the two only differ on lines with non-ASCII text before/inside the span
# (31_forgot_comma_chinese).  See README.md.
#
# The script is idempotent: it rewrites every .exp and INDEX.tsv, removes .exp
# files whose .py is gone, and fails if any case does not end in a
# SyntaxError / IndentationError / TabError with exit code 1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/syntax"

ver=$(python3 --version 2>&1)
case "$ver" in
    "Python 3.11."*) ;;
    *) echo "gen_expected.sh: need CPython 3.11 as python3, found: $ver" >&2; exit 2 ;;
esac
impl=$(python3 -c 'import sys; print(sys.implementation.name)')
if [ "$impl" != cpython ]; then
    echo "gen_expected.sh: need CPython, found $impl" >&2; exit 2
fi

shopt -s nullglob
cases=( [0-9][0-9]_*.py )
if [ ${#cases[@]} -eq 0 ]; then
    echo "gen_expected.sh: no cases in $PWD" >&2; exit 2
fi

# Drop outputs of deleted cases.
for exp in [0-9][0-9]_*.exp; do
    [ -e "${exp%.exp}.py" ] || rm -f -- "$exp"
done

bad=0
for py in "${cases[@]}"; do
    exp=${py%.py}.exp
    rc=0
    env -i PATH="$PATH" PYTHONUNBUFFERED=1 python3 -X utf8 "$py" </dev/null >/dev/null 2>"$exp.raw" || rc=$?
    # Since 3.9 CPython makes the script path absolute, so the traceback says
    # File "/abs/path/to/syntax/NN_name.py"; strip this directory from the
    # File lines so the .exp files do not depend on where the repo lives.
    python3 -X utf8 -c '
import sys
d = sys.argv[1].rstrip("/") + "/"
with open(sys.argv[2], encoding="utf-8", newline="") as fh:
    text = fh.read()
sys.stdout.write(text.replace("  File \"" + d, "  File \""))
' "$PWD" "$exp.raw" >"$exp.tmp"
    rm -f -- "$exp.raw"
    printf 'exit %d\n' "$rc" >>"$exp.tmp"
    mv -f -- "$exp.tmp" "$exp"
    last=$(tail -n 2 "$exp" | head -n 1)
    case "$last" in
        SyntaxError:*|IndentationError:*|TabError:*) ;;
        *) echo "gen_expected.sh: $py: not a syntax error: $last" >&2; bad=1 ;;
    esac
    if [ "$rc" -ne 1 ]; then
        echo "gen_expected.sh: $py: exit code $rc, expected 1" >&2; bad=1
    fi
done

env -i PATH="$PATH" python3 -X utf8 - "${cases[@]}" >INDEX.tsv.tmp <<'PYEOF'
import ast, sys, symtable

print("#file\tclass\tlineno\toffset\tend_lineno\tend_offset\tmsg\tstage")
for f in sys.argv[1:]:
    with open(f, "rb") as fh:
        src = fh.read()
    try:
        compile(src, f, "exec")
    except SyntaxError as e:
        try:
            ast.parse(src, f)
        except SyntaxError:
            stage = "parser"
        else:
            try:
                symtable.symtable(src.decode("utf-8"), f, "exec")
            except SyntaxError:
                stage = "symtable"
            else:
                stage = "compiler"
        fields = [f, type(e).__name__, e.lineno, e.offset, e.end_lineno,
                  e.end_offset, e.msg, stage]
        line = "\t".join("None" if v is None else str(v) for v in fields)
        assert "\n" not in line and line.count("\t") == 7, line
        print(line)
    else:
        sys.exit(f"{f}: compiles without error")
PYEOF
mv -f -- INDEX.tsv.tmp INDEX.tsv

if [ "$bad" -ne 0 ]; then
    exit 1
fi
echo "gen_expected.sh: ${#cases[@]} cases, $ver"
