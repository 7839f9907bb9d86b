"""Scaling of `kronika ingest`: cost per article over corpus sizes, and 2 workers against 1.

    python bench/scale.py [--sizes 1000,5000,20000] [--workers 1,2] [--corpus PATH]

Each size runs `kronika ingest --workers W` in a fresh process on the first N articles of the
corpus into a fresh store, and prints wall time, articles/s, ms per article and the peak RSS of the
whole process tree (the writer and its workers), so growth should be flat per article.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"))
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    print(f"{'n':>7} {'workers':>7} {'wall s':>8} {'art/s':>7} {'ms/art':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f, sample.open("w") as out:
            for line in itertools.islice(f, max(sizes)):
                out.write(line)
        for n in sizes:
            for w in workers:
                db = Path(tmp) / f"s{n}-{w}.db"
                cmd = [sys.executable, "-m", "kronika", "ingest", str(sample), "--db", str(db),
                       "--limit", str(n), "--workers", str(w)]
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                t0 = time.perf_counter()
                r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
                wall = time.perf_counter() - t0
                # ru_maxrss of children is the largest single child; report that (per process)
                peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
                summary = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
                print(f"{n:>7} {w:>7} {wall:>8.1f} {n / wall:>7.1f} {1000 * wall / n:>7.1f} {peak:>8.0f}   {summary}",
                      flush=True)
                os.remove(db)


if __name__ == "__main__":
    main()
