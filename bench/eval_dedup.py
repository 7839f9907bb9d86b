"""Cross-article event de-duplication on the hand-checked cluster gold (tests/gold/clusters/gold.jsonl).

Every gold line is one real event with the extracted reports that describe it (a line with one report is a
negative: a report that must stay alone). The clusterer sees the reports in a shuffled order; pairwise
precision and recall are computed over all pairs of reports (same predicted cluster vs same gold event).

    .venv/bin/python bench/eval_dedup.py [--errors N] [--seeds 5] [--no-story] [--rebuild-story] [--reextract]

``--reextract`` scores the same labels on the reports the current extractor gives for the gold sentences
(``reextract``; reads the articles from ``../shared``): the gold's reports are those of the extractor it was
labelled with, so this is the figure for the whole pipeline as it is today.

Story evidence: each gold report gets the ``"story"`` key its article gives (``resolve.events.annotate_story``
shape) from ``tests/gold/clusters/story.json``, derived data cached so that the eval and the floor test run
without ``../shared``: per gold article, its story terms (``story_terms(title, text)``) and how many reports
of each type it holds. ``--rebuild-story`` recomputes the file from the AllSides corpus (articles matched by
kronika article id, else by the AllSides source id: the id of 58 articles changed with the text normaliser
since the gold was made) and, for the type counts, from a fresh extraction of those articles joined with the
gold's own reports (the gold was made with an earlier extractor; the counts are the union of both).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "clusters" / "gold.jsonl"
STORY = ROOT / "tests" / "gold" / "clusters" / "story.json"
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"
sys.path.insert(0, str(ROOT))


def load(path: Path = GOLD, heldout: bool | None = None, batch: str | None = None,
         story: bool = True) -> list[tuple[str, dict]]:
    """[(gold event key, report dict)]; ``heldout`` True/False keeps only the held-out / tuning events,
    ``batch`` only the events of one annotation batch ("" for the first one, which has no batch name);
    ``story`` adds each report's ``"story"`` key from ``story.json`` (when the file exists)."""
    stories = json.loads(STORY.read_text(encoding="utf-8")) if story and STORY.exists() else {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ev = json.loads(line)
            if heldout is not None and bool(ev.get("heldout")) != heldout:
                continue
            if batch is not None and ev.get("batch", "") != batch:
                continue
            for r in ev["reports"]:
                st = stories.get(r["sources"][0]["article_id"])
                if st:
                    r = dict(r, story={"terms": st["terms"], "same_type": st["types"].get(r["type"], 1)})
                out.append((ev["event"], r))
    return out


def gold_articles(path: Path = GOLD, corpus: Path = CORPUS) -> tuple[dict[str, list[dict]], dict]:
    """({gold article id: its gold reports}, {gold article id: the corpus Article}): articles matched by kronika
    article id, else by the AllSides source id (the id of 58 articles changed with the text normaliser since the
    gold was made)."""
    from kronika.read import read_file

    by_source, reports = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for r in json.loads(line)["reports"] if line.strip() else ():
            src = r["sources"][0]
            by_source[src.get("source_id")] = src["article_id"]
            reports.setdefault(src["article_id"], []).append(r)
    arts = {}
    for a in read_file(corpus):
        gid = getattr(a, "id", None)
        if gid not in reports:
            gid = by_source.get((getattr(a, "metadata", None) or {}).get("source_id"))
        if gid in reports:
            arts[gid] = a
    return reports, arts


def rebuild_story(path: Path = GOLD, corpus: Path = CORPUS, out_path: Path = STORY) -> dict:
    """story.json from the corpus: {gold article id: {"terms": [...], "types": {type: reports}}}."""
    from collections import Counter

    import kronika
    from kronika.resolve.events import story_terms

    reports, arts = gold_articles(path, corpus)
    keys = {gid: {(r["type"], r["sources"][0]["start"]) for r in rs} for gid, rs in reports.items()}
    wanted = set(keys)
    missing = wanted - set(arts)
    if missing:
        raise SystemExit(f"{len(missing)} gold articles not in {corpus}")
    for res, gid in kronika.Pipeline().pipe(((a, gid) for gid, a in sorted(arts.items())), as_tuples=True):
        keys[gid] |= {(e.type, e.sources[0].start) for e in res.events}
    out = {}
    for gid in sorted(arts):
        a = arts[gid]
        n = Counter(t for t, _ in keys[gid])
        out[gid] = {"terms": story_terms(a.title, a.text), "types": dict(sorted(n.items()))}
    out_path.write_text("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                         for k, v in out.items()) + "\n}\n", encoding="utf-8")
    return out


def reextract(path: Path = GOLD, corpus: Path = CORPUS) -> dict[str, dict | None]:
    """The gold's labels on today's extractor: {gold report id: the report the current pipeline extracts for it,
    or None}. Each gold article is read from the corpus (``gold_articles``) and run through the
    pipeline; a gold report becomes the new report of its type whose sentence overlaps its own sentence (the
    same trigger first), with the gold's article id (story.json is keyed by it). A report the extractor no
    longer gives (dropped, retyped) is None: the eval leaves it out and says how many."""
    import kronika

    wanted, arts = gold_articles(path, corpus)
    out: dict[str, dict | None] = {}
    for res, gid in kronika.Pipeline().pipe(((a, gid) for gid, a in sorted(arts.items())), as_tuples=True):
        new = [e.export() for e in getattr(res, "events", ())]
        for r in wanted[gid]:
            old = r["sources"][0]
            sent = old["sentence"]

            def overlaps(e):
                t = e["sources"][0]["sentence"]
                return e["type"] == r["type"] and (t in sent or sent in t)
            cands = [e for e in new if overlaps(e)]
            cands.sort(key=lambda e: (e.get("trigger") or {}).get("text") != (r.get("trigger") or {}).get("text"))
            if cands:
                e = dict(cands[0])
                e["sources"] = [dict(e["sources"][0], article_id=gid)]
                out[r["id"]] = e
            else:
                out[r["id"]] = None
    for rs in wanted.values():
        for r in rs:
            out.setdefault(r["id"], None)
    return out


def current(pairs: list[tuple[str, dict]], new: dict[str, dict | None]) -> list[tuple[str, dict]]:
    """``pairs`` with each report replaced by ``new[id]`` (its story key kept); dropped when None or when an
    earlier gold report already took the same new report."""
    out, taken = [], set()
    for k, r in pairs:
        e = new.get(r["id"])
        if e is None or e["id"] in taken:
            continue
        taken.add(e["id"])
        out.append((k, dict(e, story=r["story"]) if "story" in r else e))
    return out


def score(pairs: list[tuple[str, dict]], seed: int = 0) -> dict:
    from kronika.resolve.event_clusters import EventClusterer

    order = list(pairs)
    random.Random(seed).shuffle(order)
    cl = EventClusterer()
    for _, r in order:
        cl.add(r)
    pred = cl.assignments()
    gold = {r["id"]: k for k, r in pairs}
    tp = fp = fn = 0
    errors = []
    for a, b in combinations(sorted(gold), 2):
        g, p = gold[a] == gold[b], pred[a] == pred[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
        if g != p:
            errors.append(("FP" if p else "FN", a, b))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "tp": tp, "fp": fp, "fn": fn, "errors": errors, "assignments": pred, "clusterer": cl}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong pairs")
    ap.add_argument("--seeds", type=int, default=3, help="orders to try (results must not change)")
    ap.add_argument("--no-story", action="store_true", help="sentence-only rule (no story key)")
    ap.add_argument("--rebuild-story", action="store_true", help="recompute story.json from ../shared")
    ap.add_argument("--reextract", action="store_true", help="score the gold's labels on the reports today's "
                    "extractor gives for the same sentences (reads the articles from ../shared)")
    args = ap.parse_args()
    if args.rebuild_story:
        print(f"story.json: {len(rebuild_story())} articles")
    story = not args.no_story
    new = reextract() if args.reextract else None

    def load_(**kw):
        got = load(story=story, **kw)
        return current(got, new) if new is not None else got

    pairs = load_()
    if new is not None:
        print(f"re-extracted: {sum(v is not None for v in new.values())} of {len(new)} gold reports found again;"
              f" {len(pairs)} distinct")
    by_id = {r["id"]: (k, r) for k, r in pairs}
    events = {k for k, _ in pairs}
    multi = sum(1 for k in events if len({r["sources"][0]["article_id"] for kk, r in pairs if kk == k}) >= 2)
    print(f"gold: {len(pairs)} reports, {len(events)} events ({multi} reported by >= 2 articles)")
    results = [score(pairs, s) for s in range(args.seeds)]
    r = results[0]
    same = all(x["assignments"] == r["assignments"] for x in results)
    print(f"pairwise precision {r['precision']:.3f}  recall {r['recall']:.3f}  f1 {r['f1']:.3f}"
          f"  (tp {r['tp']} fp {r['fp']} fn {r['fn']})  order-independent over {args.seeds} orders: {same}")
    batches = sorted({json.loads(x).get("batch", "") for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()})
    parts = [("first batch (floors)", None, ""), ("tuning part", False, None), ("held-out part", True, None)]
    parts += [(f"  held-out batch {b or 'first'}", True, b) for b in batches if len(batches) > 1]
    for name, flag, batch in parts:
        part = load_(heldout=flag, batch=batch)
        x = score(part, 0)
        print(f"  {name}: {len(part)} reports, precision {x['precision']:.3f} recall {x['recall']:.3f}"
              f" (tp {x['tp']} fp {x['fp']} fn {x['fn']})")
    asg = r["assignments"]
    whole = linked = 0
    for k in events:
        reps = [x for kk, x in pairs if kk == k]
        if len({x["sources"][0]["article_id"] for x in reps}) < 2:
            continue
        cids = [asg[x["id"]] for x in reps]
        whole += len(set(cids)) == 1
        linked += any(cids.count(c) > 1 for c in cids)
    alone = sum(1 for k in events if len([1 for kk, _ in pairs if kk == k]) == 1
                and sum(1 for c in asg.values() if c == asg[next(x["id"] for kk, x in pairs if kk == k)]) == 1)
    singles = sum(1 for k in events if len([1 for kk, _ in pairs if kk == k]) == 1)
    print(f"multi-article events fully merged {whole}/{multi}, with at least one link {linked}/{multi};"
          f" single-report events left alone {alone}/{singles}")
    links = {}
    for c in r["clusterer"].clusters():
        for ln in c["links"]:
            a, rest = ln.split(" ~ ", 1)
            b, why = rest.split(": ", 1)
            links[(a, b)] = links[(b, a)] = why
    rep = r["clusterer"].reports
    for kind, a, b in r["errors"][:args.errors]:
        why = links.get((a, b)) or _why(rep[a], rep[b])
        print(f"\n{kind} [{by_id[a][0]} / {by_id[b][0]}] {why}")
        for x in (a, b):
            s = by_id[x][1]["sources"][0]
            print(f"   {by_id[x][1]['type']} {s['published']} {by_id[x][1]['date'].get('start')}: {s['sentence'][:150]}")


def _why(a, b) -> str:
    from kronika.resolve.events import compatible

    return "not linked: " + compatible(a, b)[1]


if __name__ == "__main__":
    main()
