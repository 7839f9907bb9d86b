"""TIMEX3 value helpers: spelled / vague numbers, duration values and the date bounds of a value.

``_date_value`` turns a resolved TIMEX3 value ("2020-W33", "1998-Q2", "PAST_REF") into a ``DateValue``
with start / end / precision.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..records import DateValue
from .timex_calendar import _add_months, _last_dom
from .timex_lexicon import NUMBERS, SEASON_START, UNITS, VAGUE


def _num(s: str) -> float | None:
    s = re.sub(r"\s+", " ", s.strip().lower()).replace("-", " ")
    if not s:
        return None
    if s in VAGUE or s.replace(" of", "") in VAGUE:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    m = re.fullmatch(r"(\d+) 1/2", s)
    if m:
        return int(m.group(1)) + 0.5
    if s in NUMBERS:
        return NUMBERS[s]
    parts = s.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


_APPROX_HEAD = re.compile(r"^(?:about|nearly|almost|some|more than|over|just|only|roughly|around|at least|up to"
                          r"|less than|fewer than|barely|exactly|another)\s+")
_UNIT_IN = re.compile(r"(?i)(seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|century|centuries)")


def _duration_value(n: float | None, unit: str) -> str:
    u = UNITS[unit.lower()]
    if n is None:
        num = "X"
    else:
        if u == "FN":
            n, u = n * 2, "W"
        if u == "DE":
            n, u = n * 10, "Y"
        if u == "CE":
            n, u = n * 100, "Y"
        if n != int(n):
            if u == "Y":
                return f"P{int(n)}Y6M" if n % 1 == 0.5 else f"P{int(n * 12)}M"
            if u == "D":
                return f"P{int(n * 24)}H"
            num = str(n)
        else:
            num = str(int(n))
    if u in ("H", "MIN", "S"):
        return f"PT{num}{'M' if u == 'MIN' else u}"
    if u == "DE" or u == "CE":
        return f"P{num}{u}"
    return f"P{num}{u}"


def _date_value(v: str, published: date | None) -> DateValue:
    """Start/end/precision for a TIMEX3 value (text filled by caller)."""
    dv = DateValue(value=v)
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(T.*)?", v)
    if m:
        d = m.group(1) + "-" + m.group(2) + "-" + m.group(3)
        dv.start = dv.end = d
        dv.precision = "day"
        return dv
    m = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v)
    if m:
        mon = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            dv.start, dv.end = (mon + timedelta(days=5)).isoformat(), (mon + timedelta(days=6)).isoformat()
        else:
            dv.start, dv.end = mon.isoformat(), (mon + timedelta(days=6)).isoformat()
        dv.precision = "week"
        return dv
    m = re.fullmatch(r"(\d{4})-(\d\d)", v)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        dv.start, dv.end = f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{_last_dom(y, mo):02d}"
        dv.precision = "month"
        return dv
    m = re.fullmatch(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)", v)
    if m:
        y, p = int(m.group(1)), m.group(2)
        if p[0] == "Q":
            a = (int(p[1]) - 1) * 3 + 1
            b = a + 2
        elif p[0] == "H":
            a = 1 if p == "H1" else 7
            b = a + 5
        else:
            a = SEASON_START[p]
            b = a + 2
        ya, ma = y, a
        yb, mb = _add_months(y, a, b - a)
        dv.start, dv.end = f"{ya:04d}-{ma:02d}-01", f"{yb:04d}-{mb:02d}-{_last_dom(yb, mb):02d}"
        dv.precision = "month"
        return dv
    m = re.fullmatch(r"(\d{4})", v)
    if m:
        dv.start, dv.end, dv.precision = f"{v}-01-01", f"{v}-12-31", "year"
        return dv
    m = re.fullmatch(r"(\d{3})", v)
    if m:
        dv.start, dv.end, dv.precision = f"{v}0-01-01", f"{v}9-12-31", "year"
        return dv
    m = re.fullmatch(r"(\d{2})", v)
    if m:
        dv.start, dv.end, dv.precision = f"{v}00-01-01", f"{v}99-12-31", "year"
        return dv
    if v.startswith("XXXX"):  # no anchor: granularity only
        if re.fullmatch(r"XXXX-(\d\d|XX)-(\d\d|XX)|XXXX-WXX-\d", v):
            dv.precision = "day"
        elif re.fullmatch(r"XXXX-WXX(-WE)?", v):
            dv.precision = "week"
        elif re.fullmatch(r"XXXX-\d\d", v):
            dv.precision = "month"
        elif v == "XXXX":
            dv.precision = "year"
        return dv
    if published is not None:
        if v == "PRESENT_REF":  # bounds only: "now" is not a day-precise date
            dv.start = dv.end = published.isoformat()
        elif v == "PAST_REF":
            dv.end = published.isoformat()
        elif v == "FUTURE_REF":
            dv.start = published.isoformat()
    return dv


def _spelled_year(lt: str) -> int | None:
    w = re.sub(r"^the year ", "", lt).replace("-", " ").replace(" and ", " ").split()
    if w[:2] == ["two", "thousand"]:
        rest = " ".join(w[2:])
        return 2000 + int(_num(rest) or 0) if rest else 2000
    if w[0] == "nineteen":
        w = [x for x in w[1:] if x != "hundred"]
        if w and w[0] == "oh":
            w = w[1:]
        n = _num(" ".join(w)) if w else 0
        return 1900 + int(n) if n is not None and n < 100 else None
    return None
