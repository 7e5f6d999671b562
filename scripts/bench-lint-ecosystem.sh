#!/usr/bin/env bash
# make bench-lint-ecosystem: whole-scan speed of `looplint check` (release build, every rule on) against
# oxlint with its default rules on the ecosystem check's 40 real projects (ecosystem/README.md; the
# trees `make ecosystem` exports to ~/.cache/looplint-ecosystem/trees, 16,505 files, 82 MB), one scan
# of all of them per tool, as issue 13 asks. Tools alternate within each round; BENCH_RUNS rounds
# (default 5) at 1 thread and at the machine's thread count; printed: median wall time, the ratio to
# oxlint at the same thread count, median CPU time (user+sys: steadier than wall time on a shared
# machine) and its ratio to oxlint's, files/s and MB/s (files each tool says it linted, bytes of the
# scannable files, over the wall time), and the largest peak RSS. MB means 10^6 bytes.
#
# oxlint: `pip install oxlint` (1.89 measured in issue 13); without it only looplint is measured.
# Env: LOOPLINT_TREES (default ~/.cache/looplint-ecosystem/trees), BENCH_RUNS, LOOPLINT, OXLINT,
#      BENCH_SUBSET (space-separated project names: measure only those, e.g. "express koa typeorm"),
#      LOOPLINT_BASELINE (a second looplint binary, e.g. an earlier build, measured in the same rounds as
#      "baseline").
set -euo pipefail
cd "$(dirname "$0")/.."

trees=${LOOPLINT_TREES:-$HOME/.cache/looplint-ecosystem/trees}
runs=${BENCH_RUNS:-5}
bin=${LOOPLINT:-.build/release/looplint}
oxlint=${OXLINT:-$(command -v oxlint || true)}

if [ ! -x "$bin" ]; then echo "bench-lint-ecosystem: $bin is missing; run: make release" >&2; exit 2; fi
if [ ! -d "$trees" ]; then
  echo "bench-lint-ecosystem: no trees at $trees (python3 ecosystem/ecosystem.py export, or set LOOPLINT_TREES)" >&2
  exit 2
fi

PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" python3 - "$trees" "$runs" "$bin" "${oxlint:-}" "${BENCH_SUBSET:-}" "${LOOPLINT_BASELINE:-}" <<'PY'
import json, os, re, statistics, subprocess, sys
from measured_run import measure

trees, runs, looplint, oxlint, subset = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split()
baseline = sys.argv[6]
targets = [os.path.join(trees, n) for n in subset] if subset else [trees]
exts = ('.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx')
size = 0
for t in targets:
    for root, dirs, names in os.walk(t):
        dirs[:] = [d for d in dirs if d not in ('node_modules', '.git')]
        for n in names:
            if n.endswith(exts) and not n.endswith('.d.ts'):
                size += os.path.getsize(os.path.join(root, n))
print(f"corpus: {', '.join(subset) if subset else 'all projects under ' + trees}, {size/1e6:.1f} MB of source")

ncpu = os.cpu_count() or 1
threads = [1] if ncpu == 1 else [1, ncpu]
# a baseline build from before the cache has no --no-cache (and no cache to skip)
baseline_extra = (["--no-cache"] if baseline and "--no-cache" in subprocess.run(
    [baseline, "check", "--help"], capture_output=True, text=True).stdout else [])
configs = []
for t in threads:
    configs.append(("looplint", t, [looplint, "check", *targets, "--format", "json", "--fail-on", "never", "--no-cache", "--jobs", str(t)]))
    if baseline:
        configs.append(("baseline", t, [baseline, "check", *targets, "--format", "json", "--fail-on", "never", *baseline_extra, "--jobs", str(t)]))
    if oxlint:
        configs.append(("oxlint", t, [oxlint, "--threads", str(t), "--format", "json", *targets]))
if not oxlint:
    print("oxlint: not on PATH (pip install oxlint); only looplint is measured")
else:
    print(subprocess.run([oxlint, "--version"], capture_output=True, text=True).stdout.strip().replace("Version:", "oxlint"))

walls = {c[:2]: [] for c in configs}
cpus = {c[:2]: [] for c in configs}
rss = {c[:2]: 0 for c in configs}
files = {}
for c in configs:
    measure(c[2])  # warm the file cache
for r in range(runs):
    for tool, t, cmd in configs:
        wall, cpu, peak, code, n = measure(cmd)
        walls[(tool, t)].append(wall)
        cpus[(tool, t)].append(cpu)
        rss[(tool, t)] = max(rss[(tool, t)], peak)
        files[(tool, t)] = n

print(f"{'tool':<10} {'threads':>7} {'median s':>9} {'vs oxlint':>9} {'CPU s':>7} {'vs oxlint':>9} {'files':>7} "
      f"{'files/s':>9} {'MB/s':>7} {'peak MB':>8}")
for tool, t, _ in configs:
    w = statistics.median(walls[(tool, t)])
    c = statistics.median(cpus[(tool, t)])
    ox, oxc = walls.get(("oxlint", t)), cpus.get(("oxlint", t))
    ratio = f"{w / statistics.median(ox):.2f}x" if ox else "-"
    cratio = f"{c / statistics.median(oxc):.2f}x" if oxc else "-"
    n = files[(tool, t)]
    print(f"{tool:<10} {t:>7} {w:>9.2f} {ratio:>9} {c:>7.2f} {cratio:>9} {n:>7} {n/w:>9.0f} {size/1e6/w:>7.1f} "
          f"{rss[(tool, t)]/2**20:>8.1f}")
if len(threads) > 1:
    for tool in ("looplint", "baseline", "oxlint"):
        if (tool, 1) in walls:
            one, many = statistics.median(walls[(tool, 1)]), statistics.median(walls[(tool, ncpu)])
            print(f"{tool}: {ncpu} threads take {one / many:.2f}x less time than 1")
PY
