"""Cross-article event de-duplication: reports of one real event become one cluster with all sources.

Two reports are linked when a pairwise rule holds (so clusters, the connected components, do not depend
on ingest order): same PLOVER type, date windows that overlap within their precision (day ±1 for
publication lag, week/month windows as given, no date = the few days before publication), places within
``MAX_KM`` (or the same country when one is only country-level), no contradicting named actors, and at
least one positive clue (a shared named actor or recipient, or the same town). Reports are blocked by
(type, week bucket, country) so adding one report compares it with a handful of others.
Figures are never merged: each source keeps its own size/dead/injured/arrested and claimant; a cluster
whose sources' ranges do not overlap is ``disputed``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..records import short_hash
from .names import name_key

MAX_KM = 50.0
DAY_SLACK = 1  # a day-precision date may be off by one between outlets (time zones, "yesterday")
NODATE_BACK = 3  # an undated report is about the last few days before publication
FIGURES = ("size", "dead", "injured", "arrested")
MODAL = {"planned", "threatened", "hypothetical"}  # linked only among themselves
NEAR_DUP = 0.30  # sentence word overlap (Jaccard) that alone says "the same report, paraphrased"
SIM_WITH_CLUE = 0.10  # overlap enough when a named actor, recipient or town is shared
SIM_TWO_CLUES = 0.05
_PREC = {"day": 0, "week": 1, "month": 2, "year": 3}
# generic words that say nothing about who acted
_GENERIC = {"people", "officials", "authorities", "government", "police", "protesters", "demonstrators",
            "troops", "forces", "security forces", "crowd", "residents", "group", "he", "she", "they", "who"}


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


_STOP = frozenset("""the a an and or of to in on for with at by from as is are was were be been has have had that
this it its his her their they he she we you not but said says say will would could should who which what when
after before over into about than more most also new last week year years day days monday tuesday wednesday
thursday friday saturday sunday there here them our out one two any all""".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]+|\d[\d,.]*")


def _words(sentence: str) -> frozenset[str]:
    """Content words of a report's sentence, lowercased, plural -s dropped: for near-duplicate detection."""
    out = set()
    for w in _TOKEN.findall(sentence or ""):
        lw = w if w[0].isdigit() else w.lower().strip("'’").rstrip("s")
        if len(lw) >= 3 and lw not in _STOP:
            out.add(lw)
    return frozenset(out)


def _keys(refs: list[dict], gaz) -> set[str]:
    """Name keys of named participants, plus the surname alone (so "Trump" meets "Donald Trump"); a
    country named as an actor ("U.S.", "the United States") becomes "@US"."""
    out = set()
    for r in refs or ():
        n = r.get("name") or r.get("text") or ""
        if not r.get("entity_id") and not r.get("name"):
            continue  # generic descriptions ("a man", "officials"): no identity to compare
        k = name_key(n)
        if not k or k in _GENERIC:
            continue
        cc = _country_of(n, gaz)
        if cc:
            out.add("@" + cc)
            continue
        out.add(k)
        if " " in k:
            out.add("~" + k.rsplit(" ", 1)[1])
    return out


def _country_of(name: str, gaz) -> str | None:
    if gaz is None:
        return None
    for cand, _alt in gaz.entries(name):
        if cand.feature == "country":
            return cand.country_code
    return None


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
    words: frozenset[str]
    modal: bool  # planned / threatened / hypothetical: a statement about the future


def _report(ev: dict, country_ids: set[int], gaz) -> _Report:
    d = ev.get("date") or {}
    src = (ev.get("sources") or [{}])[0]
    pub = _day(ev.get("published") or src.get("published"))
    lo, hi, prec = _day(d.get("start")), _day(d.get("end") or d.get("start")), d.get("precision")
    window, dated = None, True
    if lo is not None and prec in ("day", "week", "month"):
        slack = DAY_SLACK if prec == "day" else 0
        window = (lo - slack, max(hi or lo, lo) + slack)
    elif prec is None and pub is not None:
        window, dated = (pub - NODATE_BACK, pub), False
    loc = ev.get("location") or {}
    cc = loc.get("country_code")
    lvl = bool(loc) and (loc.get("geonameid") in country_ids or loc.get("lat") is None)
    return _Report(ev["id"], ev, ev["type"], window, dated, pub, loc.get("lat"), loc.get("lon"), cc, lvl,
                   _keys(ev.get("actors"), gaz), _keys(ev.get("recipients"), gaz), _words(src.get("sentence")),
                   (ev.get("status") or "occurred") in MODAL)


def compatible(a: _Report, b: _Report) -> tuple[bool, str]:
    """The pairwise rule: (same event?, reason). Symmetric and independent of anything else.

    Hard conditions: type, status group, overlapping date windows, same country. Then evidence: shared
    content words of the two sentences (outlets paraphrase one wire story), a shared named actor or
    recipient, the same town; contradicting actors or distant towns raise the bar."""
    if a.type != b.type:
        return False, "type"
    if a.window is None or b.window is None or a.window[1] < b.window[0] or b.window[1] < a.window[0]:
        return False, "dates apart"
    if not a.dated and not b.dated and a.pub is not None and b.pub is not None and abs(a.pub - b.pub) > 1:
        return False, "undated, published apart"
    if a.cc and b.cc and a.cc != b.cc:
        return False, "different countries"
    sim = len(a.words & b.words) / max(1, len(a.words | b.words))
    place = far = False
    if a.cc and b.cc and not a.country_level and not b.country_level and a.lat is not None and b.lat is not None:
        km = haversine(a.lat, a.lon, b.lat, b.lon)
        place, far = km <= MAX_KM, km > MAX_KM
    actor = bool(a.actors & b.actors)
    recip = bool(a.recipients & b.recipients)
    clash = bool(a.actors and b.actors and not actor) or a.modal != b.modal  # "will deploy" vs "deployed"
    clues = [c for c, ok in (("same actor", actor), ("same recipient", recip), ("same place", place)) if ok]
    need = NEAR_DUP if (far or clash) else (SIM_WITH_CLUE if clues else NEAR_DUP)
    if sim >= need or (len(clues) >= 2 and not far and not clash and sim >= SIM_TWO_CLUES):
        return True, ", ".join(clues + [f"sentences {sim:.2f}"])
    return False, f"too little evidence (sentences {sim:.2f}, clues: {', '.join(clues) or 'none'})"


class EventClusterer:
    def __init__(self) -> None:
        self.reports: dict[str, _Report] = {}
        self.blocks: dict[tuple[str, int], dict[str, list[str]]] = {}  # (type, week) -> country -> ids
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.links: dict[str, dict[str, str]] = {}
        self._country_ids: set[int] | None = None
        self._gaz = None

    def _countries(self) -> set[int]:
        if self._country_ids is None:
            try:
                from .gazetteer import get_gazetteer

                self._gaz = get_gazetteer()
                self._country_ids = {c.geonameid for c in self._gaz.countries.values() if c.geonameid}
            except Exception:  # noqa: BLE001 - no gazetteer: country-level places by missing coordinates only
                self._country_ids = set()
        return self._country_ids

    def add(self, ev: dict) -> str:
        """Add one event report (records.Event.export() shape); returns its current cluster id."""
        if ev["id"] in self.reports:
            return self.cluster_id(ev["id"])
        r = _report(ev, self._countries(), self._gaz)
        self.reports[r.id] = r
        self.parent[r.id], self.members[r.id], self.links[r.id] = r.id, {r.id}, {}
        for other in sorted(self._candidates(r)):
            ok, why = compatible(r, self.reports[other])
            if ok:
                self.links[r.id][other] = self.links[other][r.id] = why
                self._union(r.id, other)
        for key, cc in self._block_keys(r):
            self.blocks.setdefault(key, {}).setdefault(cc, []).append(r.id)
        return self.cluster_id(r.id)

    @staticmethod
    def _block_keys(r: _Report):
        if r.window is None:
            return []
        weeks = range(r.window[0] // 7, r.window[1] // 7 + 1)
        return [((r.type, w), r.cc or "*") for w in weeks]

    def _candidates(self, r: _Report) -> set[str]:
        out: set[str] = set()
        for key, cc in self._block_keys(r):
            blk = self.blocks.get(key, {})
            for c in ([cc, "*"] if cc != "*" else list(blk)):
                out.update(blk.get(c, ()))
        return out

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.parent[a], self.parent[b]
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        for m in self.members.pop(rb):
            self.parent[m] = ra
            self.members[ra].add(m)

    def cluster_id(self, event_id: str) -> str:
        """Hash of the smallest member id: the same members give the same id in any order."""
        return short_hash("event-cluster", min(self.members[self.parent[event_id]]))

    def assignments(self) -> dict[str, str]:
        return {eid: self.cluster_id(eid) for eid in sorted(self.reports)}

    def clusters(self) -> list[dict[str, Any]]:
        out = [self._record(sorted(ms)) for ms in self.members.values()]
        return sorted(out, key=lambda c: c["id"])

    def _record(self, ids: list[str]) -> dict[str, Any]:
        evs = [self.reports[i].ev for i in ids]
        modes = Counter(e.get("mode") for e in evs if e.get("mode"))
        dates = [e["date"] for e in evs if (e.get("date") or {}).get("precision") in _PREC]
        best = min(_PREC[d["precision"]] for d in dates) if dates else None
        starts = Counter(d["start"] for d in dates if _PREC[d["precision"]] == best)
        start = min(starts, key=lambda s: (-starts[s], s)) if starts else None
        dt = next((d for d in dates if d["start"] == start and _PREC[d["precision"]] == best), None)
        locs = [e["location"] for e in evs if e.get("location")]
        loc = None
        if locs:  # the most often named town, else the most often named country
            countries = self._countries()
            pool = [l for l in locs if l.get("lat") is not None and l.get("geonameid") not in countries] or locs
            lc = Counter((l.get("geonameid") or 0, l.get("name") or "") for l in pool)
            key = min(lc, key=lambda k: (-lc[k], k))
            loc = next(l for l in pool if (l.get("geonameid") or 0, l.get("name") or "") == key)
        figures, disputed = [], False
        for e in evs:
            f = {k: e.get(k) for k in FIGURES if e.get(k)}
            if f:
                src = (e.get("sources") or [{}])[0]
                figures.append({"event_id": e["id"], "article_id": src.get("article_id"), **f,
                                "claimant": e.get("claimant")})
        for k in FIGURES:
            vals = [(f[k].get("min") or 0, f[k].get("max")) for f in figures if k in f]
            for i, (lo1, hi1) in enumerate(vals):
                for lo2, hi2 in vals[i + 1:]:
                    if (hi1 is not None and hi1 < lo2) or (hi2 is not None and hi2 < lo1):
                        disputed = True
        return {"id": short_hash("event-cluster", ids[0]), "type": evs[0]["type"],
                "mode": min(modes, key=lambda m: (-modes[m], m)) if modes else None,
                "date": dt, "location": loc, "actors": _union_refs(e.get("actors") for e in evs),
                "recipients": _union_refs(e.get("recipients") for e in evs),
                "statuses": sorted({e.get("status") or "occurred" for e in evs}),
                "events": ids, "sources": [s for e in evs for s in e.get("sources") or ()],
                "figures": figures, "disputed": disputed,
                "links": sorted(f"{a} ~ {b}: {w}" for a in ids for b, w in self.links[a].items() if a < b)}


def _union_refs(lists) -> list[dict]:
    seen, out = set(), []
    for refs in lists:
        for r in refs or ():
            k = name_key(r.get("name") or r.get("text") or "")
            if k and k not in seen:
                seen.add(k)
                out.append(r)
    return out
