"""SQLite backend: the embedded default. WAL mode, versioned migrations, FTS5 search."""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from ..records import Entity, Extraction, entity_id
from .base import EventFilter, QuoteFilter, Store, StoreError, WriteResult, event_where, quote_row
from .browse import BrowseQueries
from .resolved import ResolvedQueries, ResolvedState, Sql

_MIGRATION = re.compile(r"^(\d+)_.*\.sql$")


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("kronika.store") / "migrations" / "sqlite"
    out = []
    for f in folder.iterdir():
        m = _MIGRATION.match(f.name)
        if m:
            out.append((int(m.group(1)), f.name, f.read_text(encoding="utf-8")))
    return sorted(out)


SCHEMA_VERSION = max(v for v, _, _ in _migrations())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fts_query(q: str) -> str:
    """User words as FTS5 phrases, so punctuation in a query is never an FTS syntax error."""
    words = re.findall(r"\w+", q)
    return " ".join('"%s"' % w for w in words)


class SQLiteStore(BrowseQueries, ResolvedQueries, Store):
    def __init__(self, path: str):
        self.url = path
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"{path}: cannot open SQLite database ({e})") from e
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable against application crashes in WAL mode; only power loss can cost
            # the last commits, and re-running ingest restores them (ingest is idempotent).
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{path}: not a kronika SQLite database ({e})") from e

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.url}: schema version {current} is newer than this kronika ({SCHEMA_VERSION})")
        for version, name, sql in _migrations():
            if version <= current:
                continue
            # executescript commits on its own; wrap each migration so it applies whole or not at all
            self.db.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- writing --------------------------------------------------------------------------
    def known(self, article_ids: Iterable[str]) -> set[str]:
        ids = list(article_ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = "SELECT id FROM articles WHERE id IN (%s)" % ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(q, chunk))
        return found

    def write(self, batch: list[Extraction]) -> WriteResult:
        result = WriteResult()
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for ex in batch:
                if self._insert_article(ex):
                    result.new.append(ex.article.id)
                else:
                    result.existing.append(ex.article.id)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return result

    def _insert_article(self, ex: Extraction) -> bool:
        a = ex.article
        cur = self.db.execute(
            "INSERT INTO articles (id, title, authors, agency, publisher, published, url, language,"
            " text, headings, metadata, source, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT DO NOTHING",
            (a.id, a.title, json.dumps(a.authors), a.agency, a.publisher, a.published, a.url, a.language,
             a.text, json.dumps(a.headings), json.dumps(a.metadata, default=str), a.source, _now()))
        if cur.rowcount == 0:
            return False  # stored before: nothing of it is written twice
        self.db.execute("INSERT INTO resolution_pending (article_id) VALUES (?) ON CONFLICT DO NOTHING", (a.id,))
        self.db.executemany(
            'INSERT INTO quotes (id, article_id, text, kind, cue, start, "end", speaker_text,'
            " speaker_name, speaker_entity_id) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            [(q.id, a.id, q.text, q.kind, q.cue, q.start, q.end,
              q.speaker.text if q.speaker else None, q.speaker.name if q.speaker else None,
              q.speaker.entity_id if q.speaker else None) for q in ex.quotes])
        rows = []
        for e in ex.events:
            loc = e.location
            names = [r.name or r.text for r in e.actors + e.recipients]
            rows.append((e.id, a.id, e.type, e.mode, e.status, e.date.start, e.date.end, e.date.precision,
                         loc.name if loc else None, loc.country_code if loc else None,
                         loc.lat if loc else None, loc.lon if loc else None, loc.geonameid if loc else None,
                         "|" + "|".join(names) + "|", json.dumps(e.export())))
        self.db.executemany(
            "INSERT INTO events (id, article_id, type, mode, status, date_start, date_end,"
            " date_precision, location_name, country_code, latitude, longitude, geonameid, actors, record)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", rows)
        self.db.executemany(
            'INSERT INTO mentions (article_id, start, "end", text, label, name, entity_id)'
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            [(a.id, m.start, m.end, m.text, m.label, m.name, entity_id(m.label, m.name))
             for m in ex.mentions])
        self.db.executemany(
            "INSERT INTO article_entities (article_id, entity_id, name, type, aliases, attributes, mentions)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            [(a.id, en.id, en.name, en.type, json.dumps(sorted(set(en.aliases))), json.dumps(en.attributes),
              en.mentions) for en in ex.entities])
        for en in ex.entities:
            self._upsert_entity(en)
        return True

    def _upsert_entity(self, en: Entity) -> None:
        row = self.db.execute("SELECT aliases, attributes FROM entities WHERE id=?", (en.id,)).fetchone()
        if row is None:
            self.db.execute(
                "INSERT INTO entities (id, name, type, aliases, attributes, articles, mentions)"
                " VALUES (?,?,?,?,?,?,?)",
                (en.id, en.name, en.type, json.dumps(sorted(set(en.aliases))), json.dumps(en.attributes),
                 max(en.articles, 1), en.mentions))
            return
        aliases = sorted(set(json.loads(row["aliases"])) | set(en.aliases))
        attrs = json.loads(row["attributes"])
        for k, v in en.attributes.items():
            if isinstance(v, list):
                attrs[k] = list(dict.fromkeys((attrs.get(k) or []) + v))
            elif v is not None and attrs.get(k) is None:
                attrs[k] = v
        self.db.execute(
            "UPDATE entities SET aliases=?, attributes=?, articles=articles+?, mentions=mentions+? WHERE id=?",
            (json.dumps(aliases), json.dumps(attrs), max(en.articles, 1), en.mentions, en.id))

    def record_failure(self, source: str, reason: str) -> None:
        self.db.execute("INSERT INTO failures (source, reason, at) VALUES (?,?,?)", (source, reason, _now()))

    # -- reading --------------------------------------------------------------------------
    @staticmethod
    def _article_row(r: sqlite3.Row, full: bool = True) -> dict[str, Any]:
        d = {"id": r["id"], "title": r["title"], "authors": json.loads(r["authors"]), "agency": r["agency"],
             "publisher": r["publisher"], "published": r["published"], "url": r["url"],
             "language": r["language"]}
        if full:
            d["text"] = r["text"]
            d["headings"] = json.loads(r["headings"])
            d["metadata"] = json.loads(r["metadata"])
            d["source"] = r["source"]
        return d

    def article(self, id_or_prefix: str) -> dict[str, Any] | None:
        if not re.fullmatch(r"[0-9a-f]{4,64}", id_or_prefix or ""):
            r = self.db.execute("SELECT * FROM articles WHERE json_extract(metadata, '$.source_id') = ?",
                                (id_or_prefix,)).fetchone()
            return self._article_row(r) if r else None
        rows = self.db.execute("SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                               (id_or_prefix, id_or_prefix + "g")).fetchall()
        if len(rows) != 1:
            r = self.db.execute("SELECT * FROM articles WHERE json_extract(metadata, '$.source_id') = ?",
                                (id_or_prefix,)).fetchone()
            return self._article_row(r) if r else None
        return self._article_row(rows[0])

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM articles ORDER BY published DESC, id LIMIT ? OFFSET ?",
                               (limit, offset))
        return [self._article_row(r, full=False) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        q = _fts_query(query)
        if not q:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.title, a.published, a.publisher,"
            " snippet(articles_fts, 1, '[', ']', ' … ', 24) AS snippet, bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (q, limit))
        return [dict(r) for r in rows]

    def quotes(self, flt: QuoteFilter) -> list[dict[str, Any]]:
        where, args = [], []
        if flt.speaker:
            where.append("(q.speaker_name LIKE ? OR q.speaker_text LIKE ?)")
            args += [f"%{flt.speaker}%"] * 2
        if flt.article_id:
            where.append("q.article_id LIKE ?")
            args.append(flt.article_id + "%")
        if flt.kind:
            where.append("q.kind = ?")
            args.append(flt.kind)
        sql = ("SELECT q.*, a.title AS article_title, a.published AS published FROM quotes q"
               " JOIN articles a ON a.id = q.article_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published, q.article_id, q.start LIMIT ? OFFSET ?"
        out = []
        for r in self.db.execute(sql, args + [flt.limit, flt.offset]):
            d = self._quote_row(r)
            d["article_title"], d["published"] = r["article_title"], r["published"]
            out.append(d)
        return out

    _quote_row = staticmethod(quote_row)

    def events(self, flt: EventFilter) -> list[dict[str, Any]]:
        where, args = event_where(flt, "?", "LIKE")
        sql = "SELECT record FROM events" + where
        sql += " ORDER BY date_start IS NULL, date_start, id LIMIT ? OFFSET ?"
        return [json.loads(r[0]) for r in self.db.execute(sql, args + [flt.limit, flt.offset])]

    def export_rows(self, kind: str) -> Iterator[dict[str, Any]]:
        if kind == "articles":
            for r in self.db.execute("SELECT * FROM articles ORDER BY published, id"):
                d = self._article_row(r)
                yield {k: d[k] for k in ("id", "title", "authors", "agency", "publisher", "published", "url",
                                         "language", "text")}
        elif kind == "quotes":
            for r in self.db.execute("SELECT * FROM quotes ORDER BY article_id, start"):
                yield self._quote_row(r)
        elif kind == "events":
            for r in self.db.execute("SELECT record FROM events ORDER BY date_start, id"):
                yield json.loads(r[0])
        elif kind == "entities":
            for r in self.db.execute("SELECT * FROM entities ORDER BY mentions DESC, id"):
                yield {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"]),
                       "attributes": json.loads(r["attributes"]), "articles": r["articles"],
                       "mentions": r["mentions"]}
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "quotes", "events", "entities", "failures")}

    def failures(self, limit: int = 100) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM failures ORDER BY rowid DESC LIMIT ?", (limit,))]

    def article_entities(self) -> Iterator[tuple[str, str | None, list[dict[str, Any]]]]:
        rows = self.db.execute(
            "SELECT e.*, a.published FROM article_entities e JOIN articles a ON a.id = e.article_id"
            " ORDER BY e.article_id, e.entity_id")
        current, published, ents = None, None, []
        for r in rows:
            if r["article_id"] != current:
                if current is not None:
                    yield current, published, ents
                current, published, ents = r["article_id"], r["published"], []
            ents.append({"id": r["entity_id"], "name": r["name"], "type": r["type"],
                         "aliases": json.loads(r["aliases"]), "attributes": json.loads(r["attributes"]),
                         "articles": 1, "mentions": r["mentions"]})
        if current is not None:
            yield current, published, ents

    def corrections(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT rule FROM entity_corrections ORDER BY seq")]

    def add_correction(self, rule: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO entity_corrections (rule, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (json.dumps(rule, sort_keys=True), _now()))

    # -- the persisted resolution (resolved.py) ----------------------------------------------------
    def _sql(self, cls=Sql):
        return cls(lambda q, a: self.db.execute(q, a).fetchall(), self.db.executemany, pg=False)

    @contextmanager
    def resolution(self, wait: bool = True):
        """One resolution step's transaction: BEGIN IMMEDIATE makes it the only writer until it commits
        (another process's step waits for the lock, up to the connection timeout, either way)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self._sql(ResolvedState)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()
