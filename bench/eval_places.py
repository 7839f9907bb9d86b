"""GeoWebNews toponym benchmark: geotagging P/R/F1 and geocoding accuracy@161 km.

    .venv/bin/python bench/eval_places.py [--gold PATH] [--literal] [--errors N]

End to end: our spans vs gold toponym spans (exact offsets; "overlap" counts any overlap), then
accuracy@161 km over matched toponyms whose gold has coordinates. Geocoding only: the gold spans
are given to the resolver. Gold ``other_annotations`` (Non_Toponym, expressions) are not scored,
as in the authors' evaluation.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "gold" / "geowebnews" / "geowebnews.jsonl"


def km(a_lat, a_lon, b_lat, b_lon) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def correct(place, gold) -> bool:
    if place is None or place.lat is None:
        return False
    if gold.get("geonameid") and place.geonameid == gold["geonameid"]:
        return True
    return km(place.lat, place.lon, gold["lat"], gold["lon"]) <= 161


def evaluate(records, literal_only: bool = False, errors: int = 0) -> dict:
    from kronika.annotate import load_model
    from kronika.extract.places import find_places, geocode_spans

    nlp = load_model()
    tp = npred = ngold = overlap_tp = 0
    e2e_ok = e2e_n = gt_ok = gt_n = 0
    fp_texts: Counter = Counter()
    fn_texts: Counter = Counter()
    wrong: list[str] = []
    docs = nlp.pipe((r["text"] for r in records), batch_size=16)
    for rec, doc in zip(records, docs):
        gold = [g for g in rec["toponyms"] if not literal_only or g["group"] == "literal"]
        ignore = [(a["start"], a["end"]) for a in rec.get("other_annotations", ())
                  if a["type"] == "Non_Toponym"] if literal_only else []
        preds = find_places(doc)
        if literal_only:  # associative gold removed: don't score predictions on those spans
            assoc = {(g["start"], g["end"]) for g in rec["toponyms"] if g["group"] != "literal"}
            preds = [p for p in preds if (p.start, p.end) not in assoc
                     and not any(s <= p.start and p.end <= e for s, e in ignore)]
        by_span = {(p.start, p.end): p for p in preds}
        gold_spans = {(g["start"], g["end"]) for g in gold}
        npred += len(preds)
        ngold += len(gold)
        for p in preds:
            if (p.start, p.end) not in gold_spans:
                fp_texts[p.text] += 1
        for g in gold:
            p = by_span.get((g["start"], g["end"]))
            if p is not None:
                tp += 1
            else:
                fn_texts[g["text"]] += 1
            if any(q.start < g["end"] and g["start"] < q.end for q in preds):
                overlap_tp += 1
            if p is not None and g.get("lat") is not None:
                e2e_n += 1
                e2e_ok += correct(p, g)
        geo = [g for g in gold if g.get("lat") is not None]
        for g, p in zip(geo, geocode_spans(doc, [(g["start"], g["end"]) for g in geo])):
            gt_n += 1
            ok = correct(p, g)
            gt_ok += ok
            if not ok and len(wrong) < 10_000:
                got = f"{p.name}/{p.country_code} ({p.lat},{p.lon})" if p else "unresolved"
                wrong.append(f"{rec['id']}: {g['text']!r} [{g['type']}] gold {g.get('normalised_name')} "
                             f"({g['lat']},{g['lon']}) got {got}")
    P, R, F = prf(tp, npred, ngold)
    out = {"precision": P, "recall": R, "f1": F, "overlap_recall": overlap_tp / ngold if ngold else 0.0,
           "acc161_end_to_end": e2e_ok / e2e_n if e2e_n else 0.0, "n_end_to_end": e2e_n,
           "acc161_gold_toponyms": gt_ok / gt_n if gt_n else 0.0, "n_gold_toponyms": gt_n,
           "n_gold": ngold, "n_pred": npred}
    if errors:
        print("top false positives:", fp_texts.most_common(errors))
        print("top misses:", fn_texts.most_common(errors))
        print("geocoding errors (gold spans):")
        for w in wrong[:errors]:
            print("  ", w)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT)
    ap.add_argument("--literal", action="store_true", help="literal-group toponyms only")
    ap.add_argument("--errors", type=int, default=0, help="print the N most common errors")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"eval_places: gold set not found at {args.gold} (needs ../shared/gold/geowebnews); "
              "nothing to evaluate.", file=sys.stderr)
        return 2
    with open(args.gold, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if args.limit:
        records = records[:args.limit]
    res = evaluate(records, args.literal, args.errors)
    scope = "literal toponyms" if args.literal else "all toponyms (literal + associative)"
    print(f"GeoWebNews, {len(records)} articles, {scope}: {res['n_gold']} gold, {res['n_pred']} predicted")
    print(f"  geotagging  P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}"
          f"  (overlap recall {res['overlap_recall']:.3f})")
    print(f"  acc@161km end to end  {res['acc161_end_to_end']:.3f}  over {res['n_end_to_end']} matched")
    print(f"  acc@161km gold spans  {res['acc161_gold_toponyms']:.3f}  over {res['n_gold_toponyms']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
