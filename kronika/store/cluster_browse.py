"""Read-only queries for the web timeline and map: one row (one map point) per real event.

A real event is an event cluster of the persisted record across articles (``event_clusters``, written by
kronika/resolution.py); a report not in any cluster yet (its article is pending resolution, or the store was
never resolved: a read-only file) is listed as an event of its own, so nothing stored is ever hidden.

How a filter applies to a cluster:

* type, date range and country use the cluster record's own values, the ones its row shows: its type (all
  reports of a cluster share it), its date (the most precise date the sources agree on) and the country of its
  place (where the map draws it). A row is thus always listed under the day it shows, the day chart counts
  exactly what its bars link to, and a country filter never shows an event placed elsewhere because one
  outlet's dateline named another town. Dates and order are by the cluster's date.
* actor and status match when any report of the cluster matches (the cluster keeps the union of its reports'
  actors under one spelling per name and the set of their statuses): "Tsikhanouskaya" still finds the event an
  outlet spelled "Tikhanovskaya", and a cluster with a planned and an occurred report is found by either.

A pending report is filtered on its own columns, as before resolution. SQL is written with ``?`` placeholders
and run through ``Sql`` (store/resolved.py), so the same queries serve SQLite and PostgreSQL.
"""
from __future__ import annotations

import heapq
import json
import re
from typing import Any

from ..records import EVENT_STATUSES
from .base import EventFilter, event_where
from .resolved import Sql

FIGURES = ("size", "dead", "injured", "arrested")
_MEMBER = ("EXISTS (SELECT 1 FROM event_cluster_members m JOIN events e ON e.id = m.event_id"
           " WHERE m.cluster_id = c.id AND {cond})")
_DATED = "CASE WHEN date_start IS NULL THEN 1 ELSE 0 END, "  # undated last on both backends
_PENDING = "NOT EXISTS (SELECT 1 FROM event_cluster_members m WHERE m.event_id = e.id)"


def _loads(v):
    return json.loads(v) if isinstance(v, str) else v


def _like(s: str) -> str:
    return "%" + re.sub(r"([%_\\])", r"\\\1", s) + "%"


class EventClusterBrowser:
    """Timeline rows, day counts, filter facets and map points over event clusters (and reports pending
    resolution)."""

    def __init__(self, sql: Sql):
        self.sql = sql

    @classmethod
    def of(cls, store) -> EventClusterBrowser:
        """Over either store (both provide ``_sql()``, the runner of the record across articles)."""
        return cls(store._sql())

    # -- SQL pieces ------------------------------------------------------------------------------------------
    def _j(self, *path: str, text: bool = True) -> str:
        """A value of the cluster record ``c.record``: a scalar as SQL text/number, else JSON (an object)."""
        if self.sql.pg:
            return f"(c.record::json {'#>>' if text else '#>'} '{{{','.join(path)}}}')"
        return f"json_extract(c.record, '$.{'.'.join(path)}')"

    def _clusters_where(self, flt: EventFilter) -> tuple[list[str], list[Any]]:
        where, args = [], []
        if flt.type:
            where.append("c.type = ?")
            args.append(flt.type.upper())
        if flt.since:
            where.append("c.date_start >= ?")
            args.append(flt.since)
        if flt.until:
            where.append("c.date_start <= ?")
            args.append(flt.until)
        if flt.country:  # the place's country (``countries`` also holds the actors')
            where.append("c.country = ?")
            args.append(flt.country.upper())
        if flt.status:  # any of its reports' statuses
            where.append("c.statuses LIKE ? ESCAPE '\\'")
            args.append(_like("|" + flt.status + "|"))
        if flt.actor:
            where.append(_MEMBER.format(cond="e.actors LIKE ? ESCAPE '\\'"))
            args.append(_like(flt.actor))
        return where, args

    def _pending_where(self, flt: EventFilter) -> tuple[str, list[Any]]:
        where, args = event_where(flt, "?", "LIKE")
        return where + (" AND " if where else " WHERE ") + _PENDING, args

    def _items(self, flt: EventFilter) -> tuple[str, list[Any]]:
        """(id, clustered, date_start, reports) of every real event matching ``flt``: clusters, then reports
        pending resolution."""
        cw, ca = self._clusters_where(flt)
        pw, pa = self._pending_where(flt)
        sql = ("SELECT c.id AS id, 1 AS clustered, c.date_start AS date_start, c.reports AS reports"
               " FROM event_clusters c" + (" WHERE " + " AND ".join(cw) if cw else "")
               + " UNION ALL SELECT e.id AS id, 0 AS clustered, e.date_start AS date_start, 1 AS reports"
               " FROM events e" + pw)
        return sql, ca + pa

    def _representative(self) -> str:
        """The report a cluster's row links to: one dated and placed as the cluster is, else the first."""
        # the best by min() over "<0|1><0|1><id>" (SQLite refuses outer columns in a subquery's ORDER BY)
        return ("(SELECT substr(min(CASE WHEN e.date_start = c.date_start THEN '0' ELSE '1' END"
                " || CASE WHEN e.location_name = " + self._j("location", "name") + " THEN '0' ELSE '1' END"
                " || e.id), 3) FROM event_cluster_members m JOIN events e ON e.id = m.event_id"
                " WHERE m.cluster_id = c.id)")

    # -- the timeline ------------------------------------------------------------------------------------------
    def count(self, flt: EventFilter) -> dict[str, int]:
        """{"events": real events matching, "reports": the reports they hold}."""
        sql, args = self._items(flt)
        r = self.sql.run("SELECT count(*) AS n, sum(reports) AS r FROM (" + sql + ") u", args)[0]
        return {"events": int(r["n"]), "reports": int(r["r"] or 0)}

    def per_day(self, flt: EventFilter) -> list[dict[str, Any]]:
        """[{day, count}] of dated real events matching the filter, ascending."""
        sql, args = self._items(flt)
        rows = self.sql.run("SELECT date_start AS day, count(*) AS n FROM (" + sql + ") u"
                            " WHERE date_start IS NOT NULL GROUP BY date_start ORDER BY date_start", args)
        return [{"day": r["day"], "count": int(r["n"])} for r in rows]

    def facets(self, only: tuple[str, ...] = ("type", "country", "status")) -> dict[str, list[dict[str, Any]]]:
        """Types, countries and statuses with the number of real events under each, as the filters count them:
        a cluster by its own type and its place's country, and under every status one of its reports has; then
        the first and last day of any real event (``count`` 0), as ``BrowseQueries.event_facets`` gives them.
        ``only`` the facets named (all three read narrow columns: cluster type, country and statuses)."""
        cc = "c.country" if "country" in only else "NULL"
        rows = self.sql.run(f"SELECT c.type AS t, {cc} AS cc, NULL AS st, min(c.date_start) AS lo,"
                            f" max(c.date_start) AS hi, count(*) AS n FROM event_clusters c GROUP BY c.type, {cc}", [])
        rows += self.sql.run("SELECT e.type AS t, e.country_code AS cc, e.status AS st, min(e.date_start) AS lo,"
                             " max(e.date_start) AS hi, count(*) AS n FROM events e WHERE " + _PENDING
                             + " GROUP BY e.type, e.country_code, e.status", [])
        statuses = []
        if "status" in only:  # one scan of the narrow column, a count per known status
            sums = ", ".join(f"sum(CASE WHEN c.statuses LIKE ? ESCAPE '\\' THEN 1 ELSE 0 END) AS s{i}"
                             for i in range(len(EVENT_STATUSES)))
            got = self.sql.run("SELECT " + sums + " FROM event_clusters c",
                               [_like("|" + x + "|") for x in EVENT_STATUSES])[0]
            statuses = [{"st": x, "n": got[f"s{i}"]} for i, x in enumerate(EVENT_STATUSES) if got[f"s{i}"]]
        n: dict[str, dict[str, int]] = {k: {} for k in only}
        for r in rows:
            for facet, v in (("type", r["t"]), ("country", r["cc"]), ("status", r["st"])):
                if v is not None and facet in n:
                    n[facet][v] = n[facet].get(v, 0) + int(r["n"])
        for r in statuses:
            if r["st"] is not None:
                n["status"][r["st"]] = n["status"].get(r["st"], 0) + int(r["n"])
        days = [d for r in rows for d in (r["lo"], r["hi"]) if d is not None]
        out = {k: [{"value": v, "count": c} for v, c in sorted(vs.items(), key=lambda x: (-x[1], x[0]))]
               for k, vs in n.items()}
        out["dates"] = [{"value": min(days, default=None), "count": 0}, {"value": max(days, default=None), "count": 0}]
        return out

    def rows(self, flt: EventFilter, newest_first: bool = False) -> list[dict[str, Any]]:
        """One page of real events, dated ones by date (oldest or newest first), then undated ones; each a
        cluster summary (``summary``) with ``event_id`` (the report its row links to) and its articles."""
        sql, args = self._items(flt)
        order = "date_start DESC, id DESC" if newest_first else "date_start, id"
        page = self.sql.run("SELECT id, clustered FROM (" + sql + ") u ORDER BY " + _DATED + order
                            + " LIMIT ? OFFSET ?", [*args, flt.limit, flt.offset])
        if not page:
            return []
        got: dict[str, dict[str, Any]] = {}
        for r in self.sql.where_in("SELECT c.id, c.record, " + self._representative() + " AS event_id"
                                   " FROM event_clusters c WHERE c.id {IN}", [p["id"] for p in page if p["clustered"]]):
            got[r["id"]] = summary(_loads(r["record"]), r["event_id"])
        for r in self.sql.where_in("SELECT e.id, e.record FROM events e WHERE e.id {IN}",
                                   [p["id"] for p in page if not p["clustered"]]):
            got[r["id"]] = report_summary(_loads(r["record"]))
        items = [got[p["id"]] for p in page if p["id"] in got]
        titles = {r["id"]: dict(r) for r in self.sql.where_in(
            "SELECT id, title, publisher, published FROM articles WHERE id {IN}",
            sorted({a for it in items for a in it["article_ids"]}))}
        for it in items:
            it["articles"] = [titles.get(a) or {"id": a, "title": None, "publisher": None, "published": None}
                              for a in it.pop("article_ids")]
        return items

    # -- the map -----------------------------------------------------------------------------------------------
    def map_points(self, flt: EventFilter) -> list[dict[str, Any]]:
        """Placed real events (at the cluster's place), by date then id, ``flt.limit`` at most."""
        cw, ca = self._clusters_where(flt)
        cw += [self._j("location", "lat") + " IS NOT NULL", self._j("location", "lon") + " IS NOT NULL"]
        n = flt.offset + flt.limit
        clusters = self.sql.run(
            "SELECT c.id, c.type, c.date_start, c.reports, c.sources, c.disputed, " + self._representative()
            + " AS event_id, " + self._j("mode") + " AS mode, "
            + ", ".join(self._j(k, text=False) + f" AS {k}" for k in ("location", "actors", "recipients", "statuses",
                                                                        "disputed_figures"))
            + " FROM event_clusters c WHERE " + " AND ".join(cw) + " ORDER BY " + _DATED + "c.date_start, c.id"
            " LIMIT ?", [*ca, n])
        pw, pa = self._pending_where(flt)
        pending = self.sql.run(
            "SELECT e.id, e.type, e.mode, e.status, e.date_start, e.location_name, e.country_code, e.latitude,"
            " e.longitude, e.actors FROM events e" + pw + " AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL"
            " ORDER BY " + _DATED.replace("date_start", "e.date_start") + "e.date_start, e.id LIMIT ?", [*pa, n])
        pts = heapq.merge([_cluster_point(r) for r in clusters], [_report_point(r) for r in pending], key=_date_key)
        return list(pts)[flt.offset:n]


def _date_key(p: dict) -> tuple:
    """The order of both map queries: dated first, by date, then by cluster id (report id when pending)."""
    return (p["date"] is None, p["date"] or "", p["cluster"] or p["id"])


def _names(refs) -> list[str]:
    return [r.get("name") or r.get("text") for r in refs or () if r.get("name") or r.get("text")]


def _cluster_point(r) -> dict[str, Any]:
    loc = _loads(r["location"]) or {}
    statuses = _loads(r["statuses"]) or []
    return {"id": r["event_id"], "cluster": r["id"], "type": r["type"], "mode": r["mode"],
            "status": statuses[0] if len(statuses) == 1 else "/".join(statuses), "statuses": statuses,
            "date": r["date_start"], "place": loc.get("name") or loc.get("text"), "country": loc.get("country_code"),
            "lat": float(loc["lat"]), "lon": float(loc["lon"]),
            "actors": _names(_loads(r["actors"])) + _names(_loads(r["recipients"])),
            "reports": int(r["reports"]), "sources": int(r["sources"]), "disputed": bool(r["disputed"]),
            "disputed_figures": _loads(r["disputed_figures"]) or []}


def _report_point(r) -> dict[str, Any]:
    return {"id": r["id"], "cluster": None, "type": r["type"], "mode": r["mode"], "status": r["status"],
            "statuses": [r["status"]], "date": r["date_start"], "place": r["location_name"],
            "country": r["country_code"], "lat": r["latitude"], "lon": r["longitude"],
            "actors": [a for a in (r["actors"] or "").split("|") if a], "reports": 1, "sources": 1,
            "disputed": False, "disputed_figures": []}


def summary(c: dict[str, Any], event_id: str | None) -> dict[str, Any]:
    """A timeline row of a cluster record: what it shows, ``event_id`` to link to, ``article_ids`` of its
    sources (distinct, in the record's order)."""
    articles = list(dict.fromkeys(s.get("article_id") for s in c.get("sources") or () if s.get("article_id")))
    return {"id": c["id"], "resolved": True, "event_id": event_id or c["events"][0], "type": c["type"],
            "mode": c.get("mode"), "date": c.get("date"), "location": c.get("location"),
            "actors": c.get("actors") or [], "recipients": c.get("recipients") or [],
            "statuses": c.get("statuses") or [], "reports": len(c["events"]), "sources": len(articles),
            "figures": c.get("figures") or [], "disputed": bool(c.get("disputed")),
            "disputed_figures": c.get("disputed_figures") or [], "article_ids": articles}


def report_summary(e: dict[str, Any]) -> dict[str, Any]:
    """A report pending resolution as a timeline row of its own (the shape of ``summary``)."""
    src = (e.get("sources") or [{}])[0]
    figs = {k: e[k] for k in FIGURES if e.get(k)}
    return {"id": None, "resolved": False, "event_id": e["id"], "type": e["type"], "mode": e.get("mode"),
            "date": e.get("date"), "location": e.get("location"), "actors": e.get("actors") or [],
            "recipients": e.get("recipients") or [], "statuses": [e.get("status") or "occurred"], "reports": 1,
            "sources": 1, "figures": [{"event_id": e["id"], "article_id": src.get("article_id"), **figs,
                                       "claimant": e.get("claimant")}] if figs else [],
            "disputed": False, "disputed_figures": [],
            "article_ids": [src["article_id"]] if src.get("article_id") else []}
