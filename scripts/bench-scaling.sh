#!/usr/bin/env bash
# make bench-scaling: is `looplint check` linear in input size? The ecosystem check's 40 projects
# (the trees `make ecosystem` exports, 82 MB of source) are copied as often as needed (hard links, in a
# temporary folder: copy 1 of every project, then copy 2, ..., each project in path order) until the
# copies hold each target size of scannable source (default 10 25 50 100 200 MB); each corpus is
# scanned once per thread count, every rule on, and the table gives per size: files, MB, wall time,
# CPU time (user+sys), MB per CPU second, peak RSS and RSS per MB of source. Linear scaling shows as
# a flat "CPU s/MB" and "RSS/MB" column. MB means 10^6 bytes.
#
# The copies are identical code in other paths: per-pattern caches (ReDoS confirmation) are shared by
# them, as they are by the files of one large project that repeat a pattern.
#
# Env: LOOPLINT_TREES (default ~/.cache/looplint-ecosystem/trees), LOOPLINT (binary),
#      SCALING_SIZES (MB, space-separated), SCALING_JOBS (thread counts, default "1 <cpu count>"),
#      SCALING_TMP (folder for the copies, default a new one under /tmp, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

trees=${LOOPLINT_TREES:-$HOME/.cache/looplint-ecosystem/trees}
bin=${LOOPLINT:-.build/release/looplint}
if [ ! -x "$bin" ]; then echo "bench-scaling: $bin is missing; run: make release" >&2; exit 2; fi
if [ ! -d "$trees" ]; then
  echo "bench-scaling: no trees at $trees (python3 ecosystem/ecosystem.py export, or set LOOPLINT_TREES)" >&2
  exit 2
fi

PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" python3 - "$trees" "$bin" "${SCALING_SIZES:-10 25 50 100 200}" "${SCALING_JOBS:-}" "${SCALING_TMP:-}" <<'PY'
import json, os, shutil, subprocess, sys, tempfile
from measured_run import measure

trees, looplint = sys.argv[1], os.path.abspath(sys.argv[2])
sizes = [float(x) for x in sys.argv[3].split()]
ncpu = os.cpu_count() or 1
jobs = [int(x) for x in sys.argv[4].split()] if sys.argv[4].strip() else ([1] if ncpu == 1 else [1, ncpu])
exts = ('.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx')

def source_size(root):
    n = 0
    for r, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ('node_modules', '.git')]
        for name in names:
            if name.endswith(exts) and not name.endswith('.d.ts'):
                n += os.path.getsize(os.path.join(r, name))
    return n

projects = sorted(d for d in os.listdir(trees) if os.path.isdir(os.path.join(trees, d)))
project_size = {p: source_size(os.path.join(trees, p)) for p in projects}
print(f"projects: {len(projects)} under {trees}, {sum(project_size.values())/1e6:.1f} MB of source; "
      f"looplint {looplint}; threads {' '.join(map(str, jobs))}")

made = tempfile.mkdtemp(prefix="looplint-scaling-") if not sys.argv[5] else sys.argv[5]
os.makedirs(made, exist_ok=True)

rows = []
try:
    order = [(k, p) for k in range(1, 1000) for p in projects]
    placed, total, i = [], 0, 0
    for target in sizes:
        while total < target * 1e6 and i < len(order):
            k, p = order[i]
            dst = os.path.join(made, f"copy{k}", p)
            if not os.path.exists(dst):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                subprocess.run(["cp", "-al", os.path.join(trees, p), dst], check=True)
            placed.append(dst)
            total += project_size[p]
            i += 1
        # Scan exactly the placed copies: a folder per copy number, each with the projects placed in it.
        args = sorted(placed)
        for t in jobs:
            wall, cpu, peak, code, files = measure([looplint, "check", *args, "--format", "json", "--no-timing",
                                                    "--fail-on", "never", "--jobs", str(t)])
            rows.append((target, total, files, t, wall, cpu, peak, code))
            print(f"  {total/1e6:7.1f} MB, {t} thread(s): exit {code}, {wall:.1f} s wall, {cpu:.1f} s CPU, "
                  f"peak {peak/1e6:.0f} MB", flush=True)
finally:
    if not sys.argv[5]:
        shutil.rmtree(made, ignore_errors=True)

print(f"\n{'MB':>7} {'files':>7} {'threads':>7} {'wall s':>7} {'CPU s':>7} {'MB/CPU s':>9} {'CPU s/MB':>9} "
      f"{'peak MB':>8} {'RSS/MB':>7} {'exit':>5}")
for target, total, files, t, wall, cpu, peak, code in rows:
    mb = total / 1e6
    print(f"{mb:>7.1f} {files:>7} {t:>7} {wall:>7.1f} {cpu:>7.1f} {mb/cpu:>9.2f} {cpu/mb:>9.3f} "
          f"{peak/1e6:>8.0f} {peak/total:>7.1f} {code:>5}")
for t in jobs:
    mine = [r for r in rows if r[3] == t]
    if len(mine) >= 2:
        a, b = mine[0], mine[-1]
        grow = b[1] / a[1]
        print(f"{t} thread(s): input x{grow:.1f} -> CPU time x{b[5]/a[5]:.1f}, wall x{b[4]/a[4]:.1f}, "
              f"peak RSS x{b[6]/a[6]:.1f}")
PY
