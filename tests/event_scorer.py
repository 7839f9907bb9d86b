"""Event scorer, free of kronika imports: gold and predicted events as plain dicts.

Gold lines (tests/gold/events/*.jsonl): {doc, sentence (a substring of the sentence), type, mode, status,
actors [{text, name, country, sector}], recipients, date {start, precision}, location {name, country} | null,
size/dead/injured/arrested {min, max, text} | null, claimant, trigger}.
Predictions: Event.export() dicts plus "doc". A match is the same doc, same type and a predicted
sentence containing the gold sentence substring (one-to-one, same mode preferred).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

_STOP = {"the", "of", "and", "a", "an", "in", "to", "s", "'s"}
FIELDS = ("date", "location", "status", "actor")


def load_gold(folder) -> list[dict]:
    out = []
    for p in sorted(Path(folder).glob("*.jsonl")):
        out += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def _words(ref: dict | None) -> set[str]:
    if not ref:
        return set()
    text = f"{ref.get('text') or ''} {ref.get('name') or ''}".lower()
    return {w for w in re.findall(r"[\w.]+", text) if w not in _STOP and len(w) > 1}


def actor_ok(gold: list[dict], pred: list[dict]) -> bool:
    if not gold:
        return not pred
    gw = set().union(*(_words(g) for g in gold))
    return any(_words(p) & gw for p in pred)


def date_ok(g: dict, p: dict) -> bool:
    gd, pd = g.get("date") or {}, p.get("date") or {}
    if not gd.get("precision"):
        return not pd.get("precision")
    return gd["precision"] == pd.get("precision") and (gd.get("start") is None or gd["start"] == pd.get("start"))


def location_ok(g: dict, p: dict) -> bool:
    gl, pl = g.get("location"), p.get("location")
    if not gl:
        return not pl
    return bool(pl) and pl.get("country_code") == gl.get("country")


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for g in sorted(gold, key=lambda g: g.get("mode") is None):
        cands = [(i, p) for i, p in enumerate(pred) if i not in used and p["doc"] == g["doc"]
                 and p["type"] == g["type"] and g["sentence"] in p["sources"][0]["sentence"]]
        if not cands:
            continue
        i, p = max(cands, key=lambda c: (c[1].get("mode") == g.get("mode"), actor_ok(g["actors"], c[1]["actors"])))
        used.add(i)
        pairs.append((g, p))
    return pairs


def score(gold: list[dict], pred: list[dict]) -> dict:
    pairs = match(gold, pred)
    n = len(pairs) or 1
    out = {
        "gold": len(gold), "pred": len(pred), "matched": len(pairs),
        "recall": len(pairs) / (len(gold) or 1), "precision": len(pairs) / (len(pred) or 1),
        "date": sum(date_ok(g, p) for g, p in pairs) / n,
        "location": sum(location_ok(g, p) for g, p in pairs) / n,
        "status": sum(g["status"] == p["status"] for g, p in pairs) / n,
        "actor": sum(actor_ok(g["actors"], p["actors"]) for g, p in pairs) / n,
    }
    out["f1"] = 2 * out["recall"] * out["precision"] / ((out["recall"] + out["precision"]) or 1)
    return out


def misses(gold: list[dict], pred: list[dict]) -> tuple[list[dict], list[dict]]:
    """(gold events not found, predicted events not in gold) for error analysis."""
    pairs = match(gold, pred)
    mg = {id(g) for g, _ in pairs}
    mp = {id(p) for _, p in pairs}
    return [g for g in gold if id(g) not in mg], [p for p in pred if id(p) not in mp]
