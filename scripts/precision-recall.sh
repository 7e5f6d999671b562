#!/usr/bin/env bash
# Precision and recall of the blocking rules on the fixture projects (fixtures/projects/*/).
#
# Planted hazards are the `// expect: blocking/...` annotations plus the `// todo-expect: blocking/...`
# ones (known gaps: counted as missed unless reported). A finding is true when it matches a planted
# hazard (file, line, rule) and false otherwise.
#   precision = true findings / all findings        recall = planted hazards found / planted hazards
# Usage: scripts/precision-recall.sh [LOOPLINT_BINARY]   (default .build/release/looplint, else debug)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  for b in .build/release/looplint .build/debug/looplint; do [ -x "$b" ] && { bin=$b; break; }; done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "build looplint first (swift build)"; exit 2; }
command -v jq >/dev/null || { echo "precision-recall.sh needs jq"; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

annotations() { # MARKER -> "file:line rule" per annotation, paths relative to the project
  { grep -rnoE --include='*.js' --include='*.cjs' --include='*.mjs' --include='*.jsx' --include='*.ts' \
       --include='*.cts' --include='*.mts' --include='*.tsx' "// $1 [^(]*" . 2>/dev/null || true; } |
    sed -E "s#^\./##; s#^([^:]+):([0-9]+):// $1 #\1:\2 #" |
    awk '{ split($0, a, " "); loc = a[1]; rest = substr($0, length(loc) + 2);
           n = split(rest, rules, ","); for (i = 1; i <= n; i++) { r = rules[i]; gsub(/ /, "", r);
           if (r ~ /^blocking\//) print loc " " r } }' | sort -u
}

total_true=0; total_false=0; total_planted=0; total_found=0
printf '%-16s %8s %6s %6s %8s %6s\n' project findings true false planted found
for dir in fixtures/projects/*/; do
  name=$(basename "$dir")
  pushd "$dir" >/dev/null
  expected=$(annotations "expect:")
  todo=$(annotations "todo-expect:")
  planted=$(printf '%s\n%s\n' "$expected" "$todo" | sed '/^$/d' | sort -u)
  actual=$("$bin" check . --format json --select blocking --fail-on never --no-timing --no-cache |
           jq -r '.findings[] | "\(.file):\(.line) \(.ruleId)"' | sort -u)
  popd >/dev/null
  n_actual=$(printf '%s\n' "$actual" | sed '/^$/d' | wc -l)
  n_true=$(comm -12 <(printf '%s\n' "$actual" | sed '/^$/d') <(printf '%s\n' "$planted" | sed '/^$/d') | wc -l)
  n_planted=$(printf '%s\n' "$planted" | sed '/^$/d' | wc -l)
  printf '%-16s %8d %6d %6d %8d %6d\n' "$name" "$n_actual" "$n_true" $((n_actual - n_true)) "$n_planted" "$n_true"
  total_true=$((total_true + n_true)); total_false=$((total_false + n_actual - n_true))
  total_planted=$((total_planted + n_planted)); total_found=$((total_found + n_true))
done
findings=$((total_true + total_false))
awk -v t="$total_true" -v f="$findings" -v found="$total_found" -v p="$total_planted" 'BEGIN {
  printf "precision %.1f%% (%d of %d findings true)\n", (f ? 100 * t / f : 100), t, f
  printf "recall    %.1f%% (%d of %d planted hazards found)\n", (p ? 100 * found / p : 100), found, p }'
