#!/usr/bin/env bash
# Regenerate the CPython 3.11 expected outputs for tests/python/run/.
#
#   tests/python/run/gen_expected.sh
#
# For every NAME.py in this folder it runs, from inside the folder,
#   env -i PATH="$PATH" LANG=C.UTF-8 PYTHONHASHSEED=0 python3 -X utf8 NAME.py
# with stdin from NAME.stdin if that file exists (else /dev/null) and a 20 s
# timeout, and writes
#   NAME.out  stdout
#   NAME.err  stderr
#   NAME.rc   the exit code, one line
# Each program is run 3 times; if stdout, stderr or the exit code differ
# between the runs the script says which program and fails (the programs must
# be deterministic).  A program that hits the timeout also fails the script.
#
# Two path substitutions are applied to .out and .err, so the files do not
# depend on where the repository or Python is installed:
#   * "<this folder>/" is removed everywhere.  CPython 3.9+ makes the path of
#     the main script absolute in tracebacks and warnings, so without this a
#     traceback line would read File "/abs/path/tests/python/run/NAME.py";
#     with it, it reads File "NAME.py".
#   * CPython's stdlib directory (sysconfig "stdlib", e.g.
#     /usr/lib/python3.11) is replaced by the literal text <stdlib>, so frames
#     inside threading.py read File "<stdlib>/threading.py", line 1045, ...
# Nothing else is changed.
#
# The script is idempotent: it rewrites every .out/.err/.rc and removes those
# whose .py is gone.  Nothing is written unless all 3 runs of a program agree.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

ver=$(python3 --version 2>&1)
case "$ver" in
    "Python 3.11."*) ;;
    *) echo "gen_expected.sh: need CPython 3.11 as python3, found: $ver" >&2; exit 2 ;;
esac
impl=$(python3 -c 'import sys; print(sys.implementation.name)')
if [ "$impl" != cpython ]; then
    echo "gen_expected.sh: need CPython, found $impl" >&2; exit 2
fi
stdlib=$(env -i PATH="$PATH" python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
if [ -z "$stdlib" ] || [ ! -f "$stdlib/threading.py" ]; then
    echo "gen_expected.sh: cannot find the stdlib directory (got '$stdlib')" >&2; exit 2
fi
command -v timeout >/dev/null || { echo "gen_expected.sh: need timeout(1)" >&2; exit 2; }

shopt -s nullglob
progs=( [a-z]*_[0-9][0-9]_*.py )
if [ ${#progs[@]} -eq 0 ]; then
    echo "gen_expected.sh: no programs in $PWD" >&2; exit 2
fi

# Drop outputs of deleted programs.
for f in *.out *.err *.rc; do
    [ -e "${f%.*}.py" ] || rm -f -- "$f"
done

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

normalize() {  # normalize FILE...: apply the two path substitutions in place
    python3 -X utf8 -c '
import sys
here, stdlib = sys.argv[1], sys.argv[2]
for path in sys.argv[3:]:
    with open(path, "rb") as fh:
        data = fh.read()
    data = data.replace((here.rstrip("/") + "/").encode(), b"")
    data = data.replace(stdlib.rstrip("/").encode(), b"<stdlib>")
    with open(path, "wb") as fh:
        fh.write(data)
' "$here" "$stdlib" "$@"
}

bad=0
for py in "${progs[@]}"; do
    name=${py%.py}
    input=/dev/null
    [ -e "$name.stdin" ] && input=$name.stdin
    for run in 1 2 3; do
        rc=0
        env -i PATH="$PATH" LANG=C.UTF-8 PYTHONHASHSEED=0 \
            timeout 20 python3 -X utf8 "$py" <"$input" \
            >"$tmp/$name.$run.out" 2>"$tmp/$name.$run.err" || rc=$?
        echo "$rc" >"$tmp/$name.$run.rc"
        if [ "$rc" -eq 124 ]; then
            echo "gen_expected.sh: $py: timed out (run $run)" >&2
            bad=1
        fi
    done
    normalize "$tmp/$name".[123].out "$tmp/$name".[123].err
    same=1
    for ext in out err rc; do
        for run in 2 3; do
            if ! cmp -s "$tmp/$name.1.$ext" "$tmp/$name.$run.$ext"; then
                echo "gen_expected.sh: $py: NONDETERMINISTIC: .$ext of run 1 and run $run differ:" >&2
                diff "$tmp/$name.1.$ext" "$tmp/$name.$run.$ext" | head -n 20 >&2 || true
                same=0
            fi
        done
    done
    if [ "$same" -eq 1 ]; then
        for ext in out err rc; do
            mv -f -- "$tmp/$name.1.$ext" "$name.$ext"
        done
    else
        bad=1
    fi
done

if [ "$bad" -ne 0 ]; then
    echo "gen_expected.sh: FAILED (see above); outputs of the failing programs were not updated" >&2
    exit 1
fi
echo "gen_expected.sh: ${#progs[@]} programs, 3 identical runs each, $ver"
