"""When and where an event happened: its own time expression and place, found once per document
(dates.find_time_expressions, places.find_places) and attached to the trigger through the parse."""
from __future__ import annotations

import logging

from ..records import Article, DateValue, Place
from .event_actors import ActorResolver

log = logging.getLogger(__name__)

LOCATIVE_PREPS = {"in", "at", "outside", "through", "near", "across", "inside", "around", "into", "on", "to"}
ASPECT_VERBS = {"begin", "start", "continue", "resume", "keep", "stop", "finish"}
PHYSICAL = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "RETREAT"}  # happen somewhere: context city is a fair default


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
        except Exception as exc:  # no gazetteer: events keep location None, and say so
            log.warning("events: places unavailable (%s: %s); locations left empty", type(exc).__name__, exc)
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
        except Exception as exc:
            log.warning("events: dates unavailable (%s: %s); dates left empty", type(exc).__name__, exc)

    def place_tokens(self, lo: int, hi: int) -> list[tuple[int, Place]]:
        out = []
        for p in self.places:
            if p.start is not None and self.doc[lo].idx <= p.start < self.doc[hi - 1].idx + 1 and p.feature != "demonym":
                span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
                if span is not None and not _in_name(span):
                    out.append((span.root.i, p))
        return out

    def fallback_city(self):
        """The story's city, when the body (not just the dateline, not an organisation's name) names it."""
        if self.city is None:
            return None
        if getattr(self, "_body_city", None) is None:
            body = False
            for p in self.places:
                if p.geonameid != self.city.geonameid or p.start is None or _dateline(self.doc.text, p.start):
                    continue
                span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
                if span is not None and not _in_name(span):
                    body = True
                    break
            self._body_city = body
        return self.city if self._body_city else None


NAME_WORDS = {"times", "post", "magazine", "journal", "tribune", "daily", "herald", "news", "globe", "review",
              "thunder", "giants", "yankees", "mets", "jets", "knicks", "rangers", "university", "college", "stock",
              "exchange", "bar", "club", "company", "bank", "observer", "examiner", "chronicle", "gazette", "sun",
              "star", "mirror", "independent", "telegraph", "guardian", "standard", "record", "inquirer", "register"}


def _in_name(span) -> bool:
    """'New York magazine', 'The Washington Post', 'Oklahoma City Thunder': a place inside an organisation's name."""
    doc = span.doc
    if any(t.ent_type_ in ("ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT") for t in span):
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and nxt.lower_ in NAME_WORDS and (nxt.is_title or nxt.lower_ == "magazine")


def _dateline(text: str, start: int) -> bool:
    """A place in the dateline ('WASHINGTON (AP) —', 'NEW YORK —') at the head of the article or a paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start:start]
    if head.strip():
        return False
    rest = text[start:start + 60]
    return any(m in rest[:45] for m in (" —", " -", "(AP)", "(Reuters)", "(CNN)", "(AFP)", ":")) or \
        rest.split(" ")[0].isupper() and len(rest.split(" ")[0]) > 3


def _clause_heads(trigger, lex) -> list:
    """The trigger and the governors that share its time and place: 'planned [a strike]',
    'began [releasing]', 'prepare for [a show of force]', conjoined verbs sharing a subject."""
    heads, t = [trigger], trigger
    for _ in range(4):
        h = t.head
        if h.i == t.i:
            break
        if t.dep_ in ("dobj", "pobj", "prep", "xcomp", "pcomp") and (
                h.pos_ in ("ADP", "NOUN") or h.lemma_.lower() in lex["status"] or h.lemma_.lower() in lex["light"]
                or h.lemma_.lower() in ASPECT_VERBS):
            heads.append(h)
            t = h
            continue
        if t.i == trigger.i and t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass") \
                and h.lemma_.lower() in lex.get("occur", ()):
            heads.append(h)  # "a vigil was held Sunday evening in Ferguson": the vigil's time and place
            break
        during_verbs, during_preps = lex.get("during", ((), ()))
        if t.dep_ == "prep" and t.lower_ in during_preps and h.lemma_.lower() in during_verbs and len(heads) > 1:
            heads.append(h)  # "died [in clashes] on Sunday": the death's time and place are the clashes'
        break
    return heads


def _attached_to(tok, heads_i: set[int], stop_verbs=True) -> bool:
    """Does ``tok`` hang from one of ``heads_i`` without crossing another verb?"""
    t = tok
    for _ in range(8):
        if t.i in heads_i:
            return True
        if t.head.i == t.i:
            return False
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.i != tok.i:
            return False  # inside the subject: "McCain, the 2008 nominee, seems to agree" is not dated 2008
        t = t.head
        if stop_verbs and t.pos_ in ("VERB", "AUX") and t.i not in heads_i:
            return False
    return False


def _participle_host(trigger):
    """The verb a present participle shares its time with: 'martyred believers in 177, torturing ...' (advcl),
    'signed a letter in 2013 urging ...' (acl of the verb's object)."""
    if trigger.tag_ != "VBG" or any(c.dep_ in ("aux", "nsubj") for c in trigger.children):
        return None
    h = trigger.head
    if trigger.dep_ == "advcl" and h.pos_ == "VERB" and h.tag_ in ("VBD", "VBN"):
        return h
    if trigger.dep_ == "acl" and h.dep_ == "dobj" and h.head.pos_ == "VERB" and h.head.tag_ in ("VBD", "VBN"):
        return h.head
    return None


def _attached_direct(tok, targets: set[int]) -> bool:
    """``tok`` hangs from one of ``targets`` through prepositions and adverbs only ('In March of that year, Romney
    delivered a speech urging ...'; not 'revisited themes from four years ago, decrying ...')."""
    t = tok
    for _ in range(6):
        if t.i in targets:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
        if t.pos_ in ("NOUN", "PROPN", "VERB", "AUX") and t.i not in targets:
            return False
    return False


def _event_date(trigger, heads, dctx, status, bounds) -> DateValue:
    hi = {h.i for h in heads}
    host = _participle_host(trigger) if len(heads) == 1 else None
    hosts = {host.i, trigger.head.i} if host is not None else set()
    lo_b, hi_b = bounds
    for i, x in dctx.time_at.items():
        if not lo_b <= i < hi_b:
            continue
        tok = dctx.doc[i]
        if not _inside_chain(tok, bounds):  # parse glued to a subhead: the clause the expression opens
            tok = next((t for t in dctx.doc[i:hi_b] if t.pos_ == "VERB"), tok)
        if _attached_to(tok, hi) or hosts and _attached_direct(tok, hosts):
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
        if t.head.i == t.i:
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
    city = dctx.fallback_city() if hasattr(dctx, "fallback_city") else dctx.city
    if city is not None and any(p.geonameid != city.geonameid and (
            p.feature == "city" and p.country_code == city.country_code
            or p.country_code != city.country_code and _locative(dctx.doc[i], {t.i for t in sent})) for i, p in cands):
        city = None  # the sentence names another place (a city, a region, another country): the story's city
        # would contradict it ("clashes in Gaza" in a story from Jerusalem)
    if city is not None:
        return Place.from_dict(city.to_dict())
    if dctx.focus and dctx.focus != "US" and not any(p.country_code != dctx.focus and _locative(dctx.doc[i], {
            t.i for t in sent}) for i, p in cands):
        return Place(text=dctx.focus, country_code=dctx.focus, feature="country")
    return None
