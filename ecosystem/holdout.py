#!/usr/bin/env python3
"""looplint's held-out check: precision on real projects that no rule was written or tuned against.

    holdout.py [--set NAME] export          write the pinned trees into the cache (LOOPLINT_ECOSYSTEM_CACHE/NAME)
    holdout.py run [--update]               scan each project; print findings per project and rule, what changed
                                            against holdout/findings.tsv, and precision from holdout/verdicts.tsv;
                                            write the findings to holdout/current.tsv (what SARIF's precision
                                            counts); --update: accept the run as the new findings.tsv
    holdout.py sample RULE N [--seed S]     draw N unaudited findings of RULE (a rule id or a family) as TSV

The ecosystem check (ecosystem.py) is where rules are measured while they are changed; its 40 projects shaped
them. These projects (holdout/projects.tsv) were picked after the rules, audited once as found, and their
first audit is the held-out figure (holdout/README.md). A change made because of what they showed is
measured on the ecosystem check like any other; the projects then stop being held out for that pattern, and
the README says which.
"""
import argparse, collections, json, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ecosystem as eco  # noqa: E402

# A set of held-out projects: ecosystem/<set>/ (projects.tsv, findings.tsv, verdicts.tsv), trees in the cache's
# <set>/ folder. `holdout` was audited first; `holdout-2` after the changes the first one led to.
DIR = FINDINGS = VERDICTS = TREES = ""


def use_set(name):
    global DIR, FINDINGS, VERDICTS, TREES
    DIR = os.path.join(HERE, name)
    FINDINGS = os.path.join(DIR, "findings.tsv")
    VERDICTS = os.path.join(DIR, "verdicts.tsv")
    TREES = os.path.join(eco.CACHE, name)


use_set("holdout")


def projects():
    return eco.read_tsv(os.path.join(DIR, "projects.tsv"))


def export(p):
    dst = os.path.join(TREES, p["name"])
    stamp = dst + ".commit"
    if os.path.isdir(dst) and os.path.exists(stamp) and open(stamp).read().strip() == p["commit"]:
        return dst
    src = eco.mirror(p["repo"])
    if not os.path.isdir(src):
        raise SystemExit(f"holdout: no mirror of {p['repo']} at {src} (fetch it, or set LOOPLINT_MIRRORS)")
    import shutil
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    eco.write_tree(src, p["commit"], dst)
    with open(stamp, "w") as f:
        f.write(p["commit"])
    return dst


def family(rule):
    return rule.split("/")[0]


def verdicts():
    out = {}
    for row in eco.read_tsv(VERDICTS):
        out[(row["project"], row["path"], row["rule"], row["fingerprint"])] = row
    return out


def scan_all():
    rows = []
    for p in projects():
        tree = export(p)
        status, secs, rss, report, err = eco.scan(["."], tree, os.cpu_count() or 1)
        if report is None:
            print(f"{p['name']}: no report (exit {status}): {err.strip()[-200:]}")
            continue
        for f in eco.findings_of(report):
            rows.append({"project": p["name"], **f})
    return rows


def write_findings(rows, path=None):
    with open(path or FINDINGS, "w", encoding="utf-8") as out:
        out.write("project\trule\tfile\tline\tfingerprint\tseverity\tcontext\n")
        for r in sorted(rows, key=lambda r: (r["project"], r["file"], r["line"], r["rule"], r["fingerprint"])):
            out.write("\t".join([r["project"], r["rule"], r["file"], str(r["line"]), r["fingerprint"],
                                 r.get("severity") or "", r.get("context") or ""]) + "\n")


def cmd_run(args):
    rows = scan_all()
    before = {(r["project"], r["rule"], r["file"], r["fingerprint"]) for r in eco.read_tsv(FINDINGS)}
    now = {(r["project"], r["rule"], r["file"], r["fingerprint"]) for r in rows}
    per = collections.Counter((r["project"], r["rule"]) for r in rows)
    for (proj, rule), n in sorted(per.items()):
        print(f"{proj:40s} {rule:32s} {n:4d}")
    print(f"\nfindings: {len(rows)}; added {len(now - before)}, removed {len(before - now)} against {os.path.relpath(FINDINGS)}")
    for tag, keys in (("+", sorted(now - before)), ("-", sorted(before - now))):
        for k in keys[:args.show]:
            print(f"  {tag} {k[0]} {k[1]} {k[2]} {k[3]}")
    v = verdicts()
    print("\nprecision on audited findings (verdicts.tsv), per family:")
    tally = collections.defaultdict(collections.Counter)
    for r in rows:
        row = v.get((r["project"], r["file"], r["rule"], r["fingerprint"]))
        tally[family(r["rule"])][row["verdict"] if row else "unaudited"] += 1
    for fam, c in sorted(tally.items()):
        audited = c["TP"] + c["FP"]
        pct = f"{100 * c['TP'] / audited:.0f}%" if audited else "-"
        print(f"  {fam:16s} TP {c['TP']:3d}  FP {c['FP']:3d}  debatable {c['DEBATABLE']:2d}  unaudited {c['unaudited']:3d}  precision {pct}")
    lost = [k for k, row in v.items() if row["verdict"] == "TP" and (k[0], k[2], k[1], k[3]) not in now]
    print(f"audited true positives no longer reported: {len(lost)}")
    for k in lost:
        print(f"  ! {k[0]} {k[1]} {k[2]}")
    # what this build reports: the held-out verdicts still reported count in SARIF's precision
    # (`ecosystem.py precision --write-swift`)
    write_findings(rows, os.path.join(DIR, "current.tsv"))
    if args.update:
        write_findings(rows)
        print(f"wrote {os.path.relpath(FINDINGS)}")


def cmd_sample(args):
    v = verdicts()
    pool = [r for r in eco.read_tsv(FINDINGS) if (r["rule"] == args.rule or family(r["rule"]) == args.rule)
            and (r["project"], r["file"], r["rule"], r["fingerprint"]) not in v]
    rnd = random.Random(args.seed)
    pick = sorted(rnd.sample(range(len(pool)), min(args.n, len(pool))))
    print("project\tpath\tline\trule\tfingerprint\tabsolute")
    for i in pick:
        r = pool[i]
        print("\t".join([r["project"], r["file"], r["line"], r["rule"], r["fingerprint"],
                         os.path.join(TREES, r["project"], r["file"])]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="holdout", help="the set of held-out projects (a folder beside this script)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--update", action="store_true")
    r.add_argument("--show", type=int, default=20)
    sub.add_parser("export")
    s = sub.add_parser("sample")
    s.add_argument("rule")
    s.add_argument("n", type=int)
    s.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    use_set(args.set)
    if args.cmd == "export":
        for p in projects():
            print(export(p))
    elif args.cmd == "run":
        cmd_run(args)
    else:
        cmd_sample(args)


if __name__ == "__main__":
    main()
