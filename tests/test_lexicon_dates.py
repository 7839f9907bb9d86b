"""The date lexicon (kronika/extract/lexicon/dates*.json) is well-formed and consistent."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

LEX_DIR = Path(__file__).resolve().parent.parent / "kronika" / "extract" / "lexicon"
FILES = sorted(LEX_DIR.glob("dates*.json"))


@pytest.fixture(scope="module")
def lex() -> dict:
    return json.loads((LEX_DIR / "dates.json").read_text("utf-8"))


def test_files_parse():
    assert FILES
    for f in FILES:
        assert isinstance(json.loads(f.read_text("utf-8")), dict), f


def _keys_lower(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not k.startswith("_"):
                yield k
    elif isinstance(obj, list):
        for v in obj:
            if isinstance(v, str):
                yield v


def test_all_entries_lowercase_and_stripped(lex):
    for name, section in lex.items():
        if name.startswith("_") or name == "season_start_month":
            continue
        for k in _keys_lower(section):
            assert k == k.lower().strip(), (name, k)
            assert "  " not in k, (name, k)


def test_months_and_weekdays(lex):
    assert sorted(set(lex["months"].values())) == list(range(1, 13))
    for full in ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december"):
        assert full in lex["months"]
    assert sorted(set(lex["weekdays"].values())) == list(range(7))
    assert lex["weekdays"]["monday"] == 0 and lex["weekdays"]["sunday"] == 6
    for k in lex["weekday_abbrev_need_dot"]:
        assert k in lex["weekdays"]


def test_numbers_units_seasons(lex):
    assert all(isinstance(v, (int, float)) and v > 0 for v in lex["numbers"].values())
    assert set(lex["units"].values()) <= {"S", "MIN", "H", "D", "W", "FN", "M", "Y", "DE", "CE"}
    assert set(lex["seasons"].values()) == {"SP", "SU", "FA", "WI"}
    assert set(lex["season_start_month"]) == {"SP", "SU", "FA", "WI"}
    assert set(lex["parts_of_day"].values()) <= {"MO", "AF", "EV", "NI"}
    assert set(lex["relative_days"].values()) <= {-2, -1, 0, 1, 2}


def test_holidays_resolve(lex):
    for name, (m, d) in lex["holidays_fixed"].items():
        date(2020, m, d)  # valid in a leap year
    from kronika.extract.timex import _holiday
    for name in list(lex["holidays_fixed"]) + list(lex["holidays_rule"]):
        for y in (1990, 2020, 2024):
            assert isinstance(_holiday(name, y), date), name
    assert _holiday("easter", 2020) == date(2020, 4, 12)
    assert _holiday("good friday", 2024) == date(2024, 3, 29)
    assert _holiday("thanksgiving", 2020) == date(2020, 11, 26)
    assert _holiday("memorial day", 2020) == date(2020, 5, 25)
    assert _holiday("labor day", 2020) == date(2020, 9, 7)
    assert _holiday("election day", 2020) == date(2020, 11, 3)


def test_cues_are_disjoint(lex):
    assert not set(lex["future_cues"]) & set(lex["past_cues"])
    assert len(lex["future_cues"]) == len(set(lex["future_cues"]))
    assert lex["before_markers"] and lex["anchor_events"]
