#!/usr/bin/env python3
"""Differential tests against CPython 3.11, run by ctest with the interleave binary:

1. tests/python/run/: every program the compiler accepts must print exactly what python3 printed (its .out);
   programs it refuses (NotImplementedError, exit 2) are counted, not failed: the count of programs that run is
   the front end's progress. Programs whose CPython run wrote to stderr, exited non-zero or read stdin are left
   for later (the simulator does not model stderr, tracebacks or input() yet).
2. ../shared/seedcode/ (when it is beside the checkout): each unique complete tutorial program "runs as written"
   when it compiles, finishes, and prints the lines CPython printed modulo what legitimately varies: numbers
   (pids, ids, times, random draws) and the order of lines (the interleaving).

   python3 tests/python/differential.py path/to/interleave [--min-corpus N] [--min-seed N]
Exits 1 on a mismatch in (1) or when fewer programs run than the minimums (a ratchet: raise them as the
compiler grows)."""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def run(binary, path):
    p = subprocess.run([binary, "run", path, "--json"], capture_output=True, text=True, timeout=120,
                       cwd=os.path.dirname(path))
    if p.returncode != 0:
        return p.returncode, None, p.stderr
    return 0, json.loads(p.stdout), p.stderr

def main():
    binary = os.path.abspath(sys.argv[1])
    args = sys.argv[2:]
    min_corpus = int(args[args.index("--min-corpus") + 1]) if "--min-corpus" in args else 0
    min_seed = int(args[args.index("--min-seed") + 1]) if "--min-seed" in args else 0
    failed = False

    corpus = os.path.join(ROOT, "tests/python/run")
    ran = refused = later = 0
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".py"):
            continue
        base = os.path.join(corpus, name[:-3])
        rc_cpython = open(base + ".rc").read().strip()
        if os.path.getsize(base + ".err") or rc_cpython != "0" or os.path.exists(base + ".stdin"):
            later += 1
            continue
        rc, summary, err = run(binary, base + ".py")
        if rc == 2 and "NotImplementedError" in err:
            refused += 1
            continue
        want = open(base + ".out", encoding="utf-8").read()
        got = "".join(line + "\n" for line in summary["output"]) if summary else err
        if got != want:
            failed = True
            print(f"MISMATCH {name}:\n--- python3\n{want}--- simulator\n{got}")
        ran += 1
    print(f"tests/python/run: {ran} programs print what python3 printed; {refused} refused by name "
          f"(not supported yet); {later} use stderr, an exit status or stdin (not modelled yet)")
    if ran < min_corpus:
        failed = True
        print(f"FAIL: fewer than {min_corpus} corpus programs run")

    seed = os.path.join(ROOT, "..", "shared", "seedcode")
    if not os.path.isdir(seed):
        print(f"seedcode: skipped ({seed} is not beside the checkout)")
    else:
        norm = lambda lines: sorted(re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "#", l) for l in lines)
        total = ok = 0
        for name in sorted(os.listdir(seed)):
            # Seed 000 repeats seed 001's first 19 programs; only programs CPython ran are complete ones.
            if not name.endswith(".py") or name.startswith("s000_") or not os.path.exists(os.path.join(seed, "runs", name[:-3] + ".rc")):
                continue
            total += 1
            rc, summary, err = run(binary, os.path.join(seed, name))
            cpython = open(os.path.join(seed, "runs", name[:-3] + ".out"), encoding="utf-8", errors="replace").read().splitlines()
            if summary and summary.get("end", "finished") == "finished" and norm(summary["output"]) == norm(cpython):
                ok += 1
        print(f"seedcode: {ok}/{total} tutorial programs run as written")
        if ok < min_seed:
            failed = True
            print(f"FAIL: fewer than {min_seed} tutorial programs run as written")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
