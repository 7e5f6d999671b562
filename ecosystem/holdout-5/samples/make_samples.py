#!/usr/bin/env python3
"""Build the blind-audit samples of holdout-5 from its findings.tsv and each tree's JSON report.

    LOOPLINT=/work/s32-v1-bin python3 ecosystem/holdout-5/samples/make_samples.py

sample-B.tsv  blocking/*                                        (a seeded random 40 when more)
sample-S.tsv  serial-await/*                                    (up to 40, seeded)
sample-R.tsv  redos/*                                           (up to 40, seeded)
sample-C.tsv  unbounded-cache/*, listener-leak/*, concurrency/* (all: 21)
The seed is 41. The set was scanned, and its samples drawn, with the build of f8fb5dc before any change made
because of it.

Message, context and trace come from `looplint check --format json --no-cache --no-timing .`
run in each tree (~/.cache/looplint-ecosystem/holdout-5/<name>), matched by (file, rule, fingerprint); trace is
the finding's steps joined as `file:line label > file:line label`.
"""
import csv, json, os, random, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.dirname(HERE)
BIN = os.environ.get("LOOPLINT", "/work/s32-v1-bin")
TREES = os.path.join(os.environ.get("LOOPLINT_ECOSYSTEM_CACHE", os.path.expanduser("~/.cache/looplint-ecosystem")),
                     os.path.basename(SET))
SEED, CAP = 41, 40
SAMPLES = [
    ("sample-B.tsv", ("blocking",), CAP),
    ("sample-S.tsv", ("serial-await",), CAP),
    ("sample-R.tsv", ("redos",), CAP),
    ("sample-C.tsv", ("unbounded-cache", "listener-leak", "concurrency"), None),
]
HEADER = ["project", "path", "line", "rule", "fingerprint", "message", "absolute", "context", "trace"]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def clean(s):
    return " ".join(str(s or "").split())


def report(project):
    tree = os.path.join(TREES, project)
    proc = subprocess.run([BIN, "check", ".", "--format", "json", "--no-cache", "--no-timing"],
                          cwd=tree, capture_output=True)
    data = json.loads(proc.stdout)
    if data.get("errors"):
        print(f"{project}: {len(data['errors'])} errors in the report", file=sys.stderr)
    out = {}
    for f in data.get("findings", []):
        out[(f["file"], f["ruleId"], f["fingerprint"])] = f
    return out


def main():
    samples, seed = SAMPLES, SEED
    findings = read_tsv(os.path.join(SET, "findings.tsv"))
    reports = {p: report(p) for p in sorted({r["project"] for r in findings})}
    for name, families, cap in samples:
        pool = [r for r in findings if r["rule"].split("/")[0] in families]
        rnd = random.Random(seed)
        n = len(pool) if cap is None else min(cap, len(pool))
        pick = sorted(rnd.sample(range(len(pool)), n))
        rows = []
        for i in pick:
            r = pool[i]
            f = reports[r["project"]].get((r["file"], r["rule"], r["fingerprint"]))
            if f is None:
                raise SystemExit(f"{name}: {r['project']} {r['file']} {r['rule']} {r['fingerprint']} not in the JSON report")
            trace = " > ".join(f"{s['file']}:{s['line']} {clean(s.get('label'))}" for s in f.get("trace") or [])
            rows.append([r["project"], r["file"], r["line"], r["rule"], r["fingerprint"], clean(f["message"]),
                         os.path.join(TREES, r["project"], r["file"]),
                         clean((f.get("evidence") or {}).get("context") or r.get("context")), trace])
        rows.sort(key=lambda x: (x[0], x[1], int(x[2]), x[3], x[4]))
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as out:
            out.write("\t".join(HEADER) + "\n")
            for row in rows:
                out.write("\t".join(row) + "\n")
        print(f"{name}: {len(rows)} of {len(pool)}")


if __name__ == "__main__":
    main()
