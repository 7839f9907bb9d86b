"""Actors and recipients of an event from the dependency parse, as EntityRefs with country and sector.

Named actors are resolved through the article's MentionIndex; generic ones ("riot police",
"Thousands", "European Union ministers") get a sector and a country from modifiers, the
gazetteer's places, or the article's focus country.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from ..records import EntityRef

_LEX = Path(__file__).parent / "lexicon"
SUBJ = ("nsubj", "csubj")
PERSONAL = {"he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "it", "who", "which", "that"}
ROLE_HEADS = {"leader", "minister", "president", "official", "government", "head", "chief", "foreign minister",
              "premier", "king", "spokesman", "spokeswoman", "representative", "delegation", "ambassador"}
# nouns for groups and bodies that act ("rulers", "partners", "the coalition"), beside the sector words
GROUP_NOUNS = {"people", "group", "party", "council", "committee", "coalition", "front", "elder", "community",
               "league", "organization", "organisation", "agency", "embassy", "regime", "side", "country", "nation",
               "republic", "kingdom", "family", "tribe", "member", "partner", "ally", "neighbor", "neighbour",
               "delegate", "delegation", "team", "body", "movement", "faction", "clan", "militia", "forces",
               "population", "populace", "suspect", "victim", "hostage", "citizen"}
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ee", "ary", "ier")
NOT_PERSONS = {"order", "border", "water", "power", "number", "matter", "center", "centre", "letter", "paper",
               "member", "chamber", "quarter", "corner", "river", "cover", "offer", "answer", "disorder", "error",
               "sector", "factor", "floor", "door", "honor", "honour", "favor", "favour", "labor", "labour", "tor",
               "territory", "summary", "boundary", "salary", "majority", "minority", "january", "february",
               "library", "diary", "dictionary", "plan", "weather", "fire", "war", "ban", "commentary", "sanctuary",
               "monetary", "primary", "secretary-general", "hunger", "shelter", "computer", "cancer", "murder"}
# a pobj of these prepositions is a recipient when it looks like an actor
RECIPIENT_PREPS = {"with", "to", "against", "on", "upon", "at", "from"}


@functools.lru_cache(maxsize=1)
def actor_lexicon() -> dict:
    d = json.loads((_LEX / "plover_actors.json").read_text(encoding="utf-8"))
    countries = {}
    for names, code in d["countries"].items():
        for n in names.split("|"):
            countries[n.lower()] = code
    d["country_of"] = countries
    d["crowd"] = set(d["crowd_words"])
    return d


def np_bounds(tok) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``tok``: left modifiers, 'of' complements,
    appositions; not relative clauses or participles."""
    lo, hi = tok.i, tok.i
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc", "preconj", "advmod") or c.dep_ == "advmod" and c.head.like_num:
            lo = min(lo, c.left_edge.i)
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "nummod", "case") or c.dep_ == "prep" and c.lower_ == "of" \
                or c.dep_ == "appos" and tok.pos_ not in ("PRON", "PROPN"):
            hi = max(hi, c.right_edge.i)
    doc = tok.doc
    for i in range(tok.i - 1, lo - 1, -1):  # never reach back across a paragraph break (a subhead)
        if "\n" in doc[i].text:
            lo = i + 1
            break
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    return lo, hi + 1


def actor_like(tok) -> bool:
    """Could this token head an actor (vs. a thing, place-as-location or time)?"""
    lex = actor_lexicon()
    low = tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return tok.lower_ in PERSONAL and tok.lower_ not in ("it", "which", "that")
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "EVENT"):
        return True
    # the -er/-ist guess holds for a head noun, not for a singular modifier ("rubber bullets", "border wall";
    # a plural one is a possessor without its apostrophe: "hostage-takers demands")
    if tok.pos_ == "NOUN" and (low in GROUP_NOUNS or low.endswith(PERSON_SUFFIXES) and low not in NOT_PERSONS
                               and len(low) > 4 and not (tok.dep_ == "compound" and tok.tag_ == "NN")):
        return True
    return (low in lex["sectors"] or low in lex["crowd"] or low in ROLE_HEADS or low in lex["orgs"]
            or tok.lower_ in lex["country_of"])


def conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(conjuncts(c))
    return out


class ActorResolver:
    """Per-document helper: EntityRefs for actor heads, with country and sector."""

    def __init__(self, doc, index, places, focus_country: str | None):
        self.doc, self.index, self.focus = doc, index, focus_country
        self.place_at: dict[int, object] = {}
        for p in places or ():
            if p.start is None or not getattr(p, "country_code", None):
                continue
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            for t in span or ():
                self.place_at[t.i] = p

    def refs(self, tok, crowd_is: str | None = None) -> list[EntityRef]:
        """One ref per conjunct; 'leaders of the Baltic states — Estonia, Lithuania and Latvia' expands
        to the three countries (sector government)."""
        out = []
        for t in conjuncts(tok):
            expanded = self._expand_role(t)
            if expanded:
                out.extend(expanded)
            else:
                r = self.ref(t, crowd_is)
                if r is not None:
                    out.append(r)
        return out

    def _expand_role(self, tok) -> list[EntityRef]:
        if tok.lemma_.lower() not in ROLE_HEADS:
            return []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    named = [a for a in obj.children if a.dep_ == "appos"]
                    heads = conjuncts(named[0]) if named else conjuncts(obj)
                    if len(heads) > 1 or heads[0].pos_ == "PROPN":
                        refs = [self.ref(h) for h in heads]
                        for r in refs:
                            if r is not None:
                                r.sector = "government"
                        return [r for r in refs if r is not None]
        return []

    def ref(self, tok, crowd_is: str | None = None) -> EntityRef | None:
        if tok.pos_ == "PRON" and tok.lower_ not in PERSONAL or tok.lower_ in ("which", "that"):
            return None
        lo, hi = np_bounds(tok)
        doc = self.doc
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        r = None
        if self.index is not None:
            try:
                r = self.index.ref(start, end)
            except Exception:  # a colleague's resolver must not sink the event
                r = None
        if r is None and tok.lower_ in ("it", "they", "he", "she") and tok.dep_ == "nsubj":
            rep = tok.head.head if tok.head.dep_ == "ccomp" else None
            subj = next((c for c in rep.children if c.dep_ == "nsubj"), None) if rep is not None else None
            if subj is not None and subj is not tok and rep.lemma_ in ("say", "announce", "tell", "state", "declare"):
                return self.ref(subj, crowd_is)
        if r is None:
            name = None
            if tok.pos_ == "PROPN":
                ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
                name = ent.text if ent is not None else tok.text
            r = EntityRef(text=doc.text[start:end], name=name, start=start, end=end)
        if r.sector is None or crowd_is and r.sector == "civilians":
            r.sector = self.sector(tok, lo, hi, crowd_is) or r.sector
        if r.country is None:
            r.country = self.country(tok, lo, hi, r)
        return r

    def sector(self, tok, lo: int, hi: int, crowd_is: str | None) -> str | None:
        lex = actor_lexicon()
        low = tok.lemma_.lower()
        prev = self.doc[tok.i - 1].lemma_.lower() if tok.i > lo else ""
        for key in (f"{prev} {low}", low, tok.lower_):
            if key in lex["sectors"]:
                return lex["sectors"][key]
        if crowd_is and (low in lex["crowd"] or tok.like_num):
            return crowd_is
        return None

    def country(self, tok, lo: int, hi: int, ref: EntityRef) -> str | None:
        lex = actor_lexicon()
        key = f" {(ref.text or '').lower()} "
        for org, code in lex["orgs"].items():
            if f" {org} " in key:
                return code
        if any(self.doc[i].lower_ == "foreign" for i in range(lo, hi)):
            return None
        for i in range(lo, hi):  # the head first via places, then modifiers ("Belarusian", "U.S.")
            t = self.doc[i]
            if t.lower_ in lex["orgs"] and t.pos_ == "PROPN":
                return lex["orgs"][t.lower_]
        if tok.i in self.place_at:
            return self.place_at[tok.i].country_code
        two = " ".join(t.text for t in self.doc[max(lo, tok.i - 1):tok.i + 1]).lower()
        for k in (two, tok.lower_):
            if k in lex["country_of"]:
                return lex["country_of"][k]
        for i in range(lo, hi):
            if i in self.place_at and self.doc[i].dep_ in ("amod", "compound", "poss", "nmod"):
                return self.place_at[i].country_code
            t = self.doc[i]
            if t.dep_ in ("amod", "compound", "poss") and t.text.lower() in lex["country_of"]:
                return lex["country_of"][t.text.lower()]
        if ref.entity_id and self.index is not None:
            for e in getattr(self.index, "entities", ()):
                if e.id == ref.entity_id:
                    c = (e.attributes or {}).get("country")
                    if c:
                        return c
                    break
        if ref.sector and tok.pos_ != "PROPN":
            return self.focus  # generic actors ("riot police", "protesters") belong to the story's country
        return None


RELATIVE = {"who", "which", "that"}
# "X is ready / willing / prepared to act": X acts (not "easy to deny", where the subject is the object)
# (only those that also give the status, lexicon status_verbs; "quick to blame", "happy to meet" describe a mood)
CONTROL_ADJ = {"ready", "willing", "prepared", "poised", "due"}


def subject_of(verb, bounds=(0, 10**9)):
    """Grammatical subject of a verb, inherited through conj/xcomp/advcl chains; tokens outside
    ``bounds`` (a subhead the parser glued to the sentence) never count."""
    lo, hi = bounds
    v = verb
    if verb.dep_ == "conj" and verb.i > 0 and not any(c.dep_ in SUBJ for c in verb.children):
        prev = verb.doc[verb.i - 1]  # "... and opposition protesters prepare": conjunct mis-attached
        if prev.pos_ in ("NOUN", "PROPN") and prev.tag_ in ("NNS", "NNPS") and verb.tag_ == "VBP" and actor_like(prev):
            return prev
    for _ in range(4):
        for c in v.children:
            if c.dep_ in SUBJ and lo <= c.i < hi:
                if c.lower_ in RELATIVE and v.dep_ == "relcl":
                    return v.head
                return c
        if v.dep_ in ("acl", "advcl") and v.tag_ == "VBG" and v.head.pos_ != "VERB":
            root = v.sent.root  # "..., repeatedly accusing foreign governments": the main clause's subject
            return subject_of(root, bounds) if root.i != v.i else None
        if v.dep_ == "xcomp" and v.head.lower_ in CONTROL_ADJ and v.head.dep_ in ("acomp", "xcomp", "oprd") \
                and v.head.head.pos_ in ("VERB", "AUX"):
            v = v.head  # "Syria says it is willing to withdraw": the subject of "is" (or of the adjective)
            if not any(c.dep_ in SUBJ for c in v.children):
                v = v.head
            continue
        if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX") \
                and v.head.lower_ in ("after", "before", "since", "upon", "on", "while", "without", "despite", "following"):
            v = v.head.head  # "Pelosi tweeted after meeting Trump": Pelosi met him
            continue
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
            # object control: "urged X to ...": the object is the subject of the xcomp
            if v.dep_ == "xcomp":
                obj = next((c for c in v.head.children if c.dep_ == "dobj"), None)
                if obj is not None and v.head.lemma_ in ("urge", "ask", "order", "tell", "force", "invite"):
                    return obj
            v = v.head
            continue
        if v.dep_ == "relcl" and v.head.pos_ in ("NOUN", "PROPN", "PRON") and \
                not any(c.lower_ == "to" for c in v.children):
            return v.head
        break
    # a fronted time phrase swallowed the subject ("On Friday authorities began ..." parsed with
    # "authorities" as a second object of "On"): the noun right before the verb, inside that phrase
    prev = v.doc[v.i - 1] if v.i > lo else None
    if prev is not None and prev.dep_ == "pobj" and prev.head.dep_ == "prep" and prev.head.head.i == v.i \
            and prev.pos_ in ("NOUN", "PROPN") and actor_like(prev):
        return prev
    # subject glued into a fronted phrase ("With the signing of X, the government and the rebels have agreed"):
    # the actor-like noun phrase right before the root verb and its auxiliaries
    if v.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in v.children):
        j = v.i - 1
        while j > lo and v.doc[j].dep_ in ("aux", "neg", "advmod") and v.doc[j].head.i == v.i:
            j -= 1
        t = v.doc[j] if j >= lo else None
        if t is not None and t.pos_ in ("NOUN", "PROPN") and actor_like(t) and t.dep_ in ("conj", "appos", "pobj") \
                and j < v.i - 1:
            while t.dep_ == "conj" and t.head.i < t.i and t.head.pos_ in ("NOUN", "PROPN") and \
                    v.doc[t.left_edge.i - 1].text != ",":
                t = t.head
            return t
    # parse broken around the subject ("Tikhanovskaya, a novice who ..., accuses"): the sentence topic
    if v.dep_ in ("ROOT", "conj", "ccomp") and verb.sent.root.i in (v.i, v.head.i):
        first = v.doc[lo] if lo < len(v.doc) else None
        if first is not None and first.i < verb.i and first.pos_ in ("PROPN", "NOUN") and actor_like(first) \
                and first.dep_ in ("nsubj", "nsubjpass", "compound"):
            return first
    return None


def arguments(trigger, is_verb: bool, bounds=(0, 10**9)) -> tuple[list, list]:
    """(actor heads, recipient heads) for a trigger token."""
    a, r = _arguments(trigger, is_verb, bounds)
    inside = lambda t: bounds[0] <= t.i < bounds[1]  # noqa: E731
    return [t for t in a if inside(t)], [t for t in r if inside(t) and t.i != trigger.i]


def _arguments(trigger, is_verb: bool, bounds) -> tuple[list, list]:
    actors, recips = [], []
    if is_verb:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
        if passive and trigger.lemma_.lower() in _stative_passives() and not any(
                c.dep_ == "agent" for c in trigger.children):  # "Serb forces were engaged in ethnic cleansing"
            actors += [c for c in trigger.children if c.dep_ == "nsubjpass" and actor_like(c)]
            passive = bool(actors)
        for c in trigger.children:
            if c.dep_ == "agent":
                actors += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "nsubjpass":
                if c not in actors:
                    recips.append(c)
            elif c.dep_ in ("dobj", "dative", "iobj", "attr") and actor_like(c):
                recips.append(c)
            elif c.dep_ == "dative" and c.pos_ == "ADP" and not any(  # "issued a stern reminder Saturday to Iraq"
                    o.dep_ == "prep" and o.lower_ == c.lower_ for o in trigger.children):  # not "to aides to Trump"
                recips += [p for p in c.children if p.dep_ == "pobj" and actor_like(p)]
            elif c.dep_ == "dobj":
                recips += [g for g in c.children if g.dep_ == "poss" and actor_like(g)]
            elif c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS:
                recips += [p for p in c.children if p.dep_ == "pobj" and actor_like(p)
                           and p.ent_type_ not in ("DATE", "TIME")]
            if c.dep_ == "prep" and c.lower_ in ("in", "for"):  # "called in Moscow's help"
                recips += [g for p in c.children if p.dep_ == "pobj" and not actor_like(p)
                           for g in p.children if g.dep_ == "poss" and actor_like(g)]
        bare_participle = trigger.tag_ == "VBN" and not any(c.dep_ == "aux" for c in trigger.children)
        if trigger.dep_ == "acl" and trigger.tag_ == "VBN":  # "protesters beaten", "6,700 people detained"
            recips.append(trigger.head)
        elif bare_participle and trigger.dep_ != "ROOT" or trigger.dep_ == "pcomp" and trigger.head.lower_ == "with":  # "with at least 6,700 people detained"
            recips += [c for c in trigger.children if c.dep_ == "nsubj"]
        elif not passive:
            s = subject_of(trigger, bounds)
            if s is not None:
                actors.append(s)
        if not recips:  # "help ensure Belarus's security", "promised to continue aid to Mozambique"
            recips = _deep_recipients(trigger, 0)
    else:
        for c in trigger.children:
            if c.dep_ == "poss" and actor_like(c) or c.dep_ == "amod" and actor_like(c) and c.ent_type_ == "NORP" \
                    or c.dep_ == "compound" and c.lemma_.lower() in actor_lexicon()["sectors"]:
                actors.append(c)
            elif c.dep_ == "prep" and c.lower_ == "by":
                actors += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "prep" and c.lower_ in ("against", "with", "to", "on", "for", "between"):
                recips += [p for p in c.children if p.dep_ == "pobj" and actor_like(p)]
                if c.lower_ in ("against", "on"):  # "demonstrations against violations by the Israeli military"
                    for p in c.children:
                        if p.dep_ == "pobj" and not actor_like(p):
                            recips += _prep_objects(p, ("by",))
                            recips += [g for g in p.children if g.dep_ == "poss" and actor_like(g) and g.pos_ != "PRON"]
    return actors, recips


@functools.lru_cache(maxsize=1)
def _stative_passives() -> frozenset:
    d = json.loads((_LEX / "plover_verbs.json").read_text(encoding="utf-8"))
    return frozenset(d.get("frames", {}).get("stative_passive", ()))


def _prep_objects(tok, preps) -> list:
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj" and actor_like(p) and p.ent_type_ not in ("DATE", "TIME")]


def _deep_recipients(tok, depth: int) -> list:
    """Recipients further down: the object's complements ('demands from Shona rebels', 'aid to Mozambique'),
    its national modifier ('US mediation'), an xcomp's arguments ('agreed to set up a centre in Tokyo'),
    a place the act is done in ('lifted a curfew in Montenegro')."""
    out = []
    for c in tok.children:
        if c.dep_ == "ccomp" and depth == 0:  # "demanded that the US cancel ...": who is asked
            out += [g for g in c.children if g.dep_ == "nsubj" and actor_like(g) and g.pos_ != "PRON"]
            if not any(g.dep_ in ("nsubj", "nsubjpass") and actor_like(g) for g in c.children) and any(
                    g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                for v in [c] + [g for g in c.children if g.dep_ in ("advmod", "prt")]:
                    out += _prep_objects(v, ("from", "against"))  # "demanded that control be taken away from X"
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [g for o in objs for g in o.children if g.dep_ == "conj"]
    for c in list(tok.children) + objs[1:]:
        if c.dep_ in ("dobj", "conj") and c in objs and not actor_like(c):
            out += [g for g in c.children if g.dep_ == "poss" and actor_like(g)]
            out += _prep_objects(c, ("of", "to", "for", "from", "against", "with", "on", "in"))
            out += [g for g in c.children if g.dep_ in ("amod", "compound") and (
                g.ent_type_ in ("GPE", "NORP", "ORG") or g.pos_ == "PROPN"
                or g.dep_ == "compound" and g.pos_ == "NOUN" and g.tag_ == "NNS" and actor_like(g))]  # "hostage-takers demands"
            out += [p for pr in c.children if pr.dep_ == "prep" and pr.lower_ in ("by", "between") for p in pr.children
                    if p.dep_ == "pobj" and actor_like(p)]
            # "prevented the demonstration staged by students": who did what was acted on
            out += [p for v in c.children if v.dep_ == "acl" and v.tag_ == "VBN" for ag in v.children
                    if ag.dep_ == "agent" for p in ag.children if p.dep_ == "pobj" and actor_like(p)]
        elif c.dep_ == "prep" and c.lower_ == "between":  # "a mediation effort between the Emirates and Saudi Arabia"
            out += [p for p in c.children if p.dep_ == "pobj" and actor_like(p)]
        elif c.dep_ == "prep" and c.lower_ in ("for", "on", "over", "about", "into") and depth == 0:
            # "called for sanctions against Nigeria", "complained over Israeli air raids"
            for p in c.children:
                if p.dep_ == "pobj" and not actor_like(p):
                    out += _prep_objects(p, ("against", "on", "by", "from", "between"))
                    # "insisted on its demands that Burundi's government grant ...": who is asked
                    out += [s for v in p.children if v.dep_ in ("acl", "ccomp") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in v.children)
                        for s in v.children if s.dep_ == "nsubj" and actor_like(s) and s.pos_ != "PRON"]
                    out += [g for g in p.children if g.dep_ in ("amod", "compound", "poss") and
                            g.ent_type_ in ("GPE", "NORP", "ORG")]
        if c.dep_ == "prep" and c.lower_ in ("in", "into", "for", "over") and depth == 0:
            out += [p for p in c.children if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "ORG", "NORP")]
            out += [g for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN" for g in p.children
                    if g.dep_ in ("amod", "compound", "poss") and g.ent_type_ in ("GPE", "NORP", "ORG")]
    if not out and depth < 2:
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB":
                out += [o for o in c.children if o.dep_ in ("dobj", "dative") and actor_like(o) and o.pos_ != "PRON"]
                out += _prep_objects(c, RECIPIENT_PREPS)
                # "refused to respond to a demand from the US President"
                out += [t for pr in c.children if pr.dep_ == "prep" and pr.lower_ in ("to", "with") for p in pr.children
                        if p.dep_ == "pobj" and not actor_like(p) for t in _prep_objects(p, ("from", "by"))]
                out = out or _deep_recipients(c, depth + 1)
    return out
