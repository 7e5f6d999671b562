#!/usr/bin/env python3
"""Precision and recall of looplint rules over annotated fixture folders.

Each fixture line may carry `// expect: RULE` (a true hazard the rule must report),
`// todo-expect: RULE` (a true hazard the rule is known to miss) or `// ok: RULE` (a look-alike
that must stay quiet). The script runs `looplint check --format json` on each folder and counts:
  TP = reported lines annotated expect/todo-expect for that rule
  FP = reported lines not annotated as a hazard for that rule
  FN = hazard lines (expect + todo-expect) not reported
precision = TP / (TP + FP), recall = TP / (TP + FN).

usage: scripts/rule-accuracy.py [--binary .build/debug/looplint] [--min-precision 0.95]
                                [--min-recall 0.90] FOLDER_OR_CATEGORY ...
FOLDER_OR_CATEGORY is a folder, or a category name such as `unbounded-cache` (meaning every
folder under fixtures/rules/<category>/). Exit status 1 when a threshold is missed.
"""
import json, os, re, subprocess, sys

EXTS = ('.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx')
ANN = re.compile(r'//\s*(expect|todo-expect|ok):\s*([A-Za-z0-9_/\-, ]+)')


def annotations(folder):
    out = []  # (file, line, kind, rule)
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in ('node_modules', '.git')]
        for f in sorted(files):
            if not f.endswith(EXTS) or f.endswith('.d.ts'):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, folder)
            with open(path, encoding='utf-8') as fh:
                for n, line in enumerate(fh, 1):
                    for m in ANN.finditer(line):
                        for rule in re.split(r'[,\s]+', m.group(2).strip()):
                            if '/' in rule:
                                out.append((rel, n, m.group(1), rule))
    return out


def findings(binary, folder):
    p = subprocess.run([binary, 'check', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'],
                       cwd=folder, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f'{binary} failed on {folder}: {p.stderr}')
    return [(f['file'], f['line'], f['ruleId']) for f in json.loads(p.stdout)['findings']]


def main(argv):
    binary, minp, minr, targets = '.build/debug/looplint', 0.95, 0.90, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--binary': binary = argv[i + 1]; i += 2; continue
        if a == '--min-precision': minp = float(argv[i + 1]); i += 2; continue
        if a == '--min-recall': minr = float(argv[i + 1]); i += 2; continue
        targets.append(a); i += 1
    binary = os.path.abspath(binary)
    folders = []
    for t in targets:
        if os.path.isdir(t):
            folders.append((t, None))
        else:
            base = os.path.join('fixtures', 'rules', t)
            folders += [(os.path.join(base, d), t) for d in sorted(os.listdir(base))
                        if os.path.isdir(os.path.join(base, d))]
    stats = {}
    for folder, category in folders:
        ann = annotations(folder)
        hazards = {(f, l, r) for f, l, k, r in ann if k in ('expect', 'todo-expect')}
        oks = {(f, l, r) for f, l, k, r in ann if k == 'ok'}
        rules = {r for _, _, r in hazards | oks}
        got = {x for x in findings(binary, folder) if x[2] in rules or (category and x[2].startswith(category + '/'))}
        for r in sorted(rules | {x[2] for x in got}):
            s = stats.setdefault(r, {'tp': 0, 'fp': 0, 'fn': 0, 'pos': 0, 'neg': 0, 'negQuiet': 0})
            h = {x for x in hazards if x[2] == r}
            o = {x for x in oks if x[2] == r}
            g = {x for x in got if x[2] == r}
            s['pos'] += len(h); s['neg'] += len(o)
            s['tp'] += len(g & h); s['fp'] += len(g - h); s['fn'] += len(h - g)
            s['negQuiet'] += len(o - g)
            for x in sorted(g - h): print(f'  false positive: {folder}/{x[0]}:{x[1]} {r}')
            for x in sorted(h - g): print(f'  missed:         {folder}/{x[0]}:{x[1]} {r}')
    ok = True

    def row(name, s):
        p = s['tp'] / (s['tp'] + s['fp']) if s['tp'] + s['fp'] else 1.0
        r = s['tp'] / (s['tp'] + s['fn']) if s['tp'] + s['fn'] else 1.0
        print(f'{name:34} {s["pos"]:>9} {s["neg"]:>9} {s["tp"]:>4} {s["fp"]:>4} {s["fn"]:>4} {p:>9.1%} {r:>7.1%}')
        return p >= minp and r >= minr

    print(f'{"rule":34} {"positives":>9} {"negatives":>9} {"TP":>4} {"FP":>4} {"FN":>4} {"precision":>9} {"recall":>7}')
    fams = {}
    for r, s in sorted(stats.items()):
        row(r, s)
        f = fams.setdefault(r.split('/')[0], {'tp': 0, 'fp': 0, 'fn': 0, 'pos': 0, 'neg': 0})
        for k in f: f[k] += s[k]
    for fam, f in sorted(fams.items()):
        if not row(fam + '/*', f):
            print(f'{fam}: below threshold (precision >= {minp:.0%}, recall >= {minr:.0%})')
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
