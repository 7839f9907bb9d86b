"""Recipients and targets of an event beyond its direct arguments: PLOVER verb frames (lexicon
plover_verbs.json "frames": who a complaint, threat, deployment or attack is aimed at), the fallback
target of a trigger with no recipient, and a named place an act is aimed at.
"""
from __future__ import annotations

from .event_actors import SUBJ, _prep_objects, actor_like


NOT_TARGET_PREPS = {"including", "with", "like", "after", "before", "during", "since", "despite", "amid", "by",
                    "following", "as", "than"}
WHERE_PREPS = {"in", "at", "outside", "near", "inside", "across", "throughout", "through", "into", "around"}


def _ent_of(t):
    return next((e for e in t.doc.ents if e.start <= t.i < e.end), None)


def lo_ent(t) -> int:
    e = _ent_of(t)
    return e.start if e is not None else t.i


def hi_ent(t) -> int:
    e = _ent_of(t)
    return e.end if e is not None else t.i + 1


def target_fallback(trigger, etype: str, actor_heads, bounds) -> list:
    """For events with no recipient found in the usual slots: the first named party in the trigger's own clause
    that is not the actor, a place it happened in, or a date ("to demand the resignation of President X",
    "calling for independence from Iraq", "against Sweden's decision")."""
    skip = {t.i for a in actor_heads for t in a.subtree}
    for t in trigger.subtree:
        if t.i == trigger.i:
            continue
        if t.dep_ in ("relcl", "ccomp", "advcl", "acl", "conj", "parataxis") and t.pos_ in ("VERB", "AUX") and (
                any(c.dep_ in SUBJ for c in t.children) or t.dep_ in ("ccomp", "parataxis")
                or t.dep_ == "relcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
                or t.dep_ in ("advcl", "acl") and (t.tag_ == "VBG" or any(
                    c.dep_ == "mark" or c.dep_ == "advmod" and c.lower_ in ("when", "while", "where", "whenever")
                    for c in t.children))):
            skip.update(x.i for x in t.subtree)  # another clause ("leading the groups to ...", "when reached by")
        elif t.dep_ == "prep" and t.lower_ in NOT_TARGET_PREPS:
            skip.update(x.i for x in t.subtree)
    for t in trigger.subtree:
        if t.i in skip or t.i == trigger.i or not bounds[0] <= t.i < bounds[1]:
            continue
        if t.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP") or t.dep_ == "compound" or t.pos_ == "PRON":
            continue
        if t.pos_ in ("DET", "PART", "PUNCT", "ADP") or t.head.i != t.i and lo_ent(t) <= t.head.i < hi_ent(t):
            continue  # "the" or "United" of "the United States": the name's head stands for it
        path = []
        a_ = t
        while a_.i != trigger.i and a_.head.i != a_.i:
            path.append(a_.head)
            a_ = a_.head
        if any(p.lower_ in WHERE_PREPS and p.dep_ == "prep" for p in path):
            continue  # where, not whom: "demonstrated in the capital Minsk"
        return [t]
    return []


# --- PLOVER verb frames (lexicon plover_verbs.json "frames") ------------------------------------------------------

def _named_modifiers(p) -> list:
    """The parties named inside a non-actor noun phrase: 'two Israeli air raids' -> Israeli, "Serbia's
    suppression" -> Serbia, 'US mediation' -> US (not pronouns: 'his handling' says nothing new)."""
    return [g for g in p.children if g.dep_ in ("amod", "compound", "poss", "nmod") and g.pos_ != "PRON"
            and (g.ent_type_ in ("GPE", "NORP", "ORG") or g.dep_ == "poss" and actor_like(g))]


def _prep_targets(heads, preps) -> list:
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ not in preps:
                continue
            for p in c.children:
                if p.dep_ != "pobj" or p.ent_type_ in ("DATE", "TIME") or p.pos_ == "PRON":
                    continue
                if actor_like(p):
                    out.append(p)
                else:  # "an investigation into crimes committed by Croat forces": the crimes' agent
                    out += _named_modifiers(p) + _prep_objects(p, ("against", "by", "between")) + [
                        a for v in p.children if v.dep_ == "acl" and v.tag_ == "VBN" for g in v.children
                        if g.dep_ == "agent" for a in g.children if a.dep_ == "pobj" and actor_like(a)]
    return out


def _condition_subjects(tok) -> list:
    """'threatened to strike unless Israel rescinded ...', '... if the United States goes ahead': the party the
    threat is aimed at is the subject of its condition."""
    out = []
    for v in [tok] + [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]:
        for c in v.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                out += [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and actor_like(s)
                        and s.pos_ != "PRON"]
    return out


def _verb_type(tok) -> str | None:
    from .event_triggers import lexicon
    senses = lexicon()["verbs"].get(tok.lemma_.lower()) or [{}]
    return senses[0].get("type")


def _owner(thing, depth: int = 0):
    """Whose a thing is: 'a camp for Congolese refugees', 'the computers of army officers', 'a Karen guerrilla
    stronghold', 'part of ...'."""
    for c in thing.children:
        if c.dep_ == "poss" and c.pos_ != "PRON" and actor_like(c):
            return c
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ != "PRON" and actor_like(p) and p.ent_type_ not in ("GPE", "LOC"):
                    return p
                if p.dep_ == "pobj" and c.lower_ == "of" and depth < 1:
                    o = _owner(p, depth + 1)
                    if o is not None:
                        return o
    return next((c for c in thing.children if c.dep_ == "compound" and c.pos_ == "NOUN" and actor_like(c)), None)


def _stance_targets(tok, frames) -> list:
    """'in defiance of X', 'in retaliation for X's attack', 'in protest against X' (data: stance_nouns)."""
    nouns = frames.get("stance_nouns", {})
    out = []
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ != "in":
            continue
        for p in c.children:
            if p.dep_ == "pobj" and p.lemma_.lower() in nouns:
                out += _prep_targets([p], set(nouns[p.lemma_.lower()]))
    return out


def frame_roles(tok, etype: str, is_verb: bool, a_heads: list, r_heads: list, frames: dict, status=None,
                bounds=(0, 10**9)) -> tuple[list, list]:
    """Actor and recipient heads corrected by the verb's PLOVER frame (data: lexicon frames)."""
    if not frames:
        return a_heads, r_heads
    inside = lambda t: bounds[0] <= t.i < bounds[1]  # noqa: E731
    fr = frames.get("by_type", {}).get(etype, {})
    kids = list(tok.children)
    if is_verb and tok.lemma_.lower() in frames.get("stative_passive", ()) and any(c.dep_ == "auxpass" for c in kids) \
            and not any(c.dep_ == "agent" for c in kids):
        # "Israel is opposed to ...": a stance (the subject may hang off the copula: "But Sanders was opposed")
        subj = [c for k in kids for c in [k] + (list(k.children) if k.dep_ == "auxpass" else [])
                if c.dep_ in ("nsubjpass", "nsubj") and actor_like(c)]
        r_heads = [r for r in r_heads if r.i not in {s.i for s in subj}]
        a_heads = a_heads or subj
    if tok.dep_ == "acl" and not a_heads and [r.i for r in r_heads] == [tok.head.i] and actor_like(tok.head) and (
            etype == "PROTEST" or any(c.dep_ == "dobj" for v in [tok] + [c for c in kids if c.dep_ == "conj"]
                                      for c in v.children)):
        # a past tense the parser read as a participle: "..., a human rights group protested here", "Doctors from
        # two aid groups donated and delivered $50,000 worth of goods": the noun acted
        a_heads, r_heads = [tok.head], []
    if not r_heads and is_verb and fr.get("object_preps"):
        # "donated and personally delivered $50,000 worth of goods to Baghdad University": given to whom, also
        # through the object ("granted asylum to X") or a conjoined verb sharing the subject
        verbs = [tok] + [c for c in kids if c.dep_ == "conj" and c.pos_ == "VERB"]
        holders = verbs + [o for v in verbs for o in v.children if o.dep_ == "dobj"]
        r_heads = [t for t in _prep_targets(holders, set(fr["object_preps"])) if inside(t)
                   and t.i not in {a.i for a in a_heads}][:1]
    if not r_heads and is_verb and any(not list(c.children) for o in [tok] + [o for o in kids if o.dep_ == "dobj"]
                                       for c in o.children if c.dep_ == "prep" and c.i > tok.i):
        # "established diplomatic ties with and opened an embassy in Tehran": the stranded 'with' shares the
        # conjoined verb's last prepositional object
        conj = [c for c in kids if c.dep_ == "conj" and c.pos_ == "VERB"]
        objs = [p for v in conj for h in [v] + [o for o in v.children if o.dep_ == "dobj"] for c in h.children
                if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        r_heads = [p for p in objs[-1:] if inside(p) and (actor_like(p) or p.ent_type_ in ("GPE", "ORG", "NORP"))]
    if not r_heads and is_verb and fr.get("pressure_preps"):
        # "declined to resign despite growing pressure by the Kenya Anti-Corruption Commission": rejected whom
        for v in [tok] + [c for c in kids if c.dep_ == "xcomp"]:
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in fr["pressure_preps"]:
                    r_heads += [t for p in c.children if p.dep_ == "pobj"
                                for t in _prep_objects(p, ("by", "from")) + _named_modifiers(p) if inside(t)]
    if not r_heads and is_verb and fr.get("permit_verbs"):
        # "refused to allow United Nations planes to land": the party not allowed
        for x in kids:
            if x.dep_ == "xcomp" and x.lemma_.lower() in fr["permit_verbs"]:
                objs = [o for o in x.children if o.dep_ == "dobj"] + [
                    g for c in x.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
                r_heads = [t for o in objs for t in ([o] if actor_like(o) else _named_modifiers(o)) if inside(t)][:1]
    if not r_heads and is_verb and fr.get("shifted_object_preps"):
        # "denounced as an ugly crime Serbia's suppression of ...": the object shifted after the 'as' phrase
        r_heads = [t for c in kids if c.dep_ == "prep" and c.lower_ in fr["shifted_object_preps"]
                   for p in c.children if p.dep_ == "pobj" for a in p.children if a.dep_ == "appos"
                   for t in ([a] if actor_like(a) else _named_modifiers(a)) if inside(t)][:1]
    if fr.get("owner_of_property"):  # "a camp for Congolese refugees was attacked", "part of a guerrilla stronghold"
        r_heads = [_owner(r) or r if not actor_like(r) else r for r in r_heads]
        if not r_heads:
            things = [c for c in kids if c.dep_ in ("dobj", "nsubjpass") and not actor_like(c)]
            things += [q for p in kids if p.dep_ == "prep" and p.lower_ in ("into", "at", "on", "against")
                       for q in p.children if q.dep_ == "pobj" and not actor_like(q)]
            r_heads = [o for q in things for o in [_owner(q)] if o is not None and inside(o)][:1]
    if all(r.ent_type_ == "GPE" and r.dep_ == "pobj" and r.head.lower_ in WHERE_PREPS for r in r_heads):
        # "in defiance of Chinese authorities", "in retaliation for Israel's raids": the target, not the place
        r_heads = [t for t in _stance_targets(tok, frames) if inside(t)] or r_heads
    if not is_verb and not r_heads:  # "a suspension of air links with Serbia"
        r_heads = [t for c in kids if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj" and not actor_like(p)
                   for t in _prep_objects(p, ("with", "to", "against", "between")) if inside(t)]
    if etype == "PROTEST":  # "Thousands demonstrated in Minsk": where, not against whom
        r_heads = [r for r in r_heads if not (r.ent_type_ in ("GPE", "LOC", "FAC") and r.dep_ == "pobj"
                                              and r.head.lower_ in WHERE_PREPS and r.head.head.i == tok.i)]
    own = set(frames.get("own_forces", ()))
    embedded = [r for r in r_heads if r.dep_ == "dobj" and r.head.dep_ in ("xcomp", "ccomp") and r.head.head.i == tok.i
                and (r.lemma_.lower() in own or r.lower_ in own) and _verb_type(r.head) == "MOBILIZE"]
    if embedded and len(embedded) == len(r_heads):  # "refused to deploy peacekeepers in Iraq": aimed at Iraq
        r_heads = place_target(embedded[0].head, "MOBILIZE", frames, bounds)
    if fr.get("own_force_objects"):  # "mobilized army reservists", "strengthened its forces": the actor's means
        own = set(frames.get("own_forces", ()))
        objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
        mine = [o for o in objs if o.lemma_.lower() in own or o.lower_ in own
                or any(g.dep_ == "poss" and g.pos_ == "PRON" for g in o.children)]
        r_heads = [r for r in r_heads if r.i not in {o.i for o in mine}]
        if not r_heads:
            r_heads = [t for t in _prep_targets([tok] + mine, set(fr.get("target_preps", ())))
                       if inside(t) and (t.ent_type_ in ("GPE", "NORP", "ORG") or actor_like(t) and t.pos_ == "PROPN")]
    elif fr.get("noun_target_preps") and not is_verb and not r_heads:
        # "launched an investigation into alleged crimes committed by Croat forces"
        r_heads = [t for t in _prep_targets([tok], set(fr["noun_target_preps"])) if inside(t)
                   and t.i not in {a.i for a in a_heads}][:1]
    elif fr.get("target_preps") and is_verb:
        targets = [t for t in _prep_targets([tok], set(fr["target_preps"])) if inside(t)
                   and t.i not in {a.i for a in a_heads}]
        if fr.get("addressee_preps"):  # the accused first, then whom the complaint went to
            r_heads = targets + [r for r in r_heads if r.i not in {t.i for t in targets}]
        elif not r_heads:
            r_heads = targets
    if not r_heads and is_verb and tok.dep_ in ("xcomp", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in kids) and tok.head.lemma_.lower() in frames.get(
            "addressee_verbs", ()):  # "summoned Niger's ambassador to complain": the complaint went to him
        r_heads = [o for o in tok.head.children if o.dep_ == "dobj" and actor_like(o) and inside(o)
                   and o.i not in {a.i for a in a_heads}]
    if not r_heads and (fr.get("condition_subject") or status == "threatened") and is_verb:
        r_heads = [t for t in _condition_subjects(tok) if inside(t)]
    return a_heads, r_heads


def place_target(tok, etype: str, frames: dict, bounds=(0, 10**9)) -> list:
    """With no party found, the named place an attack, a deployment or an imposed measure is aimed at
    ('fired at targets in Jericho', 'imposed a curfew in the town of Cizre', 'strengthened its forces in
    Lebanon'): PLOVER codes the place's polity as the target."""
    if not (frames.get("by_type", {}).get(etype) or {}).get("place_target"):
        return []
    preps = set(frames.get("place_preps", ()))
    frontier, seen = [tok], {tok.i}
    for _ in range(4):
        nxt = []
        for h in frontier:
            for c in h.children:
                if c.i in seen or not bounds[0] <= c.i < bounds[1]:
                    continue
                ok = c.dep_ in ("dobj", "pobj", "appos") or c.dep_ == "prep" and (
                    c.lower_ in preps or c.lower_ == "of" and h.dep_ == "pobj") or c.dep_ == "acl" and \
                    h.dep_ == "dobj" and c.tag_ in ("VBG", "VBN")  # "power lines leading into Kabul"
                if not ok:
                    continue
                if c.dep_ in ("pobj", "appos") and c.ent_type_ == "GPE" and c.pos_ == "PROPN" \
                        and not (c.head.i != c.i and lo_ent(c) <= c.head.i < hi_ent(c)):
                    return [c]
                seen.add(c.i)
                nxt.append(c)
        frontier = nxt
    return []
