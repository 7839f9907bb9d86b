"""Quotes: gold scores against floors, the example's listed cases, and robustness."""
from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

from kronika.annotate import load_model
from kronika.extract.mentions import extract_mentions
from kronika.extract.quotes import extract_quotes, find_quote_spans
from kronika.records import Article

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "quotes"
WIKINEWS = ROOT / "tests" / "fixtures" / "wikinews"
GOLD_SETS = [(GOLD / "belarus.article.json", GOLD / "belarus.jsonl")] + [
    (p, GOLD / f"wikinews-{p.stem}.jsonl") for p in sorted(WIKINEWS.glob("*.json"))]


def _scorer():
    spec = importlib.util.spec_from_file_location("eval_quotes", ROOT / "bench" / "eval_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def run(nlp, text: str, headings=None, title=None):
    art = Article(text=text, title=title, headings=headings or [])
    doc = nlp(text)
    idx = extract_mentions(doc, art)
    return art, extract_quotes(doc, art, idx)


def load_article(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def belarus(nlp):
    a = load_article(GOLD / "belarus.article.json")
    return run(nlp, a["text"], a["headings"], a["title"])


def find(quotes, text, kind=None):
    hits = [q for q in quotes if q.text == text and (kind is None or q.kind == kind)]
    assert hits, f"no quote {text!r} ({kind})"
    return hits[0]


def spk(q):
    return q.speaker.name if q.speaker else None


# ---- gold + floors ----------------------------------------------------------------------------
def test_gold_offsets_are_consistent():
    for art_path, gold_path in GOLD_SETS:
        text = load_article(art_path)["text"]
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            assert text[g["start"]:g["end"]] == g["text"], (gold_path.name, g)
            assert g["kind"] in ("direct", "partial", "indirect")


def test_gold_scores_meet_floors(nlp):
    ev = _scorer()
    gold_all, pred_all, off = [], [], 0
    for art_path, gold_path in GOLD_SETS:
        a = load_article(art_path)
        _, quotes = run(nlp, a["text"], a.get("headings"))
        gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines()]
        for rows, out in ((gold, gold_all), (ev.quote_dicts(quotes), pred_all)):
            for r in rows:  # one long virtual document: offsets shifted per article
                out.append({**r, "start": r["start"] + off, "end": r["end"] + off})
        off += len(a["text"]) + 1
    scores = ev.score_quotes(gold_all, pred_all)
    floors = json.loads((ROOT / "tests" / "gold" / "floors.json").read_text())["quotes"]
    for kind in ("direct", "partial", "indirect"):
        assert scores[kind]["f1"] >= floors[f"{kind}_f1"], (kind, scores[kind])
    assert scores["speaker"]["acc"] >= floors["speaker_acc"], scores["speaker"]


def test_scorer_overlap_rule():
    ev = _scorer()
    assert ev.overlaps(0, 10, 5, 12)  # 5 of the shorter 7
    assert not ev.overlaps(0, 10, 8, 20)
    assert ev.same_speaker("Carrie Lam", "Lam") and not ev.same_speaker("Lam", None)
    s = ev.score_quotes([{"kind": "direct", "start": 0, "end": 10, "speaker": "A B"}],
                        [{"kind": "direct", "start": 1, "end": 9, "speaker": "B"}])
    assert s["direct"]["f1"] == 1.0 and s["speaker"]["acc"] == 1.0


# ---- the example ------------------------------------------------------------------------------
def test_example_direct_quotes(belarus):
    art, qs = belarus
    assert spk(find(qs, "Thank you!", "direct")) == "crowd"
    y = [q for q in qs if q.text.startswith("Like everyone we are demanding")][0]
    assert y.kind == "direct" and spk(y) == "Andrei Yaroshevich" and y.cue == "said"
    assert spk([q for q in qs if q.text.startswith("It's obvious")][0]) == "Alexei Linich"
    n = [q for q in qs if q.text.startswith("If Russia intervenes")][0]
    assert n.kind == "direct" and spk(n) == "Olga Nesteruk" and "I'm really afraid of this" in n.text


def test_example_partial_quotes(belarus):
    _, qs = belarus
    for text, who in [("a threat not only to Belarus.", "Alexander Lukashenko"),
                      ("comprehensive help", "Alexander Lukashenko"),
                      ("ensure the security of Belarus.", "Alexander Lukashenko"),
                      ("problems", "Kremlin"), ("resolved soon", "Kremlin"),
                      ("engage with civil society,", "Mike Pompeo"),
                      ("sheep", "Alexander Lukashenko"),
                      ("people with a criminal past who are now unemployed,", "Alexander Lukashenko"),
                      ("help us in organising a dialogue with Belarusian authorities.", "Svetlana Tikhanovskaya")]:
        assert spk(find(qs, text, "partial")) == who, text
    kremlin = find(qs, "problems")
    assert kremlin.speaker.entity_id  # an ORG entity, not only a name


def test_example_indirect_claims(belarus):
    _, qs = belarus
    ind = {q.text: q for q in qs if q.kind == "indirect"}
    assert spk(ind["Vladimir Putin has offered to help ensure Belarus's security"]) == "Alexander Lukashenko"
    assert ind["Vladimir Putin has offered to help ensure Belarus's security"].cue == "according to"
    assert spk(ind["was rigged to give Lukashenko another term in office"]) == "opposition"
    assert spk(ind["they planned a strike on Monday"]) == "staff"
    assert spk(ind["Lukashenko of rigging the vote"]) == "Svetlana Tikhanovskaya"
    assert spk(ind["he step down"]) == "Svetlana Tikhanovskaya"
    assert spk(ind["have won the election with 80% of the vote"]) == "Alexander Lukashenko"
    assert spk(ind["she came under official pressure"]) == "allies"
    assert spk(ind["died when an explosive device went off in his hand during a protest"]) == "officials"
    assert spk(ind["they fear Russian intervention"]) == "opposition protesters"
    assert any(t.startswith("the leaders agreed the") and spk(q) == "Kremlin" for t, q in ind.items())
    assert any(t.startswith("the authorities release all detainees") and spk(q) == "Svetlana Tikhanovskaya"
               for t, q in ind.items())


def test_example_not_quotes(belarus):
    art, qs = belarus
    texts = {q.text for q in qs}
    assert "March for Freedom" not in texts and "union state" not in texts
    for q in qs:
        assert art.text[q.start:q.end] == q.text
        assert not any(s <= q.start < e for s, e in art.headings), q.text
        assert "afraid'" not in q.text and "give up the country" not in q.text and "free and fair" not in q.text


# ---- unit cases ---------------------------------------------------------------------------------
def test_split_quote_same_speaker(nlp):
    text = ('Maria Kolesnikova spoke to reporters in Minsk on Monday.\n\n'
            '"We will not leave," she said. "They cannot stop all of us."')
    _, qs = run(nlp, text)
    d = [q for q in qs if q.kind == "direct"]
    assert [q.text for q in d] == ["We will not leave,", "They cannot stop all of us."]
    assert {spk(q) for q in d} == {"Maria Kolesnikova"}


def test_curly_quotes_and_multi_paragraph(nlp):
    text = ('“The first paragraph of a long statement goes on.\n\n'
            '“And the second paragraph ends it,” said Angela Merkel.')
    art, qs = run(nlp, text)
    d = [q for q in qs if q.kind == "direct"]
    assert [q.text for q in d] == ["The first paragraph of a long statement goes on.",
                                   "And the second paragraph ends it,"]
    assert all(spk(q) == "Angela Merkel" for q in d)
    assert all(art.text[q.start:q.end] == q.text for q in d)


def test_unresolved_and_absent_speakers(nlp):
    _, qs = run(nlp, '"It is over," said the man.\n\n"Nobody knows what comes next."')
    first, second = [q for q in qs if q.kind == "direct"]
    assert first.speaker is not None and first.speaker.name is None and first.speaker.text == "the man"
    assert second.speaker is None or second.speaker.name is None


def test_scare_quotes_and_titles_dropped(nlp):
    _, qs = run(nlp, 'The party held a "March for Freedom" on Sunday and signed a "union state" deal. '
                     'He watched "Shark Tank" later.')
    assert not [q for q in qs if q.kind != "indirect"]


def test_headings_never_quote(nlp):
    text = "'I'm really afraid'\n\nShe said \"we are afraid of nothing at all.\"\n\n\"Heading quote\""
    head = [[0, 19], [text.index('"Heading'), len(text)]]
    _, qs = run(nlp, text, head)
    assert all(q.start > 19 for q in qs)
    assert not any("Heading quote" in q.text for q in qs)


def test_unbalanced_marks_do_not_crash(nlp):
    text = ('He said "this opens and never closes.\n\n'
            'Then "a real quote here," said John Smith. A stray ” mark and a lone " too.\n\n'
            '"Unclosed at paragraph start but it is fine')
    art, qs = run(nlp, text)
    assert any(q.text == "a real quote here," and spk(q) == "John Smith" for q in qs)
    assert all(art.text[q.start:q.end] == q.text for q in qs)


def test_find_quote_spans_is_linear_and_total():
    text = ('"a," b "c" " d "e\n' * 20000)
    t0 = time.perf_counter()
    spans = find_quote_spans(text)
    assert time.perf_counter() - t0 < 2.0
    assert spans


def test_long_article_of_quotes_is_fast(nlp):
    lines = [f'"Statement number {i} is on the record," said John Smith.' if i % 2 else
             f'Officials said the count {i} was final, according to Reuters.' for i in range(2000)]
    text = "\n\n".join(lines)
    t0 = time.perf_counter()
    doc = nlp(text)
    t_nlp = time.perf_counter() - t0
    art = Article(text=text)
    t0 = time.perf_counter()
    idx = extract_mentions(doc, art)
    qs = extract_quotes(doc, art, idx)
    t_ex = time.perf_counter() - t0
    assert len([q for q in qs if q.kind == "direct"]) == 1000
    assert t_ex < max(0.5 * t_nlp, 1.0), (t_ex, t_nlp)


def test_empty_and_quote_only_texts(nlp):
    assert run(nlp, "")[1] == []
    _, qs = run(nlp, '"')
    assert qs == []
    _, qs = run(nlp, '""  “”')
    assert qs == []
