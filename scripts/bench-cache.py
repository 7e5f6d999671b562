#!/usr/bin/env python3
"""Cold vs warm-cache times of `looplint check` on real project folders.

For each folder (median of --runs runs each, one JSON report per run, `--no-timing`):
  no cache     `--no-cache`
  cache, cold  the cache folder removed before each run (the run also writes the cache)
  warm         the cache from the run before: nothing changed
  one changed  one source file edited (a comment appended) before each run; its output is compared
               byte for byte with a `--no-cache` run over the same tree
and whether the warm report is byte-identical to the `--no-cache` one. The edited file is the file
of the report's first finding (a file on a request path when there is one), restored at the end.

The folders are edited: pass copies (e.g. of ~/.cache/looplint-ecosystem/trees/<project>).
Usage: scripts/bench-cache.py [--bin .build/release/looplint] [--runs 3] [--jobs N] FOLDER...
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(binary, folder, out, extra):
    cmd = [binary, "check", ".", "--format", "json", "--no-timing", "--output", out] + extra
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} in {folder}: exit {p.returncode}\n{p.stderr.decode()[-2000:]}")
    with open(out, "rb") as f:
        return elapsed, f.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/looplint")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    work = tempfile.mkdtemp(prefix="looplint-bench-cache-")
    out = os.path.join(work, "report.json")
    rows = []
    for folder in args.folders:
        folder = os.path.abspath(folder)
        cache = os.path.join(work, "cache-" + os.path.basename(folder))
        with_cache = jobs + ["--cache-dir", cache]
        nocache, reference = [], None
        for _ in range(args.runs):
            t, reference = run(binary, folder, out, jobs + ["--no-cache"])
            nocache.append(t)
        report = json.loads(reference)
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            t, _ = run(binary, folder, out, with_cache)
            cold.append(t)
        warm, identical = [], True
        for _ in range(args.runs):
            t, got = run(binary, folder, out, with_cache)
            warm.append(t)
            identical = identical and got == reference
        target = report["findings"][0]["file"] if report["findings"] else None
        changed, same_as_cold = [], True
        if target:
            path = os.path.join(folder, target)
            with open(path, "rb") as f:
                original = f.read()
            try:
                for k in range(args.runs):
                    with open(path, "wb") as f:
                        f.write(original + f"\n// looplint cache benchmark edit {k}\n".encode())
                    t, got = run(binary, folder, out, with_cache)
                    changed.append(t)
                    _, fresh = run(binary, folder, out, jobs + ["--no-cache"])
                    same_as_cold = same_as_cold and got == fresh
            finally:
                with open(path, "wb") as f:
                    f.write(original)
        med = lambda xs: statistics.median(xs) if xs else float("nan")
        rows.append((os.path.basename(folder), report["summary"]["files"], med(nocache), med(cold), med(warm),
                     med(changed), identical, same_as_cold, target))
    shutil.rmtree(work, ignore_errors=True)
    print(f"median of {args.runs} runs each, {binary}")
    print(f"{'folder':<16} {'files':>6} {'no cache':>9} {'cold':>7} {'warm':>7} {'warm/no':>8} {'1 changed':>10} "
          f"{'chg/no':>7}  warm identical  1-changed = cold  (edited file)")
    for name, files, n, c, w, ch, ident, same, target in rows:
        print(f"{name:<16} {files:>6} {n:>8.2f}s {c:>6.2f}s {w:>6.2f}s {100 * w / n:>7.1f}% {ch:>9.2f}s "
              f"{100 * ch / n:>6.1f}%  {str(ident):<14}  {str(same):<16}  ({target})")


if __name__ == "__main__":
    main()
