"""PLOVER v1 events from one annotated article: type, mode, actors, recipients, date, place, counts,
status, claimant, evidence.

One pass over the sentences; triggers are looked up by lemma in the data files under ``lexicon/``
(plover_verbs.json, plover_nouns.json, plover_actors.json). Precision over recall: negated triggers,
the content of requests/threats ("demanded he step down") and anaphoric mentions ("the crackdown")
are not new events. Places and time expressions are found once per document.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from ..records import Article, Count, DateValue, Event, Place, Source
from . import counts as _counts
from .event_actors import ActorResolver, actor_lexicon, actor_like, arguments, subject_of
from .event_status import REPORT_VERBS, claimant_head, negated, status_of

_LEX = Path(__file__).parent / "lexicon"
EVENT_VERB_POS = ("VERB",)
# "the crackdown", "their protests": refer back to an event already reported
ANAPHORIC_DET = {"the", "this", "that", "these", "those", "their", "its", "his", "her"}
POSSESSIVE = {"their", "its", "his", "her"}  # "continued their hunger strike": a report, not a reference
LOCATIVE_PREPS = {"in", "at", "outside", "through", "near", "across", "inside", "around", "into", "on", "to"}
TEMPORAL_PREPS = {"during", "amid", "after", "before", "since", "despite", "following", "ahead", "until"}
ASPECT_VERBS = {"begin", "start", "continue", "resume", "keep", "stop", "finish"}
COUNT_CUES = {  # lemma -> count field: "two deaths", "hundreds injured", "6,700 people detained"
    "death": "dead", "dead": "dead", "die": "dead", "kill": "dead", "fatality": "dead", "casualty": "dead",
    "body": "dead", "injure": "injured", "injured": "injured", "wound": "injured", "wounded": "injured",
    "hurt": "injured", "injury": "injured", "arrest": "arrested", "detain": "arrested", "jail": "arrested",
    "detention": "arrested", "arrested": "arrested", "detained": "arrested",
}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
PHYSICAL = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "RETREAT"}  # happen somewhere: context city is a fair default
HAPPEN_VERBS = {"take", "continue", "erupt", "begin", "start", "break", "spread", "occur", "happen", "resume",
                "escalate", "end", "enter", "grow", "turn"}
GENERIC_HEADS = {"people", "person", "anyone", "those", "fugitive", "someone", "resident", "citizen"}
# subjects that are not actors: "the bill would allow", "their broadcasts backed", "the night's incidents injured"
INANIMATE = {"bill", "law", "plan", "resolution", "report", "measure", "broadcast", "incident", "decision", "policy",
             "move", "proposal", "it's", "which", "that", "this", "document", "statement", "letter", "rule", "decree",
             "constitution", "vote", "election", "referendum", "case", "situation", "crisis", "fact"}
STATIVE_TYPES = {"SUPPORT", "COOPERATE"}
COUNT_TYPES = {"dead": ("ASSAULT", "PROTEST", "COERCE"), "injured": ("ASSAULT", "PROTEST", "COERCE"),
               "arrested": ("COERCE", "ASSAULT", "PROTEST")}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    verbs = json.loads((_LEX / "plover_verbs.json").read_text(encoding="utf-8"))
    nouns = json.loads((_LEX / "plover_nouns.json").read_text(encoding="utf-8"))
    return {"verbs": verbs["verbs"], "light": set(verbs["light_verbs"]), "status": verbs["status_verbs"],
            "nouns": nouns["nouns"]}


# ----------------------------------------------------------------- trigger matching
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
        if s.get("ccomp") and not any(c.dep_ == "ccomp" for c in tok.children):
            continue
        if s.get("xcomp_any") and not any(c.dep_ == "xcomp" for c in tok.children):
            continue
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
    nouns, low = lex["nouns"], tok.lemma_.lower()
    comp = " ".join(c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod"))
    of = next((g.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"), None)
    for key in ([f"{comp.split()[-1]} {low}"] if comp else []) + ([f"{low} of {of}"] if of else []) + [low]:
        sense = nouns.get(key)
        if sense:
            return sense, key
    for c in tok.lefts:  # "mediation mission", "peace talks": the modifier names the event
        if c.dep_ == "compound" and c.lemma_.lower() in nouns and not nouns[c.lemma_.lower()].get("standalone"):
            return nouns[c.lemma_.lower()], c.lemma_.lower()
    return None


# ----------------------------------------------------------------- governors
def governor(tok):
    """The verb that takes ``tok`` (a noun trigger) as argument, through prepositions and conjuncts."""
    t = tok
    for _ in range(6):
        if t.head is t:
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
        senses = lex["verbs"].get(tok.lemma_.lower())
        if not senses or not any(s.get("content") for s in senses) or tok.pos_ != "VERB":
            continue
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


# ----------------------------------------------------------------- document context
class _DocContext:
    def __init__(self, doc, article: Article, index):
        self.doc, self.article = doc, article
        self.places: list[Place] = []
        self.city = self.focus = None
        try:
            from .places import article_context, find_places
            self.places = find_places(doc)
            ctx = article_context(self.places)
            self.focus, self.city = ctx.country, ctx.city
        except Exception:  # no gazetteer: events keep location None
            pass
        self.actors = ActorResolver(doc, index, self.places, self.focus)
        self.time_at: dict[int, object] = {}
        self.tense_of = None
        try:
            from .dates import find_time_expressions, tense_of_token
            self.tense_of = tense_of_token

            def tense_at(s, e):
                span = doc.char_span(s, e, alignment_mode="expand")
                return tense_of_token(span.root) if span is not None else None
            for x in find_time_expressions(doc.text, article.published, tense_at=tense_at):
                if x.type not in ("DATE", "TIME") or not x.date.precision:
                    continue
                if x.start < 80 and "\n" in doc.text[x.end:x.end + 4] and not doc.text[:x.start].strip(" ,\n"):
                    continue  # the dateline ("Sunday, June 23, 2019") dates the report, not an event
                span = doc.char_span(x.start, x.end, alignment_mode="expand")
                if span is not None:
                    self.time_at[span.root.i] = x
        except Exception:
            pass

    def place_tokens(self, lo: int, hi: int) -> list[tuple[int, Place]]:
        out = []
        for p in self.places:
            if p.start is not None and self.doc[lo].idx <= p.start < self.doc[hi - 1].idx + 1 and p.feature != "demonym":
                span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
                if span is not None:
                    out.append((span.root.i, p))
        return out


def _clause_heads(trigger, lex) -> list:
    """The trigger and the governors that share its time and place: 'planned [a strike]',
    'began [releasing]', 'prepare for [a show of force]', conjoined verbs sharing a subject."""
    heads, t = [trigger], trigger
    for _ in range(4):
        h = t.head
        if h is t:
            break
        if t.dep_ in ("dobj", "pobj", "prep", "xcomp", "pcomp") and (
                h.pos_ in ("ADP", "NOUN") or h.lemma_.lower() in lex["status"] or h.lemma_.lower() in lex["light"]
                or h.lemma_.lower() in ASPECT_VERBS):
            heads.append(h)
            t = h
            continue
        break
    return heads


def _attached_to(tok, heads_i: set[int], stop_verbs=True) -> bool:
    """Does ``tok`` hang from one of ``heads_i`` without crossing another verb?"""
    t = tok
    for _ in range(8):
        if t.i in heads_i:
            return True
        if t.head is t:
            return False
        t = t.head
        if stop_verbs and t.pos_ in ("VERB", "AUX") and t.i not in heads_i:
            return False
    return False


def _event_date(trigger, heads, dctx, status, bounds) -> DateValue:
    hi = {h.i for h in heads}
    lo_b, hi_b = bounds
    for i, x in dctx.time_at.items():
        if not lo_b <= i < hi_b:
            continue
        tok = dctx.doc[i]
        if not _inside_chain(tok, bounds):  # parse glued to a subhead: the clause the expression opens
            tok = next((t for t in dctx.doc[i:hi_b] if t.pos_ == "VERB"), tok)
        if _attached_to(tok, hi):
            dv = x.date
            if status == "planned" and dv.start and dv.start < (dctx.article.published or "") and dctx.tense_of:
                try:
                    from .dates import date_for_span
                    dv = date_for_span(dctx.doc.text, dctx.article.published, x.start, x.end, "future")
                except Exception:
                    pass
            return DateValue.from_dict(dv.to_dict())
    return DateValue()


def _inside_chain(tok, bounds) -> bool:
    t = tok
    for _ in range(8):
        if t.head is t:
            return True
        t = t.head
        if not bounds[0] <= t.i < bounds[1]:
            return False
        if t.pos_ in ("VERB", "AUX"):
            return True
    return True


def _locative(tok, heads_i: set[int]) -> bool:
    """'in the capital Minsk', 'through the streets of central Minsk', 'outside X', 'a trip to Poland'."""
    t = tok
    for _ in range(6):
        if t.dep_ in ("appos", "compound", "conj") or t.dep_ == "pobj" and t.head.lower_ == "of":
            t = t.head if t.dep_ != "pobj" else t.head.head
            continue
        if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS:
            prep = t.head
            if prep.head.i in heads_i or prep.lower_ == "to" and prep.head.lemma_ in ("trip", "visit", "travel"):
                return True
            if prep.head.pos_ == "NOUN" and prep.head.dep_ in ("pobj", "dobj") and prep.lower_ != "to":
                t = prep.head  # "protested outside the state television centre in Minsk"
                continue
        return False
    return False


def _event_place(trigger, heads, dctx, sent, actors, etype) -> Place | None:
    hi = {h.i for h in heads}
    cands = dctx.place_tokens(sent.start, sent.end)
    for i, p in cands:
        tok = dctx.doc[i]
        if _locative(tok, hi):
            return p
    foreign = [a for a in actors if a.country and a.country != dctx.focus]
    if etype not in PHYSICAL or foreign:
        return None  # where a statement was made is rarely the story's city
    if dctx.city is not None:
        return Place.from_dict(dctx.city.to_dict())
    if dctx.focus:
        return Place(text=dctx.focus, country_code=dctx.focus, feature="country")
    return None


# ----------------------------------------------------------------- counts
def _sentence_counts(sent) -> list[tuple[str, Count, object]]:
    """(field, count, token) for 'two deaths', 'hundreds injured', '6,700 people detained'."""
    out = []
    for tok in sent:
        field = COUNT_CUES.get(tok.lemma_.lower()) or COUNT_CUES.get(tok.lower_)
        if not field:
            continue
        c = None
        if tok.pos_ == "NOUN":
            c = _counts.count_of(tok)
        elif tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PRON", "NUM"):
            c = _counts.count_of(tok.head)
        elif tok.pos_ in ("VERB", "ADJ"):
            subj = next((x for x in tok.children if x.dep_ in ("nsubjpass", "dobj")), None) or \
                next((x for x in tok.children if x.dep_ == "nsubj"), None)
            if subj is None and tok.dep_ == "conj":  # "6,700 people detained and hundreds injured"
                subj = next((x for x in tok.children if x.like_num or x.lower_ in ("hundreds", "thousands", "dozens")), None)
            if subj is not None:
                c = _counts.count_of(subj)
                if c is None and subj.pos_ == "PROPN" and subj.ent_type_ == "PERSON" and field == "dead":
                    c = Count(min=1, max=1, text=subj.text)
        if c is None and tok.dep_ == "conj" and tok.head.dep_ in ("acl", "amod", "conj"):
            nums = [x for x in tok.lefts if x.like_num or x.lower_ in ("hundreds", "thousands", "dozens")]
            if nums:
                c = _counts.parse_count(nums[0].text)
        if c is not None:
            out.append((field, c, tok))
    return out


def _tree_distance(a, b) -> int:
    pa = [a] + list(a.ancestors)
    pb = [b] + list(b.ancestors)
    ib = {t.i: k for k, t in enumerate(pb)}
    for k, t in enumerate(pa):
        if t.i in ib:
            return k + ib[t.i]
    return 99


# ----------------------------------------------------------------- main
def _sentence_span(sent, article: Article) -> tuple[int, int] | None:
    """Char span of the sentence minus any subhead merged into it by the parser."""
    start, end = sent.start_char, sent.end_char
    for hs, he in article.headings or ():
        if hs <= start < he or hs < end <= he or start <= hs < end:
            if start >= hs:
                start = he
            else:
                end = min(end, hs)
    text = article.text
    while start < end and text[start] in " \n\t\"“”'":
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    return (start, end) if end - start > 3 else None


def extract_events(doc, article: Article, index) -> list[Event]:
    lex = lexicon()
    dctx = _DocContext(doc, article, index)
    events: list[Event] = []
    for sent in doc.sents:
        span = _sentence_span(sent, article)
        if span is None:
            continue
        events.extend(_sentence_events(sent, span, article, dctx, lex))
    return events


def _sentence_events(sent, span, article, dctx, lex) -> list[Event]:
    s_start, s_end = span
    lo = next((t.i for t in sent if t.idx >= s_start), sent.end)
    hi = next((t.i for t in sent if t.idx >= s_end), sent.end)
    bounds = (lo, hi)
    content = content_tokens(sent, lex)
    source = Source(article_id=article.id, sentence=article.text[s_start:s_end], start=s_start, end=s_end,
                    url=article.url, published=article.published)
    found = []  # (trigger token, type, mode, is_verb)
    consumed: set[int] = set()
    for tok in sent:
        if tok.idx < s_start or tok.idx >= s_end or tok.i in content or tok.i in consumed:
            continue
        if tok.pos_ in ("VERB", "AUX") and _obliged(tok):  # "Russia said Sudan must return ...": a demand
            found.append((tok, "REQUEST", None, True, {"obliged": True}))
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
        via_light = gov is not None and (gov.lemma_.lower() in lex["light"] or gov.lemma_.lower() in lex["status"]) \
            and tok.dep_ in ("dobj", "pobj", "conj", "attr") and not any(
                a.dep_ == "prep" and a.lower_ in ("with", "without", "despite", "after", "before") for a in tok.ancestors
                if gov.i < a.i < tok.i or tok.i < a.i < gov.i)
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
            if not any(c.dep_ == "poss" and actor_like(c) for c in tok.children):
                continue
            sense = {**sense, "standalone": True}
        if sense.get("needs_mod") and not any(c.dep_ in ("amod", "poss", "compound") for c in tok.children):
            continue
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
        has_count = any(c.lower_ in ("death", "deaths", "casualties") for c in tok.head.head.children) or \
            tok.head.lower_ == "in" and tok.head.head.lemma_ in ("death", "casualty")
        if not via_light and not sense.get("standalone"):
            continue
        if "via" in sense and (gov is None or gov.lemma_.lower() not in sense["via"]):
            continue  # "troops" is an event only when sent, deployed, massed ...
        if dets & (ANAPHORIC_DET - (POSSESSIVE if via_light else set())) and not has_count:
            continue  # "the crackdown": a report already made
        found.append((tok, sense["type"], sense.get("mode"), False, sense))
    counts = _sentence_counts(sent)
    out: list[tuple[object, Event]] = []  # (trigger, event)
    for tok, etype, mode, is_verb, sense in found:
        status = status_of(tok, lex["status"], bounds)
        if status is None:
            if etype not in COOPERATIVE:
                continue
            etype, mode, status = "REJECT", None, "occurred"  # "will not accept", "did not meet demands"
        obliged = sense.get("obliged")
        if not is_verb and negated(tok.head):
            continue
        heads = _clause_heads(tok, lex)
        gov = heads[-1] if not is_verb else tok
        a_heads, r_heads = arguments(tok, is_verb, bounds)
        if is_verb and sense.get("needs_agent"):
            if not a_heads:
                continue  # "hundreds injured": a casualty count, not an event of its own
            a_heads = [a for a in a_heads if actor_like(a)]  # "the night's incidents injured ..."
        temporal = tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS
        reported = tok.head.head.lemma_.lower() in ("account", "report", "allegation", "claim")
        if not is_verb and not a_heads and (not temporal or sense.get("agent_from_governor")) and not reported:
            g = governor(tok)
            if g is not None and (g.lemma_.lower() not in REPORT_VERBS or g.lemma_.lower() in lex["light"]):
                a_heads, extra = arguments(g, True, bounds)
                a_heads = [a for a in a_heads if a.i != tok.i]
                r_heads = r_heads or [r for r in extra if r.i != tok.i and not _dominates(r, tok)
                                      and match_noun(r, lex) is None]
        if not is_verb and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in HAPPEN_VERBS:
            heads = heads + [tok.head]  # "protests have been taking place since Tuesday"
        if not is_verb and temporal and tok.head.head.pos_ == "VERB":
            heads = heads + [tok.head.head]  # "died on Monday during protests": the protests were on Monday
        # "slammed Lukashenko for seeking Moscow's aid": the object of the accusation is the actor
        if is_verb and not a_heads and tok.dep_ == "pcomp" and tok.head.lower_ in ("for", "of") \
                and lex["verbs"].get(tok.head.head.lemma_.lower(), [{}])[0].get("type") == "ACCUSE":
            a_heads = [c for c in tok.head.head.children if c.dep_ == "dobj"]
        r_heads = [r for r in r_heads if match_noun(r, lex) is None]
        a_heads = [a for a in a_heads if a.lemma_.lower() not in INANIMATE and match_noun(a, lex) is None]
        if status == "hypothetical" and not a_heads:
            continue  # hypothetical and nobody to do it: noise
        crowd = "protesters" if etype == "PROTEST" else None
        actors = [r for h in a_heads for r in dctx.actors.refs(h, crowd)]
        recips = [r for h in r_heads for r in dctx.actors.refs(h)]
        if is_verb and tok.dep_ in ("advcl", "conj") and not any(t.i in dctx.time_at for t in tok.subtree):
            h = tok  # "... on Friday announced ..., asking foreign governments"
            while h.dep_ in ("advcl", "conj") and h.head is not h and len(heads) < 8:
                h = h.head
                heads = heads + [h]
        date = _event_date(tok, heads, dctx, status, bounds)
        loc = _event_place(tok, heads, dctx, sent, actors, etype)
        ev = Event(type=etype, mode=mode, status=status, sources=[source], date=date, actors=actors,
                   recipients=recips, location=loc, trigger=tok.text)
        if etype == "PROTEST" and a_heads:
            ev.size = _counts.count_of(a_heads[0])
        ch = claimant_head(tok, sent, bounds)
        if ch is None and sent.root.lemma_.lower() in REPORT_VERBS and sent.root.i != tok.i:
            ch = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
            if ch is not None and (ch.i <= tok.i <= ch.right_edge.i):
                ch = None
        if ch is not None and ch.i not in {h.i for h in a_heads} and actor_like(ch) and lo <= ch.i < hi:
            ev.claimant = dctx.actors.ref(ch)
        if obliged:  # "Russia said Sudan must return the helicopter": the reporter demands it of Sudan
            ev = Event(type="REQUEST", status="occurred", sources=[source], date=date,
                       actors=[ev.claimant] if ev.claimant else [],
                       recipients=ev.actors, location=None, trigger=tok.text)
        out.append((tok, ev))
    _assign_counts(out, counts)
    return _merge(out)


OBLIGE_HEADS = REPORT_VERBS | {"reiterate", "conclude", "stress", "demand", "insist", "warn", "declare", "argue"}


def _obliged(tok) -> bool:
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in OBLIGE_HEADS and \
        any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children) and not negated(tok)


def _generic(tok) -> bool:
    t = tok
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    return (t.dep_ == "relcl" or t.dep_ == "acl" and t.i - t.head.i <= 2) and t.head.lemma_.lower() in GENERIC_HEADS


def _stative(tok) -> bool:
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    return tok.tag_ in ("VBZ", "VBP") and not auxes or tok.tag_ == "VBN" and auxes <= {"is", "are", "am"} and bool(auxes)


def _dominates(a, b) -> bool:
    return any(t.i == a.i for t in b.ancestors)


def _assign_counts(out, counts) -> None:
    """Each count goes to the closest event of the preferred type ('hundreds injured' -> the assault)."""
    for field, c, ctok in counts:
        best, bd = None, (99, 99)
        for tok, ev in out:
            if ev.type not in COUNT_TYPES[field] or getattr(ev, field) is not None:
                continue
            if field == "arrested" and ev.type == "COERCE" and ev.mode == "arrest" and ctok.i == tok.i:
                best, bd = ev, (-1, -1)
                break
            d = _tree_distance(tok, ctok)
            key = (COUNT_TYPES[field].index(ev.type), d)
            if d < 8 and key < bd:
                best, bd = ev, key
        if best is not None:
            setattr(best, field, c)


def _linked(a, b) -> bool:
    """Two triggers describe one event: one governs the other closely, or they are conjuncts."""
    return _tree_distance(a, b) <= 2 or a.head.i == b.head.i and "conj" in (a.dep_, b.dep_)


def _merge(pairs) -> list[Event]:
    """One record per (type, mode) for linked triggers or the same actors ('disperse' in 'use ... to disperse')."""
    kept: list[tuple[object, Event]] = []
    for tok, ev in pairs:
        names = {a.name or a.text for a in ev.actors}
        twin = next((k for t, k in kept if k.type == ev.type and k.mode == ev.mode and k.status == ev.status and (
            _linked(t, tok) or names and names == {a.name or a.text for a in k.actors}
            or (not names or not k.actors) and k.date.start == ev.date.start)), None)
        if twin is None:
            kept.append((tok, ev))
            continue
        for f in ("size", "dead", "injured", "arrested", "location", "claimant"):
            if getattr(twin, f) is None and getattr(ev, f) is not None:
                setattr(twin, f, getattr(ev, f))
        if twin.date.precision is None and ev.date.precision:
            twin.date = ev.date
        twin.actors = twin.actors or ev.actors
        twin.recipients = twin.recipients or ev.recipients
    return [ev for _, ev in kept]
