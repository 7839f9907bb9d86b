"""Resolution of one matched candidate into a TIMEX3 (type, value) pair.

``_resolve`` dispatches on the candidate kind (the named group of ``CANDIDATES`` that matched); relative
periods, "ago" expressions and quarters go to ``timex_relative``. dateparser is only a last-resort fallback
for absolute dates our rules cannot read (lazy import, cached).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .timex_calendar import _add_months, _holiday, _md_year, _mk_day, _monday, _month_year, _two_digit_year, \
    _week_value, resolve_weekday
from .timex_lexicon import _LEX, HOL_FIXED, MONTHS, PARTS, WEEKDAYS
from .timex_patterns import _MF, MON, REF_VALUES, WD
from .timex_relative import _Ctx, _resolve_ago, _resolve_quarter, _resolve_rel
from .timex_values import _APPROX_HEAD, _UNIT_IN, _duration_value, _num, _spelled_year

_RX_MDY = re.compile(rf"(?i)(?:({WD}),?\s+)?({MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?")
_RX_DMY = re.compile(rf"(?i)(?:({WD}),?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({MON})(?:,?\s+(\d{{4}}))?")


def _resolve(kind: str, t: str, ctx: _Ctx, tense: str | None) -> tuple[str, str] | None:
    """(TIMEX3 type, value) for a candidate, or None to drop it."""
    pub = ctx.pub
    lt = re.sub(r"\s+", " ", t.lower())
    if kind == "iso":
        y, mo, d = int(t[:4]), int(t[5:7]), int(t[8:10])
        v = _mk_day(y, mo, d)
        if v is None:
            return None
        return ("TIME", v + t[10:16]) if "T" in t else ("DATE", v)
    if kind == "numeric":
        a, b, c = t.split("/")
        a_, b_ = int(a), int(b)
        y = _two_digit_year(c)
        mo, d = (a_, b_) if a_ <= 12 else (b_, a_)
        v = _mk_day(y, mo, d)
        return ("DATE", v) if v else None
    if kind in ("mdy", "dmy"):
        mm = (_RX_MDY if kind == "mdy" else _RX_DMY).match(t)
        if not mm:
            return _fallback(t, pub, tense)
        if kind == "mdy":
            mon, d, y = mm.group(2), int(mm.group(3)), mm.group(4)
        else:
            d, mon, y = int(mm.group(2)), mm.group(3), mm.group(4)
        mo = MONTHS[mon.lower().rstrip(".")]
        if y:
            yi = int(y)
        elif pub is not None:
            yi = _md_year(mo, d, pub, tense)
            if mm.group(1):  # "Monday, December 26": the weekday picks the year (within a year either side)
                wd = WEEKDAYS[mm.group(1).lower().rstrip(".")]
                for cand in (yi, yi - 1, yi + 1):
                    if _mk_day(cand, mo, d) and date(cand, mo, d).weekday() == wd:
                        yi = cand
                        break
        else:
            return ("DATE", f"XXXX-{mo:02d}-{d:02d}") if 1 <= d <= 31 else None
        v = _mk_day(yi, mo, d)
        return ("DATE", v) if v else None
    if kind == "my":
        mm = re.search(rf"({MON})(?:,?\s+|\s+of\s+)(\d{{4}})", t, re.I)
        return ("DATE", f"{int(mm.group(2)):04d}-{MONTHS[mm.group(1).lower().rstrip('.')]:02d}")
    if kind == "monrel":
        name = re.search(rf"({_MF})", t, re.I).group(1)
        mo = MONTHS[name.lower()]
        if pub is None:
            return ("DATE", f"XXXX-{mo:02d}")
        if lt.endswith("year"):
            y = pub.year + (-1 if "last year" in lt else 1 if "next year" in lt else 0)
        elif re.match(r"(last|this past)", lt):
            # "last February" in March is a year back (last month would be "last month")
            y = pub.year if mo < pub.month - 1 else pub.year - 1
        elif re.match(r"(next|this coming)", lt):
            y = pub.year if mo > pub.month else pub.year + 1
        else:  # "this September": this calendar year's
            y = pub.year
        return ("DATE", f"{y:04d}-{mo:02d}")
    if kind == "month":
        name = re.search(rf"({_MF})$", t, re.I).group(1)
        mo = MONTHS[name.lower()]
        if pub is None:
            return ("DATE", f"XXXX-{mo:02d}")
        return ("DATE", f"{_month_year(mo, pub, tense):04d}-{mo:02d}")
    if kind == "year":
        mm = re.search(r"(\d{4})(?:[-/](\d\d))?$", t)
        return ("DATE", mm.group(1))
    if kind == "relday":
        part = next((PARTS[p] for p in PARTS if lt.endswith(p)), None)
        if lt == "tonight":
            part = "NI"
        if lt == "overnight":
            part = "NI"
        if lt.startswith("this "):
            off = 0
        elif lt == "last night":
            off = -1
        elif lt == "overnight":
            off = 0
        else:
            off = next(v for k, v in _LEX["relative_days"].items() if lt.startswith(k))
        if pub is None:
            return ("DATE", "XXXX-XX-XX")
        # a part of the day resolves to the day itself ("Saturday night" -> the Saturday)
        return ("DATE", (pub + timedelta(days=off)).isoformat())
    if kind == "wd":
        name = re.search(rf"({WD})", t, re.I).group(1)
        wd = WEEKDAYS[name.lower().rstrip(".")]
        part = next((PARTS[p] for p in PARTS if lt.endswith(p)), None)
        rel = None
        if re.match(r"(last|past|previous|this past)\b", lt):
            rel = "last"
        elif re.match(r"(next|coming|this coming)\b", lt):
            rel = "next"
        elif lt.startswith("this "):
            rel = None
        if pub is None:
            v = f"XXXX-WXX-{wd + 1}"
        elif lt.startswith("the ") and ctx.ref is not None and not ctx.year_only:
            # "the previous Friday": from the reference time (a year alone names no week)
            v = resolve_weekday(wd, ctx.ref, tense, rel=rel or "last").isoformat()
        else:
            v = resolve_weekday(wd, pub, tense, rel=rel).isoformat()
        return ("DATE", v)
    if kind == "time":
        md = re.search(rf"({MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$", t, re.I)
        mm = re.match(r"(?i)(\d\d?(?=[:\s.apAP])|\d\d)(?::?(\d\d))?\s*(a\.m\.|p\.m\.|am|pm)?|(noon)|(midnight)", t)
        if mm.group(4):
            hh, mi = 12, 0
        elif mm.group(5):
            hh, mi = 0, 0
        else:
            hh, mi = int(mm.group(1)), int(mm.group(2) or 0)
            ap = (mm.group(3) or "").lower()
            if ap.startswith("p") and hh < 12:
                hh += 12
            if ap.startswith("a") and hh == 12:
                hh = 0
            if hh > 23 or mi > 59:
                return None
        day = "XXXX-XX-XX"
        if pub is not None:
            dd = pub
            w = re.search(rf"({WD})", t, re.I)
            if md and md.group(1).lower().rstrip(".") in MONTHS:
                mo_, d_ = MONTHS[md.group(1).lower().rstrip(".")], int(md.group(2))
                y_ = int(md.group(3)) if md.group(3) else _md_year(mo_, d_, pub, tense)
                if not _mk_day(y_, mo_, d_):
                    return None
                dd = date(y_, mo_, d_)
            elif w:
                dd = resolve_weekday(WEEKDAYS[w.group(1).lower().rstrip(".")], pub, tense)
            elif "yesterday" in lt:
                dd = pub - timedelta(days=1)
            elif "tomorrow" in lt:
                dd = pub + timedelta(days=1)
            day = dd.isoformat()
        return ("TIME", f"{day}T{hh:02d}:{mi:02d}")
    if kind == "holiday":
        mm = re.search(r"(\d{4})$", t)
        name = t[: mm.start()].strip() if mm else t
        if mm:
            d = _holiday(name, int(mm.group(1)))
        elif pub is not None:
            d = _holiday(name, pub.year)
            if d is not None:
                if tense == "future" and d < pub:
                    d = _holiday(name, pub.year + 1)
                elif tense != "future" and d > pub + timedelta(days=7):
                    d = _holiday(name, pub.year - 1)
        else:
            d0 = _holiday(name, 2001)
            return ("DATE", f"XXXX-{d0:%m-%d}") if name.lower() in HOL_FIXED and d0 else None
        return ("DATE", d.isoformat()) if d else None
    if kind == "weekend":
        if pub is None:
            return ("DATE", "XXXX-WXX-WE")
        mon = _monday(pub)
        if lt.startswith("last"):
            d = mon - timedelta(days=7)
        elif lt.startswith("next"):
            d = mon + timedelta(days=7) if pub.weekday() >= 5 else mon
        elif tense == "future" or lt.startswith("this"):
            d = mon
        else:  # past: the weekend just gone (or the current one)
            d = mon if pub.weekday() >= 5 else mon - timedelta(days=7)
        return ("DATE", _week_value(d) + "-WE")
    if kind == "rel" and re.fullmatch(r"the\s+next\s+(?:week|month|year)", lt) and ctx.told:
        kind = "anaph"  # "In 2016 ... The next year they allowed ...": the year after the one named
    if kind in ("rel", "season"):
        return _resolve_rel(lt, ctx, tense)
    if kind == "ago":
        return _resolve_ago(lt, ctx)
    if kind == "anaph":
        ref = ctx.ref
        if ref is None:
            return ("DATE", "XXXX-XX-XX")
        if re.search(r"(following|next|after)", lt):
            sign = 1
        elif re.search(r"(previous|preceding|before)", lt):
            sign = -1
        else:
            sign = 0
        unit = re.search(r"(day|morning|evening|night|week|month|year)$", lt).group(1)
        if sign > 0 and not ctx.told:
            return ("DATE", "FUTURE_REF")  # "the following year" with no time named before it
        if ctx.year_only and unit != "year":
            return ("DATE", "XXXX-XX-XX")  # "in 2011 ... the following day": which day is not known
        if unit in ("day", "morning", "evening", "night"):
            d = ref + timedelta(days=sign)
            return ("DATE", d.isoformat())
        if unit == "week":
            return ("DATE", _week_value(ref + timedelta(days=7 * sign)))
        if unit == "month":
            y, m = _add_months(ref.year, ref.month, sign)
            return ("DATE", f"{y:04d}-{m:02d}")
        return ("DATE", f"{ref.year + sign:04d}")
    if kind == "quarter":
        return _resolve_quarter(lt, ctx, tense)
    if kind == "spelled_year":
        y = _spelled_year(lt)
        return ("DATE", str(y)) if y else None
    if kind == "theyear":
        if pub is None:
            return ("DATE", "XXXX")
        if "year-" in lt and ("earlier" in lt or "ago" in lt):
            if ctx.ref_q is not None:
                return ("DATE", f"{ctx.ref_q[0] - 1}-Q{ctx.ref_q[1]}")
            return ("DATE", str(pub.year - 1))
        if lt.endswith("month"):
            return ("DATE", f"{pub.year:04d}-{pub.month:02d}")
        if lt.endswith("week"):
            return ("DATE", _week_value(pub))
        return ("DATE", str(pub.year))
    if kind == "decade":
        mm = re.search(r"(\d{4})s|'(\d)0s|(\d)0s", lt)
        if mm and mm.group(1):
            return ("DATE", mm.group(1)[:3])
        if mm:
            dgt = mm.group(2) or mm.group(3)
            base = "19" if pub is None or int(dgt) * 10 + 1900 <= pub.year else "18"
            return ("DATE", base + dgt)
        words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        w = re.search("|".join(words), lt).group(0)
        return ("DATE", "19" + str(words.index(w) + 2))
    if kind == "century":
        if lt.endswith("this century"):
            return ("DATE", str(pub.year // 100).zfill(2)) if pub else ("DATE", "XX")
        mm = re.search(r"(\d{1,2})(?:st|nd|rd|th)", lt)
        if mm:
            n = int(mm.group(1))
        else:
            ords = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                    "eighteenth", "nineteenth", "twentieth"]
            if "twenty-first" in lt:
                n = 21
            else:
                n = ords.index(re.search("|".join(ords), lt).group(0)) + 1
        return ("DATE", f"{n - 1:02d}")
    if kind == "set":
        w = re.search(rf"({WD})", t, re.I)
        if w:
            return ("SET", f"XXXX-WXX-{WEEKDAYS[w.group(1).lower().rstrip('.')] + 1}")
        mo = re.search(rf"({MON})", t, re.I)
        if mo and mo.group(1).lower().rstrip(".") in MONTHS:
            return ("SET", f"XXXX-{MONTHS[mo.group(1).lower().rstrip('.')]:02d}")
        if "hour" in lt:
            return ("SET", "PT1H")
        if re.search(r"daily|day\b|nightly|night|morning|evening", lt):
            return ("SET", "P1D")
        if re.search(r"week", lt):
            return ("SET", "P1W")
        if re.search(r"month", lt):
            return ("SET", "P1M")
        if re.search(r"year|annual", lt):
            return ("SET", "P1Y")
        return ("SET", "P1M")
    if kind == "dur":
        um = _UNIT_IN.search(lt.split(" or ")[0])
        unit = um.group(1)
        head = lt[: um.start()]
        head = re.sub(r"^(?:the\s+)?(?:past|last|next|coming|first|previous|following|final|remaining)\s+", "", head)
        head = _APPROX_HEAD.sub("", head)
        head = re.sub(r"(?:\s+more)?[\s-]*$", "", head)
        n = _num(head) if head else None
        return ("DURATION", _duration_value(n, unit))
    if kind == "ref":
        v = REF_VALUES.get(lt)
        return ("DATE", v) if v else None
    return None


@lru_cache(maxsize=4096)
def _dateparser_parse(s: str, base: date | None, prefer: str) -> date | None:
    try:
        import dateparser  # lazy: heavy import, rarely needed
    except ImportError:  # pragma: no cover
        return None
    from datetime import datetime
    settings = {"PREFER_DATES_FROM": prefer, "DATE_ORDER": "MDY", "REQUIRE_PARTS": ["day", "month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        r = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:
        return None
    return r.date() if r else None


def _fallback(t: str, pub: date | None, tense: str | None) -> tuple[str, str] | None:
    d = _dateparser_parse(t, pub, "future" if tense == "future" else "past")
    return ("DATE", d.isoformat()) if d else None
