"""Where ingest time goes, per stage: read, parse (each spaCy component), each extractor, store, resolve.

    python bench/stages.py [--n 300] [--corpus PATH]

Stages are timed with perf_counter around the same calls ingest makes, in one process; spaCy's
components are timed by running them one by one over the batch (``nlp.pipeline``), which is what
``nlp.pipe`` does inside. With --profile, a cProfile of the extractors follows (stage times then include its overhead).
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import itertools
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--profile", action="store_true", help="also cProfile the extractors (slows them down)")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"))
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")

    from kronika import resolution
    from kronika.annotate import load_model
    from kronika.extract import events as ev_mod
    from kronika.extract import mentions as m_mod
    from kronika.extract import quotes as q_mod
    from kronika.read import read
    from kronika.records import Extraction, ReadError
    from kronika.store import open_store

    t = defaultdict(float)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "s.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f, sample.open("w") as out:
            out.writelines(itertools.islice(f, args.n))
        t0 = time.perf_counter()
        arts = [a for a in read(str(sample)) if not isinstance(a, ReadError)]
        t["read (parse files, clean, language id)"] = time.perf_counter() - t0
        nlp = load_model()
        docs = [nlp.make_doc(a.text) for a in arts]
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            t[f"parse: {name}"] = time.perf_counter() - t0
        results = []
        prof = cProfile.Profile()
        for doc, a in zip(docs, arts):
            if args.profile:
                prof.enable()
            t0 = time.perf_counter()
            index = m_mod.extract_mentions(doc, a)
            t1 = time.perf_counter()
            quotes = q_mod.extract_quotes(doc, a, index)
            t2 = time.perf_counter()
            events = ev_mod.extract_events(doc, a, index)
            t3 = time.perf_counter()
            prof.disable()
            t["extract: mentions"] += t1 - t0
            t["extract: quotes"] += t2 - t1
            t["extract: events (+ dates, places, counts)"] += t3 - t2
            results.append(Extraction(a, quotes, events, index.mentions, index.entities))
        store = open_store(str(Path(tmp) / "b.db"))
        t0 = time.perf_counter()
        for i in range(0, len(results), 32):
            store.write(results[i:i + 32])
        t["store (SQLite, one transaction per 32)"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        resolution.update(store)  # what ingest runs every 256 stored articles and at its end
        t["resolve (entities in blocks, event links)"] = time.perf_counter() - t0
        store.close()

    total = sum(t.values())
    words = sum(len(a.text.split()) for a in arts)
    print(f"{len(arts)} articles, {words:,} words, total {total:.1f} s")
    for k, v in sorted(t.items(), key=lambda kv: -kv[1]):
        print(f"  {k:45} {v:8.2f} s  {100 * v / total:5.1f}%")
    if not args.profile:
        return
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(18)
    print("\nextractors, top functions by cumulative time:")
    print("\n".join(line for line in s.getvalue().splitlines() if "kronika" in line or "ncalls" in line)[:4000])


if __name__ == "__main__":
    main()
