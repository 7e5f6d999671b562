#!/usr/bin/env python3
"""looplint's ecosystem check: every rule measured on real, pinned open-source projects.

    ecosystem.py run [--update] [--only NAME,...] [--no-all]   scan each project, then all of them as one scan;
                                                               print the table, the diff against the committed
                                                               snapshot, and the triage ledger's precision
    ecosystem.py export                                        only export the pinned trees into the cache
    ecosystem.py sample RULE N [--seed S]                      draw N unaudited findings of RULE (seeded) as TSV
    ecosystem.py precision [--write-swift]                     the ledger's per-rule precision on the last run
                                                               (--write-swift: the table SARIF's precision reads)

Projects are listed in projects.tsv (name, repo, commit, kind, language, modules). Their history lives in bare
git mirrors outside this repository (LOOPLINT_MIRRORS, default ../.mirror next to the checkout, one
<owner>+<name>/repo each); each pinned tree is exported with `git archive` into a cache folder outside the
repository (LOOPLINT_ECOSYSTEM_CACHE, default ~/.cache/looplint-ecosystem). Nothing of theirs is committed.

What is committed: snapshot.tsv (project, rule, file, line, fingerprint, severity, context of every finding of the last accepted
run), the triage ledger triage.tsv (project, path, line, rule, verdict, reason, fingerprint) and the summary of
the last run (last-run.txt).
"""
import argparse, collections, json, os, random, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MIRRORS = os.environ.get("LOOPLINT_MIRRORS", os.path.normpath(os.path.join(ROOT, "..", ".mirror")))
CACHE = os.environ.get("LOOPLINT_ECOSYSTEM_CACHE", os.path.expanduser("~/.cache/looplint-ecosystem"))
BIN = os.environ.get("LOOPLINT", os.path.join(ROOT, ".build", "release", "looplint"))
# A looplint.yml given to every scan (`--config`), e.g. to measure an option such as `libraryAPI`; none by default.
CONFIG = os.environ.get("LOOPLINT_CONFIG") or None
SNAPSHOT = os.path.join(HERE, "snapshot.tsv")
LEDGER = os.path.join(HERE, "triage.tsv")
LAST = os.path.join(CACHE, "last-run.json")
EXTS = (".js", ".cjs", ".mjs", ".jsx", ".ts", ".cts", ".mts", ".tsx")


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    if not lines:
        return []
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def projects():
    return read_tsv(os.path.join(HERE, "projects.tsv"))


def mirror(repo):
    return os.path.join(MIRRORS, repo.replace("/", "+", 1), "repo")


def tree_dir(p):
    return os.path.join(CACHE, "trees", p["name"])


def export(p):
    """The pinned tree of project p in the cache (exported once per commit)."""
    dst = tree_dir(p)
    stamp = os.path.join(CACHE, "stamps", p["name"])
    if os.path.isdir(dst) and os.path.exists(stamp) and open(stamp).read().strip() == p["commit"]:
        return dst
    src = mirror(p["repo"])
    if not os.path.isdir(src):
        raise SystemExit(f"ecosystem: no mirror of {p['repo']} at {src} (fetch it, or set LOOPLINT_MIRRORS)")
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    os.makedirs(os.path.dirname(stamp), exist_ok=True)
    write_tree(src, p["commit"], dst)
    with open(stamp, "w") as f:
        f.write(p["commit"])
    return dst


def write_tree(src, commit, dst, keep=None):
    """Write the files of `commit` into dst with `git cat-file --batch` (a mirror lacks blobs of 4 MiB and more,
    which `git archive` would stop at): regular files under 4 MiB only, no links, no submodules."""
    listing = subprocess.run(["git", "-C", src, "ls-tree", "-r", "-l", "-z", commit], capture_output=True, check=True).stdout
    wanted = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha, size = meta.split()
        if kind != b"blob" or mode not in (b"100644", b"100755") or not size.isdigit() or int(size) >= 4 << 20:
            continue
        rel = path.decode("utf-8", "surrogateescape")
        if ".." in rel.split("/") or rel.startswith("/"):
            continue
        if keep is not None and not keep(rel):
            continue
        wanted.append((sha.decode(), rel))
    cat = subprocess.Popen(["git", "-C", src, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    import threading
    def feed():
        for sha, _ in wanted:
            cat.stdin.write(sha.encode() + b"\n")
        cat.stdin.close()
    t = threading.Thread(target=feed)
    t.start()
    for sha, rel in wanted:
        header = cat.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        out = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(data)
    t.join()
    cat.wait()


def tree_size(path):
    files = size = 0
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if d not in ("node_modules", ".git")]
        for n in names:
            if n.endswith(EXTS) and not n.endswith(".d.ts"):
                files += 1
                size += os.path.getsize(os.path.join(root, n))
    return files, size


def scan(paths, cwd, jobs):
    """Run looplint; returns (status, seconds, peak RSS bytes, report or None, stderr tail)."""
    cmd = [BIN, "check", *paths, "--format", "json", "--no-timing", "--fail-on", "warning", "--no-cache", "--jobs", str(jobs)]
    if CONFIG:
        cmd += ["--config", CONFIG]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    secs = time.monotonic() - t0
    # wait4 already reaped by communicate(); take the peak from /proc-less rusage of children instead
    rss = resource_peak_since()
    report = None
    try:
        report = json.loads(out)
    except Exception:
        pass
    return proc.returncode, secs, rss, report, err.decode("utf-8", "replace")[-400:]


_last_children_peak = [0]


def resource_peak_since():
    # ru_maxrss of RUSAGE_CHILDREN is the largest of all children so far; scans run largest-last would hide
    # smaller ones, so each scan runs in its own short-lived python child (see measured_scan).
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def measured_scan(paths, cwd, jobs):
    """scan() in a forked child so that the peak RSS is this scan's alone."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            res = scan(paths, cwd, jobs)
            data = json.dumps(res).encode()
        except BaseException as e:  # report, never hang the parent
            data = json.dumps([-1, 0, 0, None, repr(e)]).encode()
        with os.fdopen(w, "wb") as f:
            f.write(data)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def findings_of(report, prefix=""):
    out = []
    for f in (report or {}).get("findings", []):
        path = f["file"]
        if prefix and path.startswith(prefix):
            path = path[len(prefix):]
        out.append({"rule": f["ruleId"], "file": path, "line": f["line"], "fingerprint": f.get("fingerprint", ""),
                    "message": f.get("message", ""), "severity": f.get("severity", ""),
                    "context": (f.get("evidence") or {}).get("context", "")})
    return out


def key(f):
    return (f["rule"], f["file"], f["fingerprint"])


def load_snapshot():
    snap = collections.defaultdict(list)
    for row in read_tsv(SNAPSHOT):
        snap[row["project"]].append({"rule": row["rule"], "file": row["file"], "line": int(row["line"]),
                                     "fingerprint": row["fingerprint"], "severity": row.get("severity"),
                                     "context": row.get("context")})
    return snap


def write_snapshot(results):
    with open(SNAPSHOT, "w", encoding="utf-8") as f:
        f.write("project\trule\tfile\tline\tfingerprint\tseverity\tcontext\n")
        for name in sorted(results):
            for x in sorted(results[name]["findings"], key=lambda x: (x["file"], x["line"], x["rule"], x["fingerprint"])):
                f.write(f"{name}\t{x['rule']}\t{x['file']}\t{x['line']}\t{x['fingerprint']}\t"
                        f"{x.get('severity') or ''}\t{x.get('context') or ''}\n")


def ledger_key(row):
    return (row["project"], row["rule"], row["path"], row.get("fingerprint", ""))


def ledger_counts(current):
    """Per rule: audited findings, and the true and false positives among those still reported; with the
    audited true positives no longer reported and the false positives still reported."""
    ledger = read_tsv(LEDGER)
    now_fp = set()
    now_line = set()
    for name, fs in current.items():
        for x in fs:
            now_fp.add((name, x["rule"], x["file"], x["fingerprint"]))
            now_line.add((name, x["rule"], x["file"], x["line"]))
    per = collections.defaultdict(lambda: collections.Counter())
    lost_tp, kept_fp = [], []
    for row in ledger:
        present = ((row["project"], row["rule"], row["path"], row.get("fingerprint", "")) in now_fp
                   or (row["project"], row["rule"], row["path"], int(row["line"])) in now_line)
        v = row["verdict"].upper()
        per[row["rule"]]["audited"] += 1
        per[row["rule"]][v + "_all"] += 1
        if present:
            per[row["rule"]][v] += 1
            if v == "FP":
                kept_fp.append(row)
        elif v == "TP":
            lost_tp.append(row)
    return per, lost_tp, kept_fp


def precision_report(current, out):
    """Per-rule precision of the audited findings that are still reported; lost TPs and kept FPs."""
    if not read_tsv(LEDGER):
        out("\ntriage ledger: empty")
        return
    per, lost_tp, kept_fp = ledger_counts(current)
    reported = collections.Counter(x["rule"] for fs in current.values() for x in fs)
    out("\nprecision from the triage ledger (audited findings still reported; TP / (TP + FP))")
    out(f"{'rule':36} {'reported':>8} {'audited':>8} {'still':>6} {'TP':>4} {'FP':>4} {'precision':>9}")
    tot = collections.Counter()
    for rule in sorted(set(per) | set(reported)):
        c = per[rule]
        still = c["TP"] + c["FP"]
        prec = f"{100.0 * c['TP'] / still:.0f}%" if still else "-"
        out(f"{rule:36} {reported[rule]:>8} {c['audited']:>8} {still:>6} {c['TP']:>4} {c['FP']:>4} {prec:>9}")
        tot.update({"TP": c["TP"], "FP": c["FP"], "audited": c["audited"]})
    s = tot["TP"] + tot["FP"]
    out(f"{'all':36} {sum(reported.values()):>8} {tot['audited']:>8} {s:>6} {tot['TP']:>4} {tot['FP']:>4} "
        f"{(100.0 * tot['TP'] / s if s else 0):>8.0f}%")
    # What `hotOnly: true` would report: findings the execution-context model says no entry point reaches
    # (evidence.context "unreached") left out.
    hot = {n: [x for x in fs if x.get("context") != "unreached"] for n, fs in current.items()}
    hper, hlost, _ = ledger_counts(hot)
    hreported = collections.Counter(x["rule"] for fs in hot.values() for x in fs)
    gated = sorted(r for r in set(reported) if any(x.get("context") == "unreached" for fs in current.values()
                                                     for x in fs if x["rule"] == r))
    if gated:
        out("\nwith hotOnly: true (findings in code no entry point reaches left out)")
        out(f"{'rule':36} {'reported':>8} {'TP':>4} {'FP':>4} {'precision':>9} {'TP lost':>8}")
        for rule in gated:
            c = hper[rule]
            still = c["TP"] + c["FP"]
            prec = f"{100.0 * c['TP'] / still:.0f}%" if still else "-"
            lost = sum(1 for r in hlost if r["rule"] == rule) - sum(1 for r in lost_tp if r["rule"] == rule)
            out(f"{rule:36} {hreported[rule]:>8} {c['TP']:>4} {c['FP']:>4} {prec:>9} {lost:>8}")
    # What fails CI by default (`--fail-on warning`): warnings and errors, not notes (unreached ReDoS,
    # note-severity rules).
    loud = {n: [x for x in fs if x.get("severity") in ("warning", "error")] for n, fs in current.items()}
    lper, _, _ = ledger_counts(loud)
    lreported = collections.Counter(x["rule"] for fs in loud.values() for x in fs)
    out("\nat warning level and above (what --fail-on warning fails on; notes left out)")
    out(f"{'rule':36} {'reported':>8} {'TP':>4} {'FP':>4} {'precision':>9}")
    ltot = collections.Counter()
    for rule in sorted(lreported):
        c = lper[rule]
        still = c["TP"] + c["FP"]
        prec = f"{100.0 * c['TP'] / still:.0f}%" if still else "-"
        out(f"{rule:36} {lreported[rule]:>8} {c['TP']:>4} {c['FP']:>4} {prec:>9}")
        ltot.update({"TP": c["TP"], "FP": c["FP"]})
    ls = ltot["TP"] + ltot["FP"]
    out(f"{'all':36} {sum(lreported.values()):>8} {ltot['TP']:>4} {ltot['FP']:>4} {(100.0 * ltot['TP'] / ls if ls else 0):>8.0f}%")
    out(f"\naudited true positives no longer reported: {len(lost_tp)}")
    for row in lost_tp[:40]:
        out(f"  - {row['project']} {row['path']}:{row['line']} {row['rule']}  ({row['reason'][:90]})")
    out(f"audited false positives still reported: {len(kept_fp)}")
    for row in kept_fp[:40]:
        out(f"  + {row['project']} {row['path']}:{row['line']} {row['rule']}  ({row['reason'][:90]})")


def cmd_run(args):
    global CONFIG
    if not os.access(BIN, os.X_OK):
        raise SystemExit(f"ecosystem: {BIN} is missing; run: make release")
    if args.config:
        CONFIG = os.path.abspath(args.config)
    if CONFIG and args.update:
        raise SystemExit("ecosystem: the snapshot is the default configuration's; run --update without --config")
    ps = projects()
    if args.only:
        keep = set(args.only.split(","))
        ps = [p for p in ps if p["name"] in keep]
    lines = []

    def out(s=""):
        print(s, flush=True)
        lines.append(s)

    tot_files = tot_size = 0
    results = {}
    out(f"{'project':22} {'kind':11} {'files':>6} {'MB':>6} {'exit':>4} {'secs':>6} {'peakMB':>7} {'errors':>6} {'findings':>8}")
    for p in ps:
        d = export(p)
        files, size = tree_size(d)
        tot_files += files
        tot_size += size
        status, secs, rss, report, err = measured_scan(["."], d, args.jobs)
        crash = status not in (0, 1) or report is None
        fs = findings_of(report)
        results[p["name"]] = {"findings": fs, "status": status, "secs": secs, "rss": rss, "files": files,
                              "size": size, "errors": len((report or {}).get("errors", [])), "crash": crash,
                              "stderr": err if crash else ""}
        out(f"{p['name']:22} {p['kind']:11} {files:>6} {size/1e6:>6.1f} {status:>4} {secs:>6.2f} {rss/1e6:>7.0f} "
            f"{results[p['name']]['errors']:>6} {len(fs):>8}" + ("  CRASH: " + err.strip().splitlines()[-1][:80]
                                                                 if crash and err.strip() else ("  CRASH" if crash else "")))
    out(f"{'total':22} {len(ps):>11} {tot_files:>6} {tot_size/1e6:>6.1f}")

    if not args.no_all:
        names = [p["name"] for p in ps]
        status, secs, rss, report, err = measured_scan(names, os.path.join(CACHE, "trees"), args.jobs)
        n = len((report or {}).get("findings", []))
        out(f"\nall projects as one scan: exit {status}, {secs:.2f} s, peak {rss/1e6:.0f} MB, {n} findings, "
            f"{len((report or {}).get('errors', []))} errors" + (f"; CRASH: {err.strip()[-200:]}" if status not in (0, 1) else ""))
        results_all = status

    # per project per rule
    rules = sorted({x["rule"] for r in results.values() for x in r["findings"]})
    out("\nfindings per rule")
    per_rule = collections.Counter(x["rule"] for r in results.values() for x in r["findings"])
    for rule in rules:
        by = collections.Counter()
        for name, r in results.items():
            for x in r["findings"]:
                if x["rule"] == rule:
                    by[name] += 1
        top = ", ".join(f"{n} {c}" for n, c in by.most_common(6))
        out(f"  {rule:36} {per_rule[rule]:>6}   {top}")

    # diff against the snapshot
    snap = load_snapshot()
    out("\nchanges against the committed snapshot (ecosystem/snapshot.tsv)")
    changed = False
    for name in sorted(results):
        now = {key(x): x for x in results[name]["findings"]}
        was = {key(x): x for x in snap.get(name, [])}
        added = [now[k] for k in now.keys() - was.keys()]
        removed = [was[k] for k in was.keys() - now.keys()]
        # still reported, at another severity or in another context (a snapshot without these columns: not compared)
        moved = [now[k] for k in now.keys() & was.keys()
                 if was[k].get("severity") and (now[k].get("severity"), now[k].get("context") or "")
                 != (was[k].get("severity"), was[k].get("context") or "")]
        if not added and not removed and not moved:
            continue
        changed = True
        out(f"  {name}: +{len(added)} -{len(removed)} ~{len(moved)}")
        for x in sorted(moved, key=lambda x: (x["file"], x["line"]))[: args.show]:
            k = key(x)
            out(f"        ~ {x['rule']} {x['file']}:{x['line']} {was[k].get('severity')} {was[k].get('context') or ''}"
                f" -> {x.get('severity')} {x.get('context') or ''}")
        for tag, xs in (("+", added), ("-", removed)):
            by = collections.Counter(x["rule"] for x in xs)
            if by:
                out("      " + tag + " " + ", ".join(f"{r} {c}" for r, c in sorted(by.items())))
            for x in sorted(xs, key=lambda x: (x["file"], x["line"]))[: args.show]:
                out(f"        {tag} {x['rule']} {x['file']}:{x['line']}")
    if not changed:
        out("  none")

    current = {n: r["findings"] for n, r in results.items()}
    precision_report(current, out)

    os.makedirs(CACHE, exist_ok=True)
    # `sample` and `precision` read the last run of the default configuration
    if not CONFIG:
        with open(LAST, "w") as f:
            json.dump(results, f)
    if args.update and not args.only:
        write_snapshot(results)
        with open(os.path.join(HERE, "last-run.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        write_precision_swift(current)
        out("\nsnapshot.tsv, last-run.txt and the SARIF precision table updated")
    crashed = [n for n, r in results.items() if r["crash"]]
    if crashed:
        out("crashed: " + ", ".join(crashed))
        return 1
    return 0


def cmd_export(args):
    for p in projects():
        print(p["name"], export(p))


def last_results():
    if not os.path.exists(LAST):
        raise SystemExit("ecosystem: no last run; run `ecosystem.py run` first")
    return json.load(open(LAST))


def cmd_sample(args):
    res = last_results()
    audited = {(r["project"], r["rule"], r["path"], int(r["line"])) for r in read_tsv(LEDGER)}
    pool = [(n, x) for n in sorted(res) for x in sorted(res[n]["findings"], key=lambda x: (x["file"], x["line"], x["fingerprint"]))
            if x["rule"] == args.rule and (n, x["rule"], x["file"], x["line"]) not in audited]
    rng = random.Random(args.seed)
    pick = pool if len(pool) <= args.n else rng.sample(pool, args.n)
    print("project\tpath\tline\trule\tfingerprint\tmessage\tabsolute")
    for n, x in pick:
        print(f"{n}\t{x['file']}\t{x['line']}\t{x['rule']}\t{x['fingerprint']}\t{x['message']}\t"
              f"{os.path.join(CACHE, 'trees', n, x['file'])}")


PRECISION_SWIFT = os.path.join(ROOT, "Sources", "Rules", "Generated", "Precision+Generated.swift")


def holdout_counts(per):
    """Adds the held-out sets' verdicts (ecosystem/holdout*/verdicts.tsv) of findings their last run still
    reported (holdout*/current.tsv, written by `holdout.py run`) to the per-rule counts: projects no rule was
    tuned on keep the figure honest."""
    for name in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, name)
        if not name.startswith("holdout") or not os.path.isdir(folder):
            continue
        now = read_tsv(os.path.join(folder, "current.tsv"))
        by_fp = {(r["project"], r["rule"], r["file"], r["fingerprint"]) for r in now}
        by_line = {(r["project"], r["rule"], r["file"], r["line"]) for r in now}
        for row in read_tsv(os.path.join(folder, "verdicts.tsv")):
            present = ((row["project"], row["rule"], row["path"], row["fingerprint"]) in by_fp
                       or (row["project"], row["rule"], row["path"], row["line"]) in by_line)
            v = row["verdict"].upper()
            if present and v in ("TP", "FP"):
                per[row["rule"]][v] += 1
    return per


def write_precision_swift(current, path=PRECISION_SWIFT):
    """The ledger's per-rule figures as Swift, for the SARIF report's `precision` (the binary never reads
    the ledger). Only counts are written; Sources/Rules/RulePrecision.swift turns them into a level."""
    per, _, _ = ledger_counts(current)
    holdout_counts(per)
    lines = [
        "// GENERATED by `python3 ecosystem/ecosystem.py precision --write-swift` from the triage ledger",
        "// (ecosystem/triage.tsv) and the last ecosystem run, and the held-out sets' verdicts of what their last",
        "// run still reported (ecosystem/holdout*/verdicts.tsv, current.tsv). Do not edit by hand: after a",
        "// triage round or a run that changes what is reported, run it again and commit the result.",
        "//",
        "// Per rule: audited findings that the last run still reported, as true and false positives.",
        "",
        "extension RulePrecision {",
        "    static let ledger: [String: LedgerFigure] = [",
    ]
    for rule in sorted(per):
        c = per[rule]
        lines.append(f'        "{rule}": LedgerFigure(truePositives: {c["TP"]}, falsePositives: {c["FP"]}),')
    lines += ["    ]", "}", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(path, ROOT)}")


def cmd_precision(args):
    res = last_results()
    current = {n: r["findings"] for n, r in res.items()}
    precision_report(current, print)
    if args.write_swift:
        write_precision_swift(current)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--update", action="store_true", help="accept this run as the new snapshot")
    r.add_argument("--only", help="comma-separated project names")
    r.add_argument("--no-all", action="store_true", help="skip the all-projects scan")
    r.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    r.add_argument("--show", type=int, default=8, help="added/removed findings listed per project")
    r.add_argument("--config", help="a looplint.yml for every scan (also LOOPLINT_CONFIG); not with --update, and "
                   "the run is not kept for sample and precision")
    sub.add_parser("export")
    s = sub.add_parser("sample")
    s.add_argument("rule")
    s.add_argument("n", type=int)
    s.add_argument("--seed", type=int, default=11)
    pr = sub.add_parser("precision")
    pr.add_argument("--write-swift", action="store_true",
                    help="also write Sources/Rules/Generated/Precision+Generated.swift (SARIF precision)")
    args = ap.parse_args()
    return {"run": cmd_run, "export": cmd_export, "sample": cmd_sample, "precision": cmd_precision}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main() or 0)
