"""Cross-article event de-duplication on the hand-checked cluster gold (tests/gold/clusters/gold.jsonl).

Every gold line is one real event with the extracted reports that describe it (a line with one report is a
negative: a report that must stay alone). The clusterer sees the reports in a shuffled order; pairwise
precision and recall are computed over all pairs of reports (same predicted cluster vs same gold event).

    .venv/bin/python bench/eval_dedup.py [--errors N] [--seeds 5]
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
sys.path.insert(0, str(ROOT))


def load(path: Path = GOLD, heldout: bool | None = None, batch: str | None = None) -> list[tuple[str, dict]]:
    """[(gold event key, report dict)]; ``heldout`` True/False keeps only the held-out / tuning events,
    ``batch`` only the events of one annotation batch ("" for the first one, which has no batch name)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ev = json.loads(line)
            if heldout is not None and bool(ev.get("heldout")) != heldout:
                continue
            if batch is not None and ev.get("batch", "") != batch:
                continue
            out.extend((ev["event"], r) for r in ev["reports"])
    return out


def score(pairs: list[tuple[str, dict]], seed: int = 0) -> dict:
    from kronika.resolve.events import EventClusterer

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
    args = ap.parse_args()
    pairs = load()
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
    parts = [("tuning part", False, None), ("held-out part", True, None)]
    parts += [(f"  held-out batch {b or 'first'}", True, b) for b in batches if len(batches) > 1]
    for name, flag, batch in parts:
        part = load(heldout=flag, batch=batch)
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
