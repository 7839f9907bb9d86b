"""Event triggers: verbs and nouns looked up by lemma in lexicon/plover_verbs.json and plover_nouns.json,
with the syntactic checks that keep precision up (negation, content of demands, anaphoric mentions, generic
or stative clauses)."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from .event_actors import actor_lexicon, actor_like, subject_of
from .event_status import REPORT_VERBS, negated

_LEX = Path(__file__).parent / "lexicon"
# "the crackdown", "their protests": refer back to an event already reported
ANAPHORIC_DET = {"the", "this", "that", "these", "those", "their", "its", "his", "her"}
POSSESSIVE = {"their", "its", "his", "her"}  # "continued their hunger strike": a report, not a reference
TEMPORAL_PREPS = {"during", "amid", "after", "before", "since", "despite", "following", "ahead", "until"}
GENERIC_HEADS = {"people", "person", "anyone", "those", "fugitive", "someone", "resident", "citizen"}
STATIVE_TYPES = {"SUPPORT", "COOPERATE"}
OBLIGE_HEADS = REPORT_VERBS | {"reminder", "warning", "reiterate", "conclude", "stress", "demand", "insist", "warn", "declare", "argue"}
EVENT_VERB_POS = ("VERB",)
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
REQUEST_NOUNS = {"demand", "call", "appeal", "request", "reminder", "ultimatum"}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    verbs = json.loads((_LEX / "plover_verbs.json").read_text(encoding="utf-8"))
    nouns = json.loads((_LEX / "plover_nouns.json").read_text(encoding="utf-8"))
    prec = {k: (v if isinstance(v, (dict, str)) else set(v)) for k, v in verbs.get("precision", {}).items()}
    during = verbs.get("during_verbs", {})
    return {"verbs": verbs["verbs"], "light": set(verbs["light_verbs"]), "status": verbs["status_verbs"],
            "nouns": nouns["nouns"], "precision": prec, "frames": verbs.get("frames", {}),
            "during": (set(during.get("verbs", ())), set(during.get("preps", ()))),
            "occur": set(verbs.get("occurrence_verbs", {}).get("verbs", ()))}


def _child_lemmas(tok, deps) -> set[str]:
    return {c.lemma_.lower() for c in tok.children if c.dep_ in deps}


def _pobj_lemmas(tok, preps=None) -> set[str]:
    return {g.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "prt") and (preps is None or c.lower_ in preps)
            for g in c.children if g.dep_ == "pobj"}


def match_verb(tok, lex) -> dict | None:
    senses = lex["verbs"].get(tok.lemma_.lower())
    if not senses or tok.pos_ not in EVENT_VERB_POS or tok.dep_ == "amod":
        return None
    objs = _child_lemmas(tok, ("dobj", "nsubjpass"))
    objs |= {g.lemma_.lower() for o in tok.children if o.dep_ == "dobj" for g in o.children if g.dep_ == "compound"}
    preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent", "dative")}
    preps |= {g.lower_ for c in tok.children if c.dep_ in ("advcl", "ccomp") for g in c.children if g.dep_ == "mark"}
    for s in senses:
        if s.get("light"):
            return None
        if "prep" in s and not preps & set(s["prep"]):
            continue
        if "prt" in s and not _child_lemmas(tok, ("prt", "prep")) & set(s["prt"]):
            continue
        if "obj" in s and not objs & set(s["obj"]) and not _pobj_lemmas(tok) & set(s["obj"]):
            continue
        if "obj_or_pobj" in s and not (objs | _pobj_lemmas(tok)) & set(s["obj_or_pobj"]):
            continue
        if "prep_obj" in s and not _pobj_lemmas(tok) & set(s["prep_obj"]):
            continue
        if s.get("ccomp") and not any(c.dep_ == "ccomp" for c in tok.children) and not (
                tok.dep_ in ("ccomp", "parataxis") and tok.head.i < tok.i):  # "..., a rights group protested"
            continue
        if s.get("xcomp_coop") and not any(c.dep_ == "xcomp" and (lex["verbs"].get(c.lemma_.lower(), [{}])[0].get(
                "type") in COOPERATIVE) for c in tok.children):
            continue
        if s.get("xcomp_any") and not any(c.dep_ == "xcomp" for c in tok.children):
            continue
        if s.get("xcomp_no_event") and any(c.dep_ == "xcomp" and c.lemma_.lower() in lex["verbs"] for c in tok.children):
            continue  # "ordered the paper to suspend publication": the suspension is the event
        if s.get("no_obj_actor") and any(o.dep_ == "dobj" and actor_like(o) for o in tok.children):
            continue
        if "not_obj" in s and objs & set(s["not_obj"]):
            continue
        if s.get("obj_any") and not any(o.dep_ == "dobj" and o.i > tok.i and not any(
                t.lower_ == ";" for t in tok.doc[tok.i:o.i]) for o in tok.children):
            continue
        if s.get("obj_actor") and not any(o.dep_ == "dobj" and actor_like(o) for o in tok.children):
            continue
        if "subj_sector" in s:
            subj = subject_of(tok)
            sec = actor_lexicon()["sectors"].get(subj.lemma_.lower()) if subj is not None else None
            if sec not in s["subj_sector"]:
                continue
        if s.get("no_obj") and objs:
            continue
        if s.get("needs_modal") and not any(g.lower_ in ("will", "would", "could", "might") for c in tok.children
                                            if c.dep_ in ("ccomp", "xcomp") for g in c.children):
            continue
        if s.get("subj_generic"):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ == "PROPN":
                continue
        return s
    return None


def match_noun(tok, lex) -> tuple[dict, str] | None:
    if tok.pos_ not in ("NOUN", "PROPN") or tok.pos_ == "PROPN" and tok.lower_ != "march":
        return None
    if tok.ent_type_ in ("DATE", "TIME") or tok.lower_ == "march" and not _march_event(tok):
        return None  # "in March", "on March 27": the month
    nouns, low = lex["nouns"], tok.lemma_.lower()
    comp = " ".join(c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod"))
    of = next((g.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"), None)
    for key in ([f"{comp.split()[-1]} {low}"] if comp else []) + ([f"{low} of {of}"] if of else []) + [low]:
        sense = nouns.get(key)
        if sense:
            return sense, key
    if _people(tok):
        return None  # "EC truce monitors", "aid workers": people, not an event
    for c in tok.lefts:  # "mediation mission", "peace talks": the modifier names the event
        if c.dep_ == "compound" and c.lemma_.lower() in nouns and not nouns[c.lemma_.lower()].get("standalone"):
            return nouns[c.lemma_.lower()], c.lemma_.lower()
    return None


def _people(tok) -> bool:
    from .event_actors import actor_like
    return tok.pos_ == "NOUN" and tok.tag_ in ("NNS", "NN") and actor_like(tok)


def _march_event(tok) -> bool:
    """'a march', 'the march on Washington', 'marches against ...' vs the month ('March 27', 'in March')."""
    if tok.text == "March" and tok.i > 0 and tok.doc[tok.i - 1].lower_ not in ("a", "the", "this", "their", "his", "her"):
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return not (nxt is not None and (nxt.like_num or nxt.ent_type_ == "DATE"))


def governor(tok):
    """The verb that takes ``tok`` (a noun trigger) as argument, through prepositions and conjuncts."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return None
        if t.dep_ in ("dobj", "pobj", "prep", "conj", "nsubj", "nsubjpass", "attr", "appos", "compound", "pcomp"):
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                return t
            continue
        return None
    return None


def content_tokens(sent, lex) -> set[int]:
    """Token ids inside what a request/threat asks for ("demanded he step down"): not events.
    Relative clauses inside ("the crackdown, which saw police use ...") are facts and stay events."""
    out: set[int] = set()
    for tok in sent:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in REQUEST_NOUNS:  # "its demand that Israel ease ..."
            for c in tok.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children):
                    out.update(t.i for t in c.subtree)
            continue
        if tok.pos_ != "VERB" or not any(s.get("content") for s in lex["verbs"].get(tok.lemma_.lower(), ())):
            continue
        sense = match_verb(tok, lex)
        if sense is None or not sense.get("content"):
            continue  # "ordered patrols": order as a light verb, not a demand
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp", "dobj") or c.dep_ == "prep" and c.lower_ in ("for", "in") or \
                    c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children):
                stack = [c]
                while stack:
                    t = stack.pop()
                    if t.dep_ == "relcl":
                        continue
                    out.add(t.i)
                    stack.extend(t.children)
    return out


# "he believes X should be scrapped" is an opinion, not a demand; "54 percent say X should be illegal" is a poll
OPINION_HEADS = {"believe", "think", "feel", "know", "hope", "wish"}
POLL_SUBJECTS = {"percent", "%", "majority", "minority", "plurality", "respondent", "poll", "survey", "half",
                 "third", "quarter", "most"}


def _obliged(tok) -> bool:
    if not (tok.dep_ in ("ccomp", "acl") and tok.head.lemma_.lower() in OBLIGE_HEADS and
            any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children) and not negated(tok)):
        return False
    if tok.lemma_.lower() == "be" and not any(g.dep_ == "xcomp" for c in tok.children for g in c.children):
        return False  # "should be illegal": a view of a state (not "must be ready to mediate")
    if tok.head.lemma_.lower() in OPINION_HEADS:
        return False  # "believes X should": an opinion
    subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return not (subj is not None and (subj.lemma_.lower() in POLL_SUBJECTS or subj.like_num))


def _generic(tok) -> bool:
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return (t.dep_ == "relcl" or t.dep_ == "acl" and t.i - t.head.i <= 2) and t.head.lemma_.lower() in GENERIC_HEADS


def _stative(tok) -> bool:
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    return tok.tag_ in ("VBZ", "VBP") and not auxes or tok.tag_ == "VBN" and auxes <= {"is", "are", "am"} and bool(auxes)


def find_triggers(sent, span: tuple[int, int], lex, content: set[int]) -> list[tuple]:
    """(token, type, mode, is_verb, sense) for every trigger in the sentence span that reports an event."""
    s_start, s_end = span
    found = []  # (trigger token, type, mode, is_verb)
    consumed: set[int] = set()
    for tok in sent:
        if tok.idx < s_start or tok.idx >= s_end or tok.i in consumed:
            continue
        if tok.pos_ in ("VERB", "AUX") and _obliged(tok):  # "Russia said Sudan must return ...": a demand
            found.append((tok, "REQUEST", None, True, {"obliged": True}))
            continue
        if tok.i in content:
            continue
        if tok.pos_ == "VERB":
            s = match_verb(tok, lex)
            if s is not None:
                if tok.dep_ == "acl" and tok.head.lower_ in ("those", "these"):
                    continue  # "hundreds of those arrested": people already reported as arrested
                if _generic(tok):
                    continue  # "people living in or visiting Hong Kong": no particular event
                if s["type"] in STATIVE_TYPES and _stative(tok):
                    continue  # "Lam, who is supported by Beijing": a state, not an act
                found.append((tok, s["type"], s.get("mode"), True, s))
                continue
        m = match_noun(tok, lex)
        if m is None:
            continue
        sense, key = m
        if " of " in key:
            consumed.update(g.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.subtree)
        if key.startswith(("rubber", "stun", "tear", "water")) or tok.dep_ == "compound":
            continue  # weapons are the mode of a 'use' event, not events of their own
        gov = governor(tok)
        via_light = gov is not None and (gov.lemma_.lower() in lex["light"] or gov.lemma_.lower() in lex["status"]
                                         or gov.lemma_.lower() in sense.get("via", ())) \
            and tok.dep_ in ("dobj", "pobj", "conj", "attr") and not any(
                a.dep_ == "prep" and a.lower_ in ("with", "without", "despite", "after", "before") for a in tok.ancestors
                if gov.i < a.i < tok.i or tok.i < a.i < gov.i)
        if not via_light and gov is not None and tok.dep_ in ("nsubj", "nsubjpass") and gov.i == tok.head.i \
                and gov.lemma_.lower() in lex.get("occur", ()) and tok.tag_ == "NNS":
            via_light = True  # "clashes erupted on Sunday", "protests spread": the subject happened, then and there
        needs = (lex["precision"].get("light_needs") or {}).get(gov.lemma_.lower()) if via_light else None
        if needs and tok.dep_ == "dobj" and not any(
                c.lower_ in needs or c.dep_ == "prep" and any(g.lemma_.lower() in needs for g in c.children)
                for c in gov.children if c.dep_ in ("prep", "prt", "advmod")):
            continue  # "putting an agreement in his frame": a figure of speech, not an agreement
        if via_light and sense["type"] == "PROTEST" and gov.lemma_.lower() in ("lodge", "file", "issue", "deliver"):
            sense = {"type": "ACCUSE", "mode": "disapprove"}  # "lodged an official protest": diplomatic
        temporal = tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS
        gs = match_verb(gov, lex) if gov is not None else None
        if gs is not None and gs.get("needs_agent") and not any(c.dep_ in ("nsubj", "agent") for c in gov.children):
            gs = None  # "killed in a car bombing": the bombing is the event
        if gs is not None and not temporal and gov.i not in content:
            continue  # an argument of an event verb ("condemned the crackdown")
        if sense.get("needs_prep") and not any(c.dep_ == "prep" and c.lower_ == sense["needs_prep"] for c in tok.children):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ == "as":
            continue  # "referring to the protests as riots": a name, not an event
        if sense.get("with_poss"):
            if not any(c.dep_ == "poss" and (actor_like(c) or c.lower_ in POSSESSIVE) for c in tok.children):
                continue
            sense = {**sense, "standalone": True}
        if sense.get("needs_that") and not any(g.dep_ == "mark" and g.lower_ == "that" for c in tok.children
                                                for g in c.children):
            continue
        if sense.get("needs_mod") and not any(c.dep_ in ("amod", "poss", "compound") for c in tok.children):
            continue
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
        has_count = any(c.lower_ in ("death", "deaths", "casualties") for c in tok.head.head.children) or \
            tok.head.lower_ == "in" and tok.head.head.lemma_ in ("death", "casualty")
        if not via_light and not sense.get("standalone"):
            continue
        if "via" in sense and (gov is None or gov.lemma_.lower() not in sense["via"]):
            continue  # "troops" is an event only when sent, deployed, massed ...
        # "tightened the blockade" asserts a new act; "those who ordered the crackdown" refers back
        if via_light and gov.dep_ != "relcl":
            dets = set()
        if dets & ANAPHORIC_DET and not has_count:
            continue  # "the crackdown": a report already made
        found.append((tok, sense["type"], sense.get("mode"), False, sense))
    return found
