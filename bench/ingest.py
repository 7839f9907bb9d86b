"""Ingest throughput against bare nlp.pipe on the same texts with the same model, one process.

    python bench/ingest.py [--n 1000] [--corpus ../shared/corpora/allsides-37k.jsonl.gz] [--model NAME]

Prints articles/s and words/s for both, their ratio, per-stage time, and peak memory (RSS).
Both runs happen in this one process, bare parse first, so the ratio compares like with like.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--batch-size", type=int, default=32, help="articles per ingest batch (the parse itself"
                    " goes kronika.annotate.PARSE_BATCH at a time, for both runs)")
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")

    from kronika.annotate import DEFAULT_MODEL, load_model
    from kronika.extract import extract
    from kronika.pipeline import Pipeline, ingest
    from kronika.read import read
    from kronika.records import ReadError
    from kronika.store import open_store

    model = args.model or DEFAULT_MODEL
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f, sample.open("w") as out:
            for line in itertools.islice(f, args.n):
                out.write(line)
        t0 = time.perf_counter()
        arts = [a for a in read(str(sample)) if not isinstance(a, ReadError)]
        t_read = time.perf_counter() - t0
        words = sum(len(a.text.split()) for a in arts)
        nlp = load_model(model)

        t0 = time.perf_counter()
        docs = 0
        for _ in nlp.pipe(a.text for a in arts):
            docs += 1
        t_bare = time.perf_counter() - t0

        # extraction alone, on docs parsed again (not timed) - tells what the extractors cost
        t_extract = 0.0
        for doc, a in zip(nlp.pipe(a.text for a in arts[:200]), arts[:200]):
            t1 = time.perf_counter()
            extract(doc, a)
            t_extract += time.perf_counter() - t1
        t_extract *= len(arts) / max(1, min(200, len(arts)))

        store = open_store(str(Path(tmp) / "bench.db"))
        pipeline = Pipeline(model=model, batch_size=args.batch_size)
        t0 = time.perf_counter()
        rep = ingest(read(str(sample)), store, pipeline)
        t_ingest = time.perf_counter() - t0
        store.close()

    n = len(arts)
    print(f"articles: {n} ({words:,} words), model {model}, batch {args.batch_size}")
    print(f"read only        : {t_read:8.2f} s  {n / t_read:8.1f} articles/s")
    print(f"bare nlp.pipe    : {t_bare:8.2f} s  {n / t_bare:8.1f} articles/s  {words / t_bare:10,.0f} words/s")
    print(f"kronika ingest   : {t_ingest:8.2f} s  {n / t_ingest:8.1f} articles/s  {words / t_ingest:10,.0f} words/s"
          f"   ({rep.summary()})")
    print(f"extractors (est.): {t_extract:8.2f} s  ({100 * t_extract / t_bare:.1f}% of the parse)")
    print(f"ratio ingest/bare throughput: {t_bare / t_ingest:.3f}  (goal >= 0.85)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    print(json.dumps({"n": n, "words": words, "bare_s": round(t_bare, 2), "ingest_s": round(t_ingest, 2),
                      "ratio": round(t_bare / t_ingest, 3), "peak_rss_mb": round(peak_rss_mb())}))


if __name__ == "__main__":
    main()
