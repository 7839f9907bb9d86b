"""Counts in event reports: "at least 6,700", "thousands", "two deaths" -> Count(min, max, text).

Vague quantities get ranges a reader would accept ("hundreds" = 200..999); open bounds stay None
("at least 6,700" = 6700..None). Works on plain text so it is testable without a parse; the
token helpers below find the phrase around a noun in a spaCy parse.
"""
from __future__ import annotations

import re

from ..records import Count

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "single": 1, "both": 2, "couple": 2,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# vague plurals: (min, max)
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
    "millions": (2_000_000, 9_999_999), "several": (3, 9), "a few": (2, 5), "few": (2, 5),
    "several hundred": (300, 999), "several thousand": (3000, 9999), "several dozen": (36, 99),
    "a handful": (2, 5), "handful": (2, 5), "many": (None, None), "dozens of": (24, 99),
}
# modifier -> how it bounds n
_MODS = {
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "upwards of": "gt", "more than": "gt",
    "over": "gt", "in excess of": "gt", "up to": "le", "as many as": "le", "at most": "le",
    "fewer than": "lt", "less than": "lt", "under": "lt", "nearly": "near", "almost": "near",
    "around": "ap", "about": "ap", "roughly": "ap", "approximately": "ap", "an estimated": "ap",
    "estimated": "ap", "some": "ap", "some estimated": "ap",
}

_NUM = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def _number(words: list[str]) -> int | None:
    """'6,700' / 'two' / 'twenty-five' / '1.5 million' / 'two hundred' -> int."""
    if not words:
        return None
    total, cur, seen = 0, 0, False
    for w in words:
        w = w.lower().strip()
        if _NUM.match(w):
            cur += float(w.replace(",", ""))
            seen = True
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            cur += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        elif w in ("a", "an") and not seen:
            continue
        elif w in _UNITS:
            cur += _UNITS[w]
            seen = True
        elif w in _SCALES:
            cur = (cur or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, cur = total + cur, 0
            seen = True
        elif w == "and" and seen:
            continue
        else:
            return None
    return int(total + cur) if seen else None


def parse_count(text: str) -> Count | None:
    """The count in a short phrase ('at least 6,700 people', 'hundreds', 'around 100 staff')."""
    low = re.sub(r"\s+", " ", text.strip()).lower()
    mod = None
    for m in sorted(_MODS, key=len, reverse=True):
        if low.startswith(m + " "):
            mod, low = _MODS[m], low[len(m) + 1:]
            break
    for phrase in sorted(_VAGUE, key=len, reverse=True):
        if low == phrase or low.startswith(phrase + " "):
            lo, hi = _VAGUE[phrase]
            if lo is None:
                return None
            return Count(min=lo, max=None if mod in ("ge", "gt") else hi, text=text.strip())
    words = low.split(" ")
    n = None
    for k in range(min(len(words), 5), 0, -1):
        n = _number(words[:k])
        if n is not None:
            break
    if n is None:
        return None
    lo, hi = {
        "ge": (n, None), "gt": (n + 1, None), "le": (None, n), "lt": (None, n - 1),
        "near": (round(n * 0.9), n), "ap": (round(n * 0.9), round(n * 1.1)),
    }.get(mod, (n, n))
    return Count(min=lo, max=hi, text=text.strip())


_NUMERIC_DEPS = {"nummod", "quantmod", "advmod", "amod", "det", "compound"}


def count_phrase(tok) -> tuple[int, int] | None:
    """Char span of the count attached to noun ``tok`` ('at least 6,700' of 'people'), or of the
    noun itself when it is the quantity ('Thousands', 'hundreds of those')."""
    low = tok.lower_
    if low in _VAGUE or low in ("thousands", "hundreds", "dozens", "millions", "scores"):
        left = tok
        for c in tok.lefts:
            if c.dep_ in _NUMERIC_DEPS:
                left = c if c.i < left.i else left
        # "tens of thousands" / "hundreds of thousands"
        start = left.idx
        if tok.head.lower_ == "of" and tok.head.head.lower_ in ("tens", "hundreds") and tok.dep_ == "pobj":
            start = tok.head.head.idx
        return start, tok.idx + len(tok)
    nums = [c for c in tok.lefts if c.dep_ == "nummod" or c.like_num and c.dep_ in _NUMERIC_DEPS]
    if not nums:
        return None
    first = nums[0]
    for n in nums:
        for c in n.subtree:
            if c.i < first.i:
                first = c
    last = max(nums, key=lambda t: t.i)
    last_i = max(t.i for t in last.subtree)
    doc = tok.doc
    return first.idx, doc[last_i].idx + len(doc[last_i])


def count_of(tok) -> Count | None:
    span = count_phrase(tok)
    if span is None:
        return None
    text = tok.doc.text[span[0]:span[1]]
    c = parse_count(text)
    if c is None and tok.like_num:
        c = parse_count(tok.text)
    return c


# ----------------------------------------------------------------- counts in a parsed sentence
COUNT_CUES = {  # lemma -> count field: "two deaths", "hundreds injured", "6,700 people detained"
    "death": "dead", "dead": "dead", "die": "dead", "kill": "dead", "fatality": "dead", "casualty": "dead",
    "body": "dead", "injure": "injured", "injured": "injured", "wound": "injured", "wounded": "injured",
    "hurt": "injured", "injury": "injured", "arrest": "arrested", "detain": "arrested", "jail": "arrested",
    "detention": "arrested", "arrested": "arrested", "detained": "arrested",
}
COUNT_TYPES = {"dead": ("ASSAULT", "PROTEST", "COERCE"), "injured": ("ASSAULT", "PROTEST", "COERCE"),
               "arrested": ("COERCE", "ASSAULT", "PROTEST")}


def sentence_counts(sent) -> list[tuple[str, Count, object]]:
    """(field, count, token) for 'two deaths', 'hundreds injured', '6,700 people detained'."""
    out = []
    for tok in sent:
        field = COUNT_CUES.get(tok.lemma_.lower()) or COUNT_CUES.get(tok.lower_)
        if not field:
            continue
        c = None
        if tok.pos_ == "NOUN":
            c = count_of(tok)
        elif tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PRON", "NUM"):
            c = count_of(tok.head)
        elif tok.pos_ in ("VERB", "ADJ"):
            subj = next((x for x in tok.children if x.dep_ in ("nsubjpass", "dobj")), None) or \
                next((x for x in tok.children if x.dep_ == "nsubj"), None)
            if subj is None and tok.dep_ == "conj":  # "6,700 people detained and hundreds injured"
                subj = next((x for x in tok.children if x.like_num or x.lower_ in ("hundreds", "thousands", "dozens")), None)
            if subj is not None:
                c = count_of(subj)
                if c is None and subj.pos_ == "PROPN" and subj.ent_type_ == "PERSON" and field == "dead":
                    c = Count(min=1, max=1, text=subj.text)
        if c is None and tok.dep_ == "conj" and tok.head.dep_ in ("acl", "amod", "conj"):
            nums = [x for x in tok.lefts if x.like_num or x.lower_ in ("hundreds", "thousands", "dozens")]
            if nums:
                c = parse_count(nums[0].text)
        if c is not None:
            out.append((field, c, tok))
    return out


def tree_distance(a, b) -> int:
    pa = [a] + list(a.ancestors)
    pb = [b] + list(b.ancestors)
    ib = {t.i: k for k, t in enumerate(pb)}
    for k, t in enumerate(pa):
        if t.i in ib:
            return k + ib[t.i]
    return 99


def assign_counts(out, counts) -> None:
    """Each count goes to the closest event of the preferred type ('hundreds injured' -> the assault)."""
    for field, c, ctok in counts:
        best, bd = None, (99, 99)
        for tok, ev in out:
            if ev.type not in COUNT_TYPES[field] or getattr(ev, field) is not None:
                continue
            if field == "arrested" and ev.type == "COERCE" and ev.mode == "arrest" and ctok.i == tok.i:
                best, bd = ev, (-1, -1)
                break
            d = tree_distance(tok, ctok)
            key = (COUNT_TYPES[field].index(ev.type), d)
            if d < 8 and key < bd:
                best, bd = ev, key
        if best is not None:
            setattr(best, field, c)
