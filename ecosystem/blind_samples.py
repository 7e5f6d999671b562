"""Blind-audit samples of a held-out set: seeded random picks of its findings per family, each row carrying
what an auditor needs (message, file on disk, context, trace) from the tree's JSON report. Used by the sets'
`samples/make_samples.py`. Message, context and trace come from `looplint check --format json --no-cache
--no-timing .` run in each tree (~/.cache/looplint-ecosystem/<set>/<name>), matched by (file, rule,
fingerprint); trace is the finding's steps joined as `file:line label > file:line label`.
"""
import csv, json, os, random, subprocess, sys

def set_paths(script, default_binary):
    """The samples folder of the script, its held-out set's folder, the looplint binary (`LOOPLINT`, else
    `default_binary`: the build the set was scanned with) and the set's trees in the cache."""
    here = os.path.dirname(os.path.abspath(script))
    set_dir = os.path.dirname(here)
    cache = os.environ.get("LOOPLINT_ECOSYSTEM_CACHE", os.path.expanduser("~/.cache/looplint-ecosystem"))
    return here, set_dir, os.environ.get("LOOPLINT", default_binary), os.path.join(cache, os.path.basename(set_dir))


HEADER = ["project", "path", "line", "rule", "fingerprint", "message", "absolute", "context", "trace"]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def clean(s):
    return " ".join(str(s or "").split())


def report(binary, trees, project):
    """The findings of `looplint check --format json` in one tree, by (file, rule, fingerprint)."""
    proc = subprocess.run([binary, "check", ".", "--format", "json", "--no-cache", "--no-timing"],
                          cwd=os.path.join(trees, project), capture_output=True)
    data = json.loads(proc.stdout)
    if data.get("errors"):
        print(f"{project}: {len(data['errors'])} errors in the report", file=sys.stderr)
    return {(f["file"], f["ruleId"], f["fingerprint"]): f for f in data.get("findings", [])}


def write_samples(findings, samples, seed, binary, trees, out_dir):
    """For each (file name, families, cap) of `samples`: a seeded pick of at most `cap` findings (all when
    None) of those families, written as a TSV with `HEADER`."""
    reports = {p: report(binary, trees, p) for p in sorted({r["project"] for r in findings})}
    for name, families, cap in samples:
        pool = [r for r in findings if r["rule"].split("/")[0] in families]
        rnd = random.Random(seed)
        n = len(pool) if cap is None else min(cap, len(pool))
        rows = []
        for i in sorted(rnd.sample(range(len(pool)), n)):
            r = pool[i]
            f = reports[r["project"]].get((r["file"], r["rule"], r["fingerprint"]))
            if f is None:
                raise SystemExit(f"{name}: {r['project']} {r['file']} {r['rule']} {r['fingerprint']} not in the JSON report")
            trace = " > ".join(f"{s['file']}:{s['line']} {clean(s.get('label'))}" for s in f.get("trace") or [])
            rows.append([r["project"], r["file"], r["line"], r["rule"], r["fingerprint"], clean(f["message"]),
                         os.path.join(trees, r["project"], r["file"]),
                         clean((f.get("evidence") or {}).get("context") or r.get("context")), trace])
        rows.sort(key=lambda x: (x[0], x[1], int(x[2]), x[3], x[4]))
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as out:
            out.write("\t".join(HEADER) + "\n")
            for row in rows:
                out.write("\t".join(row) + "\n")
        print(f"{name}: {len(rows)} of {len(pool)}")
