"""A reproducible random sample of extracted events from real US political news, for hand judgement.

Reads the first N articles (default 2,000) of the AllSides corpus through ``kronika.read.read`` (on a
temporary JSONL of those lines), runs ``kronika.pipeline.Pipeline`` and prints a seeded random sample of
the events it found: sentence, type, mode, status, actors, recipients, claimant, date, place, trigger.

Parsing is the slow part, so the parsed docs are cached (``--cache``, a spaCy DocBin plus the articles); a
re-run with the same cache only re-runs the extractors (the same ``Pipeline.extractor`` the pipeline calls),
which is what changes while the event rules are tuned. ``--dump`` writes every event as JSONL, so two runs
(before / after a change) can be compared or re-sampled later with ``--from-dump``.

    .venv/bin/python bench/judge_sample.py --seed 11 --n 30
    .venv/bin/python bench/judge_sample.py --from-dump /tmp/before.jsonl --seed 11 --n 30
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "kronika-judge-cache"


def _articles(n: int):
    from kronika.read import read
    from kronika.records import Article

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "allsides-first.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= n:
                    break
                dst.write(line)
        return [a for a in read(path) if isinstance(a, Article)]


def _parsed(n: int, cache: Path | None, pipeline):
    """(article, doc) pairs; docs from the cache when it holds the same articles."""
    from spacy.tokens import DocBin
    from kronika.records import Article

    arts_f, docs_f = (cache / f"articles-{n}.jsonl", cache / f"docs-{n}.spacy") if cache else (None, None)
    if cache and arts_f.exists() and docs_f.exists():
        arts = [Article.from_dict(json.loads(line)) for line in arts_f.read_text(encoding="utf-8").splitlines()]
        docs = list(DocBin().from_disk(docs_f).get_docs(pipeline.nlp.vocab))
        if len(docs) == len(arts):
            return list(zip(arts, docs))
    arts = [a for a in _articles(n) if pipeline.check(a) is None]
    docs = list(pipeline.nlp.pipe([a.text for a in arts], batch_size=pipeline.batch_size))
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        db.to_disk(docs_f)
        arts_f.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    return list(zip(arts, docs))


def _ref(r) -> str:
    if r is None:
        return "-"
    name = r.get("name") or r.get("text")
    return name if name == r.get("text") or not r.get("text") else f"{name} <{r.get('text')}>"


def extract_all(n: int, cache: Path | None) -> tuple[list[dict], int]:
    from kronika.pipeline import Pipeline

    pipeline = Pipeline()
    rows = []
    pairs = _parsed(n, cache, pipeline)
    for art, doc in pairs:
        try:
            ex = pipeline.extractor(doc, art)
        except Exception as e:  # noqa: BLE001 - report and go on, as the pipeline does
            print(f"extraction failed for {art.id}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        for ev in ex.events:
            d = ev.to_dict()
            d["article_title"], d["article_published"] = art.title, art.published
            rows.append(d)
    return rows, len(pairs)


def show(ev: dict, k: int) -> str:
    s = ev["sources"][0] if ev.get("sources") else {}
    date = ev.get("date") or {}
    loc = ev.get("location") or {}
    lines = [
        f"#{k}  {ev['type']}{'/' + ev['mode'] if ev.get('mode') else ''}  status={ev.get('status')}  "
        f"trigger={ev.get('trigger')!r}",
        f"    article: {ev.get('article_title')!r} ({ev.get('article_published')})",
        f"    sentence: {(s.get('sentence') or '').strip()}",
        f"    actors: {[_ref(a) for a in ev.get('actors') or []]}  recipients: {[_ref(a) for a in ev.get('recipients') or []]}"
        f"  claimant: {_ref(ev.get('claimant'))}",
        f"    date: {date.get('start')}..{date.get('end')} ({date.get('precision')}"
        f"{', from the lead: ' + repr(date.get('text')) if ev.get('date_basis') == 'lead' else ''})  "
        f"place: {loc.get('text') or loc.get('name') if loc else None}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="parsed-docs cache ('' for none)")
    ap.add_argument("--dump", type=Path, help="write every event (JSONL) here")
    ap.add_argument("--from-dump", type=Path, help="sample from a dump instead of running the pipeline")
    ap.add_argument("--json", action="store_true", help="print the sample as JSON")
    ap.add_argument("--basis", choices=("own", "lead"), help="sample only events whose date has this basis")
    args = ap.parse_args(argv)

    if args.from_dump:
        lines = args.from_dump.read_text(encoding="utf-8").splitlines()
        meta, rows = json.loads(lines[0]), [json.loads(x) for x in lines[1:]]
        n_articles = meta["articles"]
    else:
        rows, n_articles = extract_all(args.articles, args.cache if str(args.cache) else None)
        if args.dump:
            with args.dump.open("w", encoding="utf-8") as f:
                f.write(json.dumps({"articles": n_articles}) + "\n")
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
    types = Counter(r["type"] for r in rows)
    print(f"articles: {n_articles}  events: {len(rows)}  events/article: {len(rows) / max(n_articles, 1):.2f}")
    print("types:", dict(types.most_common()))
    print("status:", dict(Counter(r.get("status") for r in rows).most_common()))
    pool = [r for r in rows if r.get("date_basis") == args.basis] if args.basis else rows
    if args.basis:
        print(f"date basis {args.basis}: {len(pool)} events")
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    if args.json:
        print(json.dumps(sample, ensure_ascii=False, indent=1))
    else:
        for k, ev in enumerate(sample, 1):
            print(show(ev, k))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
