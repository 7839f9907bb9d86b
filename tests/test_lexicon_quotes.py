"""The quote/speech lexicon files are well formed and load once."""
from __future__ import annotations

from pathlib import Path

from kronika.extract import speakers

LEX = Path(speakers.__file__).parent / "lexicon"


def _entries(name: str) -> list[str]:
    return [x.strip() for x in (LEX / name).read_text(encoding="utf-8").splitlines()
            if x.strip() and not x.startswith("#")]


def test_speech_verbs_are_lowercase_lemmas():
    verbs = _entries("speech_verbs.txt")
    assert len(verbs) == len(set(verbs)), "duplicates"
    assert all(v == v.lower() and " " not in v for v in verbs)
    for v in ("say", "tell", "accuse", "urge", "demand", "claim", "chant", "dismiss", "warn"):
        assert v in speakers.speech_verbs()
    assert "be" not in speakers.speech_verbs()


def test_collectives_have_sectors():
    rows = _entries("quote_collectives.tsv")
    assert all(len(r.split("\t")) == 2 for r in rows)
    col = speakers.collectives()
    assert col["crowd"] and col["official"] == "government" and col["police"] == "police"


def test_first_names_have_gender():
    rows = _entries("quote_first_names.tsv")
    assert all(r.split("\t")[1] in ("f", "m") for r in rows)
    names = [r.split("\t")[0] for r in rows]
    assert len(names) == len(set(names)), "a name with two genders"
    fn = speakers.first_names()
    assert fn["svetlana"] == "f" and fn["alexei"] == "m"


def test_roles_and_cached_loading():
    assert "leader" in speakers.roles() and "president" in speakers.roles()
    assert speakers.speech_verbs() is speakers.speech_verbs()  # loaded once
