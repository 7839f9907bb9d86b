"""Toponyms in a spaCy Doc -> Place records with a chosen GeoNames entry.

Two passes over the candidate spans: the first resolves what is nearly unambiguous (countries,
demonyms, states, towns with one dominant reading) into a weighted set of article countries; the
second ranks every span's namesakes by population prior plus that context, so "Brest" in a story
about Minsk is Brest, Belarus and "Moscow" next to "Idaho" is Moscow, Idaho.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..records import Place
from ..resolve.gazetteer import LEXICON, Candidate, fold, get_gazetteer, rank, score

LABELS = {"GPE", "LOC", "FAC", "NORP", "ORG"}
# ORG and FAC spans are places when the whole name is a country, region or big town ("Belarus's"
# tagged ORG) or a town after "in"/"near"; inside other ORG names only countries, states, regions,
# demonyms and big cities count ("Air Zimbabwe", "Pakistan Army").
_STRICT = {"ORG", "FAC"}
_PREFIX = re.compile(r"^(?:the\s+|ex-|post-|pre-|pro-|anti-|non-|neo-|former\s+)+", re.I)
_SUFFIX = re.compile(r"(?:['’]s?|[,;:!?\"')\]]+)$")  # a final "." belongs to "Calif." / "U.S."
# institutions and buildings that share a name with a town ("White House", Tennessee)
_STOP = {fold(w) for w in json.loads((LEXICON / "places_stop.json").read_text("utf-8"))["names"]}
_LOC_CUES = {"in", "at", "from", "near", "outside", "across", "around", "into", "toward", "towards", "to",
             "of", "via", "inside"}
_COMPOUND = re.compile(r"^([A-Z][\w.]*?)-(?:led|based|backed|born|made|owned|run|controlled|funded|"
                       r"bound|style|brokered|allied|registered|listed|flagged)$")
_GENERIC = {"city", "state", "county", "province", "region", "district", "oblast", "governorate"}
_STATE_AFTER = re.compile(r"^,\s*([A-Z][A-Za-z.]+(?: [A-Z][a-z]+)?)")


@dataclass
class Context:
    """The article's geography: focus country, main city, country weights (max = 1)."""
    country: str | None = None
    city: Place | None = None
    countries: dict[str, float] = field(default_factory=dict)
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)


@dataclass
class _Span:
    start: int
    end: int
    text: str
    label: str
    demonym: Candidate | None = None
    entries: list = field(default_factory=list)
    after: Candidate | None = None  # "Moscow, Idaho": the state or country right after


def _trim(doc_text: str, start: int, end: int) -> tuple[int, int]:
    """Drop "the", "ex-", possessive "'s" and trailing punctuation, keeping exact offsets."""
    s = doc_text[start:end]
    m = _PREFIX.match(s)
    if m:
        start += m.end()
    while True:
        s = doc_text[start:end]
        m = _SUFFIX.search(s)
        if not m or m.start() == 0:
            break
        end = start + m.start()
    return start, end


def _make_span(text: str, start: int, end: int, label: str, gaz, cue: bool = False) -> _Span | None:
    surface = text[start:end]
    if surface == "Washington" and text.startswith(", D.C.", end):  # one name, one span
        end += 6
        surface = text[start:end]
    sp = _Span(start, end, surface, label)
    dem = gaz.demonym(surface)
    entries = gaz.entries(surface)
    if fold(surface) in _STOP:
        return None
    if not entries and " " in surface and label in ("GPE", "LOC"):  # "Oaxaca State", "Birmingham City": the head names the place
        head, _, last = surface.rpartition(" ")
        if last.lower() in _GENERIC:
            entries = [e for e in gaz.entries(head) if e[0].feature != "city" or last.lower() == "city"]
    if dem is not None and (label == "NORP" or all(a or not _big(c) for c, a in entries)):
        sp.demonym = dem
        return sp
    m = _STATE_AFTER.match(text[end:end + 30])
    if m and entries:
        after = [c for c, _ in gaz.entries(m.group(1)) if c.feature != "city" and c.country_code]
        sp.after = after[0] if after else None
    # the small model tags many towns ORG ("in Brest"): take them after "in"/"near" or before ", Belarus"
    if (label in _STRICT or label == "NORP") and not (cue or sp.after):
        entries = [e for e in entries if _big(e[0])]
    if label in _STRICT and surface.isupper():  # "NATO", "PAN": acronyms are places only as countries
        entries = [e for e in entries if e[0].feature != "city"]
    if not entries:
        return None  # people and organisations tagged GPE: no gazetteer entry, no place
    sp.entries = entries
    return sp


def _big(c: Candidate) -> bool:
    """Sure enough to take without NER's word: not a town that shares a name with a word or a person."""
    return c.feature != "city" or c.population > 500_000 or c.capital


def _sure(sp: _Span, min_pop: int = 0) -> bool:
    """The best reading is a primary name of a country, state, region or big city."""
    if not sp.entries:
        return sp.demonym is not None
    c, alt = rank(sp.entries, {})[0]
    return not alt and _big(c) and (c.feature != "city" or c.population >= min_pop)


def _scan(doc, text: str, i: int, j: int, gaz, out: list[_Span]) -> None:
    """Toponyms NER missed between tokens i and j (or inside an organisation's name: "Air
    Zimbabwe", "Pakistan Army"): countries, states, regions, demonyms and big cities only."""
    k = i
    while k < j:
        tok = doc[k]
        if not tok.text[:1].isupper() or tok.pos_ == "DET" or tok.is_stop and not tok.is_upper:  # "The Canadian Press"; keep "US"
            k += 1
            continue
        m = _COMPOUND.match(tok.text)
        if m:  # "U.S.-led", "Moscow-based": one token in spaCy
            sp = _make_span(text, tok.idx, tok.idx + m.end(1), "SCAN", gaz)
            if sp is not None and _sure(sp):
                out.append(sp)
            k += 1
            continue
        for n in (3, 2, 1):
            toks = doc[k:min(k + n, j)]
            if len(toks) < n or not (toks[0].is_title or toks[0].is_upper) or not toks[0].is_alpha \
                    or not all(t.pos_ in ("PROPN", "ADJ", "NOUN") or t.is_title for t in toks):
                continue
            key = fold(toks.text)
            if key not in gaz.index and key not in gaz.demonyms and key not in gaz.adjectives:
                continue  # the common case: one dict miss, no span built
            sp = _make_span(text, toks.start_char, toks.end_char, "SCAN", gaz)
            if sp is not None and _sure(sp):
                out.append(sp)
                k += n
                break
        else:
            k += 1


def _spans(doc, gaz) -> list[_Span]:
    text = doc.text
    out: list[_Span] = []
    prev = 0
    for ent in doc.ents:
        _scan(doc, text, prev, ent.start, gaz, out)
        prev = ent.end
        if ent.label_ not in LABELS and ent.label_ != "PERSON":
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        prev_tok = doc[ent.start - 1] if ent.start > 0 else None
        # "in Brest", "Homel and Vitebsk": a locative cue or a list that follows a place
        listed = prev_tok is not None and prev_tok.lower_ in ("and", "or", ",") and out \
            and out[-1].end == doc[ent.start - 2].idx + len(doc[ent.start - 2]) if ent.start > 1 else False
        cue = len(ent) <= 3 and prev_tok is not None and (prev_tok.lower_ in _LOC_CUES or listed)
        if ent.label_ == "PERSON":
            if not cue or prev_tok.lower_ in ("to", "of", "from"):  # "said to Jackson"
                continue
            sp = _make_span(text, start, end, "PERSON", gaz, cue)
            if sp is not None and not _sure(sp, 100_000):
                sp = None
        else:
            sp = _make_span(text, start, end, ent.label_, gaz, cue) if end > start else None
        if sp is not None:
            out.append(sp)
        elif ent.label_ == "ORG":
            _scan(doc, text, ent.start, ent.end, gaz, out)
    _scan(doc, text, prev, len(doc), gaz, out)
    return out


def _weights(spans: list[_Span], prior: Context | None):
    """Article country and state weights: earlier and more frequent mentions weigh more."""
    cw: Counter = Counter()
    aw: Counter = Counter()
    if prior is not None:
        cw.update({c: 2 * w for c, w in prior.countries.items()})
    for i, sp in enumerate(spans):
        w = 1.0 / (1 + 0.05 * i)
        if sp.demonym is not None:
            for c in sp.demonym.countries or ([sp.demonym.country_code] if sp.demonym.country_code else []):
                cw[c] += 0.7 * w
            continue
        ranked = rank(sp.entries, {})
        top = ranked[0][0]
        best = score(*ranked[0], {})
        # a namesake abroad (Moscow, Idaho; Georgia the state) makes this vote weak; towns named
        # after a country (Lebanon, Tennessee) do not
        ambiguous = any(c.country_code != top.country_code and (c.feature != "city" or c.population > 5000)
                        and (not a or c.population > 100_000)
                        and (top.feature == "city" or best - score(c, a, {}) < 2.0) for c, a in ranked[1:])
        if ambiguous:
            w *= 0.3  # a namesake abroad is close: counts little until context decides it
        if top.country_code:
            cw[top.country_code] += w
        if top.admin1 and (top.feature == "admin1" or not ambiguous):
            # a state, or a sure town's state, tips namesakes there ("Moscow" near "Idaho")
            aw[(top.country_code, top.admin1)] += w if top.feature == "admin1" else 0.5 * w
        if sp.after is not None:
            cw[sp.after.country_code] += w
    top_c = max(cw.values(), default=0.0) or 1.0
    return {c: v / top_c for c, v in cw.items()}, {a: min(1.0, v / top_c) for a, v in aw.items()}


def _place(sp: _Span, cand: Candidate) -> Place:
    return Place(text=sp.text, name=cand.name, country_code=cand.country_code, lat=cand.lat,
                 lon=cand.lon, geonameid=cand.geonameid, start=sp.start, end=sp.end,
                 feature=cand.feature)


def find_places(doc, context: Context | None = None) -> list[Place]:
    """Every toponym in ``doc`` (places, countries, demonyms) with its chosen GeoNames entry, in
    text order. ``context`` (e.g. from the dateline or the feed) adds its countries as a prior."""
    spans = _spans(doc, get_gazetteer())
    return _resolve(spans, context) if spans else []


def _resolve(spans: list[_Span], context: Context | None) -> list[Place]:
    cw, aw = _weights(spans, context)
    places: list[Place] = []
    for sp in spans:
        if sp.demonym is not None:
            places.append(_place(sp, sp.demonym))
            continue
        aw_local, cw_local = aw, cw
        if sp.after is not None:  # "Moscow, Idaho" decides this one mention outright
            cw_local = {**cw, sp.after.country_code: 3.0}
            if sp.after.admin1:
                aw_local = {**aw, (sp.after.country_code, sp.after.admin1): 3.0}
        best = rank(sp.entries, cw_local, aw_local)[0][0]
        places.append(_place(sp, best))
    return places


def geocode_spans(doc, spans: Sequence[tuple[int, int]], context: Context | None = None) -> list[Place | None]:
    """Resolve given toponym spans (geocoding only, e.g. gold spans); None where nothing matches."""
    gaz = get_gazetteer()
    made = [_make_span(doc.text, s, e, "GPE", gaz) for s, e in spans]
    found = _resolve([m for m in made if m is not None], context)
    it = iter(found)
    return [next(it) if m is not None else None for m in made]


def article_context(places: Sequence[Place]) -> Context:
    """Focus country (most weight: count, earlier first) and its most-mentioned city."""
    cw: Counter = Counter()
    aw: Counter = Counter()
    cities: Counter = Counter()
    first: dict = {}
    for i, p in enumerate(places):
        if not p.country_code or p.country_code in ("EU", "SU"):
            continue
        w = 1.0 / (1 + 0.02 * i)
        cw[p.country_code] += w
        if p.feature == "city":
            cities[p.geonameid] += w
            first.setdefault(p.geonameid, p)
    if not cw:
        return Context()
    top = max(cw.values())
    country = max(cw, key=lambda c: cw[c])
    in_country = [g for g in cities if first[g].country_code == country]
    city = first[max(in_country, key=lambda g: cities[g])] if in_country else None
    return Context(country=country, city=city, countries={c: v / top for c, v in cw.items()},
                   admin1={a: v for a, v in aw.items()})


def places_jsonl(doc) -> Iterator[dict]:
    """One JSON-ready dict per toponym, for ``kronika places FILE``."""
    for p in find_places(doc):
        yield {"start": p.start, "end": p.end, "text": p.text, "name": p.name,
               "country_code": p.country_code, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
