#!/usr/bin/env python3
"""Differential tests against CPython 3.11, run by ctest with the interleave binary:

1. tests/python/run/: every program the compiler accepts must write exactly what python3 wrote (its .out and
   .err, tracebacks included) and exit with its status (.rc); programs it refuses (NotImplementedError, exit 2)
   are counted, not failed: the count of programs that run is the front end's progress. A program with a
   .stdin file reads it (--stdin), as gen_expected.sh gave it to python3.
2. ../shared/seedcode/ (when it is beside the checkout): each unique complete tutorial program "runs as written"
   when it compiles, finishes, and prints the lines CPython printed modulo what legitimately varies: numbers
   (pids, ids, times, random draws) and the order of lines (the interleaving). One more thing varies: what an
   external command says of the host. A `ps` run by subprocess prints the simulated machine's processes where
   python3's printed the host's, so a ps table is compared by its header line alone.

   python3 tests/python/differential.py path/to/interleave [--min-corpus N] [--min-seed N] [--flag F]...
Each --flag F is passed on to every `interleave run` (--flag=--collect-always=1 runs the whole suite with the
collector reclaiming after every scheduler event: what it frees under a program shows as a wrong output).
Exits 1 on a mismatch in (1) or when fewer programs run than the minimums (a ratchet: raise them as the
compiler grows)."""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def run(binary, path, extra=()):
    # From the program's folder, by its file name: tracebacks then name the file as gen_expected.sh keeps it.
    p = subprocess.run([binary, "run", os.path.basename(path), "--json", *extra], capture_output=True, text=True,
                       timeout=120, cwd=os.path.dirname(path))
    if p.returncode != 0 and not p.stdout.startswith("{"): # no summary: the program did not compile
        return p.returncode, None, p.stderr
    return p.returncode, json.loads(p.stdout), p.stderr # (the exit status is the program's own)

def main():
    binary = os.path.abspath(sys.argv[1])
    args = sys.argv[2:]
    min_corpus = int(args[args.index("--min-corpus") + 1]) if "--min-corpus" in args else 0
    min_seed = int(args[args.index("--min-seed") + 1]) if "--min-seed" in args else 0
    flags = [a.split("=", 1)[1] for a in args if a.startswith("--flag=")]
    failed = False

    corpus = os.path.join(ROOT, "tests/python/run")
    ran = refused = 0
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".py"):
            continue
        base = os.path.join(corpus, name[:-3])
        stdin = ["--stdin", os.path.basename(base) + ".stdin"] if os.path.exists(base + ".stdin") else []
        rc, summary, err = run(binary, base + ".py", stdin + flags)
        if summary is None and rc == 2 and "NotImplementedError" in err:
            refused += 1
            continue
        want = (open(base + ".out", encoding="utf-8").read(), open(base + ".err", encoding="utf-8").read(),
                int(open(base + ".rc").read()))
        got = (summary["stdout"], summary["stderr"], summary["exit_code"]) if summary else ("", err, rc)
        # The one deliberate difference: ModuleNotFoundError also says which modules the simulator has.
        got = (got[0], re.sub(r" \(the simulator provides: [^)]*\)", "", got[1]), got[2])
        for what, w, g in zip(("stdout", "stderr", "exit status"), want, got):
            if w != g:
                failed = True
                print(f"MISMATCH {name} ({what}):\n--- python3\n{w}\n--- simulator\n{g}")
        ran += 1
    print(f"tests/python/run: {ran} programs write what python3 wrote and exit as it did; {refused} refused by "
          f"name (not supported yet)")
    if ran < min_corpus:
        failed = True
        print(f"FAIL: fewer than {min_corpus} corpus programs run")

    seed = os.path.join(ROOT, "..", "shared", "seedcode")
    if not os.path.isdir(seed):
        print(f"seedcode: skipped ({seed} is not beside the checkout)")
    else:
        num = lambda text: re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "#", text)
        ps_header = re.compile(r"^(F S +UID +PID +PPID|\s*PID TTY) ")
        ps_row = re.compile(r"^(\d+ [A-Z] +\d+ +\d+ +\d+ |\s*\d+ \S+ +\d\d:\d\d:\d\d )")
        def host_tables(lines): # a ps table's rows dropped after its header
            out, in_table = [], False
            for l in lines:
                in_table = bool(ps_header.match(l)) or (in_table and bool(ps_row.match(l)))
                if not in_table or ps_header.match(l):
                    out.append(l)
            return out
        norm = lambda lines: sorted(num(l) for l in host_tables(lines))
        # print() writes its pieces separately, so lines may be cut and joined differently: the same
        # characters (digits aside: pieces of numbers join differently too) and as many newlines is the same
        # output in another interleaving.
        pieces = lambda text: (sorted(re.sub(r"\d", "", text).replace("\n", "")), text.count("\n"))
        total = ok = 0
        for name in sorted(os.listdir(seed)):
            # Seed 000 repeats seed 001's first 19 programs; only programs CPython ran are complete ones.
            if not name.endswith(".py") or name.startswith("s000_") or not os.path.exists(os.path.join(seed, "runs", name[:-3] + ".rc")):
                continue
            total += 1
            rc, summary, err = run(binary, os.path.join(seed, name), flags)
            runs = os.path.join(seed, "runs", name[:-3])
            out = open(runs + ".out", encoding="utf-8", errors="replace").read()
            cp_err = open(runs + ".err", encoding="utf-8", errors="replace").read()
            cp_rc = int(open(runs + ".rc").read())
            if summary is None: # CPython's SyntaxError, at CPython's line and column
                ok += "SyntaxError" in cp_err and err == cp_err
                continue
            end = summary.get("end", "finished")
            if cp_rc == 124: # CPython ran until `timeout` killed it: run until the budget, printing its lines
                ok += end == "time_limit" and set(norm(out.splitlines())) <= set(norm(summary["output"]))
                continue
            same_out = norm(summary["output"]) == norm(out.splitlines()) or pieces(summary["stdout"]) == pieces(out)
            same_err = norm(summary["stderr"].splitlines()) == norm(cp_err.splitlines()) or pieces(summary["stderr"]) == pieces(cp_err)
            if end == "finished" and same_out and same_err and summary["exit_code"] == cp_rc:
                ok += 1
            elif "-v" in args:
                print(f"seedcode {name}: end {end}, stdout {'ok' if same_out else 'differs'}, "
                      f"stderr {'ok' if same_err else 'differs'}, exit {summary['exit_code']} (python3 {cp_rc})")
        print(f"seedcode: {ok}/{total} tutorial programs run as written")
        if ok < min_seed:
            failed = True
            print(f"FAIL: fewer than {min_seed} tutorial programs run as written")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
