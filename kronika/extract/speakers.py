"""Lexicons for quotes and mentions (loaded once), speaker finding and indirect speech for quotes.py."""
from __future__ import annotations

import functools
from bisect import bisect_right
from pathlib import Path

from ..records import Quote

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
# speech acts whose object is the claim itself ("confirmed two deaths", "cited a poll")
OBJECT_CUES = frozenset(("confirm", "deny", "cite", "note", "mention", "acknowledge", "admit", "announce",
                         "report", "predict", "promise", "propose", "allege", "demand", "estimate"))
SUBJ = ("nsubj", "nsubjpass")
FIRST_SECOND = frozenset(("i", "we", "you", "me", "us"))
_CLIMB = ("conj", "advcl", "acl", "xcomp", "pcomp", "prep", "relcl", "ccomp", "dep")


def is_cue(tok, nominal: bool = False) -> bool:
    """A speech verb; nominal=True also takes gerunds the tagger made nouns ("after warning ...")."""
    if not (tok.pos_ in ("VERB", "AUX") or nominal and tok.tag_ in ("VBG", "NN") and tok.lower_.endswith("ing")
            or tok.lower_ in ("said", "says")):  # 'Said Ellis: "..."' is tagged PROPN
        return False
    lemma = tok.lemma_.lower()
    if lemma not in speech_verbs():
        return False
    if lemma == "continue":  # '..." Lam continued.' yes; "continued to rise" no
        return not any(c.dep_ in ("xcomp", "dobj") and c.i > tok.i for c in tok.children)
    if lemma == "call":  # "called for", "called X a Y" only; "called in Moscow's help" is not speech
        return any(c.dep_ in ("oprd", "xcomp", "ccomp") or c.dep_ == "prep" and c.lower_ in ("for", "on")
                   for c in tok.children)
    return True


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
                if c.lower_ in FIRST_SECOND:
                    return None  # "we"/"I" outside the marks belong to another quote: the parse went wrong
                if c.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                    return v.head  # "Marc Morial, who said ..." -> the antecedent
                return c
        if v.dep_ == "ROOT" or v.head.i == v.i:
            break
        if v.dep_ == "relcl" and v.head.i < v.i:
            return None  # the antecedent of a relative is not the speaker ("an election the opposition says")
        if v.dep_ not in _CLIMB:
            break
        v = v.head
    # '"...," Sanders said, going on to say that ... "...": the subject of an earlier cue nearby
    for k in range(verb.i - 1, max(verb.sent.start, verb.i - 20) - 1, -1):
        c = verb.doc[k]
        if c.dep_ == "nsubj" and c.head.i != verb.i and is_cue(c.head) and not lo <= c.i < hi and (
                c.pos_ in ("PROPN", "NOUN") or c.ent_type_):
            return c
    # the parser sometimes hangs the real subject elsewhere ("Tikhanovskaya, a ..., accuses")
    sent = verb.sent
    first = sent[0]
    while first.is_space or first.is_punct:
        if first.i + 1 >= sent.end:
            return None
        first = first.doc[first.i + 1]
    if (first.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or first.pos_ == "PROPN") and first.i < verb.i and not any(c.dep_ in SUBJ for c in verb.children):
        return _ent_root(first)
    return None


def postposed_subject(verb, lo: int, hi: int):
    """'"...," said a protester': the parser often makes the inverted subject an object."""
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.pos_ in ("NOUN", "PROPN", "PRON") and not lo <= c.i < hi:
            return c
    doc = verb.doc  # 'said Del. Stacey Plaskett of ...': the first name right after the verb
    for k in range(verb.i + 1, min(verb.i + 6, len(doc))):
        if doc[k].ent_type_ in ("PERSON", "ORG") and not lo <= k < hi:
            return doc[k]
        if doc[k].is_punct and doc[k].text not in (".", ","):
            break
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


# ---- indirect speech ---------------------------------------------------------------------------
def _content_bounds(ctx, verb, comp) -> tuple[int, int] | None:
    doc = ctx.doc
    lo, hi = comp.left_edge.i, comp.right_edge.i + 1
    if lo < verb.i < hi:  # the cue sits inside (parse error): keep the side after the verb
        lo = verb.i + 1
    sent = verb.sent
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    for k in range(lo, hi):  # never across a paragraph break
        if doc[k].is_space and "\n" in doc[k].text:
            if k < verb.i:
                lo = k + 1
            else:
                hi = k
                break
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in ("that", "to")
                       and doc[lo].dep_ in ("mark", "aux", "dobj", "nsubj") and doc[lo].i < comp.i):
        lo += 1
    for k in range(max(lo, verb.i + 1), hi):  # "— who they say died when ... — and another man"
        if doc[k].text in ("—", "–", "--"):
            hi = k
            break
    while hi > lo and (doc[hi - 1].is_punct and doc[hi - 1].text not in "%)" or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < 2:
        return None
    return lo, hi


def indirect_quotes(ctx, quoted: bytearray) -> list[Quote]:
    """Reported speech around speech verbs and 'according to': kind "indirect", text = the content.
    ctx is quotes._Ctx; tokens flagged in ``quoted`` (inside quote marks) never start a claim."""

    doc, text, art = ctx.doc, ctx.text, ctx.article
    out: list[Quote] = []
    inside = bytearray(len(doc))  # token already inside an indirect claim's content
    for t in doc:
        if quoted[t.i]:
            continue
        cue, subj, comp = None, None, None
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            src = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            b = _according_bounds(ctx, t)
            if src is None or b is None:
                continue
            cue, subj, (lo, hi) = "according to", src, b
        elif is_cue(t):
            lemma = t.lemma_.lower()
            comps = [c for c in t.children if c.dep_ == "ccomp" or c.dep_ == "xcomp" and lemma in XCOMP_CUES]
            if lemma in ("accuse", "blame", "charge", "criticize", "criticise", "condemn"):
                obj = next((c for c in t.children if c.dep_ == "dobj"), None)
                pp = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
                if obj is not None and pp is not None:
                    comps = [pp]
                    lo, hi = obj.left_edge.i, pp.right_edge.i + 1
            if not comps:
                pp = next((c for c in t.children if c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on")), None)
                oprd = next((c for c in t.children if c.dep_ == "oprd"), None)
                obj = next((c for c in t.children if c.dep_ == "dobj"), None)
                if lemma == "call" and pp is not None and pp.lower_ == "for" and pp.n_rights:
                    comps, lo, hi = [pp], pp.i + 1, pp.right_edge.i + 1  # "called for a new vote"
                elif lemma == "call" and oprd is not None and obj is not None and obj.i < oprd.i:
                    comps, lo, hi = [oprd], obj.left_edge.i, oprd.right_edge.i + 1  # "called the charges baseless"
            if not comps and lemma in OBJECT_CUES:
                obj = next((c for c in t.children if c.dep_ == "dobj" and c.i > t.i), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.right_edge.i - obj.left_edge.i >= 1:
                    comps, lo, hi = [obj], obj.left_edge.i, obj.right_edge.i + 1  # "confirmed two deaths"
            if not comps and t.dep_ == "parataxis" and t.head.i != t.i:
                b = _parenthetical_bounds(t)  # "..., Warren said." / "But ..., he said, officials should ..."
                if b is not None:
                    comps, lo, hi = [t.head], b[0], b[1]
            if not comps:
                continue
            comp = comps[0]
            if comp.dep_ in ("prep", "oprd", "dobj") or comp.i == t.head.i and t.dep_ == "parataxis":
                b = (lo, hi)
            else:
                b = _content_bounds(ctx, t, comp)
                if b is None:
                    continue
                if comp.dep_ == "xcomp":  # "urged Lukashenko to ...": the addressee belongs to the claim
                    obj = next((c for c in t.children if c.dep_ == "dobj" and c.i < comp.i), None)
                    if obj is not None:
                        b = (obj.left_edge.i, b[1])
            lo, hi = b
            n_q = sum(quoted[lo:hi])
            if n_q * 2 >= hi - lo or quoted[lo] or inside[lo] or inside[t.i]:
                continue  # mostly quoted / the attribution of a quote / nested in another claim
            if hi <= t.i and any(is_cue(doc[k]) for k in range(lo, hi)):
                continue  # fronted "content" that is itself a report ('X said ...; TVN24 reported')
            cue, subj = t.text, subject_of(t, lo, hi)
        else:
            continue
        lo, hi = _clip_paragraph(doc, t.i, lo, hi)
        if hi - lo < 1:
            continue
        s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        if _in_any_heading(ctx, t.idx) or _in_any_heading(ctx, s):
            continue
        for k in range(lo, hi):
            inside[k] = 1
        out.append(Quote(article_id=art.id, text=text[s:e], kind="indirect", start=s, end=e, cue=cue,
                         speaker=ctx.ref(subj) if subj is not None else None))
    return out


def _parenthetical_bounds(cue) -> tuple[int, int] | None:
    """Content of a parenthetical cue: the head clause on the side away from the cue's own words."""
    doc, head = cue.doc, cue.head
    sent = cue.sent
    c_lo, c_hi = cue.left_edge.i, cue.right_edge.i + 1
    h_lo, h_hi = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
    lo, hi = (h_lo, c_lo) if c_lo - h_lo >= h_hi - c_hi else (c_hi, h_hi)
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return (lo, hi) if hi - lo >= 3 else None


def _clip_paragraph(doc, anchor: int, lo: int, hi: int) -> tuple[int, int]:
    """Content never crosses a paragraph break (subheads are paragraphs of their own)."""
    for k in range(lo, hi):
        if doc[k].is_space and "\n" in doc[k].text:
            if k < anchor:
                lo = k + 1
            else:
                return lo, k
    return lo, hi


def _in_any_heading(ctx, pos: int) -> bool:
    k = bisect_right(ctx.hstarts, pos) - 1
    return k >= 0 and pos < ctx.hends[k]


def _according_bounds(ctx, acc) -> tuple[int, int] | None:
    """'X, according to Y, ...' -> X ; 'According to Y, X.' -> X."""
    doc = ctx.doc
    sent = acc.sent
    end_src = doc[acc.i + 1].right_edge.i + 1
    if acc.i == sent.start or all(doc[k].is_punct or doc[k].is_space for k in range(sent.start, acc.i)):
        lo, hi = end_src, sent.end
    else:
        lo, hi = sent.start, acc.i
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return (lo, hi) if hi - lo >= 2 else None
