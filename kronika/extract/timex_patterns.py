"""Candidate finding for the time-expression engine: the one precompiled regex and its acceptance rules.

``CANDIDATES`` is a single case-insensitive regex with one named group per expression kind (at one position
the first kind that matches wins); ``_TRIGGER_WORDS`` / ``_WORD_START`` say where it is worth trying it, and
``_accept`` drops matches the context shows are not dates ("may" the modal, years that are amounts, titles).
"""
from __future__ import annotations

import re

from .timex_lexicon import _LEX, HOL_FIXED, HOL_RULE, MONTHS, NUMBERS, SEASONS, UNITS, VAGUE, WEEKDAYS


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
