"""Sentence boundaries kronika sets before the parser: paragraphs and datelines."""
import pytest

from kronika.annotate import datelines
from kronika.records import Article


@pytest.mark.parametrize("text, rest", [
    ("WASHINGTON (AP) — The Senate voted.", "The Senate voted."),
    ("ST. LOUIS (AP) — A retired captain died.", "A retired captain died."),
    ("LAKE BUENA VISTA, Fla. — Mitt Romney spoke.", "Mitt Romney spoke."),
    ("MOSCOW, Aug 16 (Reuters) - Russia said.", "Russia said."),
    ("(Reuters) - Russia said.", "Russia said."),
    ("First paragraph.\nMINSK (AFP) - Belarus said.", "Belarus said."),
])
def test_datelines_are_found(text, rest):
    (start, end), = datelines(text)
    assert text[end:] == rest


@pytest.mark.parametrize("text", ["The US - Russia talks ended.", "FBI agents said so.", "US-Russia talks.",
                                  "- a list item", "He said: WASHINGTON (AP) — no."])
def test_not_datelines(text):
    assert datelines(text) == []


def test_a_dateline_is_not_the_subject_of_its_sentence(pipeline):
    r = pipeline(Article(text="JOINT BASE ANDREWS, Maryland - President Donald Trump welcomed home three "
                              "Americans freed by North Korea early Thursday.", published="2018-05-10"))
    ev, = r.events
    assert [a.name for a in ev.actors] == ["Donald Trump"]
    assert ev.sources[0].sentence.startswith("President Donald Trump")
    # NER calls the capitals a person: no such person in the record
    assert "JOINT BASE ANDREWS" not in {m.text for m in r.mentions}
