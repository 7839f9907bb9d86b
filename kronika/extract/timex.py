"""Time-expression engine behind ``kronika.extract.dates``: candidate regex + TIMEX3 resolver.

One precompiled regex finds candidate spans; each candidate is resolved against the document
creation time (``published``) by small deterministic rules. Data (names, cue words, holidays) lives
in ``lexicon/dates.json`` and is loaded once at import. dateparser is only a last-resort fallback for
absolute dates our rules cannot read (lazy import, cached).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..records import DateValue

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

@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    value: str
    date: DateValue = field(default_factory=DateValue)
    type: str = "DATE"  # DATE | TIME | DURATION | SET (TIMEX3 type)


# --------------------------------------------------------------------------- regex

def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_MF = "|".join(m.capitalize() for m in MONTHS if len(m) > 4 or m in ("may", "june", "july"))
_MA = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
_MA_NODOT = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
MON = rf"(?:{_MF}|{_MA}|{_MA_NODOT}(?=\s+\d))"
_WD_FULL = "|".join(w.capitalize() for w in WEEKDAYS if len(w) > 4)
WD = rf"(?:(?:{_WD_FULL})(?!\w)|(?:Tues|Wed|Thurs|Thu|Fri)\.)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d/]|:\d)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d%])"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
NUM = (rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_TEENS}|{_ONES}"
       r"|a\s+hundred|hundred|a\s+dozen|dozen|a\s+couple\s+of|a\s+couple|couple\s+of|half\s+an?|an?)")
VNUM = r"(?:several|a\s+few|few|many|some|a\s+number\s+of|dozens\s+of)"
_UNITS_RX = r"(?:seconds|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|century|centuries)"
_UNITS_PL = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
_CAL = r"(?:week|weekend|month|year|decade|century|quarter|fiscal\s+year)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_PART = r"(?:morning|afternoon|evening|night|overnight)"
_APPROX = r"(?:(?:about|nearly|almost|some|more\s+than|over|just|only|roughly|around|at\s+least|up\s+to|less\s+than|fewer\s+than|barely|exactly|another)\s+)"
_MOD = r"(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|late|later|mid|middle|end|beginning|start)(?:\s+of)?(?:\s+|-)(?:the\s+)?)"
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_HOLIDAYS = _alt(list(HOL_FIXED) + list(HOL_RULE))
_DECWORD = r"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time))"
_CLOCK = r"(?:(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?:GMT|UTC|hours\b|hrs\b))|\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d\d(?=\s*(?:GMT|UTC|[ECMP][SD]T|local|hours?\b|h\b))|noon|midnight)"
REF_VALUES: dict[str, str] = {
    **{w: "PRESENT_REF" for w in _LEX["present_ref"]},
    **{w: "PAST_REF" for w in _LEX["past_ref"]},
    **{w: "FUTURE_REF" for w in _LEX["future_ref"]},
}
_REF = "(?:" + _alt(REF_VALUES) + ")"

_PATTERNS: list[tuple[str, str]] = [  # (kind, regex); at one position the first kind that matches wins
    ("iso", r"\d{4}-[01]\d-[0-3]\d(?:T\d\d:\d\d(?::\d\d)?)?(?![\d-])"),
    ("numeric", r"[01]?\d/[0-3]?\d/(?:\d{4}|\d\d)(?![\d/])"),
    ("time", rf"{_CLOCK}{_TZ}?(?:,?\s+(?:on\s+)?(?:{MON}\s+{DAY}(?:,?\s+{YEAR})?|{WD}|today|yesterday|tomorrow))?"),
    ("holiday", rf"(?:{_HOLIDAYS})(?:\s+(?:{YEAR}))?(?!\w)"),
    ("mdy", rf"(?:{WD},?\s+)?{MON}\s+{DAY}(?:,?\s+{YEAR})?"),
    ("dmy", rf"(?:{WD},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MON}(?:,?\s+{YEAR})?"),
    ("my", rf"{_MOD}?{MON}(?:,?\s+|\s+of\s+){YEAR}"),
    ("monrel", rf"{_MOD}?(?:{_MF})(?:\s+of)?\s+(?:this|last|next)\s+year(?!\w)"
               rf"|(?:last|next|this\s+past|this\s+coming|this)\s+(?:{_MF})(?!\w)"),
    ("relday", r"(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|(?:yesterday|today|tonight|tomorrow)"
               rf"(?:\s+{_PART})?|(?:last|tomorrow)\s+night|this\s+(?:morning|afternoon|evening)|overnight)(?!\w)"),
    ("wd", r"(?:(?:early|late)\s+)?(?:the\s+(?=previous|following|next|last|coming))?"
           rf"(?:(?:last|next|this\s+past|this\s+coming|this|coming|past|previous|following)\s+)?{WD}(?:\s+{_PART})?"),
    ("ago", rf"{_APPROX}?(?:{NUM}|{VNUM})[\s-]+(?:more\s+)?{_UNITS_RX}\s+(?:ago|earlier|later|from\s+now|hence"
            r"|(?:before|after)(?!\s+(?:the|a|an|his|her|their|its|he|she|they|it|this|that)\b)"
            r"(?!\s+(?-i:[A-Z]))(?!\s+\w))"),
    ("anaph", r"(?:the\s+)?(?:following|previous|preceding|same)\s+(?:day|morning|evening|night|week|month|year)"
              r"|the\s+next\s+(?:day|morning|evening|night)|the\s+day\s+(?:before|after)(?!\s+(?:yesterday|tomorrow))"
              r"|(?:(?:earlier|later)\s+)?that\s+(?:day|night|morning|evening|week|month|year)"),
    ("quarter", r"(?:(?:the|its|a)\s+)?(?:(?:this|last|next)\s+year's\s+)?(?:(?:fiscal|calendar)[\s-]+)?"
                rf"(?:{YEAR}\s+)?(?:(?:year-ago|year-earlier)\s+)?{_ORD}[\s-](?:fiscal\s+)?quarter"
                rf"(?:\s+of\s+(?:fiscal\s+)?{YEAR})?"
                rf"|Q[1-4](?:\s+{YEAR})?(?!\w)|(?:the\s+)?(?:first|second|latter|last)\s+half\s+of\s+(?:the\s+year|{YEAR})"
                rf"|(?:the\s+)?(?:first|last)\s+two\s+quarters\s+of\s+{YEAR}"
                r"|(?:the|this|that|its)\s+(?:(?:latest|current|last|most\s+recent|year-ago|year-earlier|comparable"
                r"|same|fiscal)\s+)*quarter(?![\w-])"
                rf"|(?:the|this|that|its)\s+(?:(?:latest|year-ago|year-earlier|comparable|corresponding|same|{YEAR})\s+)+"
                r"(?:quarter|period)(?![\w-])"
                rf"|(?:the\s+)?(?:year-ago|year-earlier)\s+(?:quarter|period)(?![\w-])"),
    ("rel", rf"{_MOD}?(?:the\s+)?(?:this\s+past|this\s+coming|last|next|this|coming|past|previous|current)\s+"
            rf"(?:{_CAL}|{_SEASON})(?!\w)"),
    ("season", rf"{_MOD}?(?:the\s+)?{_SEASON}\s+(?:of\s+)?{YEAR}|(?:the\s+|in\s+)(?:(?:early|late|mid)[\s-]+)?"
               rf"{_SEASON}(?!\w)|{YEAR}\s+{_SEASON}"),
    ("weekend", r"(?:the|this|last|next|over\s+the)\s+weekend(?!\w)"),
    ("decade", rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[5-9]\d0s|20\d0s|'\d0s|\d0s|{_DECWORD})(?!\w)"),
    ("century", r"(?:the\s+|this\s+)?(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
         "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
         "nineteenth", "twentieth", "twenty-first"]) + r")[\s-]+century(?!\w)|this\s+century"),
    ("year", rf"{_MOD}?(?:fiscal\s+)?{YEAR}(?:[-/](?:\d\d)(?!\d))?"),
    ("spelled_year", r"(?:the\s+year\s+)?(?:nineteen(?:\s+hundred)?(?:\s+and)?[\s-]+"
                     rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_TEENS}|oh[\s-](?:{_ONES}))"
                     rf"|two\s+thousand(?:\s+and)?(?:[\s-](?:{_ONES}|{_TEENS}|twenty(?:[\s-](?:{_ONES}))?))?)(?![\w-])"),
    ("theyear", r"(?:(?:earlier|later)\s+in\s+|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)?"
                r"the\s+(?:full\s+|fiscal\s+|calendar\s+|current\s+)?(?:year|month|week)"
                r"(?!\s*(?:\d|ago|earlier|later|before|after|or|and))(?![\w-])"
                r"|(?:the\s+)?(?:year|fiscal)[\s-]end(?!\w)"
                r"|(?:the\s+)?(?:year-earlier|year-ago)"
                r"(?=\s+(?:results|profit|net|loss|earnings|sales|revenue|level|figures?|income))"),
    ("month", rf"{_MOD}?(?:{_MF})(?!\w)"),
    ("set", rf"(?:every|each)\s+(?:other\s+)?(?:day|week|month|year|morning|night|evening|{WD}|{MON})"
            r"|daily|weekly|monthly|annually|yearly|nightly|hourly|per\s+(?:day|week|month|year|hour)"),
    ("dur", r"(?:(?:the\s+)?(?:past|last|next|coming|first|previous|following|final|remaining)\s+)?"
            rf"{_APPROX}?(?:{NUM}|{VNUM}|\d+)[\s-]+(?:more\s+)?{_UNITS_RX}(?![\w-])(?!\s+old)"
            rf"|(?<=for\s)(?:{_UNITS_PL}|{_UNITS_PL}\s+or\s+{_UNITS_PL})(?!\w)"),
    ("ref", _REF + r"(?!\w)"),
]
CANDIDATES = re.compile(r"(?<![\w'])(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _PATTERNS) + ")", re.IGNORECASE)
# Words that can begin a candidate: the big regex is only tried at these word starts (speed).
_TRIGGER_WORDS = frozenset(
    {w.split()[0] for w in list(MONTHS) + list(WEEKDAYS) + list(NUMBERS) + list(VAGUE) + list(UNITS) + list(SEASONS)
     + list(HOL_FIXED) + list(HOL_RULE)}
    | set((_TENS + "|" + _ONES + "|" + _TEENS + "|" + _DECWORD[3:-1]).split("|"))
    | set("""about nearly almost some more over just only roughly around at up less fewer barely exactly another
    the very early earlier late later mid middle end beginning start this last next coming past previous following
    current preceding same that its yesterday today tonight tomorrow overnight noon midnight every each daily weekly
    monthly annually yearly nightly hourly per right now currently presently nowadays these recently lately recent fiscal
    calendar year q first second third fourth latter in tues wed thurs thu fri several few many dozens hundreds
    countless numerous number couple half dozen eleventh twelfth thirteenth fourteenth fifteenth sixteenth
    seventeenth eighteenth nineteenth twentieth fifth sixth seventh eighth ninth tenth st a an""".split()))
_WORD_START = re.compile(r"(?<![\w'])(?:[A-Za-z]+|\d|'(?=\d))")
# Names must be capitalised ("may" the modal, "march" the verb/noun): checked on the matched text.
_LOWER_NAME = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(set(MONTHS) | set(WEEKDAYS), key=len, reverse=True)) + r")\.?(?!\w)")
_NEEDS_CAP = {"mdy", "dmy", "my", "wd", "month", "holiday", "monrel"}
_PREP_YEAR = {"in", "since", "until", "till", "by", "from", "to", "through", "during", "of", "before", "after",
              "between", "and", "or", "early", "late", "mid", "around", "circa", "fiscal", "year", "the", "than",
              "for", "at", "on", "as", "into", "spring", "summer", "autumn", "fall", "winter", "end", "beginning",
              "start", "middle", "throughout", "unlike", "like", "over", "-"}
_YEAR_NEXT_OK = {"was", "is", "were", "has", "had", "saw", "will", "brought", "when", "and", "or", "to", "through",
                 "until", "election", "elections", "vote", "census", "season", "budget", "level", "levels",
                 "figure", "figures", "law", "constitution", "act", "agreement", "accord", "accords", "treaty",
                 "revolution", "war", "crisis", "protests", "uprising", "games", "olympics", "cup", "campaign",
                 "presidential", "parliamentary", "general", "attack", "attacks", "invasion", "coup", "fiscal",
                 "financial", "ended", "began", "onwards", "onward"}
_MONTH_PREV = {"in", "since", "until", "till", "by", "from", "to", "through", "during", "of", "before", "after",
               "between", "and", "or", "early", "late", "mid", "last", "next", "this", "each", "every", "end",
               "beginning", "start", "middle", "on", "throughout", "for", "that", "until", "-", "mid-"}


def _prev_word(text: str, i: int) -> str:
    j = i
    while j > 0 and text[j - 1] == " ":
        j -= 1
    k = j
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'’-"):
        k -= 1
    return text[k:j].lower() if k < j else (text[j - 1] if j > 0 else "")


def _next_word(text: str, i: int) -> str:
    n = len(text)
    j = i
    while j < n and text[j] == " ":
        j += 1
    k = j
    while k < n and (text[k].isalnum() or text[k] in "'’"):
        k += 1
    return text[j:k] if k > j else (text[j] if j < n else "")


def _in_url(text: str, s: int, e: int) -> bool:
    a = text.rfind(" ", 0, s) + 1
    a = max(a, text.rfind("\n", 0, s) + 1, text.rfind("<", 0, s) + 1 if "<" in text[max(0, s - 200):s] else 0)
    b = e
    n = len(text)
    while b < n and not text[b].isspace():
        b += 1
    run = text[a:b]
    return "://" in run or "www." in run or run.startswith(("http", "/")) or bool(re.search(r"\w/\d{4}/\d", run))


def _accept(kind: str, m: re.Match, text: str) -> bool:
    s, e = m.span()
    t = m.group(0)
    if kind in _NEEDS_CAP:
        for nm in _LOWER_NAME.finditer(t):
            if nm.group(0)[0].islower():
                return False
    if kind in ("iso", "numeric", "year", "mdy", "dmy", "my", "time") and _in_url(text, s, e):
        return False
    if kind == "year":
        if s > 0 and text[s - 1] in "$#£€.,:/-+" and not (
                text[s - 1] in "-–" and t[:1].isdigit() and s > 1 and (text[s - 2].isalpha() or text[s - 5:s - 1].isdigit())):
            return False
        if re.match(r"\s*(?:GMT|UTC|hours\b|hrs\b|[ECMP][SD]T\b)", text[e:e + 8]):
            return False
        nxt = text[e:e + 2]
        if nxt[:1] in ("%", ".") and nxt[1:2].isdigit():
            return False
        if nxt[:1] == "," and nxt[1:2].isdigit():
            return False
        if re.match(r"\s*(?:%|percent|per\s+cent)", text[e:e + 12]):
            return False
        if not re.match(r"(?i)(?:fiscal\s+)?\d", t) or re.match(r"(?i)fiscal", t):
            return True  # "early 1994", "fiscal 1990"
        pw = _prev_word(text, s)
        if re.search(r"\d{4}\s*[-–]\s*$", text[max(0, s - 7):s]):  # "2014-2016"
            return True
        if pw in _PREP_YEAR or pw in ("that", "its", "his", "her", "their", "our", "this", "a") or pw.endswith("'s") or (pw and pw[:1].isupper() and pw.lower() in MONTHS):
            return True
        nw = _next_word(text, e)
        if not nw or not nw[0].isalnum() or nw[0].isupper() or nw.lower() in _YEAR_NEXT_OK:
            return True
        return False
    if kind == "month":
        name = re.sub(r"(?i)^.*?\b(" + _MF + r")$", r"\1", t)
        if t != name:  # has a modifier ("early August")
            return True
        pw = _prev_word(text, s)
        if pw in _MONTH_PREV:
            return True
        if name in ("May", "March"):
            return False
        nw = _next_word(text, e)
        if pw in ("\"", "“", "'") or nw.lower() in ("for", "against", "on", "to", "through"):
            return False
        if pw in ("a", "the") and (not nw or nw[:1].isupper()):
            return False
        return True
    if kind == "dur":
        if re.match(r"(?i)(?:an?|one)\s+(?:seconds?|minutes?)\b", t) and not re.search(r"(?i)\bfor\s*$", text[max(0, s - 5):s]):
            return False
        if re.match(r"\s*-?\s*old\b", text[e:e + 6]):
            return False
        if re.match(r"(?i)an?\s", t):  # "four flights a week", "$1.76 a year": a rate, not a duration
            pw = _prev_word(text, s)
            if pw[-1:].isdigit() or pw in ("million", "billion", "trillion", "percent", "times", "once", "twice", "%") \
                    or (len(pw) > 3 and pw.endswith("s") and pw not in ("was", "has", "this", "its", "his", "less")):
                return False
    if kind == "ref":
        lw = t.lower()
        if lw == "now" and _next_word(text, e).lower() in ("that",):
            return True
        if lw == "the past" and re.match(r"\s+(?:\d|[a-z]+\s+(?:days|weeks|months|years))", text[e:e + 20]):
            return False
    if kind in ("rel", "relday") and t[:1].isupper() and not t.isupper():
        # ABC's "This Week", "USA Today", "VOA Today": a title, not a date -- unless the line is a headline
        pm = re.search(r"(\S+)\s+$", text[max(0, s - 40):s])
        prev = pm.group(1) if pm else ""
        titled = bool(re.search(r"\s[A-Z][a-z]+$", t)) or (
            prev[:1].isupper() and prev[-1:].isalpha() and prev.lower() not in ("on", "and", "but", "until", "since", "by"))
        if titled:
            nl = text.find("\n", e)
            line = text[text.rfind("\n", 0, s) + 1: nl if nl >= 0 else len(text)]
            words = re.findall(r"[A-Za-z]+", line)
            if sum(w[0].isupper() for w in words) < 0.8 * len(words):
                return False
    if kind == "wd":
        # "Sunday Times" / "Bloody Sunday": capitalised word after/before a bare weekday
        nw = _next_word(text, e)
        if nw in ("Times", "Telegraph", "Express", "Mirror", "Post", "Herald", "Mail", "School", "Trading", "Night"):
            return False
        if _prev_word(text, s) in ("bloody", "black", "super", "cyber", "ash", "holy", "good", "palm", "easter"):
            return False
    return True


# --------------------------------------------------------------------------- date helpers

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


# --------------------------------------------------------------------------- resolution

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


class _Ctx:
    """Per-document resolution state: publication date and the last resolved reference time."""

    __slots__ = ("pub", "ref", "ref_q")

    def __init__(self, pub: date | None):
        self.pub = pub
        self.ref: date | None = pub
        self.ref_q: tuple[int, int] | None = None


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


_RX_MDY = re.compile(rf"(?i)(?:({WD}),?\s+)?({MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?")
_RX_DMY = re.compile(rf"(?i)(?:({WD}),?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({MON})(?:,?\s+(\d{{4}}))?")


def _mk_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


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
        elif lt.startswith("the ") and ctx.ref is not None:  # "the previous Friday": from the reference time
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
    else:  # earlier / later: relative to the reference time
        anchor = ctx.ref
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


# --------------------------------------------------------------------------- scan

_DEADLINE = re.compile(r"(?i)\b(?:by|until|till|through|effective|starting|no\s+later\s+than|as\s+(?:early|soon|late)\s+as)"
                       r"\s+(?:at\s+least\s+|the\s+end\s+of\s+|early\s+|late\s+|mid-?)?$")


def _update_ref(ctx: _Ctx, typ: str, value: str) -> None:
    if typ not in ("DATE", "TIME"):
        return
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    if m:
        try:
            ctx.ref = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
        return
    m = re.match(r"(\d{4})-W(\d\d)", value)
    if m:
        try:
            ctx.ref = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            pass
        return
    m = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if m and 1 <= int(m.group(2)) <= 12:
        ctx.ref = date(int(m.group(1)), int(m.group(2)), 1)


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
                if not re.search(r"\bhad\b", text[max(0, s - 60):s]):
                    tense = "future"
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
                and ((tense_at(s, e) if tense_at is not None else None) or heuristic(text, s, e)) == "future":
            # "will take place in ten days": a date counted from publication
            n, u = int(value[1:-1]), value[-1]
            typ, value = _resolve_ago(f"{n} {dict(D='days', W='weeks', M='months', Y='years')[u]} from now", ctx)
        _update_ref(ctx, typ, value)
        dv = _date_value(value, published)
        dv.text = t
        out.append(TimeExpr(s, e, t, value, dv, typ))
    return out
