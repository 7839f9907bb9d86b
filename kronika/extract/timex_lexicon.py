"""Lexicon data for the time-expression engine (``kronika.extract.timex``).

Names, cue words, units and holidays live in ``lexicon/dates.json``; it is loaded once, here, at import.
"""
from __future__ import annotations

import json
from pathlib import Path

_LEX = json.loads((Path(__file__).parent / "lexicon" / "dates.json").read_text("utf-8"))
MONTHS: dict[str, int] = _LEX["months"]
WEEKDAYS: dict[str, int] = _LEX["weekdays"]
NUMBERS: dict[str, float] = _LEX["numbers"]
VAGUE = set(_LEX["vague_numbers"])
UNITS: dict[str, str] = _LEX["units"]
SEASONS: dict[str, str] = _LEX["seasons"]
SEASON_START: dict[str, int] = _LEX["season_start_month"]
PARTS: dict[str, str] = _LEX["parts_of_day"]
HOL_FIXED: dict[str, list[int]] = _LEX["holidays_fixed"]
HOL_RULE: dict[str, str] = _LEX["holidays_rule"]
FUTURE_CUES = set(_LEX["future_cues"])
PAST_CUES = set(_LEX["past_cues"])
