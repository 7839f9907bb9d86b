"""Read-only queries the web app needs beyond the Store contract (SQLite).

``BrowseQueries`` is a mixin: it uses only ``self.db`` (an ``sqlite3.Connection`` with
``row_factory=sqlite3.Row``), so it can be mixed into ``SQLiteStore`` or wrapped around any
connection to a kronika SQLite database (``Browser(conn)``). Every query is parameterised; no
user value is ever formatted into SQL text.
"""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from .base import EventFilter, event_where


def _fts(q: str) -> str:
    """User words as FTS5 phrases (punctuation is never FTS syntax)."""
    return " ".join('"%s"' % w for w in re.findall(r"\w+", q or ""))


def _event_where(flt: EventFilter) -> tuple[str, list[Any]]:
    return event_where(flt, "?", "LIKE")


class BrowseQueries:
    db: sqlite3.Connection

    def store_version(self) -> tuple:
        """Changes whenever articles are added or resolved (what caches of whole-store figures key on)."""
        return tuple(self.db.execute("SELECT (SELECT max(rowid) FROM articles), (SELECT count(*) FROM failures),"
                                     " (SELECT max(rowid) FROM events),"
                                     " (SELECT value FROM resolution_meta WHERE key = 'generation')").fetchone())

    # -- events ---------------------------------------------------------------------------
    def count_events(self, flt: EventFilter) -> int:
        where, args = _event_where(flt)
        return self.db.execute("SELECT count(*) FROM events" + where, args).fetchone()[0]

    def event_rows(self, flt: EventFilter, newest_first: bool = False) -> list[dict[str, Any]]:
        """Events (exported shape) plus ``article_id``/``article_title``: dated ones by date, then undated.

        Pages are cut on narrow columns first (the date index walks in order, LIMIT stops it early) and
        only that page's large JSON records are read."""
        where, args = _event_where(flt)
        glue = " AND " if where else " WHERE "
        rowids = [r[0] for r in self.db.execute(
            "SELECT rowid FROM events" + where + glue + "date_start IS NOT NULL ORDER BY "
            + ("date_start DESC, rowid DESC" if newest_first else "date_start, rowid")
            + " LIMIT ? OFFSET ?", args + [flt.limit, flt.offset])]
        if len(rowids) < flt.limit:
            if rowids:
                n_dated = flt.offset + len(rowids)
            else:
                n_dated = self.db.execute("SELECT count(*) FROM events" + where + glue + "date_start IS NOT NULL",
                                          args).fetchone()[0]
            rowids += [r[0] for r in self.db.execute(
                "SELECT rowid FROM events" + where + glue + "date_start IS NULL ORDER BY rowid LIMIT ? OFFSET ?",
                args + [flt.limit - len(rowids), max(0, flt.offset - n_dated)])]
        if not rowids:
            return []
        rows = {r[0]: r for r in self.db.execute(
            "SELECT e.rowid, e.record, e.article_id, a.title AS article_title FROM events e"
            " JOIN articles a ON a.id = e.article_id WHERE e.rowid IN (%s)" % ",".join("?" * len(rowids)), rowids)}
        out = []
        for rid in rowids:
            r = rows[rid]
            d = json.loads(r["record"])
            d["article_id"], d["article_title"] = r["article_id"], r["article_title"]
            out.append(d)
        return out

    def events_per_day(self, flt: EventFilter) -> list[dict[str, Any]]:
        """[{day, count}] over dated events matching the filter, ascending."""
        where, args = _event_where(flt)
        where = (where + " AND " if where else " WHERE ") + "date_start IS NOT NULL"
        rows = self.db.execute("SELECT date_start AS day, count(*) AS n FROM events" + where
                               + " GROUP BY date_start ORDER BY date_start", args)
        return [{"day": r["day"], "count": r["n"]} for r in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        r = self.db.execute("SELECT e.record, e.article_id, a.title AS article_title FROM events e"
                            " JOIN articles a ON a.id = e.article_id WHERE e.id = ?", (event_id,)).fetchone()
        if r is None:
            return None
        d = json.loads(r["record"])
        d["article_id"], d["article_title"] = r["article_id"], r["article_title"]
        return d

    def related_events(self, ev: dict[str, Any], limit: int = 50) -> list[dict[str, Any]]:
        """Other reports of what may be the same event: same type and day, and same place (or same
        article when undated/unplaced) -- the candidates for disputed figures."""
        date = (ev.get("date") or {}).get("start")
        loc = ev.get("location") or {}
        args: list[Any] = [ev["type"], ev["id"]]
        # unary + keeps the planner off the (unselective) type index: the day or article index narrows better
        sql = "SELECT e.record, e.article_id FROM events e WHERE +e.type = ? AND e.id != ?"
        if date:
            sql += " AND e.date_start = ?"
            args.append(date)
            if loc.get("geonameid") is not None:
                sql += " AND e.geonameid = ?"
                args.append(loc["geonameid"])
        else:
            sql += " AND e.article_id = ?"
            args.append(ev.get("article_id"))
        sql += " ORDER BY e.id LIMIT ?"
        args.append(limit)
        out = []
        for r in self.db.execute(sql, args):
            d = json.loads(r["record"])
            d["article_id"] = r["article_id"]
            out.append(d)
        return out

    def article_events(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT record FROM events WHERE article_id = ? ORDER BY id", (article_id,))
        return [json.loads(r[0]) for r in rows]

    def map_points(self, flt: EventFilter) -> list[dict[str, Any]]:
        where, args = _event_where(flt)
        where = (where + " AND " if where else " WHERE ") + "latitude IS NOT NULL AND longitude IS NOT NULL"
        rows = self.db.execute(
            "SELECT id, type, mode, status, date_start, location_name, country_code, latitude, longitude, actors"
            " FROM events" + where + " ORDER BY date_start, id LIMIT ? OFFSET ?", args + [flt.limit, flt.offset])
        return [{"id": r["id"], "type": r["type"], "mode": r["mode"], "status": r["status"],
                 "date": r["date_start"], "place": r["location_name"], "country": r["country_code"],
                 "lat": r["latitude"], "lon": r["longitude"],
                 "actors": [a for a in (r["actors"] or "").split("|") if a]} for r in rows]

    def event_facets(self) -> dict[str, list[dict[str, Any]]]:
        def facet(col: str) -> list[dict[str, Any]]:
            # col is one of the fixed names below, never user input
            rows = self.db.execute(f"SELECT {col} AS v, count(*) AS n FROM events WHERE {col} IS NOT NULL"
                                   f" GROUP BY {col} ORDER BY n DESC, v")
            return [{"value": r["v"], "count": r["n"]} for r in rows]
        span = self.db.execute("SELECT min(date_start), max(date_start) FROM events").fetchone()
        return {"type": facet("type"), "country": facet("country_code"), "status": facet("status"),
                "dates": [{"value": span[0], "count": 0}, {"value": span[1], "count": 0}]}

    # -- articles -------------------------------------------------------------------------
    def article_quotes(self, article_id: str) -> list[dict[str, Any]]:
        """The quotes of one article in text order (by the article_id index; exported quote shape)."""
        out = []
        for r in self.db.execute('SELECT * FROM quotes WHERE article_id = ? ORDER BY start, "end"', (article_id,)):
            speaker = None
            if r["speaker_text"] is not None or r["speaker_name"] is not None:
                speaker = {"text": r["speaker_text"], "name": r["speaker_name"], "entity_id": r["speaker_entity_id"]}
            out.append({"id": r["id"], "article_id": r["article_id"], "text": r["text"], "kind": r["kind"],
                        "cue": r["cue"], "start": r["start"], "end": r["end"], "speaker": speaker})
        return out

    def known_entities(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        ids = [i for i in ids if i]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found.update(r[0] for r in self.db.execute(
                "SELECT id FROM entities WHERE id IN (%s)" % ",".join("?" * len(chunk)), chunk))
        return found

    def article_mentions(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute('SELECT start, "end", text, label, name, entity_id FROM mentions'
                               " WHERE article_id = ? ORDER BY start", (article_id,))
        return [dict(r) for r in rows]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def search_articles(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        q = _fts(query)
        if not q:
            return []
        # FTS5 sorts by its ``rank`` (bm25) itself and stops at LIMIT, so snippets are made for one page
        # only; ordering by bm25() in the outer query would build a snippet for every match first
        rows = self.db.execute(
            "SELECT a.id, a.title, a.published, a.publisher, s.snippet, s.rank FROM"
            " (SELECT rowid, snippet(articles_fts, 1, char(1), char(2), ' … ', 24) AS snippet, rank"
            "  FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?) s"
            " JOIN articles a ON a.rowid = s.rowid ORDER BY s.rank", (q, limit, offset))
        return [dict(r) for r in rows]

    def search_quotes(self, query: str | None, speaker: str | None, limit: int = 20,
                      offset: int = 0) -> list[dict[str, Any]]:
        """Quotes matching the words of ``query`` (FTS5, best first) and/or whose speaker contains
        ``speaker`` (without words: most recently stored first)."""
        q = _fts(query or "")
        if not q and not speaker:
            return []
        pat = "%" + re.sub(r"([%_\\])", r"\\\1", speaker) + "%" if speaker else None
        spk = "(speaker_name LIKE ? ESCAPE '\\' OR speaker_text LIKE ? ESCAPE '\\')"
        if q and not speaker:
            inner, args = ("SELECT rowid, rank AS o FROM quotes_fts WHERE quotes_fts MATCH ?"
                           " ORDER BY rank LIMIT ? OFFSET ?"), [q, limit, offset]
        elif q:
            inner = ("SELECT f.rowid, f.rank AS o FROM quotes_fts f JOIN quotes x ON x.rowid = f.rowid"
                     " WHERE quotes_fts MATCH ? AND " + spk.replace("speaker_", "x.speaker_")
                     + " ORDER BY f.rank LIMIT ? OFFSET ?")
            args = [q, pat, pat, limit, offset]
        else:
            inner = ("SELECT rowid, -rowid AS o FROM quotes WHERE " + spk
                     + " ORDER BY rowid DESC LIMIT ? OFFSET ?")
            args = [pat, pat, limit, offset]
        sql = ("SELECT q.*, a.title AS article_title, a.published AS published FROM (" + inner + ") s"
               " JOIN quotes q ON q.rowid = s.rowid JOIN articles a ON a.id = q.article_id ORDER BY s.o")
        out = []
        for r in self.db.execute(sql, args):
            speaker_d = None
            if r["speaker_text"] is not None or r["speaker_name"] is not None:
                speaker_d = {"text": r["speaker_text"], "name": r["speaker_name"],
                             "entity_id": r["speaker_entity_id"]}
            out.append({"id": r["id"], "article_id": r["article_id"], "text": r["text"], "kind": r["kind"],
                        "cue": r["cue"], "start": r["start"], "end": r["end"], "speaker": speaker_d,
                        "article_title": r["article_title"], "published": r["published"]})
        return out

    # -- entities -------------------------------------------------------------------------
    def entity(self, entity_id: str) -> dict[str, Any] | None:
        r = self.db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if r is None:
            return None
        return {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"]),
                "attributes": json.loads(r["attributes"]), "articles": r["articles"], "mentions": r["mentions"]}

    def top_entities(self, type_: str | None = "PERSON", limit: int = 15, query: str | None = None,
                     offset: int = 0) -> list[dict[str, Any]]:
        where, args = [], []
        if type_:
            where.append("type = ?")
            args.append(type_)
        if query:
            where.append("name LIKE ? ESCAPE '\\'")
            args.append("%" + re.sub(r"([%_\\])", r"\\\1", query) + "%")
        sql = "SELECT id, name, type, articles, mentions FROM entities"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY mentions DESC, name LIMIT ? OFFSET ?"
        return [dict(r) for r in self.db.execute(sql, args + [limit, offset])]

    def entity_quotes(self, entity_id: str, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT q.id, q.article_id, q.text, q.kind, q.cue, q.speaker_text, a.title AS article_title,"
            " a.published FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_entity_id = ?"
            " ORDER BY a.published DESC, q.start LIMIT ?", (entity_id, limit))
        return [dict(r) for r in rows]

    def entity_events(self, entity_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """Events where the entity is an actor or recipient (found through the ``actors`` name column,
        by its name and aliases, then checked by entity id in the record); its role is noted, and
        ``claimant`` too when it also claims the event."""
        en = self.entity(entity_id)
        if en is None:
            return []
        names = list(dict.fromkeys([en["name"], *en["aliases"]]))[:20]
        pats = ["%|" + re.sub(r"([%_\\])", r"\\\1", n) + "|%" for n in names]
        cond = " OR ".join(["actors LIKE ? ESCAPE '\\'"] * len(pats))
        rows = self.db.execute(
            "SELECT record, article_id FROM events WHERE rowid IN (SELECT rowid FROM events WHERE " + cond + ")"
            " ORDER BY date_start IS NULL, date_start, rowid", pats)
        out = []
        for r in rows:
            d = json.loads(r["record"])
            d["article_id"] = r["article_id"]
            roles = []
            if any(x.get("entity_id") == entity_id for x in d["actors"]):
                roles.append("actor")
            if any(x.get("entity_id") == entity_id for x in d["recipients"]):
                roles.append("recipient")
            if (d.get("claimant") or {}).get("entity_id") == entity_id:
                roles.append("claimant")
            if roles:
                d["roles"] = roles
                out.append(d)
                if len(out) >= limit:
                    break
        return out

    def entity_articles(self, entity_id: str, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT a.id, a.title, a.published, a.publisher, count(*) AS mentions FROM mentions m"
            " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?"
            " GROUP BY a.id ORDER BY a.published DESC, a.id LIMIT ?", (entity_id, limit))
        return [dict(r) for r in rows]


class Browser(BrowseQueries):
    """BrowseQueries over a bare connection (for stores that do not mix it in yet)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
