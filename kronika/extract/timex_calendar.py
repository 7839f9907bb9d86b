"""Pure calendar helpers for the time-expression engine.

Month arithmetic, ISO weeks, Easter and other movable holidays, weekday resolution and the choice of year for
a month / month-day mentioned without one. No document state.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .timex_lexicon import HOL_FIXED, HOL_RULE


def _last_dom(y: int, m: int) -> int:
    return (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _easter(y: int) -> date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def _holiday(name: str, y: int) -> date | None:
    name = re.sub(r"\s+", " ", name.lower())
    if name in HOL_FIXED:
        m, d = HOL_FIXED[name]
        return date(y, m, d)
    rule = HOL_RULE.get(name)
    if rule is None:
        return None
    if rule.startswith("easter"):
        off = int(rule[6:] or 0)
        return _easter(y) + timedelta(days=off)
    if rule == "election":  # US: Tuesday after the first Monday in November
        d = date(y, 11, 2)
        return d + timedelta(days=(1 - d.weekday()) % 7)
    m, n, wd = (int(x) for x in rule.split("/"))
    if n > 0:
        d = date(y, m, 1)
        return d + timedelta(days=(wd - d.weekday()) % 7 + 7 * (n - 1))
    d = date(y, m, _last_dom(y, m))
    return d - timedelta(days=(d.weekday() - wd) % 7)


def resolve_weekday(weekday: int, published: date, tense: str | None = "past", *, rel: str | None = None) -> date:
    """The date of a weekday (0=Monday) mentioned in a report published on ``published``.

    News convention: the publication weekday itself is the publication day, whatever the tense;
    otherwise past/present (and unknown) tense -> the most recent such day before publication,
    future -> the next such day after it. ``rel`` "last" / "next" force strictly before / after."""
    if rel == "last":
        return published - timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
    if rel == "next":
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    if tense == "future":
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _month_year(month: int, pub: date, tense: str | None) -> int:
    if tense == "future":
        return pub.year if month >= pub.month - 2 else pub.year + 1
    # past / unknown: this year's unless well after publication (reported deadlines: "by February")
    diff = month - pub.month
    if diff <= 0:
        return pub.year
    if tense is None and diff <= 2:
        return pub.year
    if tense is not None and diff <= 1:
        return pub.year
    return pub.year - 1


def _md_year(month: int, day: int, pub: date, tense: str | None) -> int:
    try:
        d = date(pub.year, month, day)
    except ValueError:
        return pub.year
    days = (d - pub).days
    if tense == "future":  # ahead, unless only just gone ("through Oct. 19" a week later)
        return pub.year if days >= -45 else pub.year + 1
    if days <= 0:
        return pub.year
    # past / unknown tense but after publication: a deadline or schedule in reported speech
    return pub.year if days <= (150 if tense is None else 92) else pub.year - 1


def _two_digit_year(y: str) -> int:
    n = int(y)
    return n if len(y) == 4 else (2000 + n if n < 50 else 1900 + n)


def _mk_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None
