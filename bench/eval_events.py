"""PLOVER event typing and actors on the PLOVER gold-standard records (../shared/gold/plover-gsr).

Each record is one sentence with a gold PLOVER v1 type (event_v1), source and target actors. kronika runs on
the sentence alone; its top event (the trigger nearest the root of the parse) is compared:
type accuracy (top type == event_v1; "reviewed": against the README's event_v1_review suggestions where
given), actor / recipient accuracy (an actor's text or name shares a word with a
gold actorText), over records with a gold source / target. Also prints the tests' gold-article scores.

    .venv/bin/python bench/eval_events.py [--errors N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GSR = ROOT.parent / "shared" / "gold" / "plover-gsr" / "plover-gsr.jsonl"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
_STOP = {"the", "of", "and", "a", "an", "s", "'s", "in"}


def words(*texts) -> set[str]:
    return {w for t in texts if t for w in re.findall(r"[\w.]+", t.lower()) if w not in _STOP}


def top_event(doc, events):
    """The event whose trigger is closest to the root (ties: the first)."""
    best, key = None, None
    for ev in events:
        tok = next((t for t in doc if t.text == ev.trigger and ev.sources[0].start <= t.idx < ev.sources[0].end), None)
        depth = sum(1 for _ in tok.ancestors) if tok is not None else 99
        k = (depth, tok.i if tok is not None else 0)
        if key is None or k < key:
            best, key = ev, k
    return best


def gold_actors(x) -> list[str]:
    return [a.get("actorText", "") for a in x] if isinstance(x, list) else []


def run_gsr(n_errors: int, n_role_errors: int = 0) -> dict | None:
    if not GSR.exists():
        print(f"skip PLOVER GSR: {GSR} not found")
        return None
    from kronika.annotate import load_model
    from kronika.extract.events import extract_events
    from kronika.extract.mentions import extract_mentions
    from kronika.extract.event_status import plover_label
    from kronika.records import Article

    recs = [json.loads(line) for line in GSR.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_model()
    texts = [r["text"].strip().strip("{}") for r in recs]
    ok_t = ok_rev = n_act = ok_act = n_rec = ok_rec = ok_rec_loc = none = 0
    confusion: Counter = Counter()
    errors = []
    role_errors = []
    for r, text, doc in zip(recs, texts, nlp.pipe(texts, batch_size=64)):
        art = Article(text=text, published="2000-01-01")
        evs = extract_events(doc, art, extract_mentions(doc, art))
        top = top_event(doc, evs)
        gold = r["event_v1"]
        pred = plover_label(top.type, top.status) if top else None
        none += top is None
        ok_t += pred == gold
        ok_rev += pred == (r.get("event_v1_review") or {}).get("suggested", gold)
        if pred != gold:
            confusion[(gold, pred)] += 1
            errors.append((gold, pred, [e.type for e in evs], text))
        src, tgt = gold_actors(r.get("source")), gold_actors(r.get("target"))
        if src:
            n_act += 1
            a_hit = bool(top) and any(words(a.text, a.name) & words(*src) for a in top.actors)
            ok_act += a_hit
            if not a_hit:
                role_errors.append(("SRC", src, [a.text for a in top.actors] if top else None,
                                    top.trigger if top else None, text))
        if tgt:
            n_rec += 1
            hit = bool(top) and any(words(a.text, a.name) & words(*tgt) for a in top.recipients)
            ok_rec += hit
            if not hit:
                role_errors.append(("TAR", tgt, [a.text for a in top.recipients] if top else None,
                                    top.trigger if top else None, text))
            # PLOVER targets are often the place acted on ("lifted a curfew in Montenegro")
            loc = top.location if top else None
            ok_rec_loc += hit or bool(loc) and bool(words(loc.text, loc.name) & words(*tgt))
    n = len(recs)
    out = {"records": n, "type_accuracy": ok_t / n, "type_accuracy_reviewed": ok_rev / n, "no_event": none / n,
           "actor_accuracy": ok_act / (n_act or 1), "recipient_accuracy": ok_rec / (n_rec or 1),
           "recipient_or_place_accuracy": ok_rec_loc / (n_rec or 1),
           "with_actor": n_act, "with_recipient": n_rec}
    print("PLOVER GSR:", {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()})
    print("top confusions (gold -> kronika):", confusion.most_common(12))
    for g, p, all_types, text in errors[:n_errors]:
        print(f"  {g:9} -> {p} {all_types} | {text[:150]}")
    for role, gold_, got, trig, text in role_errors[:n_role_errors]:
        print(f"  {role} gold={gold_} got={got} trig={trig} | {text[:160]}")
    return out


def run_gold() -> dict | None:
    try:
        import event_scorer as S
        import events_gold as G
    except ImportError:
        return None
    res = S.score(S.load_gold(G.GOLD_DIR), G.predict())
    print("gold articles:", {k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()})
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=0, help="print this many mistyped sentences")
    ap.add_argument("--role-errors", type=int, default=0, help="print this many actor/recipient misses")
    args = ap.parse_args(argv)
    run_gold()
    run_gsr(args.errors, args.role_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
