"""Comparable event reports as stored text: a store keeps each report's comparable form (what ``events.link``
compares) under the version of the rules it was computed with, so a resolution step reads it back instead of
computing it again from the report's record."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .events import share


@functools.lru_cache(maxsize=1)
def rules_version() -> str:
    """A hash of what a comparable report depends on (the rule's code and its lexicons): stored reports of
    another version are computed again from their records."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for p in [here / "events.py", here / "event_evidence.py", here / "names.py",
              *sorted((here / "lexicon").glob("*.json"))]:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _tag(v):
    """JSON for a comparable report's values: sets, frozensets, tuples and dicts tagged, nesting kept."""
    if isinstance(v, (set, frozenset)):
        kind = "f" if isinstance(v, frozenset) else "s"
        if all(isinstance(x, (str, int, float)) for x in v):
            return {kind.upper(): sorted(v, key=str)}  # flat: read back without a walk
        return {kind: sorted((_tag(x) for x in v), key=str)}
    if isinstance(v, tuple):
        return {"t": [_tag(x) for x in v]}
    if isinstance(v, list):
        return [_tag(x) for x in v]
    if isinstance(v, dict):
        return {"d": {k: _tag(x) for k, x in v.items()}}
    return v


def _untag(d: dict):
    """``json.loads`` object hook: a tagged value back (inner values come back first)."""
    if len(d) == 1:  # membership tests, not an items() unpacking: this runs a dozen times per report
        if "F" in d:
            return frozenset(d["F"])
        if "S" in d:
            return set(d["S"])
        if "t" in d:
            return tuple(d["t"])
        if "f" in d:
            return frozenset(d["f"])
        if "s" in d:
            return set(d["s"])
        if "d" in d:
            return d["d"]
    return d


def encode_report(r) -> str:
    """A comparable report as JSON, without its record (what ``link`` compares; see ``rules_version``)."""
    return json.dumps({k: _tag(v) for k, v in vars(r).items() if k != "ev"}, ensure_ascii=False,
                      separators=(",", ":"))


def decode_report(text: str, cls):
    r = cls(ev=None, **json.loads(text, object_hook=_untag))
    r.story = share(r.story)  # the reports of one article share their story terms in memory too
    return r
