#!/usr/bin/env python3
"""What the heap holds at its peak, by looplint function: reads a heaptrack recording of a scan and sums
the bytes live at the peak by the innermost looplint frame that allocated them (optionally with its
callers), demangled.

    heaptrack -o /tmp/scan .build/release/looplint check PATH --no-cache --format json --jobs 1 > /dev/null
    scripts/heap-by-site.py /tmp/scan.zst [--depth N] [--top N]

Needs heaptrack (heaptrack_print) and swift-demangle on PATH. Frames of the standard library and the
runtime are skipped, so an array grown by the parser counts for the parser function that appended to it.
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

MODULES = ('SourceText', 'Diagnostics', 'JSSyntax', 'JSSemantic', 'ExecutionContext', 'LintEngine',
           'ExecutionModel', 'RegexSafety', 'Rules', 'Reporting', 'looplint')


def ours(frame):
    return any(('$s%d%s' % (len(m), m)) in frame for m in MODULES)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('recording')
    ap.add_argument('--depth', type=int, default=1, help='looplint frames per row (innermost first)')
    ap.add_argument('--top', type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stacks = os.path.join(tmp, 'stacks.txt')
        subprocess.run(['heaptrack_print', '-f', args.recording, '--print-peaks', '0', '--print-allocators', '0',
                        '--print-temporary', '0', '--print-leaks', '0', '-F', stacks,
                        '--flamegraph-cost-type', 'peak'], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        rows = collections.Counter()
        with open(stacks) as f:
            for line in f:
                stack, _, cost = line.rstrip('\n').rpartition(' ')
                if not cost.isdigit():
                    continue
                frames = [fr.split(' (')[0] for fr in stack.split(';')]
                mine = [fr for fr in frames if ours(fr)]
                rows[tuple(mine[-args.depth:]) if mine else ('(outside looplint code)',)] += int(cost)
    symbols = sorted({fr for key in rows for fr in key})
    demangled = subprocess.run(['swift-demangle', '--simplified'], input='\n'.join(symbols),
                               capture_output=True, text=True).stdout.split('\n')
    names = dict(zip(symbols, demangled))
    total = sum(rows.values())
    print('%9.1f MB  live at the peak, in all' % (total / 1e6))
    for key, cost in rows.most_common(args.top):
        print('%9.1f MB  %5.1f%%  %s' % (cost / 1e6, 100 * cost / total,
                                          ' <- '.join(names.get(fr, fr)[:120] for fr in reversed(key))))


if __name__ == '__main__':
    sys.exit(main())
