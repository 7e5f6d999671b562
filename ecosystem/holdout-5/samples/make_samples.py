#!/usr/bin/env python3
"""Build the blind-audit samples of holdout-5 from its findings.tsv and each tree's JSON report.

    LOOPLINT=/work/s32-v1-bin python3 ecosystem/holdout-5/samples/make_samples.py

sample-B.tsv  blocking/*                                        (a seeded random 40 when more)
sample-S.tsv  serial-await/*                                    (up to 40, seeded)
sample-R.tsv  redos/*                                           (up to 40, seeded)
sample-C.tsv  unbounded-cache/*, listener-leak/*, concurrency/* (all: 21)
The seed is 41. The set was scanned, and its samples drawn, with the build of f8fb5dc before any change made
because of it.

Rows are built by ../../blind_samples.py from each tree's JSON report.
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from blind_samples import read_tsv, set_paths, write_samples  # noqa: E402

HERE, SET, BIN, TREES = set_paths(__file__, "/work/s32-v1-bin")
SEED, CAP = 41, 40
SAMPLES = [
    ("sample-B.tsv", ("blocking",), CAP),
    ("sample-S.tsv", ("serial-await",), CAP),
    ("sample-R.tsv", ("redos",), CAP),
    ("sample-C.tsv", ("unbounded-cache", "listener-leak", "concurrency"), None),
]


def main():
    write_samples(read_tsv(os.path.join(SET, "findings.tsv")), SAMPLES, SEED, BIN, TREES, HERE)


if __name__ == "__main__":
    main()
