"""PostgreSQL backend: many ingest processes on one database. Versioned migrations, tsvector search.

Behaves like SQLiteStore (same dict shapes, same orders); what differs is concurrency: writers in other
processes may store the same articles at the same moment, so every write is an INSERT ... ON CONFLICT and
only the transaction whose article insert succeeded writes that article's quotes, events and mentions.
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Json, Jsonb

from ..records import Extraction, entity_id
from .base import EventFilter, QuoteFilter, Store, StoreError, WriteResult, event_where, quote_row
from .resolved import ResolvedQueries, ResolvedState, Sql

_MIGRATION = re.compile(r"^(\d+)_.*\.sql$")
_MIGRATION_LOCK = 0x6B726F6E696B61  # pg_advisory_xact_lock key ("kronika"): one migrator at a time
_RESOLUTION_LOCK = 0x6B726F6E696B62  # one resolution step at a time, across every process and machine
_DEADLOCK_RETRIES = 3
_FETCH = 2000  # rows per round trip when streaming exports
_HEADLINE = 'StartSel="[", StopSel="]", MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "'
_ARTICLE_COLS = "id, title, authors, agency, publisher, published, url, language, text, headings, metadata, source"
_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")  # a JSON \u0000 escape, not an escaped backslash


# PostgreSQL text and jsonb cannot hold NUL (SQLite can, and JSONL input may carry it): a space instead,
# one character for one so stored offsets stay right, and a word break as in SQLite's tokenizer.
def _dumps(obj: Any) -> str:
    return _NUL_ESCAPE.sub(r"\1 ", json.dumps(obj, default=str))  # default=str: dates in metadata


def _nul(row: tuple) -> tuple:
    return tuple(v.replace("\x00", " ") if isinstance(v, str) else v for v in row)


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("kronika.store") / "migrations" / "postgres"
    out = []
    for f in folder.iterdir():
        m = _MIGRATION.match(f.name)
        if m:
            out.append((int(m.group(1)), f.name, f.read_text(encoding="utf-8")))
    return sorted(out)


SCHEMA_VERSION = max(v for v, _, _ in _migrations())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, fit for error messages and logs."""
    try:
        p = urlsplit(url)
        netloc = p.netloc
        if p.password is not None:
            userinfo, _, hostport = netloc.rpartition("@")
            netloc = f"{userinfo.split(':', 1)[0]}:***@{hostport}"
        query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", p.query)
        return urlunsplit(p._replace(netloc=netloc, query=query))
    except ValueError:
        return "postgresql://(unparsable URL)"


class PostgresStore(ResolvedQueries, Store):
    def __init__(self, url: str):
        self.url = mask_url(url)
        self._export_ids = itertools.count()
        try:
            # autocommit off + explicit transactions: every method below commits what it did itself
            self.conn = psycopg.connect(url, autocommit=False, row_factory=dict_row, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(f"{self.url}: cannot connect to PostgreSQL ({self._reason(e, url)})") from e
        try:
            self._migrate()
        except psycopg.Error as e:
            self.conn.close()
            raise StoreError(f"{self.url}: cannot prepare the kronika schema ({self._reason(e, url)})") from e
        except StoreError:
            self.conn.close()
            raise

    @staticmethod
    def _reason(e: Exception, url: str) -> str:
        reason = str(e).strip().replace("\n", " ")
        try:
            secret = urlsplit(url).password
        except ValueError:
            secret = None
        return reason.replace(secret, "***") if secret else reason

    @contextmanager
    def _tx(self):
        with self.conn.transaction(), self.conn.cursor() as cur:
            yield cur

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self._tx() as cur:
            current = self._version(cur)
        if current == SCHEMA_VERSION:
            return  # the usual case: no lock, no DDL, so a read-only role can open the store too
        with self._tx() as cur:
            # transaction-scoped: released at commit/rollback, so a crashed migrator never leaves it held
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            cur.execute("CREATE TABLE IF NOT EXISTS kronika_schema_version (version INTEGER PRIMARY KEY,"
                        " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            current = self._version(cur)  # again, under the lock: another process may have migrated
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.url}: schema version {current} is newer than this kronika "
                                 f"({SCHEMA_VERSION})")
            for version, name, sql in _migrations():
                if version > current:
                    cur.execute(sql)  # all migrations in this one transaction: whole or not at all
                    cur.execute("INSERT INTO kronika_schema_version (version, name) VALUES (%s, %s)",
                                (version, name))

    @staticmethod
    def _version(cur) -> int:
        cur.execute("SELECT to_regclass('kronika_schema_version') IS NOT NULL AS present")
        if not cur.fetchone()["present"]:
            return 0
        cur.execute("SELECT coalesce(max(version), 0) AS v FROM kronika_schema_version")
        return cur.fetchone()["v"]

    @property
    def schema_version(self) -> int:
        with self._tx() as cur:
            return self._version(cur)

    # -- writing --------------------------------------------------------------------------
    def known(self, article_ids: Iterable[str]) -> set[str]:
        ids = list(article_ids)
        if not ids:
            return set()
        with self._tx() as cur:
            cur.execute("SELECT id FROM articles WHERE id = ANY(%s)", (ids,))
            return {r["id"] for r in cur}

    def write(self, batch: list[Extraction]) -> WriteResult:
        # Locks are taken in a fixed order (articles by id, then entities by id), so concurrent writers
        # cannot deadlock; the retry is a safety net (the failed transaction wrote nothing).
        for attempt in range(_DEADLOCK_RETRIES):
            try:
                return self._write(batch)
            except psycopg.errors.DeadlockDetected:
                if attempt == _DEADLOCK_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _write(self, batch: list[Extraction]) -> WriteResult:
        new: set[int] = set()
        with self._tx() as cur:
            for i in sorted(range(len(batch)), key=lambda i: batch[i].article.id):
                a = batch[i].article
                cur.execute(
                    "INSERT INTO articles (id, title, authors, agency, publisher, published, url, language,"
                    " text, headings, metadata, source, ingested_at)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING RETURNING id",
                    _nul((a.id, a.title, Jsonb(a.authors, dumps=_dumps), a.agency, a.publisher, a.published,
                          a.url, a.language, a.text, Jsonb(a.headings), Jsonb(a.metadata, dumps=_dumps),
                          a.source, _now())))
                # no row back: stored before, or by a concurrent writer (we waited for its commit)
                if cur.fetchone() is not None:
                    new.add(i)
            fresh = [batch[i] for i in sorted(new)]  # batch order, so entity merges match SQLite's
            self._write_children(cur, fresh)
            if fresh:  # resolved later by whoever holds the resolution lock (kronika/resolution.py)
                cur.execute("INSERT INTO resolution_pending (article_id) SELECT unnest(%s::text[])"
                            " ON CONFLICT DO NOTHING", (sorted(ex.article.id for ex in fresh),))
        return WriteResult(new=[ex.article.id for i, ex in enumerate(batch) if i in new],
                           existing=[ex.article.id for i, ex in enumerate(batch) if i not in new])

    @staticmethod
    def _write_children(cur, fresh: list[Extraction]) -> None:
        quotes, events, mentions, entities, per_article = [], [], [], [], []
        for ex in fresh:
            a = ex.article
            for q in ex.quotes:
                s = q.speaker
                quotes.append(_nul((q.id, a.id, q.text, q.kind, q.cue, q.start, q.end, s.text if s else None,
                                    s.name if s else None, s.entity_id if s else None)))
            for e in ex.events:
                loc = e.location
                names = [r.name or r.text for r in e.actors + e.recipients]
                events.append(_nul((e.id, a.id, e.type, e.mode, e.status, e.date.start, e.date.end,
                                    e.date.precision, loc.name if loc else None, loc.country_code if loc else None,
                                    loc.lat if loc else None, loc.lon if loc else None,
                                    loc.geonameid if loc else None, "|" + "|".join(names) + "|",
                                    Json(e.export(), dumps=_dumps))))
            mentions += [_nul((a.id, m.start, m.end, m.text, m.label, m.name, entity_id(m.label, m.name)))
                         for m in ex.mentions]
            entities += ex.entities
            per_article += [_nul((a.id, en.id, en.name, en.type, Jsonb(sorted(set(en.aliases)), dumps=_dumps),
                                  Jsonb(en.attributes, dumps=_dumps), en.mentions)) for en in ex.entities]
        if per_article:
            cur.executemany(
                "INSERT INTO article_entities (article_id, entity_id, name, type, aliases, attributes, mentions)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING", per_article)
        if quotes:
            cur.executemany(
                'INSERT INTO quotes (id, article_id, text, kind, cue, start, "end", speaker_text, speaker_name,'
                " speaker_entity_id) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING", quotes)
        if events:
            cur.executemany(
                "INSERT INTO events (id, article_id, type, mode, status, date_start, date_end, date_precision,"
                " location_name, country_code, latitude, longitude, geonameid, actors, record)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING", events)
        if mentions:
            cur.executemany(
                'INSERT INTO mentions (article_id, start, "end", text, label, name, entity_id)'
                " VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING", mentions)
        if entities:
            # one atomic upsert per entity, merged in SQL (see 001_initial.sql); sorted by id for lock
            # order, stable so one entity's merges keep batch order
            cur.executemany(
                "INSERT INTO entities AS t (id, name, type, aliases, attributes, articles, mentions)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE SET"
                " aliases = kronika_merge_aliases(t.aliases, EXCLUDED.aliases),"
                " attributes = kronika_merge_attributes(t.attributes, EXCLUDED.attributes),"
                " articles = t.articles + EXCLUDED.articles, mentions = t.mentions + EXCLUDED.mentions",
                [_nul((en.id, en.name, en.type, Jsonb(sorted(set(en.aliases)), dumps=_dumps),
                       Jsonb(en.attributes, dumps=_dumps), max(en.articles, 1), en.mentions))
                 for en in sorted(entities, key=lambda en: en.id)])

    def record_failure(self, source: str, reason: str) -> None:
        with self._tx() as cur:
            cur.execute("INSERT INTO failures (source, reason, at) VALUES (%s, %s, %s)",
                        _nul((source, reason, _now())))

    # -- reading --------------------------------------------------------------------------
    @staticmethod
    def _article_row(r: dict[str, Any], full: bool = True) -> dict[str, Any]:
        keys = ("id", "title", "authors", "agency", "publisher", "published", "url", "language")
        if full:
            keys += ("text", "headings", "metadata", "source")
        return {k: r[k] for k in keys}

    def article(self, id_or_prefix: str) -> dict[str, Any] | None:
        with self._tx() as cur:
            if re.fullmatch(r"[0-9a-f]{4,64}", id_or_prefix or ""):
                cur.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id >= %s AND id < %s LIMIT 2",
                            (id_or_prefix, id_or_prefix + "g"))
                rows = cur.fetchall()
                if len(rows) == 1:
                    return self._article_row(rows[0])
            # not a unique id prefix: the source's own id
            cur.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE metadata->>'source_id' = %s LIMIT 1",
                        (id_or_prefix,))
            r = cur.fetchone()
            return self._article_row(r) if r else None

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        with self._tx() as cur:
            cur.execute(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY published DESC NULLS LAST, id"
                        " LIMIT %s OFFSET %s", (limit, offset))
            return [self._article_row(r, full=False) for r in cur]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        # user words only, ANDed (as SQLiteStore): punctuation or operators in a query are never an error
        words = re.findall(r"\w+", query or "")
        if not words:
            return []
        # rank is -ts_rank_cd so that, like SQLite's bm25, lower is better; headlines for the page only
        with self._tx() as cur:
            cur.execute(
                "SELECT id, title, published, publisher, ts_headline('english', text, q, %s) AS snippet, rank"
                " FROM (SELECT a.id, a.title, a.published, a.publisher, a.text, q, -ts_rank_cd(a.tsv, q) AS rank"
                "       FROM articles a, plainto_tsquery('english', %s) q WHERE a.tsv @@ q"
                "       ORDER BY rank, a.id LIMIT %s) hits ORDER BY rank, id",
                (_HEADLINE, " ".join(words), limit))
            return cur.fetchall()

    def quotes(self, flt: QuoteFilter) -> list[dict[str, Any]]:
        # ILIKE: SQLite's LIKE is case-insensitive for ASCII, and filters must match alike
        where, args = [], []
        if flt.speaker:
            where.append("(q.speaker_name ILIKE %s OR q.speaker_text ILIKE %s)")
            args += [f"%{flt.speaker}%"] * 2
        if flt.article_id:
            where.append("q.article_id ILIKE %s")
            args.append(flt.article_id + "%")
        if flt.kind:
            where.append("q.kind = %s")
            args.append(flt.kind)
        sql = ("SELECT q.*, a.title AS article_title, a.published AS published FROM quotes q"
               " JOIN articles a ON a.id = q.article_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published NULLS FIRST, q.article_id, q.start LIMIT %s OFFSET %s"
        with self._tx() as cur:
            cur.execute(sql, args + [flt.limit, flt.offset])
            out = []
            for r in cur:
                d = self._quote_row(r)
                d["article_title"], d["published"] = r["article_title"], r["published"]
                out.append(d)
            return out

    _quote_row = staticmethod(quote_row)

    def events(self, flt: EventFilter) -> list[dict[str, Any]]:
        where, args = event_where(flt, "%s", "ILIKE")
        sql = "SELECT record FROM events" + where
        sql += " ORDER BY date_start IS NULL, date_start, id LIMIT %s OFFSET %s"
        with self._tx() as cur:
            cur.execute(sql, args + [flt.limit, flt.offset])
            return [r["record"] for r in cur]

    def export_rows(self, kind: str) -> Iterator[dict[str, Any]]:
        if kind == "articles":
            for r in self._stream(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY published NULLS FIRST, id"):
                yield {k: r[k] for k in ("id", "title", "authors", "agency", "publisher", "published", "url",
                                         "language", "text")}
        elif kind == "quotes":
            for r in self._stream("SELECT * FROM quotes ORDER BY article_id, start"):
                yield self._quote_row(r)
        elif kind == "events":
            for r in self._stream("SELECT record FROM events ORDER BY date_start NULLS FIRST, id"):
                yield r["record"]
        elif kind == "entities":
            yield from self._stream("SELECT id, name, type, aliases, attributes, articles, mentions"
                                    " FROM entities ORDER BY mentions DESC, id")
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def _stream(self, sql: str) -> Iterator[dict[str, Any]]:
        """Rows of ``sql`` in pages from a WITH HOLD server cursor: memory stays flat, and no
        transaction stays open while the caller holds the generator (its own calls commit as usual)."""
        cur = self.conn.cursor(name=f"kronika_export_{next(self._export_ids)}", withhold=True)
        try:
            with self.conn.transaction():
                cur.execute(sql)
            while True:
                with self.conn.transaction():
                    rows = cur.fetchmany(_FETCH)
                if not rows:
                    return
                yield from rows
        finally:
            with suppress(psycopg.Error):  # a broken connection must not mask the original error
                if not self.conn.closed:
                    with self.conn.transaction():
                        cur.close()

    def counts(self) -> dict[str, int]:
        tables = ("articles", "quotes", "events", "entities", "failures")
        with self._tx() as cur:
            cur.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in tables))
            return dict(cur.fetchone())

    def failures(self, limit: int = 100) -> list[dict[str, Any]]:
        with self._tx() as cur:
            cur.execute("SELECT source, reason, at FROM failures ORDER BY id DESC LIMIT %s", (limit,))
            return cur.fetchall()

    def article_entities(self) -> Iterator[tuple[str, str | None, list[dict[str, Any]]]]:
        current, published, ents = None, None, []
        for r in self._stream("SELECT e.article_id, e.entity_id, e.name, e.type, e.aliases, e.attributes,"
                              " e.mentions, a.published FROM article_entities e JOIN articles a"
                              " ON a.id = e.article_id ORDER BY e.article_id, e.entity_id"):
            if r["article_id"] != current:
                if current is not None:
                    yield current, published, ents
                current, published, ents = r["article_id"], r["published"], []
            ents.append({"id": r["entity_id"], "name": r["name"], "type": r["type"], "aliases": r["aliases"],
                         "attributes": r["attributes"], "articles": 1, "mentions": r["mentions"]})
        if current is not None:
            yield current, published, ents

    def corrections(self) -> list[dict[str, Any]]:
        with self._tx() as cur:
            cur.execute("SELECT rule FROM entity_corrections ORDER BY seq")
            return [json.loads(r["rule"]) for r in cur.fetchall()]

    def add_correction(self, rule: dict[str, Any]) -> None:
        with self._tx() as cur:
            cur.execute("INSERT INTO entity_corrections (rule) VALUES (%s) ON CONFLICT DO NOTHING",
                        (json.dumps(rule, sort_keys=True),))

    # -- the persisted resolution (resolved.py) ----------------------------------------------------
    @staticmethod
    def _cursor_sql(cur, cls=Sql):
        def run(q, a):
            cur.execute(q, a)
            return cur.fetchall() if cur.description else []
        return cls(run, cur.executemany, pg=True)

    def _sql(self) -> Sql:
        def run(q, a):
            with self._tx() as cur:
                cur.execute(q, a)
                return cur.fetchall() if cur.description else []

        def many(q, rows):
            with self._tx() as cur:
                cur.executemany(q, rows)
        return Sql(run, many, pg=True)

    @contextmanager
    def resolution(self, wait: bool = True):
        """One resolution step's transaction, under an advisory lock so that one process at a time
        resolves (whoever holds it resolves every pending article). ``wait=False`` yields None at once
        when another process holds it: that process, or a later step, resolves our articles."""
        with self._tx() as cur:
            if wait:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_RESOLUTION_LOCK,))
            else:
                cur.execute("SELECT pg_try_advisory_xact_lock(%s) AS ok", (_RESOLUTION_LOCK,))
                if not cur.fetchone()["ok"]:
                    yield None
                    return
            yield self._cursor_sql(cur, ResolvedState)

    def close(self) -> None:
        self.conn.close()
