#!/usr/bin/env bash
# What the cross-module request-path analysis (ProjectIndex, call graph, entry points, reachability)
# adds to a whole scan (every rule, release build, one thread) of the /usr/lib/node_modules corpus.
# The corpus has no request entry point, so the analysis is skipped there; the same corpus plus one
# three-line Express app switches it on for the whole project. A: corpus + a file with no handler;
# B: corpus + the Express app. Runs alternate; the minimum and median of BENCH_RUNS (default 5) are
# printed (a shared machine only adds time). `looplint parse --semantic` times the project index and
# call graph as a phase of its own.
# Env: LOOPLINT_CORPUS (default /usr/lib/node_modules), BENCH_RUNS, LOOPLINT (binary).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${LOOPLINT_CORPUS:-/usr/lib/node_modules}
runs=${BENCH_RUNS:-5}
bin=${LOOPLINT:-.build/release/looplint}
[ -x "$bin" ] || { echo "bench-request-paths: $bin is missing; run: make release" >&2; exit 2; }
[ -d "$corpus" ] || { echo "bench-request-paths: no corpus at $corpus (set LOOPLINT_CORPUS)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# looplint skips folders named node_modules: copy the sources with those folders renamed.
python3 - "$corpus" "$work/tree" <<'PY'
import os, shutil, sys
corpus, tree = sys.argv[1], sys.argv[2]
exts = ('.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx')
n = 0
for root, dirs, names in os.walk(corpus):
    for name in names:
        src = os.path.join(root, name)
        if not name.endswith(exts) or name.endswith('.d.ts') or not os.path.isfile(src):
            continue
        rel = os.sep.join('nm_' if p == 'node_modules' else p for p in os.path.relpath(src, corpus).split(os.sep))
        os.makedirs(os.path.dirname(os.path.join(tree, rel)), exist_ok=True)
        shutil.copyfile(src, os.path.join(tree, rel))
        n += 1
print(f"corpus: {n} files from {corpus}")
PY
cp -r "$work/tree" "$work/tree-b"
printf "const x = 1\nmodule.exports = x\n" > "$work/tree/zz-app.js"
printf "const express = require('express')\nconst app = express()\napp.get('/x', (req, res) => res.end('ok'))\n" > "$work/tree-b/zz-app.js"
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
a=(); b=()
for _ in $(seq "$runs"); do
  a+=("$(ms "$bin" check "$work/tree" --format json --fail-on never --no-cache --jobs 1)")
  b+=("$(ms "$bin" check "$work/tree-b" --format json --fail-on never --no-cache --jobs 1)")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {printf "min %d ms, median %d ms", v[1], v[int((NR + 1) / 2)]}'; }
echo "A  whole scan, no entry point (analysis skipped): $(stats "${a[@]}")"
echo "B  whole scan, one Express route (analysis on):   $(stats "${b[@]}")"
"$bin" parse "$work/tree-b" --semantic 2>&1 | tail -2
amin=$(printf '%s\n' "${a[@]}" | sort -n | head -1); bmin=$(printf '%s\n' "${b[@]}" | sort -n | head -1)
awk -v a="$amin" -v b="$bmin" 'BEGIN { printf "cross-module analysis adds %d ms = %.0f%% to the whole scan (target: under 33%%)\n", b - a, 100 * (b - a) / a }'
