"""Lexicons for quotes and mentions (loaded once) and speaker-finding helpers for quotes.py."""
from __future__ import annotations

import functools
from pathlib import Path

_DIR = Path(__file__).parent / "lexicon"


def _lines(name: str) -> list[str]:
    out = []
    for line in (_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@functools.lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    return frozenset(x.lower() for x in _lines("speech_verbs.txt"))


@functools.lru_cache(maxsize=1)
def collectives() -> dict[str, str]:
    """lemma -> sector."""
    return dict(line.split("\t", 1) for line in _lines("quote_collectives.tsv"))


@functools.lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """lowercase first name -> 'f' | 'm'."""
    return dict(line.split("\t", 1) for line in _lines("quote_first_names.tsv"))


@functools.lru_cache(maxsize=1)
def roles() -> frozenset[str]:
    return frozenset(_lines("quote_roles.txt"))


# ---- speaker helpers -------------------------------------------------------------------------
XCOMP_CUES = frozenset(("urge", "ask", "claim", "promise", "vow", "threaten", "demand", "tell", "order",
                        "warn", "plead", "appeal", "call", "pledge", "instruct", "advise", "encourage",
                        "implore", "request", "expect", "deny", "admit", "hope", "want", "refuse"))
SUBJ = ("nsubj", "nsubjpass")
_CLIMB = ("conj", "advcl", "acl", "xcomp", "pcomp", "prep", "relcl", "ccomp", "dep")


def is_cue(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech_verbs() and tok.lemma_ != "be"


def subject_of(verb, lo: int = -1, hi: int = -1):
    """The speaker token of a cue verb: its subject, else the subject shared through coordination
    or a participle ("..., repeatedly accusing"), else the sentence-initial name of a verb the parser
    left without one. Tokens in [lo, hi) (the quote itself) are never the speaker."""
    v = verb
    for _ in range(4):
        for c in v.children:
            if c.dep_ in SUBJ and not lo <= c.i < hi:
                if c.dep_ == "nsubjpass" and v.i == verb.i and verb.lemma_ == "say":
                    continue  # "X was said to ..."
                return c
        if v.dep_ == "ROOT" or v.head.i == v.i:
            break
        if v.dep_ == "relcl" and v.head.i < v.i:
            return None  # the antecedent of a relative is not the speaker ("an election the opposition says")
        if v.dep_ not in _CLIMB:
            break
        v = v.head
    # the parser sometimes hangs the real subject elsewhere ("Tikhanovskaya, a ..., accuses")
    sent = verb.sent
    first = sent[0]
    while first.is_space or first.is_punct:
        if first.i + 1 >= sent.end:
            return None
        first = first.doc[first.i + 1]
    if first.ent_type_ == "PERSON" and first.i < verb.i and not any(c.dep_ in SUBJ for c in verb.children):
        return _ent_root(first)
    return None


def _ent_root(tok):
    if tok.ent_iob_ in ("B", "I"):
        end = tok.i + 1
        while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
            end += 1
        return tok.doc[tok.i:end].root
    return tok


def speaker_span(tok) -> tuple[int, int]:
    """Token range of the speaker NP without its appositions/relatives ("Alexei Linich")."""
    for c in tok.children:  # "one employee, Andrei Yaroshevich" -> the name
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return _ent_bounds(c)
    if tok.ent_type_:
        return _ent_bounds(tok)
    lo = tok.i
    for c in tok.lefts:
        lo = min(lo, c.left_edge.i)
    return lo, tok.i + 1


def _ent_bounds(tok) -> tuple[int, int]:
    doc = tok.doc
    s = tok.i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    e = tok.i + 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    return s, e
