#!/usr/bin/env python3
"""Build the blind-audit samples of holdout-5 from its findings.tsv and each tree's JSON report.

    LOOPLINT=/work/s32-v1-bin python3 ecosystem/holdout-5/samples/make_samples.py

sample-B.tsv  blocking/*                                        (a seeded random 40 when more)
sample-S.tsv  serial-await/*                                    (up to 40, seeded)
sample-R.tsv  redos/*                                           (up to 40, seeded)
sample-C.tsv  unbounded-cache/*, listener-leak/*, concurrency/* (all: 21)
The seed is 41. The set was scanned, and its samples drawn, with the build of f8fb5dc before any change made
because of it.

Message, context and trace come from `looplint check --format json --no-cache --no-timing .`
run in each tree (~/.cache/looplint-ecosystem/holdout-5/<name>), matched by (file, rule, fingerprint); trace is
the finding's steps joined as `file:line label > file:line label`.
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.dirname(HERE)
BIN = os.environ.get("LOOPLINT", "/work/s32-v1-bin")
TREES = os.path.join(os.environ.get("LOOPLINT_ECOSYSTEM_CACHE", os.path.expanduser("~/.cache/looplint-ecosystem")),
                     os.path.basename(SET))
sys.path.insert(0, os.path.dirname(SET))
from blind_samples import read_tsv, write_samples  # noqa: E402

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
