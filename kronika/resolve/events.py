"""Cross-article event de-duplication: reports of one real event become one cluster with all sources.

Two reports are linked by a pairwise rule that looks at the two reports only, so the clusters (connected
components) do not depend on ingest order. Hard conditions: same PLOVER type and date windows that overlap
within their precision (day ±1 for publication lag, week/month as given, an undated report covers the
days before its publication, a report dated after its publication — "effective June 10" — also covers the
publication day, when it was announced; reports dated to a year only meet their own year only); and no
calendar days named in both sentences that differ ("May 26" against "May 27"). Evidence is then scored:
words shared by the two sentences (outlets paraphrase one wire story; part of the similarity weighs words by
their rarity in news, ``lexicon/events.json`` "idf", the rest compares crude word stems), distinctive
capitalised names shared, a shared named actor or recipient (or one named participant in swapped roles), the
same town (haversine <= ``MAX_KM``), the same day, week or month given by both; contradicting actors, other
weekdays named, other PLOVER modes (strike vs march) and a modal status on one side only ("will deploy" vs
"deployed") count against (feature helpers: ``event_evidence.py``). Places more than
``MAX_KM`` apart (or in other countries) exclude a pair only when both sentences name their place: the
extractor often takes a place from the dateline.
Reports are blocked by (type, week), or (type, "year", year) for reports dated to a year only: adding one
report compares it with its blocks only.
Figures are never merged: each source keeps its own size/dead/injured/arrested and claimant; a cluster
whose sources' ranges do not overlap is ``disputed`` (records: ``event_clusters.py``).

Story evidence (optional): a report may carry ``"story"``, set by the caller from its article with
``annotate_story(events, title, text)``: the article's story terms (``story_terms``: the rarest words of the
title and lead) and how many reports of the report's type the article holds. Two reports from two
articles whose story terms overlap strongly are one story; when each is the only report of its type in its
article, or its sentence is about the story's own headline, less sentence evidence links them. Without the
key the rule is the sentence-only rule.
"""
from __future__ import annotations

import functools
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..extract.name_order import family_first
from .event_evidence import cross_roles, modes_differ, same_date, stem
from .names import name_key

LEXICON = Path(__file__).resolve().parent / "lexicon" / "events.json"
MAX_KM = 50.0
DAY_SLACK = 1  # a day-precision date may be off by one between outlets (time zones, "yesterday")
NODATE_BACK = 7  # an undated report ("the attack that killed ...") is about the days before publication
FIGURES = ("size", "dead", "injured", "arrested")
MODAL = {"planned", "threatened", "hypothetical"}
# evidence weights (tuned on the tuning part of tests/gold/clusters, see bench/eval_dedup.py)
W_NAME, W_ACTOR, W_RECIP, W_PLACE = 0.03, 0.12, 0.08, 0.04
W_SECTOR = 0.04  # same generic sector ("police", "protesters"): weak, only in Event.to_dict() input
P_CLASH, P_MODAL, P_UNDATED = 0.08, 0.05, 0.03
P_WEEKDAY = 0.05  # both sentences name a weekday, none the same
SIM_RARE = 0.3  # sentence similarity: this share is the Jaccard of words weighted by rarity, the rest unweighted
# (the unweighted part compares word stems, event_evidence.stem: "halts" meets "halting")
W_DATE = 0.08  # both dated to the same day, week or month at the same precision: outlets agree on when
P_MODE = 0.05  # both give a PLOVER mode and they differ: a strike is not a march, an arrest not a seizure
W_ROLES = 0.04  # a named actor of one is the recipient of the other (roles swapped): the same participant
P_RECIP = 0.10  # both name a person as recipient and none is shared: "endorsed Rubio" is not "backed Cruz"
THRESHOLD = 0.15
STORY_MIN = 0.30  # story similarity (rarity-weighted overlap of story terms) from which two articles are one story
# evidence when two reports' articles are one story (story similarity >= STORY_MIN). Measured on the gold
# (bench/eval_dedup.py): one story alone, or one story with each report the only one of its type in its
# article, buys about one true pair per false one (the gold's negatives are same-story reports by design),
# so both stay 0; only reports that are each about their own story's headline act get evidence.
W_STORY = 0.0
W_STORY_SOLE = 0.0  # ... when each report is the only one of its type in its article ("same_type" == 1)
W_STORY_LEAD = 0.10  # ... when each report's sentence is about its own story (shares its rare words)
LEAD_OWN = 0.5  # share of a sentence's word rarity in its own story terms that makes it "about the story"
STORY_TERMS = 24  # story terms kept per article (the rarest)
STORY_LEAD = 600  # characters of the text read after the title
STORY_IDF = 2.5  # words at least this rare (idf) are story terms
THRESHOLD_YEAR = 0.40  # two reports dated to a year only ("in 2011") need nearly the same sentence
FUTURE_DAYS = 28  # a report dated after its publication ("effective June 10") was announced at publication
_PREC = {"day": 0, "week": 1, "month": 2, "year": 3}
# generic words that say nothing about who acted
_GENERIC = {"people", "officials", "authorities", "government", "police", "protesters", "demonstrators", "troops",
            "forces", "security forces", "crowd", "crowds", "residents", "group", "he", "she", "they", "who",
            "hundreds", "thousands", "dozens", "tens of thousands", "many", "some", "others", "activists",
            "supporters", "officers", "soldiers", "militants", "police officers", "riot police", "lawmakers"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]|\d[\d,.]*")


@functools.lru_cache(maxsize=1)
def _lex() -> tuple[frozenset[str], frozenset[str]]:
    with open(LEXICON, encoding="utf-8") as f:
        d = json.load(f)
    return frozenset(d["stopwords"]), frozenset(d["common_names"])


@functools.lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """(word -> rarity, rarity of a word not in the table): lexicon/events.json "idf"."""
    with open(LEXICON, encoding="utf-8") as f:
        d = json.load(f)
    return {w: float(v) for v, ws in d["idf"].items() for w in ws.split()}, float(d["idf_rare"])


def _weight(words) -> float:
    idf, rare = _idf()
    return sum(idf.get(w, rare) for w in words)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _day(s: str | None) -> int | None:
    try:
        return date.fromisoformat(s[:10]).toordinal() if s else None
    except ValueError:
        return None


def _norm(w: str) -> str:
    return w if w[0].isdigit() else w.lower().strip("'’.").removesuffix("'s").removesuffix("’s").rstrip("s")


def sentence_terms(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """(content words, distinctive names) of a report's sentence, lowercased, plural -s dropped. Names are
    capitalised words and numbers minus the ubiquitous ones (weekdays, "U.S.", "Reuters")."""
    stop, common = _lex()
    words, names = set(), set()
    for w in _TOKEN.findall(sentence or ""):
        n = _norm(w)
        if len(n) < 2 or n in stop:
            continue
        words.add(n)
        if (w[0].isupper() or w[0].isdigit()) and n not in common:
            names.add(n)
    return frozenset(words), frozenset(names)


_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                             "nov", "dec"))}
_MONTHDAY = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?![\d,.]?\d)")
_WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def sentence_days(sentence: str) -> tuple[frozenset[tuple[int, int]], frozenset[str]]:
    """(calendar days named as (month, day), weekdays named) in a sentence: "May 26" in one report and
    "Wednesday, May 27, 2020" in the other say they are about different days."""
    days = frozenset((_MONTHS[m.group(1).lower()], int(m.group(2))) for m in _MONTHDAY.finditer(sentence or "")
                     if 1 <= int(m.group(2)) <= 31)
    return days, frozenset(m.group(1) for m in _WEEKDAY.finditer(sentence or ""))


def _keys(refs: list[dict], gaz) -> set[str]:
    """Name keys of named participants, plus their last word as "~surname" (so "Trump" meets "Donald Trump"); a
    country named as an actor ("U.S.", "the United States") becomes "@US"."""
    out = set()
    for r in refs or ():
        n = r.get("name") or r.get("text") or ""
        if not r.get("entity_id") and not r.get("name"):
            continue  # unresolved descriptions ("a man"): no identity to compare
        k = name_key(n)
        if not k or k in _GENERIC or n.lower().removeprefix("the ").strip() in _GENERIC:
            continue
        cc = _country_of(n, gaz)
        if cc:
            out.add("@" + cc)
            continue
        out.add(k)
        words = k.split()  # a lone surname ("Trump", "Kim") meets the full name's surname
        out.add("~" + (words[0] if len(words) > 1 and family_first(n.split()) else words[-1]))
    return out


def _country_of(name: str, gaz) -> str | None:
    if gaz is None:
        return None
    try:
        from .gazetteer import fold

        entries = gaz.index.get(fold(name), ())  # the raw index: no ranking, no context needed
    except Exception:  # noqa: BLE001 - a gazetteer of another version: no country actors
        return None
    return next((c.country_code for c, _alt in entries if c.feature == "country"), None)


@dataclass
class _Report:
    id: str
    ev: dict
    type: str
    window: tuple[int, int] | None
    dated: bool
    pub: int | None
    lat: float | None
    lon: float | None
    cc: str | None
    country_level: bool
    actors: set[str]
    recipients: set[str]
    sectors: frozenset[str]
    words: frozenset[str]
    names: frozenset[str]
    modal: bool  # planned / threatened / hypothetical: a statement about the future
    explicit: bool = False  # the place is named in the report's own sentence, not taken from the article
    weight: float = 0.0  # rarity of the sentence's words (sum of their idf)
    days: frozenset = frozenset()  # calendar days named in the sentence: (month, day)
    weekdays: frozenset = frozenset()
    year: int | None = None  # the year of a report dated to a year only ("in 2011"); its window is None
    story: frozenset = frozenset()  # its article's story terms (annotate_story), empty when not given
    story_weight: float = 0.0
    sole: bool = False  # the only report of its type in its article
    on_story: bool = False  # its sentence is about its article's story (shares its rare words)
    article: str | None = None  # its article's id (reports of one article never share story evidence)
    stems: frozenset = frozenset()  # stems of its sentence's words (event_evidence.stem)
    date: tuple | None = None  # (start, precision) of its date as given (event_evidence.same_date)
    mode: str | None = None  # its PLOVER mode


_SHARED: dict[frozenset, frozenset] = {}
SHARED_MAX = 50_000  # distinct sets kept for sharing (a bounded pool: cleared when full)


def share(terms: frozenset) -> frozenset:
    """One object per distinct set of words: the reports of one article carry the same story terms, and a store
    keeps thousands of reports in memory between steps (``resolution.REPORT_CACHE``)."""
    if len(_SHARED) >= SHARED_MAX:
        _SHARED.clear()
    return _SHARED.setdefault(terms, terms)


def _interned(words: frozenset) -> frozenset:
    return frozenset(sys.intern(w) for w in words)


def _report(ev: dict, country_ids: set[int], gaz) -> _Report:
    d = ev.get("date") or {}
    src = (ev.get("sources") or [{}])[0]
    pub = _day(ev.get("published") or src.get("published"))
    lo, hi, prec = _day(d.get("start")), _day(d.get("end") or d.get("start")), d.get("precision")
    window, dated, year = None, True, None
    if lo is not None and prec in ("day", "week", "month"):
        window = (lo, max(hi or lo, lo))
        if pub is not None and pub < lo and window[1] <= pub + FUTURE_DAYS:
            window = (pub - DAY_SLACK, window[1])  # "will suspend ... effective Feb. 2": announced at publication
    elif prec is None and pub is not None:
        window, dated = (pub - NODATE_BACK, pub), False
    elif lo is not None and prec == "year":
        year = date.fromordinal(lo).year
    loc = ev.get("location") or {}
    cc = loc.get("country_code")
    lvl = bool(loc) and (loc.get("geonameid") in country_ids or loc.get("lat") is None)
    sentence = src.get("sentence") or ""
    words, names = sentence_terms(sentence)
    words, names = _interned(words), _interned(names)  # the same words recur across thousands of reports
    days, weekdays = sentence_days(sentence)
    explicit = bool(loc.get("text")) and loc["text"] in sentence
    sectors = frozenset(a["sector"] for a in ev.get("actors") or () if a.get("sector"))
    r = _Report(ev["id"], ev, ev["type"], window, dated, pub, loc.get("lat"), loc.get("lon"), cc, lvl,
                _keys(ev.get("actors"), gaz), _keys(ev.get("recipients"), gaz), sectors, words, names,
                (ev.get("status") or "occurred") in MODAL, explicit, _weight(words), days, weekdays, year)
    r.article = src.get("article_id")
    r.stems = frozenset(sys.intern(stem(w)) for w in words)
    r.date = (d.get("start"), prec) if d.get("start") else None
    r.mode = ev.get("mode")
    st = ev.get("story")
    if isinstance(st, dict) and st.get("terms"):
        r.story = share(_interned(frozenset(st["terms"])))
        r.story_weight = _weight(r.story)
        r.sole = st.get("same_type") == 1
        r.on_story = bool(words) and _weight(words & r.story) >= LEAD_OWN * _weight(words)
    return r


def story_terms(title: str | None, text: str) -> list[str]:
    """An article's story terms: the rarest words (lexicon "idf" >= ``STORY_IDF``; no numbers) of its title
    and the first ``STORY_LEAD`` characters of its text, folded as ``sentence_terms`` folds them, at most
    ``STORY_TERMS``, rarest first. Articles on one story (one wire story, one news day's topic) share many."""
    idf, rare = _idf()
    words, _ = sentence_terms(f"{title or ''}\n{(text or '')[:STORY_LEAD]}")
    terms = [w for w in words if not w[0].isdigit() and idf.get(w, rare) >= STORY_IDF]
    return sorted(terms, key=lambda w: (-idf.get(w, rare), w))[:STORY_TERMS]


def annotate_story(events: list[dict], title: str | None, text: str) -> None:
    """Set ``"story"`` on each event report of ONE article (all of its reports, in any order):
    {"terms": story_terms(title, text), "same_type": number of the article's reports of the event's type}."""
    terms = story_terms(title, text)
    n = Counter(e.get("type") for e in events)
    for e in events:
        e["story"] = {"terms": terms, "same_type": n[e.get("type")]}


def story_similarity(a: _Report, b: _Report) -> float:
    """Rarity-weighted overlap of two reports' story terms (0 when either has none): shared weight over the
    smaller side's weight."""
    if not a.story or not b.story:
        return 0.0
    return _weight(a.story & b.story) / max(1e-9, min(a.story_weight, b.story_weight))


def _dates_meet(a: _Report, b: _Report) -> bool:
    if a.window is None or b.window is None:  # reports dated to a year only meet their own year only
        return a.year is not None and a.year == b.year
    # one day of slack only between outlets that published on different days (time zones, "yesterday")
    slack = DAY_SLACK if a.pub != b.pub else 0
    if a.window[1] + slack < b.window[0] or b.window[1] + slack < a.window[0]:
        return False
    # two undated reports far apart in publication are about different days
    return a.dated or b.dated or a.pub is None or b.pub is None or abs(a.pub - b.pub) <= 2


def _persons(keys: set[str]) -> set[str]:
    """Full person-like name keys (given name and surname): not a country, not a surname alone."""
    return {k for k in keys if " " in k and k[0] not in "@~"}


def _other_persons(a: _Report, b: _Report) -> bool:
    """Each names a person as recipient, the two share none, and neither is a participant of the other:
    two acts towards two people (recipient sectors and descriptions are too noisy to rule on; full names are not)."""
    pa, pb = _persons(a.recipients), _persons(b.recipients)
    return bool(pa and pb) and not (pa & b.actors or pb & a.actors)


# the score is a weighted sum of named features (``features``); a negative weight is a penalty
WEIGHTS = {"stems": 1 - SIM_RARE, "rare_words": SIM_RARE, "names": W_NAME, "same_actor": W_ACTOR,
           "same_sector": W_SECTOR, "other_actors": -P_CLASH, "same_recipient": W_RECIP,
           "other_recipients": -P_RECIP, "roles_swapped": W_ROLES, "other_weekdays": -P_WEEKDAY, "same_town": W_PLACE,
           "status_differs": -P_MODAL, "undated": -P_UNDATED, "same_date": W_DATE, "other_modes": -P_MODE,
           "one_story": W_STORY, "one_story_sole": W_STORY_SOLE, "one_story_lead": W_STORY_LEAD}
_LABELS = {"names": "{:.0f} names", "same_actor": "same actor", "same_sector": "same sector",
           "other_actors": "other actors", "same_recipient": "same recipient", "other_recipients": "other recipients",
           "roles_swapped": "roles swapped", "other_weekdays": "other weekdays", "status_differs": "status differs",
           "same_date": "same date", "other_modes": "other modes"}


def features(a: _Report, b: _Report) -> tuple[dict[str, float], list[str]] | None:
    """None when the hard conditions fail, else (feature values by ``WEIGHTS`` key, notes on places). Symmetric;
    looks at a and b only. ``bench/dedup_ceiling.py`` fits other weights to these same features."""
    if a.type != b.type or not _dates_meet(a, b):
        return None
    if a.days and b.days and not a.days & b.days:
        return None  # "May 26" against "May 27, 2020": two days, two events
    f: dict[str, float] = {}
    notes: list[str] = []
    # places conflict only when both sentences name them: a place taken from the article's dateline or
    # context is often wrong, so then it can only help (penalising it cost recall on the gold, not precision)
    explicit = a.explicit and b.explicit
    if a.cc and b.cc and a.cc != b.cc:
        if explicit:
            return None
        notes.append("other country")
    elif not a.country_level and not b.country_level and a.lat is not None and b.lat is not None:
        km = haversine(a.lat, a.lon, b.lat, b.lon)
        if km > MAX_KM and explicit:
            return None
        f["same_town"] = float(km <= MAX_KM)
        notes.append(f"{km:.0f} km")
    # sentence similarity: the Jaccard of the two sentences' word stems, and of their words weighted by rarity
    f["stems"] = len(a.stems & b.stems) / max(1, len(a.stems | b.stems))
    w = _weight(a.words & b.words)
    f["rare_words"] = w / (a.weight + b.weight - w) if w else 0.0
    f["names"] = float(min(len(a.names & b.names), 4))
    if a.actors & b.actors:
        f["same_actor"] = 1.0
    elif a.sectors & b.sectors:
        f["same_sector"] = 1.0
    elif a.actors and b.actors:
        f["other_actors"] = 1.0
    if a.recipients & b.recipients:
        f["same_recipient"] = 1.0
    elif _other_persons(a, b):
        f["other_recipients"] = 1.0
    f["roles_swapped"] = float(bool(cross_roles(a.actors, a.recipients, b.actors, b.recipients)))
    f["other_weekdays"] = float(bool(a.weekdays and b.weekdays and not a.weekdays & b.weekdays))
    f["status_differs"] = float(a.modal != b.modal)
    f["undated"] = float(not a.dated or not b.dated)
    f["same_date"] = float(bool(same_date(a.date, b.date)))
    f["other_modes"] = float(bool(modes_differ(a.mode, b.mode)))
    if a.story and b.story and a.article != b.article:
        ss = story_similarity(a, b)
        if ss >= STORY_MIN:
            f["one_story"] = 1.0
            notes.append(f"one story {ss:.2f}")
            f["one_story_sole"] = float(a.sole and b.sole)
            f["one_story_lead"] = float(a.on_story and b.on_story)
    return f, notes


def evidence(a: _Report, b: _Report, weights: dict[str, float] | None = None) -> tuple[float, list[str]] | None:
    """None when the hard conditions fail, else (score, reasons): ``features`` weighted by ``WEIGHTS``."""
    got = features(a, b)
    if got is None:
        return None
    f, notes = got
    weights = WEIGHTS if weights is None else weights
    sim = weights["stems"] * f["stems"] + weights["rare_words"] * f["rare_words"]
    story = sum(weights[k] * f.get(k, 0.0) for k in ("one_story", "one_story_sole", "one_story_lead"))
    score = sim + sum(weights[k] * v for k, v in f.items() if v and k not in ("stems", "rare_words")
                      and not k.startswith("one_story")) + story
    why = [f"sentences {sim:.2f}"] + [_LABELS[k].format(v) for k, v in f.items() if v and k in _LABELS]
    # a note on the story only where it counted
    return score, why + [n for n in notes if story or not n.startswith("one story")]


def compatible(a: _Report, b: _Report) -> tuple[bool, str]:
    """The pairwise rule: (same event?, reason)."""
    ev = evidence(a, b)
    if ev is None:
        return False, "type or dates differ"
    score, why = ev
    return score >= (THRESHOLD if a.window else THRESHOLD_YEAR), f"score {score:.2f}: " + ", ".join(why)


@functools.lru_cache(maxsize=1)
def _geo() -> tuple[frozenset[int], Any]:
    """(geonameids of countries, gazetteer) or (empty, None) when no gazetteer is available."""
    try:
        from .gazetteer import get_gazetteer

        gaz = get_gazetteer()
        return frozenset(c.geonameid for c in gaz.countries.values() if c.geonameid), gaz
    except Exception:  # noqa: BLE001 - no gazetteer: country-level places by missing coordinates only
        return frozenset(), None


# -- the stable interface a store uses to cluster incrementally (see store/, resolution.py, event_clusters.py)
def report(ev: dict) -> _Report:
    """The comparable form of one event report (records.Event.export() shape)."""
    countries, gaz = _geo()
    return _report(ev, set(countries), gaz)


def block_keys(r: _Report) -> list[tuple[str, int]]:
    """Keys of the blocks a report is compared within: any two reports ``link`` may join share one.
    A store keeps (key, event id) rows and compares a new report with its blocks' members only."""
    if r.window is None:
        return [(r.type, "year", r.year)] if r.year is not None else []
    lo, hi = r.window[0] - DAY_SLACK, r.window[1] + DAY_SLACK  # a superset of what evidence() accepts
    return [(r.type, w) for w in range(lo // 7, hi // 7 + 1)]


def link(a: _Report, b: _Report) -> str | None:
    """The pairwise rule: the reason two reports are one event, or None. Symmetric, looks at a and b only,
    so connected components of these links do not depend on ingest order."""
    ok, why = compatible(a, b)
    return why if ok else None
