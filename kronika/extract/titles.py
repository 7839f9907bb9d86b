"""Roles read off a person's name, cleaned: honorifics and debris dropped, abbreviated titles written out, the
person's own name taken out ("President Trump Donald" -> "president"). Data: lexicon/person_titles.json."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

_LEX = Path(__file__).resolve().parent / "lexicon" / "person_titles.json"
_SPACED = re.compile(r"\s+([-.])\s*|\s*(-)\s+")  # "president - elect", "sens ." (spaCy's tokens joined by spaces)
_LETTERS = re.compile(r"[a-z]{2}")


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], dict[str, str]]:
    d = json.loads(_LEX.read_text(encoding="utf-8"))
    return frozenset(d["drop"]), dict(d["expand"])


def _word(w: str, expand: dict[str, str]) -> str:
    if w in expand:
        return expand[w]
    head, sep, tail = w.rpartition("-")  # "then-sen." -> "then-senator"
    return f"{head}-{expand[tail]}" if sep and tail in expand else w


def clean_role(role: str, name: str = "", first_names=frozenset()) -> str | None:
    """One role, cleaned, or None when nothing of a role is left."""
    drop, expand = lexicon()
    r = _SPACED.sub(lambda m: (m.group(1) or m.group(2)), role.lower().strip()).strip(" -|,;:")
    if r in drop:
        return None
    r = expand.get(r, r)  # multi-word abbreviations ("lt. gov.")
    own = {w.lower().strip(".,") for w in name.split()}
    words = [_word(w, expand) for w in r.split() if w.strip(".,") not in own and w not in drop]
    r = " ".join(words).rstrip(" .")  # abbreviations are written out by now: a last period is punctuation
    if not _LETTERS.search(r) or r in first_names:
        return None
    return r


def clean_roles(roles: list[str], name: str = "", first_names=frozenset()) -> list[str]:
    out: list[str] = []
    for x in roles:
        c = clean_role(x, name, first_names)
        if c and c not in out:
            out.append(c)
    return out
