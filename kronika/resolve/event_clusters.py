"""Event clusters: one real event from the reports ``events.link`` joins — its id, its record (the most precise
shared date, the most often named town, every source, figures kept per source with their claimants, disputed
when sources disagree), and ``EventClusterer``, the in-memory clusterer a full replay and the evaluation use."""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..records import short_hash
from .events import _PREC, FIGURES, _geo, _Report, block_keys, link, report
from .names import name_key


def cluster_id(member_ids) -> str:
    """A cluster's id: the hash of its smallest member id (same members, same id, in any order)."""
    return short_hash("event-cluster", min(member_ids))


def cluster_record(evs: list[dict], links: list[tuple[str, str, str]]) -> dict[str, Any]:
    """One real event from its reports (any order) and the links (a, b, reason) that joined them: the
    most precise shared date, the most often named town, every source, and figures kept per source."""
    evs = sorted(evs, key=lambda e: e["id"])
    ids = [e["id"] for e in evs]
    modes = Counter(e.get("mode") for e in evs if e.get("mode"))
    dates = [e["date"] for e in evs if (e.get("date") or {}).get("precision") in _PREC]
    best = min(_PREC[d["precision"]] for d in dates) if dates else None
    starts = Counter(d["start"] for d in dates if _PREC[d["precision"]] == best)
    start = min(starts, key=lambda s: (-starts[s], s)) if starts else None
    dt = next((d for d in dates if d["start"] == start and _PREC[d["precision"]] == best), None)
    locs = [e["location"] for e in evs if e.get("location")]
    loc = None
    if locs:  # the most often named town, else the most often named country
        countries = _geo()[0]
        pool = [l for l in locs if l.get("lat") is not None and l.get("geonameid") not in countries] or locs
        lc = Counter((l.get("geonameid") or 0, l.get("name") or "") for l in pool)
        key = min(lc, key=lambda k: (-lc[k], k))
        loc = next(l for l in pool if (l.get("geonameid") or 0, l.get("name") or "") == key)
    figures, disputed = [], set()
    for e in evs:
        f = {k: e.get(k) for k in FIGURES if e.get(k)}
        if f:
            src = (e.get("sources") or [{}])[0]
            figures.append({"event_id": e["id"], "article_id": src.get("article_id"), **f,
                            "claimant": e.get("claimant")})
    for k in FIGURES:
        vals = [(f[k].get("min") or 0, f[k].get("max"), f["article_id"]) for f in figures if k in f]
        for i, (lo1, hi1, a1) in enumerate(vals):
            for lo2, hi2, a2 in vals[i + 1:]:
                # one article giving a named victim and a total is not a dispute: sources must differ
                if a1 == a2:
                    continue
                if (hi1 is not None and hi1 < lo2) or (hi2 is not None and hi2 < lo1):
                    disputed.add(k)  # ranges that do not meet: the sources disagree
    return {"id": cluster_id(ids), "type": evs[0]["type"],
            "mode": min(modes, key=lambda m: (-modes[m], m)) if modes else None,
            "date": dt, "location": loc, "actors": _union_refs(e.get("actors") for e in evs),
            "recipients": _union_refs(e.get("recipients") for e in evs),
            "statuses": sorted({e.get("status") or "occurred" for e in evs}),
            "events": ids, "sources": [s for e in evs for s in e.get("sources") or ()],
            "figures": figures, "disputed": bool(disputed), "disputed_figures": sorted(disputed),
            "links": sorted(f"{min(a, b)} ~ {max(a, b)}: {w}" for a, b, w in links)}


class EventClusterer:
    def __init__(self) -> None:
        self.reports: dict[str, _Report] = {}
        self.blocks: dict[tuple[str, int], list[str]] = {}  # (type, week) -> report ids
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.links: dict[str, dict[str, str]] = {}
        self._country_ids: set[int] | None = None
        self._gaz = None
        self._ids: dict[str, str] = {}  # last cluster id reported per report, for ``renames``
        self._dirty: set[str] = set()

    def _countries(self) -> set[int]:
        if self._country_ids is None:
            countries, self._gaz = _geo()
            self._country_ids = set(countries)
        return self._country_ids

    def add(self, ev: dict) -> str:
        """Add one event report (records.Event.export() shape); returns its current cluster id."""
        if ev["id"] in self.reports:
            return self.cluster_id(ev["id"])
        r = report(ev)
        self.reports[r.id] = r
        self.parent[r.id], self.members[r.id], self.links[r.id] = r.id, {r.id}, {}
        self._dirty.add(r.id)
        for other in sorted(self._candidates(r)):
            why = link(r, self.reports[other])
            if why:
                self.links[r.id][other] = self.links[other][r.id] = why
                self._union(r.id, other)
        for key in self._block_keys(r):
            self.blocks.setdefault(key, []).append(r.id)
        return self.cluster_id(r.id)

    _block_keys = staticmethod(block_keys)

    def _candidates(self, r: _Report) -> set[str]:
        return {i for key in self._block_keys(r) for i in self.blocks.get(key, ())}

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.parent[a], self.parent[b]
        if ra == rb:
            return
        self._dirty |= self.members[ra] | self.members[rb]
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        for m in self.members.pop(rb):
            self.parent[m] = ra
            self.members[ra].add(m)

    def cluster_id(self, event_id: str) -> str:
        """Hash of the smallest member id: the same members give the same id in any order."""
        return cluster_id(self.members[self.parent[event_id]])

    def renames(self) -> dict[str, tuple[str | None, str]]:
        """Reports whose cluster id changed (or that are new) since the last call: {event id: (old, new)}."""
        out = {}
        for eid in sorted(self._dirty):
            cid = self.cluster_id(eid)
            if self._ids.get(eid) != cid:
                out[eid] = (self._ids.get(eid), cid)
                self._ids[eid] = cid
        self._dirty.clear()
        return out

    def assignments(self) -> dict[str, str]:
        return {eid: self.cluster_id(eid) for eid in sorted(self.reports)}

    def clusters(self) -> list[dict[str, Any]]:
        out = [self._record(sorted(ms)) for ms in self.members.values()]
        return sorted(out, key=lambda c: c["id"])

    def cluster(self, event_id: str) -> dict[str, Any]:
        """The record of the cluster holding one report (for a store updating only what moved)."""
        return self._record(sorted(self.members[self.parent[event_id]]))

    def _record(self, ids: list[str]) -> dict[str, Any]:
        links = [(a, b, w) for a in ids for b, w in self.links[a].items() if a < b]
        return cluster_record([self.reports[i].ev for i in ids], links)


def _union_refs(lists) -> list[dict]:
    seen, out = set(), []
    for refs in lists:
        for r in refs or ():
            k = name_key(r.get("name") or r.get("text") or "")
            if k and k not in seen:
                seen.add(k)
                out.append(r)
    return out
