"""Small pairwise features of two event reports for ``events.evidence``: word stems, the same date, the PLOVER
mode, participants met in another role. Each looks at the two reports only and is symmetric."""
from __future__ import annotations

_SPANS = ("day", "week", "month")


def stem(word: str) -> str:
    """A crude stem of a folded word (``events._norm`` has dropped the plural -s): -ing / -ed / -e dropped
    from words of six letters or more, then a doubled last consonant ("halting", "halted" -> "halt";
    "planned" -> "plan"). Numbers and short words stay as they are."""
    if word[0].isdigit() or len(word) < 6:
        return word
    for suf in ("ing", "ed", "e"):
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            word = word[: -len(suf)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]
    return word


def same_date(a: tuple | None, b: tuple | None) -> bool:
    """Both reports' dates, as (start, precision), name the same day, week or month."""
    return a is not None and a[0] is not None and a[1] in _SPANS and a == b


def modes_differ(a: str | None, b: str | None) -> bool:
    """Both reports give a PLOVER mode and they differ (PROTEST "demo" vs "strike", COERCE "arrest" vs
    "seize")."""
    return bool(a) and bool(b) and a != b


def cross_roles(actors_a: set, recips_a: set, actors_b: set, recips_b: set) -> bool:
    """A named participant of one report is a participant of the other in the other role only ("ViacomCBS cut
    ties with Cannon" / "Cannon's speech led ViacomCBS to cut ties"): the extractor often swaps the roles."""
    return not actors_a & actors_b and not recips_a & recips_b and bool((actors_a | recips_a) & (actors_b | recips_b))
