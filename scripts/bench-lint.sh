#!/usr/bin/env bash
# make bench-lint: whole-scan throughput of `looplint check` (release build, every rule on) over the
# JavaScript of /usr/lib/node_modules, single-threaded and on all cores, and of oxlint with its default
# rules on the same files in the same run (when `oxlint` is on PATH: `pip install oxlint`).
#
# Both linters skip folders named node_modules, so the corpus is first copied to a scratch tree with
# those folder names changed (nm_); both then lint exactly the same files. Each configuration runs
# BENCH_RUNS times (default 5), alternating tools; the median wall time and the largest peak RSS are
# printed. MB means 10^6 bytes.
#
# Env: LOOPLINT_CORPUS (default /usr/lib/node_modules), BENCH_RUNS, LOOPLINT (binary), OXLINT (binary).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${LOOPLINT_CORPUS:-/usr/lib/node_modules}
runs=${BENCH_RUNS:-5}
bin=${LOOPLINT:-.build/release/looplint}
oxlint=${OXLINT:-$(command -v oxlint || true)}

if [ ! -x "$bin" ]; then echo "bench-lint: $bin is missing; run: make release" >&2; exit 2; fi
if [ ! -d "$corpus" ]; then echo "bench-lint: no corpus folder at $corpus (set LOOPLINT_CORPUS)" >&2; exit 2; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$corpus" "$work/tree" "$runs" "$bin" "${oxlint:-}" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time

corpus, tree, runs, looplint, oxlint = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
exts = ('.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx')
files = 0
size = 0
for root, dirs, names in os.walk(corpus):
    dirs.sort()
    for n in sorted(names):
        if not n.endswith(exts) or n.endswith('.d.ts'):
            continue
        src = os.path.join(root, n)
        if not os.path.isfile(src):
            continue
        rel = os.path.relpath(src, corpus)
        rel = os.sep.join('nm_' if p == 'node_modules' else p for p in rel.split(os.sep))
        dst = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        files += 1
        size += os.path.getsize(dst)
print(f"corpus: {files} files, {size/1e6:.2f} MB (copied from {corpus})")

ncpu = os.cpu_count() or 1
configs = [("looplint", "1 thread", [looplint, "check", tree, "--format", "json", "--fail-on", "never", "--no-cache", "--jobs", "1"]),
           ("looplint", f"{ncpu} threads", [looplint, "check", tree, "--format", "json", "--fail-on", "never", "--no-cache", "--jobs", str(ncpu)])]
if oxlint:
    version = subprocess.run([oxlint, "--version"], capture_output=True, text=True).stdout.strip()
    configs += [("oxlint " + version.replace("Version: ", ""), "1 thread", [oxlint, "--threads", "1", "--format", "json", tree]),
                ("oxlint " + version.replace("Version: ", ""), f"{ncpu} threads", [oxlint, "--format", "json", tree])]
else:
    print("oxlint: not on PATH (pip install oxlint); only looplint is measured")

def measure(cmd):
    # Peak RSS of this one child: run it through a fresh python so RUSAGE_CHILDREN covers only it.
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
             "w=time.perf_counter()-t;r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
             "print(w,r,p.returncode)")
    out = subprocess.run([sys.executable, "-c", probe] + cmd, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])

results = {c[:2]: [] for c in configs}
rss = {c[:2]: 0 for c in configs}
for c in configs:
    measure(c[2])  # warm the file cache
for _ in range(runs):
    for tool, threads, cmd in configs:
        wall, peak, code = measure(cmd)
        results[(tool, threads)].append(wall)
        rss[(tool, threads)] = max(rss[(tool, threads)], peak)

print(f"{'tool':<18} {'threads':<10} {'median s':>9} {'files/s':>9} {'MB/s':>7} {'peak MB':>8}")
for tool, threads, _ in configs:
    w = statistics.median(results[(tool, threads)])
    print(f"{tool:<18} {threads:<10} {w:>9.3f} {files/w:>9.0f} {size/1e6/w:>7.1f} {rss[(tool, threads)]/1024:>8.1f}")
PY
