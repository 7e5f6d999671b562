#!/usr/bin/env bash
# What the cross-module request-path analysis (ProjectIndex, call graph, entry points, reachability)
# costs on a whole scan of the /usr/lib/node_modules corpus, release build, one thread:
#   1. `looplint check --ignore blocking`  (parse and engine; no semantic work)
#   2. `looplint check --select blocking`  (+ per-file semantic models + the cross-module analysis)
#   3. `looplint parse --semantic`         (the per-file semantic model and the project index/call graph
#                                           timed as separate phases)
# Runs alternate; the minimum of BENCH_RUNS (default 5) is printed, since a shared machine only adds
# time. The cross-module share is (2) - (1) - semantic model, over the whole scan (2).
# Env: LOOPLINT_CORPUS (default /usr/lib/node_modules), BENCH_RUNS, LOOPLINT (binary).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${LOOPLINT_CORPUS:-/usr/lib/node_modules}
runs=${BENCH_RUNS:-5}
bin=${LOOPLINT:-.build/release/looplint}
[ -x "$bin" ] || { echo "bench-request-paths: $bin is missing; run: swift build -c release" >&2; exit 2; }
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
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
base=999999; full=999999; sem=999999; index=999999
for _ in $(seq "$runs"); do
  t=$(ms "$bin" check "$work/tree" --format json --fail-on never --jobs 1 --ignore blocking); [ "$t" -lt "$base" ] && base=$t
  t=$(ms "$bin" check "$work/tree" --format json --fail-on never --jobs 1 --select blocking); [ "$t" -lt "$full" ] && full=$t
  out=$("$bin" parse "$work/tree" --semantic 2>&1 | tail -2)
  s=$(printf '%s\n' "$out" | sed -nE 's/^semantic model: ([0-9]+).*/\1/p')
  i=$(printf '%s\n' "$out" | sed -nE 's/^project index and call graph: ([0-9]+).*/\1/p')
  [ -n "$s" ] && [ "$s" -lt "$sem" ] && sem=$s
  [ -n "$i" ] && [ "$i" -lt "$index" ] && index=$i
done
findings=$("$bin" check "$work/tree" --format json --fail-on never --select blocking | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["findings"])')
echo "check --ignore blocking:           ${base} ms"
echo "check --select blocking:           ${full} ms  (${findings} findings)"
echo "  per-file semantic models:        ${sem} ms  (parse --semantic)"
echo "  project index + call graph:      ${index} ms  (parse --semantic)"
cross=$(( full - base - sem )); [ "$cross" -lt 0 ] && cross=0
awk -v c="$cross" -v f="$full" 'BEGIN { printf "cross-module analysis: ~%d ms = %.0f%% of the whole scan (must stay under 33%%)\n", c, 100 * c / f }'
