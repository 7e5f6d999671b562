#!/usr/bin/env python3
"""Recall and cleanliness of looplint on real fix commits.

    fixcommits.py [--only CATEGORY] [--scope tree|file] [--list] [--config FILE] [--score FILE]

Each row of fixcommits/*.tsv names a commit in which a maintainer fixed one of looplint's hazards: repository,
fix commit, the file and line of the hazard before the fix, and whether the file after the fix should be clean
for that category. For each row the script writes the project's tree at the fix's parent (before) and at the
fix (after) into the cache (LOOPLINT_ECOSYSTEM_CACHE, default ~/.cache/looplint-ecosystem/fix/), scans each tree
with looplint (JSON; --scope file scans the one file alone instead), and scores per category:
  recall       the hazard is flagged before the fix, at its line +-2 (serial-await: any await of the group)
  cleanliness  rows marked after_clean=yes: the after-file has no finding of that category
The serial-await category counts concurrency/* findings too (unbounded fan-out fixes are serial-await fixes).
Results are written to fixcommits/last-score.tsv (one line per row; --score FILE writes them elsewhere) and
summarised on stdout. --config FILE scans with that looplint.yml (e.g. to measure `libraryAPI`).
"""
import argparse, collections, glob, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ecosystem as eco  # noqa: E402

FIX = os.path.join(eco.CACHE, "fix")
SCORE = os.path.join(HERE, "fixcommits", "last-score.tsv")
CATS = {"serial-await": ("serial-await", "concurrency")}


def rows():
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "fixcommits", "*.tsv"))):
        if os.path.basename(path) == "last-score.tsv":
            continue
        for r in eco.read_tsv(path):
            if r.get("category") and r.get("commit"):
                r["source"] = os.path.basename(path)
                out.append(r)
    return out


def lintable(rel):
    base = rel.rsplit("/", 1)[-1]
    return (rel.endswith(eco.EXTS) and not rel.endswith(".d.ts")) or base in (
        "package.json", "tsconfig.json", "jsconfig.json", ".gitignore", "looplint.yml")


def tree(repo, commit):
    """The lintable files of repo at commit, written once into the cache."""
    dst = os.path.join(FIX, repo.replace("/", "+"), commit)
    done = dst + ".done"
    if os.path.exists(done):
        return dst
    src = eco.mirror(repo)
    if not os.path.isdir(src):
        return None
    import shutil
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst, exist_ok=True)
    try:
        eco.write_tree(src, commit, dst, keep=lintable)
    except subprocess.CalledProcessError:
        return None
    open(done, "w").close()
    return dst


def resolve(repo, rev):
    try:
        return subprocess.run(["git", "-C", eco.mirror(repo), "rev-parse", "--verify", rev + "^{commit}"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except subprocess.CalledProcessError:
        return None


_scans = {}


def findings(root, target, scope):
    """looplint's findings in `target` (a path relative to root) when scanning the tree (or the file alone)."""
    key = (root, target if scope == "file" else "")
    if key not in _scans:
        paths = [target] if scope == "file" else ["."]
        status, secs, rss, report, err = eco.scan(paths, root, 2)
        _scans[key] = (status, (report or {}).get("findings", []), err)
    status, fs, err = _scans[key]
    norm = lambda p: p[2:] if p.startswith("./") else p
    return status, [f for f in fs if norm(f["file"]) == target], err


def group_lines(f):
    lines = {f["line"]}
    ev = f.get("evidence") or {}
    for v in ev.values() if isinstance(ev, dict) else []:
        if isinstance(v, list):
            for x in v:
                if isinstance(x, dict) and isinstance(x.get("line"), int):
                    lines.add(x["line"])
    # the finding's own steps (the awaits of a group), not the way from the entry point (evidence.entrySteps)
    skip = ev.get("entrySteps", 0) if isinstance(ev, dict) else 0
    for step in (f.get("trace") or [])[skip if isinstance(skip, int) else 0:]:
        if isinstance(step, dict) and isinstance(step.get("line"), int):
            lines.add(step["line"])
    return lines


def context(f):
    """The execution context a finding names (evidence.context); "" when the rule does not say."""
    ev = f.get("evidence") or {}
    return ev.get("context", "") if isinstance(ev, dict) else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only")
    ap.add_argument("--scope", choices=("tree", "file"), default="tree")
    ap.add_argument("--list", action="store_true", help="print every row's result")
    ap.add_argument("--config", help="a looplint.yml for every scan (also LOOPLINT_CONFIG)")
    ap.add_argument("--score", default=SCORE, help="where to write the per-row results (default fixcommits/last-score.tsv)")
    args = ap.parse_args()
    if args.config:
        eco.CONFIG = os.path.abspath(args.config)
    if not os.access(eco.BIN, os.X_OK):
        raise SystemExit(f"fixcommits: {eco.BIN} is missing; run: make release")
    rs = [r for r in rows() if not args.only or r["category"] == args.only]
    per = collections.defaultdict(collections.Counter)
    out = ["category\trepo\tcommit\tfile\tline\tflagged_before\tafter_clean_expected\tafter_findings\tnote\tcontext"]
    for r in rs:
        cat, repo = r["category"], r["repo"]
        cats = CATS.get(cat, (cat,))
        after_sha = resolve(repo, r["commit"])
        before_sha = resolve(repo, r["commit"] + "^")
        note = ""
        if not after_sha or not before_sha:
            per[cat]["missing"] += 1
            out.append(f"{cat}\t{repo}\t{r['commit']}\t{r['file']}\t{r['line']}\t-\t-\t-\tno mirror or commit")
            continue
        b = tree(repo, before_sha)
        a = tree(repo, after_sha)
        if b is None or a is None:
            per[cat]["missing"] += 1
            continue
        try:
            line = int(r["line"])
        except ValueError:
            per[cat]["bad"] += 1
            continue
        st, fb, err = findings(b, r["file"], args.scope)
        if st not in (0, 1):
            note = f"before scan exit {st}"
            per[cat]["crash"] += 1
        fb = [f for f in fb if f["category"] in cats]
        if cat == "serial-await":
            hits = [f for f in fb if any(abs(l - line) <= 2 for l in group_lines(f))]
        else:
            hits = [f for f in fb if abs(f["line"] - line) <= 2]
        hit = bool(hits)
        per[cat]["rows"] += 1
        per[cat]["flagged"] += hit
        # what `hotOnly: true` keeps: the hit in code an entry point reaches
        hot = any(context(f) != "unreached" for f in hits)
        per[cat]["flagged_hot"] += hot
        after_file = r.get("after_file") or r["file"]
        exp_clean = r.get("after_clean", "").strip().lower() == "yes"
        n_after = "-"
        if exp_clean:
            st2, fa, _ = findings(a, after_file, args.scope)
            fa = [f for f in fa if f["category"] in cats]
            n_after = str(len(fa))
            per[cat]["clean_rows"] += 1
            per[cat]["clean"] += not fa
            per[cat]["clean_hot"] += not any(context(f) != "unreached" for f in fa)
            if st2 not in (0, 1):
                note += f" after scan exit {st2}"
        out.append(f"{cat}\t{repo}\t{r['commit']}\t{r['file']}\t{line}\t{'yes' if hit else 'no'}\t"
                   f"{'yes' if exp_clean else 'no'}\t{n_after}\t{note.strip()}\t"
                   f"{','.join(sorted({context(f) or '-' for f in hits}))}")
        if args.list:
            print(out[-1], flush=True)
    with open(args.score, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"\nfix commits: {len(rs)} rows, scope {args.scope}")
    print(f"{'category':16} {'rows':>5} {'flagged':>8} {'recall':>7} {'clean rows':>10} {'clean':>6} {'cleanliness':>11}")
    tot = collections.Counter()
    for cat in sorted(per):
        c = per[cat]
        tot.update(c)
        rec = f"{100.0 * c['flagged'] / c['rows']:.0f}%" if c["rows"] else "-"
        cl = f"{100.0 * c['clean'] / c['clean_rows']:.0f}%" if c["clean_rows"] else "-"
        extra = "".join(f" {k}={c[k]}" for k in ("missing", "bad", "crash") if c[k])
        print(f"{cat:16} {c['rows']:>5} {c['flagged']:>8} {rec:>7} {c['clean_rows']:>10} {c['clean']:>6} {cl:>11}{extra}")
    if tot["rows"]:
        print(f"{'all':16} {tot['rows']:>5} {tot['flagged']:>8} {100.0 * tot['flagged'] / tot['rows']:>6.0f}% "
              f"{tot['clean_rows']:>10} {tot['clean']:>6} {100.0 * tot['clean'] / max(1, tot['clean_rows']):>10.0f}%")
    print("\nwith hotOnly: true (hits in code no entry point reaches left out)")
    print(f"{'category':16} {'rows':>5} {'flagged':>8} {'recall':>7} {'clean rows':>10} {'clean':>6} {'cleanliness':>11}")
    for cat in sorted(per):
        c = per[cat]
        rec = f"{100.0 * c['flagged_hot'] / c['rows']:.0f}%" if c["rows"] else "-"
        cl = f"{100.0 * c['clean_hot'] / c['clean_rows']:.0f}%" if c["clean_rows"] else "-"
        print(f"{cat:16} {c['rows']:>5} {c['flagged_hot']:>8} {rec:>7} {c['clean_rows']:>10} {c['clean_hot']:>6} {cl:>11}")


if __name__ == "__main__":
    main()
