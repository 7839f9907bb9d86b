"""People, organisations and places in one article, resolved inside it.

One linear pass over spaCy's entities and tokens: names are canonicalised (surname -> the full name
introduced in the article), pronouns and definite descriptions ("the 65-year-old") are linked to the
salient compatible person, generic collectives ("the crowd", "officials") get a descriptive ref.
``MentionIndex.ref(start, end)`` answers for any char span; it returns None rather than guess.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..annotate import datelines
from ..records import Article, Entity, EntityRef, Mention, entity_id
from .name_order import family_first, surname_of
from .speakers import collectives, first_names, roles
from .titles import clean_roles

LABELS = frozenset(("PERSON", "ORG", "GPE", "LOC", "NORP"))
PRON_M = frozenset(("he", "him", "his", "himself"))
PRON_F = frozenset(("she", "her", "hers", "herself"))
PRON_PL = frozenset(("they", "them", "their", "theirs", "themselves"))
POSSESSIVE = frozenset(("his", "her", "their", "its"))
FEMALE_ENDINGS = ("ova", "eva", "skaya", "ckaya", "ina", "aya", "ova's")
_AGE = re.compile(r"\b(\d{1,3})-year-old\b")
_TRIM = re.compile(r"^(?:the|The|a|an|A|An)\s+|['’]s?$")
_WS = re.compile(r"\s+")
LOOKBACK_SENTS = 3  # pronouns/descriptions look this many sentences back, no further
LOOKBACK_ITEMS = 40  # and at most this many candidates: keeps resolution O(1) per pronoun


def clean_name(text: str) -> str:
    return _TRIM.sub("", _WS.sub(" ", text).strip()).strip(" ,-—")


def person_gender(name: str) -> str | None:
    """'f' / 'm' / None from a first-name list, then Slavic female surname endings."""
    parts = name.split()
    if not parts:
        return None
    if family_first(parts):
        return None  # "Kim Jong Un": "Kim" is his family name, not the given name Kim
    g = first_names().get(parts[0].lower())
    if g or len(parts) == 1 and parts[0].lower() in first_names():
        return g
    if parts[-1].lower().endswith(FEMALE_ENDINGS[:4]):  # -ova -eva -skaya: female; -ov/-sky/-enko ambiguous
        return "f"
    return None


@dataclass
class _Ref:
    name: str
    eid: str | None
    sector: str | None = None


@dataclass
class _PM:  # one person (or plural group) mention used as an antecedent
    i: int
    sent: int
    key: Any
    subj: bool
    gender: str | None = None


@dataclass
class MentionIndex:
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    text: str = ""
    _starts: list[int] = field(default_factory=list, repr=False)
    _ends: list[int] = field(default_factory=list, repr=False)
    _heads: list[int] = field(default_factory=list, repr=False)
    _tok: dict[int, _Ref] = field(default_factory=dict, repr=False)

    def token_ref(self, i: int) -> _Ref | None:
        return self._tok.get(i)

    def ref(self, start: int, end: int) -> EntityRef | None:
        """Resolve the span text[start:end] (a name, surname, pronoun, description) to an entity."""
        if not self._starts or start >= end:
            return None
        lo = max(bisect_right(self._starts, start) - 1, 0)
        if self._ends[lo] <= start:
            lo += 1
        hi = bisect_left(self._starts, end)
        if lo >= hi:
            return None
        span = range(lo, hi)
        # syntactic heads of the span first, then the rest right to left (the head noun is last)
        heads = [i for i in span if not lo <= self._heads[i] < hi or self._heads[i] == i]
        for i in heads + [i for i in reversed(span) if i not in heads]:
            r = self._tok.get(i)
            if r is not None:
                return EntityRef(text=self.text[start:end], name=r.name, entity_id=r.eid,
                                 start=start, end=end, sector=r.sector)
        return None


_HYPHEN_TAIL = re.compile(r"-[a-z]{1,4}\b")


def _ent_name(ent, text: str) -> str:
    """An entity's name; a family-first name with the syllable NER cut off after a hyphen ("Moon Jae" + "-in")."""
    name = clean_name(ent.text)
    if ent.label_ == "PERSON" and " " in name:
        tail = _HYPHEN_TAIL.match(text, ent.end_char)  # (doc.text builds the whole text anew on each call)
        if tail and family_first((name + tail.group(0)).split()):  # not "a Donald Trump-era rule"
            name += tail.group(0)
    return name


def _is_subject(tok) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ in ("appos", "compound", "conj")
                                                  and tok.head.dep_ in ("nsubj", "nsubjpass"))


def _bogus_person(ent) -> bool:
    # "Riot police": a one-word PERSON that modifies a lowercase noun is not a name
    r = ent.root
    return len(ent) == 1 and r.dep_ in ("compound", "amod") and r.head.i >= ent.end and r.head.is_lower


def _np_text(tok, lower: bool = False) -> str:
    """Noun modifiers + head, e.g. 'landscape designer', 'European Union ministers' (no det/age/number)."""
    lo = tok.i
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("NOUN", "ADJ", "PROPN", "VERB"):
            lo = min(lo, c.left_edge.i)
    words = [t.text if t.pos_ == "PROPN" or not lower else t.lower_ for t in tok.doc[lo:tok.i + 1]
             if t.pos_ not in ("DET", "NUM", "PUNCT", "PART", "PRON") and t.lower_ not in ("year", "old")]
    return " ".join(words) if words else tok.text


def _age_of(span_text: str) -> int | None:
    m = _AGE.search(span_text)
    return int(m.group(1)) if m and 5 <= int(m.group(1)) <= 115 else None


_HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
# nouns an apposition or a modifier puts beside a name that say nothing of the person's role
_NOT_ROLES = {"caption", "copyright", "image", "photo", "interview", "word", "words", "sequel", "meeting", "summit",
              "site", "nation", "country", "statement", "tweet", "visit", "talks", "deal", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday"}


def _role_words(roles: list[str]) -> set[str]:
    """The words of the roles a name is given where it stands ("First lady Melania Trump": {"first", "lady"})."""
    return {w for r in roles for w in r.split()}


def _person_attrs(ent, doc) -> tuple[int | None, list[str]]:
    """Age and roles from appositions: 'X, 34,', 'X, a 27-year-old programmer', 'its president X'."""
    age, rls = None, []
    root = ent.root
    for c in root.rights:
        if c.dep_ != "appos":
            continue
        if c.like_num and c.text.isdigit() and 5 <= int(c.text) <= 115:
            age = int(c.text)
        elif c.pos_ == "NOUN":
            age = age or _age_of(doc[c.left_edge.i:c.i + 1].text)
            rls.append(_np_text(c).lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < ent.start:
        rls.append(_np_text(root.head).lower())
    pre = [c for c in root.lefts if c.i < ent.start and c.dep_ in ("compound", "nmod")
           and c.ent_type_ not in ("GPE", "NORP") and c.pos_ in ("NOUN", "PROPN")]
    if ent.start and doc[ent.start - 1].text in ("-", "–", "/"):
        pre = []  # "the Trump-Kim meeting": two names joined, no role
    if pre:
        lo = min(c.left_edge.i for c in pre)
        for k in range(lo, ent.start):  # never reach back over a paragraph break (subheads)
            if doc[k].is_space and "\n" in doc[k].text:
                lo = k + 1
        for k in range(ent.start - 1, lo - 1, -1):  # "President Trump and North Korean leader Kim": from "and" on
            if doc[k].pos_ in ("CCONJ", "VERB", "AUX", "PUNCT", "ADP") and doc[k].text not in ("-", "."):
                lo = k + 1
                break
        t = doc[lo:ent.start]
        # another person's or organisation's name is no role ("the Trump Kim summit"), nor a day or a caption
        words = [w.text for w in t if w.ent_type_ not in ("GPE", "NORP", "DATE", "PERSON", "ORG", "TIME")
                 and w.pos_ not in ("DET", "PRON")]
        if words and len(words) <= 5 and not any(w.lower() in _NOT_ROLES for w in words):
            rls.append(" ".join(words).lower())  # (a caption or a weekday anywhere in it: no role)
    return age, [r for r in rls if len(r) > 2 and r.split()[-1] not in _NOT_ROLES]


def extract_mentions(doc, article: Article) -> MentionIndex:
    text = doc.text
    idx = MentionIndex(text=text)
    if not len(doc):
        return idx
    idx._starts = [t.idx for t in doc]
    idx._ends = [t.idx + len(t) for t in doc]
    idx._heads = [t.head.i for t in doc]
    sent_of = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            sent_of[i] = k

    ents = [e for e in doc.ents if e.label_ in LABELS and clean_name(e.text)]
    ents = [e for e in ents if not (e.label_ == "PERSON" and _bogus_person(e))]
    # "JOINT BASE ANDREWS, Maryland -", "MINSK (AFP) -": NER calls dateline capitals people and organisations
    lines = datelines(doc.text)
    ents = [e for e in ents if e.label_ not in ("PERSON", "ORG")
            or not any(a <= e.start_char and e.end_char <= b for a, b in lines)]
    read: dict[tuple[int, int], tuple[int | None, list[str]]] = {}

    def attrs(span) -> tuple[int | None, list[str]]:  # read once per name: the surname rules and the profile
        k = (span.start, span.end)
        if k not in read:
            read[k] = _person_attrs(span, doc)
        return read[k]

    # full person names, by surname: "Tikhanovskaya" -> "Svetlana Tikhanovskaya"
    surnames: dict[str, list[tuple[int, str, set[str]]]] = {}
    for e in ents:
        name = _ent_name(e, text)
        if e.label_ == "PERSON" and " " in name:
            surnames.setdefault(surname_of(name), []).append((e.start, name, _role_words(attrs(e)[1])))
    # a surname met alone with a title before any full name ("President Trump ... First lady Melania Trump"):
    # that titled person is its first bearer, and a full name with another role is somebody else
    titled: dict[str, set[str]] = {}
    for e in ents:
        name = _ent_name(e, text)
        if " " not in name and name in surnames and name not in titled and e.start < surnames[name][0][0]:
            titled[name] = _role_words(attrs(e)[1])

    def canonical(word: str, pos: int) -> str | None:
        """The full name a lone surname at token ``pos`` stands for: the first one introduced (the story's main
        bearer of the name; "Trump" after "Donald Trump ... Melania Trump" is Donald), of the gender an honorific
        asks for ("Mrs. Trump"), and none when no full name fits."""
        cands = surnames.get(word) or []
        g = _HONORIFIC.get(doc[pos - 1].lower_.rstrip(".")) if pos else None
        if g:
            cands = [c for c in cands if person_gender(c[1]) in (g, None)]
        if titled.get(word):
            cands = [c for c in cands if not c[2] or c[2] & titled[word]]
        return cands[0][1] if cands else None

    spans: list[tuple[int, int, str, str]] = []  # (start tok, end tok, label, canonical)
    covered = set()
    for e in ents:
        name = _ent_name(e, text)
        label = e.label_
        full = canonical(name, e.start) if " " not in name else None  # a full name stands for itself
        if full:
            label, name = "PERSON", full  # NER often tags a lone Slavic surname ORG/GPE
        spans.append((e.start, e.end, label, name))
        covered.update(range(e.start, e.end))
    for t in doc:  # surnames NER missed
        if t.i not in covered and t.pos_ == "PROPN" and t.text in surnames and canonical(t.text, t.i):
            spans.append((t.i, t.i + 1, "PERSON", canonical(t.text, t.i)))
    spans.sort()

    ent_by_key: dict[tuple[str, str], Entity] = {}
    persons: list[_PM] = []
    role_words: dict[str, list[tuple[int, Any]]] = {}
    for s, e, label, name in spans:
        key = (label, name)
        ent = ent_by_key.get(key)
        if ent is None:
            ent = ent_by_key[key] = Entity(name=name, type=label, articles=1,
                                           attributes={"age": None, "roles": [], "country": None})
        ent.mentions += 1
        span = doc[s:e]
        surface = _WS.sub(" ", span.text)
        if surface != name and surface not in ent.aliases:
            ent.aliases.append(surface)
        idx.mentions.append(Mention(text=span.text, start=span.start_char, end=span.end_char,
                                    label=label, name=name))
        r = _Ref(name, ent.id)
        for i in range(s, e):
            idx._tok[i] = r
        if label == "PERSON":
            age, rls = attrs(span)
            rls = clean_roles(rls, name, first_names())
            if age and not ent.attributes["age"]:
                ent.attributes["age"] = age
            for x in rls:
                if x not in ent.attributes["roles"]:
                    ent.attributes["roles"].append(x)
            for x in rls:
                role_words.setdefault(x.split()[-1], []).append((s, key))
            if span.root.dep_ == "appos" and span.root.head.pos_ == "NOUN":
                idx._tok.setdefault(span.root.head.i, r)  # "one employee, Andrei Yaroshevich"
            for c in span.root.rights:  # "Alexei Linich, a 27-year-old programmer"
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    idx._tok.setdefault(c.i, r)
            persons.append(_PM(span.root.i, sent_of[span.root.i], key, _is_subject(span.root),
                               person_gender(name)))
    _resolve_refs(doc, idx, persons, ent_by_key, sent_of, role_words)
    idx.entities = list(ent_by_key.values())
    return idx


def _compatible(pm: _PM, want: str | None, age: int | None, ents: dict) -> bool:
    if want and pm.gender and pm.gender != want:
        return False
    if age is not None:
        a = ents[pm.key].attributes.get("age")
        if a is not None and a != age:
            return False
    return True


def _pick(cands: list[_PM], cpos: list[int], i: int, sent: int, want, age, ents,
          prefer_subject: bool) -> _PM | None:
    """Most salient compatible antecedent before token i: same sentence, then the nearest earlier
    sentence holding one (its subject first when prefer_subject). cpos = [c.i for c in cands]."""
    pos = bisect_left(cpos, i)
    best_sent, pool = None, []
    for pm in reversed(cands[max(pos - LOOKBACK_ITEMS, 0):pos]):
        if sent - pm.sent > LOOKBACK_SENTS:
            break
        if best_sent is not None and pm.sent != best_sent:
            break
        if _compatible(pm, want, age, ents):
            best_sent = pm.sent
            pool.append(pm)
    if not pool:
        return None
    if prefer_subject:
        subj = [p for p in pool if p.subj]
        if subj:
            return subj[-1]  # pool is reversed: the first subject of that sentence
    return pool[0]


def _resolve_refs(doc, idx: MentionIndex, persons: list[_PM], ents: dict, sent_of: list[int],
                  role_words: dict) -> None:
    coll = collectives()
    rl = roles()
    groups: list[_PM] = []
    gpos: list[int] = []
    ppos = [p.i for p in persons]
    for t in doc:
        low = t.lower_
        i = t.i
        if t.pos_ == "PRON" and (low in PRON_M or low in PRON_F):
            want = "m" if low in PRON_M else "f"
            if low in POSSESSIVE and _local_human(t, idx):
                continue  # "one man stood in his underwear": bound by an unnamed local subject
            pm = _pick(persons, ppos, i, sent_of[i], want, None, ents, prefer_subject=True)
            if pm is None or pm.sent != sent_of[i]:
                nxt = _cataphor(t, persons, ppos, want, ents)
                pm = nxt or pm
            if pm is not None:
                e = ents[pm.key]
                idx._tok[i] = _Ref(e.name, e.id)
        elif t.pos_ == "PRON" and low in PRON_PL:
            pm = _pick(groups, gpos, i, sent_of[i], None, None, ents, prefer_subject=True)
            if pm is not None:
                idx._tok[i] = idx._tok[pm.i]
        elif i not in idx._tok and t.pos_ in ("NOUN", "ADJ", "NUM", "PROPN") and not t.ent_type_ in LABELS:
            age = _age_of(doc[max(i - 4, 0):i + 1].text) if low == "old" else None
            det = next((c for c in t.lefts if c.dep_ == "det"), None)
            definite = det is not None and det.lower_ in ("the", "this", "that")
            holders = role_words.get(low) if definite and t.tag_ in ("NN", "NNP") else None
            if holders:  # "the judge" after "Judge Bernard Schwartz": the (last) holder of that role
                prior = [k for p, k in holders if p < i]
                keys = {k for _, k in holders}
                if prior and len(keys) == 1:
                    e = ents[prior[-1]]
                    idx._tok[i] = _Ref(e.name, e.id)
                    continue
            if definite and t.tag_ in ("NN", "JJ", "NNP") and (age or t.lemma_.lower() in rl) and not any(
                    c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" for c in t.children):
                want = "f" if t.lemma_ in ("woman", "wife", "mother", "queen", "actress") else (
                    "m" if t.lemma_ in ("man", "husband", "father", "king", "businessman") else None)
                pm = _pick(persons, ppos, i, sent_of[i], want, age, ents, prefer_subject=False)
                if pm is not None:
                    e = ents[pm.key]
                    if age and not e.attributes["age"]:
                        e.attributes["age"] = age
                    idx._tok[i] = _Ref(e.name, e.id)
                    continue
            if t.lemma_.lower() in coll and t.pos_ != "ADJ" and t.dep_ not in ("compound", "amod", "nmod"):
                name = _np_text(t, lower=True) if t.pos_ != "NUM" else t.lower_
                idx._tok[i] = _Ref(name, None, coll[t.lemma_.lower()])
                groups.append(_PM(i, sent_of[i], None, _is_subject(t)))
                gpos.append(i)
        if i in idx._tok and t.ent_type_ in ("ORG", "NORP") and t.dep_ in ("nsubj", "nsubjpass") and (
                not groups or groups[-1].i != i):
            groups.append(_PM(i, sent_of[i], None, True))  # "the Kremlin ... they"
            gpos.append(i)


def _local_human(t, idx: MentionIndex) -> bool:
    v = t.head
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        v = v.head
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.i < t.i and subj.i not in idx._tok and subj.pos_ == "NOUN" and (
        subj.lemma_ in ("man", "woman", "person", "boy", "girl") or subj.lemma_ in roles())


def _cataphor(t, persons: list[_PM], ppos: list[int], want, ents) -> _PM | None:
    """A pronoun in a fronted clause or possessive points to the following main-clause subject."""
    if not (t.lower_ in POSSESSIVE or any(a.dep_ in ("advcl", "prep", "pcomp") for a in t.ancestors)):
        return None
    root = t
    while root.head.i != root.i and root.dep_ != "ROOT":
        root = root.head
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i > t.i:
            pos = bisect_left(ppos, c.i)
            if pos < len(persons) and persons[pos].i == c.i and _compatible(persons[pos], want, None, ents):
                return persons[pos]
    return None
