"""What each view shows, as plain dicts: shared by the HTML pages and the JSON API."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from typing import Any

from fastapi import HTTPException

from ..store import StoreError, open_store
from ..store.browse import BrowseQueries, Browser
from ..store.cluster_browse import EventClusterBrowser
from .params import EventQuery, check_id

log = logging.getLogger(__name__)


class StoreHub:
    """One store connection per worker thread (SQLite in WAL mode: readers never block each other)."""

    def __init__(self, db: str):
        self.db = db
        first = open_store(db)  # opens, migrates, and fails early with StoreError when unusable
        resolve_pending(first)
        self._all = [first]
        self._local = threading.local()
        self._local.store = first
        self._mutex = threading.Lock()
        self._cache: OrderedDict = OrderedDict()
        self.get()  # refuses a store the browse queries cannot read

    def get(self) -> tuple[Any, BrowseQueries]:
        st = getattr(self._local, "store", None)
        if st is None:
            st = open_store(self.db)
            self._local.store = st
            with self._mutex:
                self._all.append(st)
        br = st if isinstance(st, BrowseQueries) else getattr(st, "_kronika_browser", None)
        if br is None:
            if not isinstance(getattr(st, "db", None), sqlite3.Connection):
                raise StoreError(f"{self.db}: the web app reads SQLite stores only (for now)")
            br = Browser(st.db)
            st._kronika_browser = br
        return st, br

    def cached(self, br: BrowseQueries, key: tuple, compute):
        """``compute()`` memoised per ``key`` until the store changes (new articles). Values are shared
        between requests: callers must not mutate them."""
        ver = br.store_version()
        with self._mutex:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == ver:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute()
        with self._mutex:
            self._cache[key] = (ver, value)
            while len(self._cache) > 256:
                self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        with self._mutex:
            for st in self._all:
                try:
                    st.close()
                except Exception:  # noqa: BLE001 - closing at shutdown, nothing to report
                    pass
            self._all.clear()


def resolve_pending(store) -> None:
    """Bring the record across articles up to date (articles stored by Try it, or by a writer that has not
    resolved yet); a store that cannot be written (read-only file) is shown as it is."""
    from ..resolution import update

    try:
        update(store)
    except Exception as e:  # noqa: BLE001 - e.g. a read-only file: show what is resolved
        log.warning("kronika: the record across articles is not up to date: %s", e)


def top_entities(br, type_: str | None, limit: int, query: str | None = None, offset: int = 0) -> list[dict]:
    """Entities across articles (one per person: "Obama" and "Barack Obama" together), most mentioned first;
    the per-name table for a store that keeps no resolved record."""
    if hasattr(br, "entity_clusters"):
        return br.entity_clusters(type_, limit=limit, offset=offset, query=query)
    return br.top_entities(type_, limit=limit, query=query, offset=offset)


def overview(store, br: BrowseQueries) -> dict[str, Any]:
    """The front page: counts (``real_events``: event clusters and reports pending resolution; ``events``: the
    reports), real events per day and per type, the latest articles, the most-mentioned people."""
    cb = clusters(store)
    counts = store.counts()
    counts["real_events"] = cb.count(EventQuery().filter())["events"]
    return {"counts": counts, "per_day": cb.per_day(EventQuery().filter()),
            "latest": store.articles(limit=10), "people": top_entities(br, "PERSON", 15),
            "organisations": top_entities(br, "ORG", 10), "facets": cb.facets(only=("type",))}


def event_list(br: BrowseQueries, q: EventQuery, page: int, per_page: int, order: str = "asc") -> dict[str, Any]:
    total = br.count_events(q.filter())
    items = br.event_rows(q.filter(limit=per_page, offset=(page - 1) * per_page), newest_first=order == "desc")
    return {"total": total, "page": page, "per_page": per_page, "order": order, "items": items,
            "pages": max(1, -(-total // per_page))}


def clusters(store) -> EventClusterBrowser:
    """The real-event queries of a store (event clusters; reports pending resolution as events of their own)."""
    cb = getattr(store, "_kronika_clusters", None)
    if cb is None:
        cb = store._kronika_clusters = EventClusterBrowser.of(store)
    return cb


def timeline(cb: EventClusterBrowser, q: EventQuery, page: int, per_page: int, order: str = "asc") -> dict[str, Any]:
    """One page of real events (one item per event cluster, with its number of sources and disputed figures);
    ``reports`` is how many reports the matching events hold."""
    n = cb.count(q.filter())
    items = cb.rows(q.filter(limit=per_page, offset=(page - 1) * per_page), newest_first=order == "desc")
    return {"total": n["events"], "reports": n["reports"], "page": page, "per_page": per_page, "order": order,
            "items": items, "pages": max(1, -(-n["events"] // per_page))}


def event_detail(br: BrowseQueries, event_id: str) -> dict[str, Any]:
    """An event report, the real event it belongs to (its cluster: every source, disputed figures), and the
    other reports of it (of the same day and place when the store keeps no resolved record)."""
    check_id("event", event_id)
    ev = br.event(event_id)
    if ev is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    cluster = br.event_cluster(event_id) if hasattr(br, "event_cluster") else None
    if cluster is None:
        return {"event": ev, "cluster": None, "related": br.related_events(ev)}
    related = [r for r in (br.event(i) for i in cluster["events"][:51] if i != event_id) if r][:50]
    summary = {k: cluster.get(k) for k in ("id", "type", "date", "location", "statuses", "disputed",
                                           "disputed_figures", "figures", "links")}
    summary |= {"reports": len(cluster["events"]), "sources": len({s.get("article_id") for s in cluster["sources"]})}
    return {"event": ev, "cluster": summary, "related": related}


def figures_table(ev: dict, related: list[dict]) -> list[dict[str, Any]]:
    """Rows (one per report) when reports of the same event give different figures: claimant and counts."""
    rows = []
    for e in [ev] + related:
        figs = {k: e.get(k) for k in ("size", "dead", "injured", "arrested")}
        if any(figs.values()):
            rows.append({"id": e["id"], "claimant": e.get("claimant"), "status": e.get("status"),
                         "sentence": (e.get("sources") or [{}])[0].get("sentence"),
                         "article_id": e.get("article_id"), **figs})
    keys = ("size", "dead", "injured", "arrested")
    disputed = any(len({(r[k] or {}).get("text") for r in rows if r[k]}) > 1 for k in keys)
    return rows if disputed or len(rows) > 1 else []


def article_detail(store, br: BrowseQueries, article_id: str) -> dict[str, Any]:
    check_id("article", article_id)
    a = store.article(article_id)
    if a is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    quotes = br.article_quotes(a["id"])
    events = br.article_events(a["id"])
    mentions = br.article_mentions(a["id"])
    return {"article": a, "quotes": quotes, "events": events, "mentions": mentions}


def entity_detail(br: BrowseQueries, entity_id: str) -> dict[str, Any]:
    """One entity across articles: the resolved cluster of ``entity_id`` (a global id, or an in-article id
    as quotes, mentions and events carry), its quotes, events and articles."""
    check_id("entity", entity_id)
    c = None
    if hasattr(br, "entity_cluster"):
        c = br.entity_cluster(entity_id)
        if c is None and (gid := br.entity_cluster_of_local(entity_id)):
            c = br.entity_cluster(gid)
    if c is not None:
        local = sorted(br.entity_local_ids(c["id"]))
        names = list(dict.fromkeys([c["name"], *c["aliases"]]))
        return {"entity": c, "resolved": True, "quotes": br.quotes_by_speakers(local, 100, newest_first=True),
                "events": br.events_with_entities(local, names, 100), "articles": br.articles_mentioning(local, 50)}
    en = br.entity(entity_id)
    if en is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    # the per-name record, in the cluster's shape: attribute values as a list each, without provenance
    attrs = {k: [{"value": x, "article_id": None, "date": None} for x in (v if isinstance(v, list) else [v])]
             for k, v in (en.get("attributes") or {}).items() if v not in (None, "", [])}
    return {"entity": en | {"attributes": attrs, "reasons": [], "keys": []}, "resolved": False,
            "quotes": br.entity_quotes(entity_id), "events": br.entity_events(entity_id),
            "articles": br.entity_articles(entity_id)}


def search(br: BrowseQueries, q: str | None, speaker: str | None, limit: int, offset: int) -> dict[str, Any]:
    arts = br.search_articles(q, limit=limit, offset=offset) if q else []
    for a in arts:
        a["rank"] = round(a["rank"], 4)
    quotes = br.search_quotes(q, speaker, limit=limit, offset=offset) if (q or speaker) else []
    return {"q": q, "speaker": speaker, "limit": limit, "offset": offset, "articles": arts, "quotes": quotes}


def geojson(source, q: EventQuery, limit: int) -> dict[str, Any]:
    """Map points of ``source``: an EventClusterBrowser (one per real event) or BrowseQueries (one per report)."""
    pts = source.map_points(q.filter(limit=limit))
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
              "properties": {k: v for k, v in p.items() if k not in ("lat", "lon")}} for p in pts]
    return {"type": "FeatureCollection", "features": feats, "truncated": len(pts) >= limit}
