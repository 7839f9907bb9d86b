"""Quote extraction: scorer for the hand-checked gold (tests) and the PolNeAR dev benchmark.

    .venv/bin/python bench/eval_quotes.py [--polnear DIR] [--errors N]

PolNeAR (../shared/gold/polnear-dev, evaluation only, never shipped): direct quotes P/R/F1 (a
predicted direct/partial quote matches a gold ``direct`` content when they overlap by at least half
of the shorter span), speaker accuracy over matched quotes, recall of indirect attributions.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLNEAR = ROOT.parent / "shared" / "gold" / "polnear-dev"
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_STOP = frozenset("the a an of and mr mrs ms dr president sen rep gov his her their its he she they it".split())


def overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    """Spans overlap by at least half of the shorter one."""
    ov = min(e1, e2) - max(s1, s2)
    return ov > 0 and ov * 2 >= min(e1 - s1, e2 - s2)


def _names(s: str | None) -> set[str]:
    return {w.lower().strip("'’") for w in _WORD.findall(s or "")} - _STOP


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """Same source: both absent, equal, or sharing a name word (surname match: 'Lam' ~ 'Carrie Lam')."""
    if not pred or not gold:
        return not pred and not gold
    a, b = _names(pred), _names(gold)
    return bool(a & b) or pred.strip().lower() == gold.strip().lower()


def _match(preds: list[dict], golds: list[dict]) -> tuple[list[int | None], list[bool]]:
    """Each prediction -> index of its best overlapping gold (or None); gold -> matched at all.
    Many-to-one is allowed: a split quote is two predicted pieces of one gold attribution."""
    golds_sorted = sorted(range(len(golds)), key=lambda k: golds[k]["start"])
    starts = [golds[k]["start"] for k in golds_sorted]
    from bisect import bisect_right
    pmatch: list[int | None] = []
    gmatched = [False] * len(golds)
    for p in preds:
        best, best_ov = None, 0
        k = bisect_right(starts, p["end"])
        for j in range(k - 1, max(k - 40, 0) - 1, -1):  # golds are short; look back a bounded window
            g = golds[golds_sorted[j]]
            if overlaps(p["start"], p["end"], g["start"], g["end"]):
                ov = min(p["end"], g["end"]) - max(p["start"], g["start"])
                if ov > best_ov:
                    best, best_ov = golds_sorted[j], ov
        pmatch.append(best)
        if best is not None:
            gmatched[best] = True
    return pmatch, gmatched


def prf(n_pred_ok: int, n_pred: int, n_gold_ok: int, n_gold: int) -> dict[str, float]:
    p = n_pred_ok / n_pred if n_pred else 1.0
    r = n_gold_ok / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "n_pred": n_pred, "n_gold": n_gold}


def score_quotes(gold: list[dict], pred: list[dict]) -> dict[str, dict[str, float]]:
    """Hand-checked gold vs predictions (dicts with kind, start, end, speaker name): P/R/F1 per kind
    (same-kind overlap match) and speaker accuracy over matched quotes of all kinds."""
    out: dict[str, dict[str, float]] = {}
    ok = total = 0
    for kind in ("direct", "partial", "indirect"):
        g = [x for x in gold if x["kind"] == kind]
        p = [x for x in pred if x["kind"] == kind]
        pm, gm = _match(p, g)
        out[kind] = prf(sum(m is not None for m in pm), len(p), sum(gm), len(g))
        for x, m in zip(p, pm):
            if m is not None:
                total += 1
                ok += same_speaker(x.get("speaker"), g[m].get("speaker"))
    out["speaker"] = {"acc": round(ok / total, 4) if total else 1.0, "n": total}
    return out


def quote_dicts(quotes) -> list[dict]:
    return [{"kind": q.kind, "start": q.start, "end": q.end, "text": q.text,
             "speaker": q.speaker.name if q.speaker else None} for q in quotes]


# ---- PolNeAR -----------------------------------------------------------------------------------
def _load_polnear(d: Path) -> list[dict]:
    with open(d / "polnear-dev.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_polnear(d: Path, show_errors: int = 0) -> dict:
    sys.path.insert(0, str(ROOT))
    from kronika.annotate import load_model
    from kronika.extract.mentions import extract_mentions
    from kronika.extract.quotes import extract_quotes
    from kronika.records import Article

    docs = _load_polnear(d)
    nlp = load_model()
    arts = []
    for x in docs:
        text = x["text"]
        head_end = text.find("\n")
        arts.append(Article(text=text, title=None, headings=[[0, head_end]] if head_end > 0 else []))
    t0 = time.perf_counter()
    parsed = list(nlp.pipe([a.text for a in arts], batch_size=16))
    t_nlp = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = []
    for doc, a in zip(parsed, arts):
        idx = extract_mentions(doc, a)
        results.append((idx, extract_quotes(doc, a, idx)))
    t_ext = time.perf_counter() - t0

    n_pred = n_pred_ok = n_gold = n_gold_ok = spk_ok = spk_n = 0
    n_ind = n_ind_ok = n_ind_any = 0
    n_ind_pred = n_ind_pred_ok = 0
    ind_spk_n = ind_spk_ok = 0
    n_embedded = 0  # predicted quotes that miss direct gold but sit inside another gold attribution
    errors: dict[str, list[str]] = {"fp": [], "fn": [], "speaker": []}
    for x, a, (idx, quotes) in zip(docs, arts, results):
        text = x["text"]
        gold = [g for g in x["attributions"] if g["content"]]
        gdir = [{"start": g["content"]["start"], "end": g["content"]["end"], "src": g["source"]}
                for g in gold if g["direct"]]
        pdir = [q for q in quotes if q.kind in ("direct", "partial")]
        pm, gm = _match([{"start": q.start, "end": q.end} for q in pdir], gdir)
        n_pred += len(pdir)
        n_pred_ok += sum(m is not None for m in pm)
        n_gold += len(gdir)
        n_gold_ok += sum(gm)
        gall = [{"start": g["content"]["start"], "end": g["content"]["end"]} for g in gold]
        pm_all, _ = _match([{"start": q.start, "end": q.end} for q in pdir], gall)
        n_embedded += sum(m is None and m2 is not None for m, m2 in zip(pm, pm_all))
        for q, m, m2 in zip(pdir, pm, pm_all):
            if m is None:
                if m2 is None:
                    errors["fp"].append(f"{x['file'][:30]} {q.kind} {q.text[:90]!r}")
                continue
            src = gdir[m]["src"]
            spk_n += 1
            good = _speaker_ok(q, src, idx)
            spk_ok += good
            if not good:
                errors["speaker"].append(f"{x['file'][:30]} pred={_pname(q)!r} gold={src['text'] if src else None!r}"
                                         f" :: {q.text[:60]!r}")
        for g, ok in zip(gdir, gm):
            if not ok:
                errors["fn"].append(f"{x['file'][:30]} {text[g['start']:g['end']][:100]!r}")
        gind = [{"start": g["content"]["start"], "end": g["content"]["end"]} for g in gold if not g["direct"]]
        qind = [q for q in quotes if q.kind == "indirect"]
        pind = [{"start": q.start, "end": q.end} for q in qind]
        pm_g, gm_i = _match(pind, gind)
        gsrc = [g["source"] for g in gold if not g["direct"]]
        for q, m in zip(qind, pm_g):
            if m is not None:
                ind_spk_n += 1
                ind_spk_ok += _speaker_ok(q, gsrc[m], idx)
        pm_i, _ = _match(pind, gall)
        n_ind_pred += len(pind)
        n_ind_pred_ok += sum(m is not None for m in pm_i)
        _, gm_any = _match([{"start": q.start, "end": q.end} for q in quotes], gind)
        n_ind += len(gind)
        n_ind_ok += sum(gm_i)
        n_ind_any += sum(gm_any)
    res = {"direct": prf(n_pred_ok, n_pred, n_gold_ok, n_gold),
           "precision_incl_embedded": round((n_pred_ok + n_embedded) / n_pred, 4) if n_pred else 1.0,
           "speaker_acc": round(spk_ok / spk_n, 4) if spk_n else 1.0, "speaker_n": spk_n,
           "indirect_recall": round(n_ind_ok / n_ind, 4) if n_ind else 1.0,
           "indirect_speaker_acc": round(ind_spk_ok / ind_spk_n, 4) if ind_spk_n else 1.0,
           "indirect_precision": round(n_ind_pred_ok / n_ind_pred, 4) if n_ind_pred else 1.0,
           "indirect_recall_any_kind": round(n_ind_any / n_ind, 4) if n_ind else 1.0, "indirect_n": n_ind,
           "seconds_nlp": round(t_nlp, 2), "seconds_extract": round(t_ext, 2)}
    if show_errors:
        for k, v in errors.items():
            print(f"--- {k} ({len(v)})")
            for line in v[:show_errors]:
                print("  ", line)
    return res


def _pname(q) -> str | None:
    return (q.speaker.name or q.speaker.text) if q.speaker else None


def _speaker_ok(q, src: dict | None, idx) -> bool:
    """Correct when the predicted speaker overlaps the gold source text, or both resolve to the same
    entity (the gold source 'he' and the prediction 'Donald Trump')."""
    if src is None:
        return q.speaker is None or q.speaker.name is None
    if q.speaker is None:
        return False
    if same_speaker(q.speaker.name, src["text"]) or same_speaker(q.speaker.text, src["text"]):
        return True
    if q.speaker.start is not None and overlaps(q.speaker.start, q.speaker.end, src["start"], src["end"]):
        return True
    r = idx.ref(src["start"], src["end"])
    return bool(r and r.name and q.speaker.name and same_speaker(r.name, q.speaker.name))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors per class")
    args = ap.parse_args(argv)
    if not (args.polnear / "polnear-dev.jsonl").is_file():
        print(f"PolNeAR dev not found at {args.polnear} (it lives in ../shared/gold); nothing to do.")
        return 0
    res = run_polnear(args.polnear, args.errors)
    d = res["direct"]
    print(f"PolNeAR dev direct quotes: P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f} "
          f"(pred {d['n_pred']}, gold {d['n_gold']})")
    print(f"  precision counting partial quotes embedded in non-direct gold attributions as correct: "
          f"{res['precision_incl_embedded']:.3f}")
    print(f"speaker accuracy (matched): {res['speaker_acc']:.3f} over {res['speaker_n']}")
    print(f"indirect attribution recall: {res['indirect_recall']:.3f} (any kind {res['indirect_recall_any_kind']:.3f})"
          f" over {res['indirect_n']}; precision (predicted indirect overlapping a gold attribution)"
          f" {res['indirect_precision']:.3f}")
    print(f"indirect speaker accuracy (matched): {res['indirect_speaker_acc']:.3f}")
    print(f"time: nlp.pipe {res['seconds_nlp']}s, mentions+quotes {res['seconds_extract']}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
