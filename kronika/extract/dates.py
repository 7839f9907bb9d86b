"""Time expressions in news text: find them, resolve them to TIMEX3 values and DateValues.

Pure functions; the only I/O is loading ``lexicon/dates.json`` once at import (in ``timex``).

    >>> [(e.text, e.value) for e in find_time_expressions("Thousands demonstrated Saturday.", "2020-08-16")]
    [('Saturday', '2020-08-15')]

Weekdays follow the news convention: the publication weekday is the publication day, whatever the
tense ("a show of force Sunday" in a Sunday report = that Sunday); any other bare weekday is the most
recent such day before publication, unless the clause is about the future ("will", "planned a strike on
Monday", "is to", "scheduled") -- then the next such day. ``last``/``next`` force before/after.
The tense comes from ``tense_at(start, end)`` when the caller has a parse (see ``tense_of_token``),
otherwise from a cheap look at the words around the expression.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Callable, Iterator

from ..records import DateValue
from .timex import FUTURE_CUES, PAST_CUES, TimeExpr, resolve_weekday, scan, _LEX

__all__ = ["TimeExpr", "find_time_expressions", "resolve_weekday", "tense_of_token", "heuristic_tense",
           "date_for_span", "dates_jsonl", "parse_published"]

_MULTI_FUTURE = tuple(c for c in FUTURE_CUES if " " in c)
_ONE_FUTURE = frozenset(c for c in FUTURE_CUES if " " not in c)
_BOUNDARY = re.compile(r"[.;!?\n:\"“”]|,\s|\s[-–—]\s")
_TOKEN = re.compile(r"[A-Za-z'-]+")
_PRESENT = frozenset({"is", "are", "am", "says", "say", "continues", "remains", "has", "have"})


def parse_published(published: str | date | None) -> date | None:
    """YYYY-MM-DD (a longer ISO timestamp is cut to its date) -> date; None/invalid -> None."""
    if published is None or isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


def heuristic_tense(text: str, start: int, end: int) -> str | None:
    """'future' | 'past' | 'present' | None from the words of the clause around text[start:end].

    Looks back to the previous clause boundary (at most ~80 chars) and a little ahead. Future cues
    (will, plans/planned/planning, prepare, scheduled, is to, expected to, next ...) win over past ones,
    because "planned a strike on Monday" is about a future Monday."""
    if text[end:end + 2] in ("'s", "’s"):  # "Wednesday's ruling": a past event
        return "past"
    a = max(0, start - 80)
    left = text[a:start]
    bs = list(_BOUNDARY.finditer(left))
    if bs:
        left = left[bs[-1].end():]
    right = text[end:end + 40]
    b = _BOUNDARY.search(right)
    if b:
        right = right[:b.start()]
    right = " ".join(right.split()[:2])  # "on Monday will ...", not the next clause's verbs
    lw = " " + left.lower() + " "
    rw = " " + right.lower() + " "
    words = _TOKEN.findall(lw) + _TOKEN.findall(rw)
    if any(w in _ONE_FUTURE for w in words) or any(f" {c} " in lw or f" {c} " in rw for c in _MULTI_FUTURE):
        return "future"
    if any(w in PAST_CUES or (len(w) > 3 and w.endswith("ed")) for w in words):
        return "past"
    if any(w in _PRESENT for w in words):
        return "present"
    return None


# heads that make their object future: "planned a strike on Monday", "called for a march on Sunday"
_PLAN_HEADS = frozenset({"plan", "prepare", "schedule", "call", "threaten", "vow", "pledge", "promise", "intend",
                         "organise", "organize", "propose", "set", "announce", "urge"})
# heads that make any date attached to them future: "planned a strike on Monday", "is planning ... on Sunday"
# (not vow, pledge, promise, threaten: "pledged on Tuesday to ...", "threatened Friday to impose levies" date the
# pledge and the threat; their object or infinitive is what lies ahead)
_PLAN_DIRECT = frozenset({"plan", "prepare", "schedule", "intend"})
_CIRCUMSTANCE = frozenset({"in", "at", "during"})  # "vowed ... in the summit on April 27": where it was said
# infinitive governors: "plans to march on Monday", "is to vote Sunday", "is going to", "expects to"
_TO_GOVERNORS = frozenset({"plan", "prepare", "schedule", "intend", "threaten", "vow", "pledge", "promise", "be",
                           "go", "expect", "want", "hope", "aim", "set", "agree", "decide", "seek"})
_FUTURE_NOUN_HEADS = frozenset({"plan", "plans", "threat", "threats", "deadline", "schedule"})


def tense_of_token(token) -> str | None:
    """Tense ('past' | 'present' | 'future' | None) governing a spaCy token (e.g. the "Monday" of a date).

    Walks up the dependency tree to the governing verb. Future: an auxiliary will/shall/'ll; an
    infinitive under plan/expect/be/go ("plans to march on Monday", "is to vote Sunday"); the date inside
    the object of a plan-type head ("called for a march on Sunday"), unless that object is where the act
    took place ("vowed ... in the summit on April 27"); any date attached to plan, prepare, schedule, intend
    ("planned a strike on Monday", "is planning a show of force on Sunday"); "scheduled/set for".
    Otherwise past for Tense=Past / VBD / VBN, present for other finite verbs, None without a verb."""
    tok = token
    through_noun = False
    verb = None
    for _ in range(12):
        head = tok.head
        if head.i == tok.i:
            break
        if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
            verb = head
            break
        if head.pos_ in ("NOUN", "PROPN"):
            if head.lower_ in _FUTURE_NOUN_HEADS:
                return "future"
            through_noun = True
        tok = head
    if verb is None:
        return None
    lo, hi = sorted((token.idx, verb.idx))
    if "\n" in token.doc.text[lo:hi]:  # a parse across a line break (heading + paragraph): do not trust it
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_l = {a.lower_ for a in auxes}
    if aux_l & {"will", "shall", "'ll", "wo"}:
        return "future"
    lemma = verb.lemma_.lower()
    circumstance = tok.dep_ == "prep" and tok.lower_ in _CIRCUMSTANCE and through_noun
    if lemma in _PLAN_HEADS and through_noun and not circumstance:
        return "future"
    if lemma in _PLAN_DIRECT and not circumstance:
        return "future"
    if lemma in ("schedule", "set", "slate") and verb.tag_ == "VBN":
        return "future"
    if "to" in aux_l:
        gov = verb.head
        if gov.i != verb.i and gov.lemma_.lower() in _TO_GOVERNORS:
            return "future"
    if verb.morph.get("Tense") == ["Past"] or verb.tag_ in ("VBD", "VBN"):
        if verb.tag_ == "VBN" and aux_l & {"is", "are", "am"}:
            return "present"
        return "past"
    if aux_l & {"was", "were", "had", "did"}:
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG") or verb.morph.get("Tense") == ["Pres"]:
        return "present"
    return None


def find_time_expressions(text: str, published: str | date | None, *,
                          tense_at: Callable[[int, int], str | None] | None = None) -> list[TimeExpr]:
    """Every time expression in ``text`` with offsets (text[e.start:e.end] == e.text), TIMEX3 value,
    TIMEX3 type (DATE/TIME/DURATION/SET) and DateValue.

    ``published``: the document creation time (YYYY-MM-DD); None -> values like XXXX-08-15.
    ``tense_at(start, end)``: optional tense of the clause governing the span (from a parse); when it is
    absent or answers None, a word-window heuristic is used."""
    if not text:
        return []
    return scan(text, parse_published(published), tense_at, heuristic_tense)


_BEFORE = re.compile(r"(?i)\b(?:" + "|".join(re.escape(b).replace(r"\ ", r"\s+") for b in
                                                   sorted(_LEX["before_markers"], key=len, reverse=True)) + r")\s+(?:the\s+|this\s+|next\s+)?$")
_ANCHOR_EVENTS = "|".join(re.escape(a) for a in sorted(_LEX["anchor_events"], key=len, reverse=True))
_BEFORE_EVENT = re.compile(r"(?i)\b(?:" + "|".join(re.escape(b).replace(r"\ ", r"\s+") for b in
                                                        sorted(_LEX["before_markers"], key=len, reverse=True))
                           + r")\s+(?:(?:the|this|last|next|a|an|its|their|his|her)\s+)?(?:[\w'-]+\s+){0,3}?(?:"
                           + _ANCHOR_EVENTS + r")\b")
_MODAL_FUTURE = re.compile(r"(?i)\b(?:will|shall|'ll|is\s+to|are\s+to|going\s+to|scheduled|plans?\s+to|due\s+to\s+be)\b")
_PREC_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@lru_cache(maxsize=16)
def _scan_cached(text: str, published: date | None) -> tuple[TimeExpr, ...]:
    return tuple(scan(text, published, None, heuristic_tense))


def _in_quote(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return (seg.count('"') + seg.count("“") + seg.count("”")) % 2 == 1


def date_for_span(text: str, published: str | date | None, start: int, end: int,
                  tense: str | None = None) -> DateValue:
    """The DateValue of the time expression(s) inside text[start:end] (an event's sentence or clause).

    Picks the most specific dated expression (day > week > month > year, then the first), preferring
    expressions outside quotation marks. "before/ahead of X" marks an upper bound: end = the anchor's
    date, start = None ("ahead of polls" without a date: value PAST_REF/FUTURE_REF, no bounds). Only
    durations or vague references outside quotes -> their value (P3D, PRESENT_REF ...) with precision None. No expression
    -> DateValue() (precision/text/start None): there is no silent fallback to the publication date.

    ``tense`` (from the event's parse) decides bare weekdays/months; without it the whole ``text`` is
    scanned once (cached) so the word heuristic and "two days later"-style references see the context."""
    start = max(0, start)
    end = min(len(text), end)
    if start >= end:
        return DateValue()
    pub = parse_published(published)
    span = text[start:end]
    if tense:
        exprs = find_time_expressions(span, pub, tense_at=lambda s, e: tense)
        off = 0
    else:
        exprs = [x for x in _scan_cached(text, pub) if start <= x.start and x.end <= end]
        off = start
    dated = [x for x in exprs if x.date.precision and x.type in ("DATE", "TIME") and not x.value.endswith("_REF")]
    if dated:
        best = min(dated, key=lambda x: (_in_quote(span, 0, x.start - off), _PREC_RANK[x.date.precision], x.start))
        dv = DateValue.from_dict(best.date.to_dict())
        b = best.start - off
        if _BEFORE.search(span[max(0, b - 20):b]):
            dv.end = dv.start if dv.precision == "day" else dv.end
            dv.start = None
        return dv
    mb = _BEFORE_EVENT.search(span)
    if mb:
        # the anchor's date is unknown here: only the direction relative to publication is kept
        if tense is None:
            tense = "future" if _MODAL_FUTURE.search(span[:mb.start()]) else "past"
        value = "FUTURE_REF" if tense == "future" else "PAST_REF"
        return DateValue(start=None, end=None, precision=None, text=mb.group(0), value=value)
    vague = [x for x in exprs if not _in_quote(span, 0, x.start - off)]  # a quoted "now" is the speaker's
    if vague:
        return DateValue.from_dict(vague[0].date.to_dict())
    return DateValue()


def dates_jsonl(text: str, published: str | date | None) -> Iterator[dict]:
    """One {start, end, text, value, type} dict per time expression (for ``kronika dates``)."""
    for x in find_time_expressions(text, published):
        yield {"start": x.start, "end": x.end, "text": x.text, "value": x.value, "type": x.type}
