"""Reference-time state and the relative resolvers of the time-expression engine.

``_Ctx`` carries, per document, the publication date and the last resolved reference time (day and quarter);
``_update_ref`` advances it after each expression. ``_resolve_rel`` ("last week", "next spring"),
``_resolve_ago`` ("three years ago", "two days later") and ``_resolve_quarter`` ("the third quarter",
"the year-ago period") resolve expressions counted from the publication date or the reference time.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .timex_calendar import _add_months, _monday, _week_value
from .timex_lexicon import SEASON_START, SEASONS, UNITS
from .timex_values import _APPROX_HEAD, _UNIT_IN, _duration_value, _num


class _Ctx:
    """Per-document resolution state: publication date and the last resolved reference time."""

    __slots__ = ("pub", "ref", "ref_q", "told", "year_only")

    def __init__(self, pub: date | None):
        self.pub = pub
        self.ref: date | None = pub
        self.ref_q: tuple[int, int] | None = None
        # the text has named a time ("in 2011", "on May 3"): "three years later" counts from it, not from
        # publication (a story's "four years later" is never four years after the paper came out)
        self.told = False
        self.year_only = False  # that time is a year: it anchors "three years later", not "two days later"


def _update_ref(ctx: _Ctx, typ: str, value: str) -> None:
    if typ not in ("DATE", "TIME"):
        return
    ref = None
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    m_week = re.match(r"(\d{4})-W(\d\d)", value)
    m_month = re.fullmatch(r"(\d{4})-(\d\d)", value)
    try:
        if m:
            ref = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif m_week:
            ref = date.fromisocalendar(int(m_week.group(1)), int(m_week.group(2)), 1)
        elif m_month and 1 <= int(m_month.group(2)) <= 12:
            ref = date(int(m_month.group(1)), int(m_month.group(2)), 1)
        elif re.fullmatch(r"\d{4}", value):
            ref = date(int(value), 1, 1)
    except ValueError:
        return
    if ref is not None:
        ctx.ref, ctx.told, ctx.year_only = ref, True, bool(re.fullmatch(r"\d{4}", value))


def _resolve_rel(lt: str, ctx: _Ctx, tense: str | None) -> tuple[str, str] | None:
    pub = ctx.pub
    sm = re.search(r"(spring|summer|fall|autumn|winter)", lt)
    ym = re.search(r"(\d{4})", lt)
    if sm:
        code = SEASONS[sm.group(1)]
        if ym:
            return ("DATE", f"{ym.group(1)}-{code}")
        if pub is None:
            return ("DATE", f"XXXX-{code}")
        y = pub.year
        start = SEASON_START[code]
        cur = start <= pub.month or (code == "WI" and pub.month <= 2)
        if code == "WI" and pub.month <= 2:
            y -= 1
        if re.search(r"\b(last|past|previous)\b", lt) and "this past" not in lt:
            y -= 1
        elif re.search(r"\b(next|coming)\b", lt):
            y = y + 1 if cur else y
        elif re.match(r"(?:the\s+)?this\b", lt) or (tense == "future" and not cur):
            pass
        elif not cur:
            y -= 1
        return ("DATE", f"{y}-{code}")
    dm = re.match(r"the (?:past|last) (week|month|year|decade|century)$", lt)
    if dm:  # "in the past week": a period reaching up to now (TIMEX3 DURATION)
        return ("DURATION", {"week": "P1W", "month": "P1M", "year": "P1Y", "decade": "P10Y", "century": "P100Y"}[dm.group(1)])
    if pub is None:
        return ("DATE", "XXXX")
    off = 0
    if re.search(r"\b(last|past|previous)\b", lt):
        off = -1
    elif re.search(r"\b(next|coming)\b", lt):
        off = 1
    unit = re.search(r"(fiscal year|weekend|week|month|year|decade|century|quarter)$", lt).group(1)
    if unit in ("week", "weekend"):
        d = _monday(pub) + timedelta(days=7 * off)
        return ("DATE", _week_value(d) + ("-WE" if unit == "weekend" else ""))
    if unit == "month":
        y, m = _add_months(pub.year, pub.month, off)
        return ("DATE", f"{y:04d}-{m:02d}")
    if unit in ("year", "fiscal year"):
        return ("DATE", f"{pub.year + off:04d}")
    if unit == "decade":
        return ("DATE", str(pub.year // 10 + off))
    if unit == "century":
        return ("DATE", f"{pub.year // 100 + off:02d}")
    if unit == "quarter":
        q = (pub.month - 1) // 3 + off
        y = pub.year + (q // 4)
        q = q % 4 + 1
        ctx.ref_q = (y, q)
        return ("DATE", f"{y}-Q{q}")
    return None


def _resolve_ago(lt: str, ctx: _Ctx) -> tuple[str, str] | None:
    pub = ctx.pub
    um = _UNIT_IN.search(lt)
    unit = UNITS[um.group(1)]
    head = lt[: um.start()]
    head = _APPROX_HEAD.sub("", head)
    head = re.sub(r"(?:\s+more)?[\s-]*$", "", head)
    n = _num(head)
    tail = lt[um.end():].strip()
    if tail in ("before", "after"):
        if unit in ("D", "W", "M", "Y"):
            return ("DURATION", _duration_value(n, um.group(1)))
        return None
    sign = 1 if tail in ("later", "from now", "hence") else -1
    if tail in ("ago", "from now", "hence"):
        anchor = pub
    else:  # earlier / later: relative to the reference time the text named
        if not ctx.told and sign > 0:
            return ("DATE", "FUTURE_REF")  # "four years later" with no time named before: a story's, not ours
        anchor = ctx.ref
        if ctx.told and ctx.year_only and unit not in ("Y", "DE", "CE"):
            # "since 2001 ... two weeks later": a year named in passing is no anchor for days or weeks
            return ("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    if unit == "Y" and ctx.ref_q is not None and n == 1 and tail in ("ago", "earlier"):
        y, q = ctx.ref_q
        return ("DATE", f"{y + sign}-Q{q}")
    if n is None:
        return ("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if anchor is None:
        return ("DATE", "XXXX-XX-XX")
    n = int(n) if n == int(n) else n
    if unit in ("H", "MIN", "S"):
        return ("DATE", anchor.isoformat())
    if unit == "D":
        return ("DATE", (anchor + timedelta(days=sign * int(n))).isoformat())
    if unit == "W":
        return ("DATE", _week_value(anchor + timedelta(days=sign * int(7 * n))))
    if unit == "FN":
        return ("DATE", _week_value(anchor + timedelta(days=sign * int(14 * n))))
    if unit == "M":
        y, m = _add_months(anchor.year, anchor.month, sign * int(n))
        return ("DATE", f"{y:04d}-{m:02d}")
    if unit == "Y":
        return ("DATE", f"{anchor.year + sign * int(n):04d}")
    if unit == "DE":
        return ("DATE", f"{anchor.year + sign * int(10 * n):04d}")
    if unit == "CE":
        return ("DATE", f"{(anchor.year + sign * int(100 * n)) // 100:02d}")
    return None


_ORDN = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _resolve_quarter(lt: str, ctx: _Ctx, tense: str | None) -> tuple[str, str] | None:
    pub = ctx.pub
    ym = re.search(r"(\d{4})", lt)
    hm = re.search(r"(first|second|latter|last) (?:half|two quarters)", lt)
    if hm:
        h = 1 if hm.group(1) == "first" else 2
        y = ym.group(1) if ym else (str(pub.year) if pub else "XXXX")
        return ("DATE", f"{y}-H{h}")
    qm = re.search(r"q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]", lt)
    if qm:
        q = int(qm.group(1)) if qm.group(1) else _ORDN[qm.group(2)]
        if ym:
            y = int(ym.group(1))
        elif pub is None:
            return ("DATE", f"XXXX-Q{q}")
        else:
            y = pub.year
            if "last year" in lt:
                y -= 1
            elif "next year" in lt:
                y += 1
            elif q > (pub.month - 1) // 3 + 1 and tense != "future":
                y -= 1
        if re.search(r"year-(ago|earlier)", lt):
            y -= 1
        ctx.ref_q = (y, q)
        return ("DATE", f"{y}-Q{q}")
    # "the quarter", "the latest quarter", "the year-ago quarter", "the 1988 period": the reference quarter
    if ym and ctx.ref_q is not None:
        return ("DATE", f"{ym.group(1)}-Q{ctx.ref_q[1]}")
    if ym:
        return ("DATE", ym.group(1))
    if ctx.ref_q is not None:
        y, q = ctx.ref_q
    elif pub is not None:
        q = (pub.month - 1) // 3  # the last completed quarter
        y = pub.year
        if q == 0:
            y, q = y - 1, 4
        if "current" in lt or lt.startswith("this"):
            y, q = pub.year, (pub.month - 1) // 3 + 1
    else:
        return ("DATE", "XXXX-QX")
    if re.search(r"year-(ago|earlier)", lt):
        return ("DATE", f"{y - 1}-Q{q}")
    ctx.ref_q = (y, q)
    return ("DATE", f"{y}-Q{q}")
