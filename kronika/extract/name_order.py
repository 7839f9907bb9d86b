"""Which word of a person's name is the family name: the last ("Svetlana Tikhanovskaya") or, for Chinese, Korean
and Vietnamese names as English-language news writes them, the first ("Xi Jinping", "Kim Jong Un", "Moon
Jae-in"), so that a later "Xi" or "Mr. Kim" finds the person. Data: ``lexicon/family_first.json``."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from .speakers import first_names

_LEX = Path(__file__).resolve().parent / "lexicon" / "family_first.json"
# one romanised syllable (pinyin, Wade-Giles, Korean, Vietnamese without tones): onset, vowels, coda
_SYLLABLE = (r"(?:(?:[bcdghjklmnpqrstxyz]|ch|sh|zh|ts|hs|ph|th|tr|ng|nh|kh|gi)[hwy]?)?"
             r"[aeiouy]{1,3}(?:ng|nh|ch|n|m|k|p|l|r|t|c|h)?")
_TOKEN = re.compile(rf"(?:{_SYLLABLE}){{1,2}}")
_TOKEN3 = re.compile(rf"(?:{_SYLLABLE}){{1,3}}")


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    d = json.loads(_LEX.read_text(encoding="utf-8"))
    return frozenset(s.lower() for s in d["single_given"]), frozenset(s.lower() for s in d["two_given"])


def family_first(words: list[str]) -> bool:
    """Is the first of ``words`` (a person's name, titles already dropped) the family name?"""
    if len(words) < 2:
        return False
    single, two = _lexicon()
    head = words[0].lower().strip(".,")
    if head not in single and head not in two:
        return False
    parts = [p for w in words[1:] for p in re.split(r"[-‐]", w.lower().strip(".,")) if p]
    if not parts or any(not p.isascii() or not p.isalpha() for p in parts):
        return False
    # "Lee Harvey Oswald": a Western given name is no syllable ("Ki-moon": short syllables can be names too)
    if any(len(p) > 4 and p in first_names() for p in parts):
        return False
    if len(parts) >= 2:
        return len(parts) <= 3 and all(_TOKEN.fullmatch(p) for p in parts)
    return head in single and bool(_TOKEN3.fullmatch(parts[0]))


def surname_of(name: str) -> str:
    """The family name of a full name as written ("Kim Jong Un" -> "Kim", "Donald Trump" -> "Trump")."""
    words = name.split()
    return words[0] if family_first(words) else words[-1]
