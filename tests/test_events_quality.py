"""Event extraction quality on real-news patterns (issue 4): trigger in the export contract, actors through
control adjectives and relative clauses, modal and figurative readings, dates from the clause chain."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    from kronika.annotate import load_model
    return load_model()


def run(nlp, text, published="2020-08-16"):
    from kronika.extract.events import extract_events
    from kronika.extract.mentions import extract_mentions
    from kronika.records import Article
    art = Article(text=text, published=published)
    doc = nlp(art.text)
    return extract_events(doc, art, extract_mentions(doc, art))


def test_trigger_is_exported_with_offsets(nlp):
    import jsonschema
    text = "Police said the protest was peaceful. On Sunday riot police arrested 40 protesters in Minsk."
    evs = run(nlp, text)
    (ev,) = [e for e in evs if e.type == "COERCE"]
    d = ev.export()
    assert d["trigger"] == {"text": "arrested", "start": text.index("arrested"), "end": text.index("arrested") + 8}
    schema = json.loads((ROOT / "docs" / "schemas" / "event.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(d)
    for e in evs:
        t = e.export()["trigger"]
        assert text[t["start"]:t["end"]] == t["text"] == e.trigger


def test_highlight_uses_the_exported_trigger_offsets():
    from kronika.web.highlight import event_sentence
    sentence = "Police fired on marchers and marchers fired back."
    ev = {"type": "ASSAULT", "trigger": {"text": "fired", "start": 100 + sentence.rindex("fired"), "end": 0},
          "sources": [{"sentence": sentence, "start": 100}]}
    html, found = event_sentence(ev, sentence)
    assert "trigger" in found and str(html).count("ev-trigger") == 1
    assert str(html).index("ev-trigger") > str(html).index("marchers and")
    html2, _ = event_sentence({"type": "ASSAULT", "trigger": "fired", "sources": []}, sentence)
    assert str(html2).count("ev-trigger") == 2  # a bare word (older rows): every occurrence
