"""Name keys and name comparison for cross-article entity resolution.

``name_key`` folds a name to ASCII (anyascii), casefolds it, drops punctuation, titles and suffixes, and
collapses romanisation variants with the ordered rules in ``lexicon/names.json`` (Tsikhanouskaya and
Tikhanovskaya both become "tihanavskaya"). Keys are for matching only, never for display.
``same_name`` compares two names with given-name guards: Alexander and Viktor Lukashenko never match.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz

from ..extract.name_order import family_first

LEXICON = Path(__file__).resolve().parent / "lexicon" / "names.json"
_NONWORD = re.compile(r"[^a-z0-9]+")
SURNAME_FUZZ = 92  # rapidfuzz ratio for surname keys that differ by a typo (len >= 7: michel != michael)
SURNAME_FUZZ_LEN = 7  # shorter surname keys match only when equal
GIVEN_FUZZ = 88  # given-name keys outside the equivalence table (aleksander ~ aleksandr)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    with open(LEXICON, encoding="utf-8") as f:
        d = json.load(f)
    d["_rules"] = [(re.compile(rule[0]), rule[1], rule[2]) for rule in d["rules"]]  # rule[3]: a note
    d["_slavic"] = re.compile(d["slavic_suffix"])
    d["_titles"] = sorted((tuple(t.split()) for t in d["titles"]), key=len, reverse=True)
    d["_suffixes"] = frozenset(d["suffixes"])
    d["_particles"] = frozenset(d["surname_particles"])
    d["_chars"] = str.maketrans(d["chars"])
    return d


def _fold_tokens(name: str) -> list[str]:
    """ASCII lowercase word tokens; possessive and apostrophes dropped ("Homyel'" -> ["homyel"])."""
    lex = lexicon()
    s = name.translate(lex["_chars"])
    if not s.isascii():
        s = anyascii(s)
    s = re.sub(r"['’`]s\b", "", s.casefold()).replace("'", "").replace("’", "").replace("`", "")
    return [t for t in _NONWORD.split(s) if t]


@functools.lru_cache(maxsize=65536)  # news repeats the same names: keys are computed once
def token_key(tok: str) -> str:
    """One folded token through the variant table and the ordered romanisation rules."""
    lex = lexicon()
    tok = lex["variants"].get(tok, tok)
    for rx, rep, scope in lex["_rules"]:
        if scope == "slavic" and not lex["_slavic"].search(tok):
            continue
        tok = rx.sub(rep, tok)
    return tok


def _bounds(tokens: list[str], person: bool) -> tuple[int, int]:
    """[lo, hi) of tokens left after a leading "the", titles ("prime minister", "former") and suffixes."""
    lex = lexicon()
    lo, hi = (1 if tokens and tokens[0] == "the" else 0), len(tokens)
    while person and lo < hi:
        t = next((t for t in lex["_titles"] if tuple(tokens[lo:lo + len(t)]) == t and hi - lo > len(t)), None)
        if t is None:
            break
        lo += len(t)
    while person and hi - lo > 1 and tokens[hi - 1] in lex["_suffixes"]:
        hi -= 1
    return lo, hi


def _strip(tokens: list[str], person: bool) -> list[str]:
    lo, hi = _bounds(tokens, person)
    return tokens[lo:hi]


@functools.lru_cache(maxsize=65536)
def name_key(name: str, type_: str | None = None) -> str:
    """Matching key of a name: ASCII, casefolded, no punctuation, romanisation variants collapsed.
    Titles and suffixes are dropped unless ``type_`` says the name is not a person."""
    person = type_ in (None, "PERSON")
    toks = _strip(_fold_tokens(name), person)
    if not toks:
        return ""
    if not person:
        return " ".join(token_key(t) for t in toks)
    gen = [t for t in _fold_tokens(name)[-2:] if t in lexicon()["generations"]]
    if len(toks) == 1:  # a lone given name: spelling equivalents only, no diminutives
        k = token_key(toks[0])
        return _given_table().get(k, k)
    return " ".join([given_key(t) for t in toks[:-1]] + [token_key(toks[-1])] + gen)  # Jr. is another man


@functools.lru_cache(maxsize=4096)
def given_key(tok: str) -> str:
    """A given-name token's canonical key: equivalence group ("alyaksandr" -> "aleksander"), diminutive
    table ("sasha" -> "aleksander"), else its token key."""
    table = _given_table()
    k = token_key(tok)
    if k in table:
        return table[k]
    dim = lexicon()["given_diminutives"].get(tok)
    return table.get(token_key(dim), token_key(dim)) if dim else k


@functools.lru_cache(maxsize=1)
def _given_table() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in lexicon()["given_equivalents"]:
        canon = token_key(group[0])
        for g in group:
            out[token_key(g)] = canon
    return out


def split_person(name: str) -> tuple[str, str]:
    """(given names, surname) of a person's name, titles and suffixes dropped; particles stay with the
    surname ("Bashar al-Assad" -> ("Bashar", "al Assad")). A single word is a surname: ("", word)."""
    lex = lexicon()
    raw = re.sub(r"['’]s$", "", name.strip())
    words = [w for w in re.split(r"[\s\-]+", raw) if w.strip(".,")]
    folded = [(_fold_tokens(w) or [""])[0] for w in words]
    lo, hi = _bounds(folded, True)
    words = [w.strip(",") for w in words[lo:hi]]
    folded = folded[lo:hi]
    if len(words) <= 1:
        return "", " ".join(words)
    if family_first(words):  # "Kim Jong Un": family name first
        return " ".join(words[1:]), words[0]
    i = len(words) - 1
    while i > 1 and folded[i - 1] in lex["_particles"]:
        i -= 1
    return " ".join(words[:i]), " ".join(words[i:])


def person_keys(name: str) -> tuple[tuple[str, ...], str]:
    """(given-name keys, surname key) used by the resolver's indexes."""
    given, surname = split_person(name)
    gk = tuple(given_key(t) for g in given.split() for t in _fold_tokens(g))
    if gk and surname and name.split() and _first_word(name) == surname:
        gk = ("-".join(gk),)  # "Jong Un" is one given name: Kim Jong Un is not Kim Jong Il
    return gk, " ".join(token_key(t) for t in _fold_tokens(surname))


def _first_word(name: str) -> str:
    """The first word of a name after its titles (the family name when it is written first)."""
    raw = re.sub(r"['’]s$", "", name.strip())
    words = [w for w in re.split(r"[\s\-]+", raw) if w.strip(".,")]
    lo, _hi = _bounds([(_fold_tokens(w) or [""])[0] for w in words], True)
    return words[lo].strip(",") if lo < len(words) else ""


def given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[bool, str]:
    """Given names agree: same key, equivalent spelling, an initial of the other, or a close spelling.
    Only the first given name is compared (middle names come and go)."""
    if not a or not b:
        return True, "no given name"
    x, y = a[0], b[0]
    if x == y:
        return True, "same given name"
    if len(x) == 1 or len(y) == 1:
        if "-" in x or "-" in y:  # "J. Joseph Kim" is not Kim Jong Un: his given name is two syllables, not a J
            return False, f"an initial does not stand for a given name written family name first: {x} vs {y}"
        return (x[0] == y[0], f"initial {x[0]}" if x[0] == y[0] else f"different given names: {x} vs {y}")
    if min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= GIVEN_FUZZ:
        return True, f"close given names: {x} ~ {y}"
    return False, f"different given names: {x} vs {y}"


def surname_match(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= SURNAME_FUZZ_LEN and a[0] == b[0] and fuzz.ratio(a, b) >= SURNAME_FUZZ)


def _acronym(short: str, long: str) -> bool:
    words = [w for w in _fold_tokens(long) if w not in ("of", "the", "and", "for", "de", "la")]
    return len(words) >= 2 and short.replace(".", "").replace(" ", "").lower() == "".join(w[0] for w in words)


def same_name(a: str, b: str, type_: str = "PERSON", context: list[str] | tuple[str, ...] = ()) -> tuple[bool, str]:
    """Do two names denote the same entity? (decision, reason). For persons a bare surname matches a full
    name only if no other full name in ``context`` with that surname has different given names."""
    ka, kb = name_key(a, type_), name_key(b, type_)
    if not ka or not kb:
        return False, "empty name"
    if type_ != "PERSON":
        if ka == kb:
            return True, f"same key after romanisation: {ka}"
        if a.isupper() and _acronym(a, b) or b.isupper() and _acronym(b, a):
            return True, "acronym"
        return False, "different names"
    gens = [{t for t in _fold_tokens(x)[-2:] if t in lexicon()["generations"]} for x in (a, b)]
    if gens[0] != gens[1]:
        return False, "different generation (Jr./Sr.)"
    (ga, sa), (gb, sb) = person_keys(a), person_keys(b)
    if not surname_match(sa, sb):
        return False, f"different surnames: {sa} vs {sb}"
    ok, why = given_compatible(ga, gb)
    if not ok:
        return False, why
    if ga and gb:
        if ka == kb:
            return True, f"same key after romanisation: {ka}"
        return True, why if sa == sb else f"close surnames: {sa} ~ {sb}; {why}"
    full = a if ga else b if gb else None
    if full is None:
        return (True, f"same surname: {sa}") if sa == sb else (True, f"close surnames: {sa} ~ {sb}")
    fg = person_keys(full)[0]
    for other in context:
        og, os_ = person_keys(other)
        if og and surname_match(os_, sa) and not given_compatible(og, fg)[0]:
            return False, f"ambiguous surname: {full} or {other}"
    return True, f"surname of {full}"


def node_key(name: str, type_: str) -> tuple[str, tuple[str, ...], str]:
    """The resolver's identity of a name: (key, first given-name key, surname key). A person's key keeps
    the first given name and drops middle names and initials ("Donald J. Trump" = "Donald Trump")."""
    if type_ != "PERSON":
        if _ACRONYM.fullmatch(name.strip()):  # "CNN" is not "CN": letters of an acronym are not romanised
            return name.strip().replace(".", "").lower(), (), ""
        key = name_key(name, type_)
        if " " in key and all(len(t) == 1 for t in key.split()):
            key = key.replace(" ", "")  # "U.S." = "US"
        if type_ == "NORP" and " " not in key and len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
            key = key[:-1]  # "Republicans" = "Republican", "Sunnis" = "Sunni"
        return key, (), ""
    given, surname = person_keys(name)
    gen = [t for t in _fold_tokens(name)[-2:] if t in lexicon()["generations"]]
    key = " ".join(([given[0]] if given else []) + [surname] + gen)  # middle names and initials dropped
    return key, given[:1], surname + ("".join(" " + g for g in gen))


_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


def surname_block(surname: str) -> str:
    """Surname keys that ``surname_match`` may join share a block: a short key is its own block (it matches
    only itself), longer ones are blocked by their first three letters (as fuzzy candidates always were)."""
    return surname if len(surname) < SURNAME_FUZZ_LEN else surname[:3] + "*"


def initials(key: str) -> str:
    """"european union" -> "eu": what an acronym of the name would be ("" for one word or "u s")."""
    words = [w for w in key.split() if w not in ("of", "the", "and", "for", "on", "in")]
    return "".join(w[0] for w in words) if len(words) >= 2 and any(len(w) > 1 for w in words) else ""


def is_first_name(name: str) -> bool:
    """A lone first name ("Hillary", "Charles"): who it is cannot be told from the name alone."""
    try:
        from ..extract.speakers import first_names  # the list in-article resolution uses for gender

        return name.strip().lower() in first_names()
    except Exception:  # noqa: BLE001 - no list: treat as a surname
        return False
