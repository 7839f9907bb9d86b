"""Time-expression engine behind ``kronika.extract.dates``: candidate regex + TIMEX3 resolver.

One precompiled regex finds candidate spans; each candidate is resolved against the document
creation time (``published``) by small deterministic rules. Data (names, cue words, holidays) lives
in ``lexicon/dates.json`` and is loaded once at import. dateparser is only a last-resort fallback for
absolute dates our rules cannot read (lazy import, cached).

This module holds ``TimeExpr`` and the scan; the parts live in sibling modules:
``timex_lexicon`` (lexicon data), ``timex_patterns`` (candidate regex + acceptance rules),
``timex_calendar`` (calendar helpers), ``timex_values`` (numbers, durations, value bounds),
``timex_relative`` (reference time; relative, "ago" and quarter resolution) and ``timex_resolve``
(candidate -> TIMEX3 value). Names other modules import are re-exported here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ..records import DateValue
from .timex_patterns import _TRIGGER_WORDS, _WORD_START, CANDIDATES, _accept, _prev_word
from .timex_relative import _Ctx, _resolve_ago, _update_ref
from .timex_resolve import _resolve
from .timex_values import _date_value

# Re-exported: the engine's public names (and the few private ones importers use) stay importable from here.
from .timex_calendar import _holiday, resolve_weekday  # noqa: F401
from .timex_lexicon import (  # noqa: F401
    _LEX, FUTURE_CUES, HOL_FIXED, HOL_RULE, MONTHS, NUMBERS, PARTS, PAST_CUES, SEASON_START, SEASONS, UNITS, VAGUE,
    WEEKDAYS,
)
from .timex_patterns import DAY, MON, NUM, REF_VALUES, VNUM, WD, YEAR  # noqa: F401


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    value: str
    date: DateValue = field(default_factory=DateValue)
    type: str = "DATE"  # DATE | TIME | DURATION | SET (TIMEX3 type)


# --------------------------------------------------------------------------- scan

_DEADLINE = re.compile(r"(?i)\b(?:by|until|till|through|effective|starting|no\s+later\s+than|as\s+(?:early|soon|late)\s+as)"
                       r"\s+(?:at\s+least\s+|the\s+end\s+of\s+|early\s+|late\s+|mid-?)?$")


def scan(text: str, published: date | None, tense_at: Callable[[int, int], str | None] | None,
         heuristic: Callable[[str, int, int], str | None]) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    if not text:
        return out
    ctx = _Ctx(published)
    pos = 0
    match = CANDIDATES.match
    trig = _TRIGGER_WORDS
    for w in _WORD_START.finditer(text):
        ws = w.start()
        if ws < pos:
            continue
        g = w.group(0)
        if not (g[0] in "0123456789'" or g.lower() in trig):
            continue
        m = match(text, ws)
        if m is None:
            continue
        kind = m.lastgroup
        if not _accept(kind, m, text):
            continue
        s, e = m.span()
        t = m.group(0)
        # trim a leading "over the " of "over the weekend" (TIMEX3 spans exclude prepositions)
        if kind == "weekend" and t.lower().startswith("over"):
            k = t.lower().index("the")
            s, t = s + k, t[k:]
        if kind == "season" and t.lower().startswith("in "):
            s, t = s + 3, t[3:]
        tense = None
        if kind in ("wd", "month", "mdy", "dmy", "holiday", "time", "season", "rel", "weekend", "quarter"):
            tense = tense_at(s, e) if tense_at is not None else None
            if tense is None:
                tense = heuristic(text, s, e)
            if kind in ("month", "mdy", "dmy") and tense != "future" and _DEADLINE.search(text, max(0, s - 30), s):
                # "by February", "through January", "effective Feb. 1": a deadline ahead
                if not re.search(r"\bhad\b", text[max(0, s - 60):s]) \
                        and not re.match(r",?\s+(?:\w+\s+){0,3}?(?:was|were|had)\b", text[e:e + 60]):
                    tense = "future"  # ("by January 5, Comey was already discussing it": past)
        try:
            r = _resolve(kind, t, ctx, tense)
        except (ValueError, KeyError, AttributeError, OverflowError):
            r = None
        pos = e
        if r is None:
            continue
        typ, value = r
        if kind == "dur" and t.lower() == "one day" and _prev_word(text, s) in (
                "will", "would", "could", "may", "might", "can", "should", "must", "he", "she", "they", "we", "i"):
            typ, value = "DATE", "FUTURE_REF"  # "Islam will one day be ..."
        if kind == "dur" and published is not None and re.match(r"P\d+[DWMY]$", value) \
                and re.search(r"(?i)\bin\s+$", text[max(0, s - 4):s]) and re.match(r"(?i)(?:\d|[a-z]+\s)", t) \
                and not re.match(r"(?i)(?:the|past|last|next|coming|first)\b", t) \
                and not re.match(r"(?i)(?:nearly|almost|more\s+than|over|at\s+least)\b", t) \
                and ((tense_at(s, e) if tense_at is not None else None) or heuristic(text, s, e)) == "future":
            # "will take place in ten days": a date counted from publication ("the first time in nearly two
            # decades" is a span of time, not a date ahead)
            n, u = int(value[1:-1]), value[-1]
            typ, value = _resolve_ago(f"{n} {dict(D='days', W='weeks', M='months', Y='years')[u]} from now", ctx)
        _update_ref(ctx, typ, value)
        dv = _date_value(value, published)
        dv.text = t
        out.append(TimeExpr(s, e, t, value, dv, typ))
    return out
