#!/usr/bin/env bash
# make bench-parse: single-threaded parse throughput of `looplint parse` (release build) over the
# .js/.cjs/.mjs files of /usr/lib/node_modules that Node accepts, and, in the same run on the same
# files, the time V8's own parser takes (scripts/bench-node-parse.js), with the ratio.
#
# Both sides are timed on sources already in memory, parsing only: looplint reports its parse time
# (`looplint parse --format json`: timeMs, mbPerSecond; it parses one file after another on one
# thread), Node reports the time of `new vm.Script` / `vm.compileFunction` / `new vm.SourceTextModule`
# (see that script). Each of RUNS rounds starts a fresh process for each side, the two sides
# alternating so that load from other processes falls on both; the median and the best are printed.
# MB means 10^6 bytes. The wall-clock time of the whole looplint process (start, reading files,
# parsing) is printed too.
#
# Env: LOOPLINT_CORPUS (default /usr/lib/node_modules), BENCH_RUNS (default 7), LOOPLINT (binary).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${LOOPLINT_CORPUS:-/usr/lib/node_modules}
runs=${BENCH_RUNS:-7}
bin=${LOOPLINT:-.build/release/looplint}

if [ ! -x "$bin" ]; then echo "bench-parse: $bin is missing; run: make release" >&2; exit 2; fi
if [ ! -d "$corpus" ]; then echo "bench-parse: no corpus folder at $corpus (set LOOPLINT_CORPUS)" >&2; exit 2; fi
if ! command -v node >/dev/null 2>&1; then echo "bench-parse: node is needed to select the valid files and to time V8" >&2; exit 2; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
list=$work/files.txt
find "$corpus" -type f \( -name '*.js' -o -name '*.cjs' -o -name '*.mjs' \) | LC_ALL=C sort > "$work/all.txt"
node scripts/node-check-list.js < "$work/all.txt" > "$list"
nfiles=$(wc -l < "$list")
if [ "$nfiles" -eq 0 ]; then echo "bench-parse: node accepted no file under $corpus" >&2; exit 2; fi

now_ns() { date +%s%N; }
: > "$work/looplint.jsonl"
: > "$work/node.jsonl"
for run in $(seq 1 "$runs"); do
  t0=$(now_ns)
  # Exit status 1 only says some file failed to parse; the summary says how many.
  "$bin" parse --format json --files-from "$list" > "$work/out.json" || [ $? -eq 1 ]
  t1=$(now_ns)
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(JSON.stringify({ files: s.files, bytes: s.bytes, failures: s.failures, timeMs: s.timeMs,
      mbPerSecond: s.mbPerSecond, wallMs: Number(process.argv[2]) / 1e6,
      firstFailures: (s.errors || []).slice(0, 5).map(e => `${e.file}:${e.line}:${e.column}: ${e.message}`) }));
  ' "$work/out.json" "$((t1 - t0))" >> "$work/looplint.jsonl"
  node --experimental-vm-modules --no-warnings scripts/bench-node-parse.js < "$list" >> "$work/node.jsonl"
  printf '.' >&2
done
echo >&2

mkdir -p bench-results
node - "$work/looplint.jsonl" "$work/node.jsonl" "$corpus" "$runs" "$(node --version)" > bench-results/parse.txt <<'JS'
const fs = require('fs');
const [ours, theirs, corpus, runs, nodeVersion] = process.argv.slice(2);
const read = f => fs.readFileSync(f, 'utf8').trim().split('\n').map(l => JSON.parse(l));
const a = read(ours), b = read(theirs);
const median = xs => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const best = xs => Math.max(...xs);
const f1 = x => x.toFixed(1);
const mb = a[0].bytes / 1e6;
const oursMed = median(a.map(r => r.mbPerSecond)), oursBest = best(a.map(r => r.mbPerSecond));
const wallMed = median(a.map(r => r.bytes / 1e6 / (r.wallMs / 1e3)));
const v8Med = median(b.map(r => r.mbPerSecond)), v8Best = best(b.map(r => r.mbPerSecond));
const lines = [
  `bench-parse: ${a[0].files} node-valid .js/.cjs/.mjs files, ${mb.toFixed(2)} MB, under ${corpus}; ${runs} alternating runs per side`,
  `looplint parse (release, one thread, parse time only):  median ${f1(oursMed)} MB/s  best ${f1(oursBest)} MB/s  (median ${f1(median(a.map(r => r.timeMs)))} ms)`,
  `  whole looplint process (start, read files, parse):    median ${f1(wallMed)} MB/s`,
  `V8 in node ${nodeVersion} (vm.Script x${b[0].scripts}, compileFunction x${b[0].wrapped}, SourceTextModule x${b[0].modules}):`,
  `                                                        median ${f1(v8Med)} MB/s  best ${f1(v8Best)} MB/s  (median ${f1(median(b.map(r => r.timeMs)))} ms)`,
  `ratio looplint / V8: ${(oursMed / v8Med).toFixed(2)}x (medians), ${(oursBest / v8Best).toFixed(2)}x (bests)`,
];
if (a[0].failures > 0) lines.push(`warning: looplint reported ${a[0].failures} files with syntax errors, e.g.\n  ${a[0].firstFailures.join('\n  ')}`);
if (b[0].failed > 0) lines.push(`warning: V8 failed on ${b[0].failed} files`);
console.log(lines.join('\n'));
JS
cat bench-results/parse.txt
