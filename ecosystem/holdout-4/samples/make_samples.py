#!/usr/bin/env python3
"""Build the blind-audit samples of holdout-4 from its findings.tsv and each tree's JSON report.

    LOOPLINT=/work/s31-base-bin python3 ecosystem/holdout-4/samples/make_samples.py [--second]

The first 7 projects (the default):
sample-B.tsv  blocking/*                        (all, or a seeded random 40 when more)
sample-S.tsv  serial-await/* and concurrency/*  (up to 40, seeded)
sample-R.tsv  redos/*                           (up to 40, seeded)
sample-C.tsv  unbounded-cache/* and listener-leak/* (up to 40, seeded)
The seed is 31.

--second: the 3 projects added later (anything-llm, zeppelin, flowise), seed 32:
sample-B2.tsv blocking/*                        (up to 40, seeded)
sample-S2.tsv serial-await/* and concurrency/*  (up to 40, seeded)
sample-R2.tsv redos/*                           (up to 20, seeded)
sample-C2.tsv unbounded-cache/* and listener-leak/* (all)

Each mode samples only its own projects' findings, so neither changes the other's files. Rows are built by ../../blind_samples.py from each tree's JSON report.
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from blind_samples import read_tsv, set_paths, write_samples  # noqa: E402

HERE, SET, BIN, TREES = set_paths(__file__, "/work/s31-base-bin")
SEED, CAP = 31, 40
SAMPLES = [
    ("sample-B.tsv", ("blocking",), CAP),
    ("sample-S.tsv", ("serial-await", "concurrency"), CAP),
    ("sample-R.tsv", ("redos",), CAP),
    ("sample-C.tsv", ("unbounded-cache", "listener-leak"), CAP),
]
# the projects added after the first samples were drawn (projects.tsv's last 3 rows)
SECOND = ("anything-llm", "zeppelin", "flowise")
SEED2 = 32
SAMPLES2 = [
    ("sample-B2.tsv", ("blocking",), 40),
    ("sample-S2.tsv", ("serial-await", "concurrency"), 40),
    ("sample-R2.tsv", ("redos",), 20),
    ("sample-C2.tsv", ("unbounded-cache", "listener-leak"), None),
]


def main():
    second = "--second" in sys.argv[1:]
    samples, seed = (SAMPLES2, SEED2) if second else (SAMPLES, SEED)
    findings = [r for r in read_tsv(os.path.join(SET, "findings.tsv")) if (r["project"] in SECOND) == second]
    write_samples(findings, samples, seed, BIN, TREES, HERE)


if __name__ == "__main__":
    main()
