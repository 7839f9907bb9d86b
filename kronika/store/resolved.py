"""The persisted record across articles (schema v3), in SQL both backends run.

``ResolvedState`` is what the resolution step (kronika/resolution.py) reads and writes inside its one
transaction: pending articles, event blocks, links and cluster members, entity nodes, and the records of
event and entity clusters that readers show. ``ResolvedQueries`` is the read side, mixed into both stores.
SQL is written with ``?`` placeholders; ``Sql`` adapts it to each backend (``%s``, ``= ANY`` lists).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

_CHUNK = 500  # values per IN (...) list on SQLite


class Sql:
    """Runs ``?``-style SQL: ``run(sql, args) -> rows`` (mappings), ``many(sql, rows)``."""

    def __init__(self, run: Callable[[str, Sequence], list], many: Callable[[str, list], None], pg: bool):
        self._run, self._many, self.pg = run, many, pg

    def run(self, sql: str, args: Sequence = ()) -> list:
        return self._run(sql.replace("?", "%s") if self.pg else sql, args)

    def many(self, sql: str, rows: list) -> None:
        if rows:
            self._many(sql.replace("?", "%s") if self.pg else sql, rows)

    def where_in(self, sql: str, values: Iterable, args: Sequence = ()) -> list:
        """``sql`` with ``{IN}`` standing for "IN (the values)", run once per chunk (one = ANY on PostgreSQL);
        ``args`` are the other parameters, before the list."""
        vals = list(values)
        if not vals:
            return []
        if self.pg:
            return self.run(sql.replace("{IN}", "= ANY(?)"), [*args, vals])
        out = []
        for i in range(0, len(vals), _CHUNK):
            chunk = vals[i:i + _CHUNK]
            out += self.run(sql.replace("{IN}", "IN (%s)" % ",".join("?" * len(chunk))), [*args, *chunk])
        return out


def _by_type(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for t, k in keys:
        out.setdefault(t, set()).add(k)
    return {t: sorted(ks) for t, ks in sorted(out.items())}


def _loads(v):
    return json.loads(v) if isinstance(v, str) else v


def _flag(v) -> bool:
    return v in (1, True, "true", "1")


def _light(r) -> dict:
    """A light node row (SQLite's json_extract gives numbers and JSON text, PostgreSQL's ->> text)."""
    arts = r["articles"]
    if isinstance(arts, str):
        arts = json.loads(arts)
    return {"type": r["type"], "key": r["key"], "block": r["block"], "given": _loads(r["given"]) or [],
            "surname": r["surname"] or "", "upper": _flag(r["upper"]), "given_only": _flag(r["given_only"]),
            "articles": arts if isinstance(arts, int) else len(arts or ())}


class ResolvedState(Sql):
    """The resolution tables, inside the resolution step's transaction."""

    # -- bookkeeping ---------------------------------------------------------------------------------
    def generation(self) -> int:
        return int(self.run("SELECT value FROM resolution_meta WHERE key = 'generation'")[0]["value"])

    def bump(self) -> int:
        self.run("UPDATE resolution_meta SET value = value + 1 WHERE key = 'generation'")
        return self.generation()

    def pending(self, limit: int) -> list[str]:
        return [r["article_id"] for r in self.run(
            "SELECT article_id FROM resolution_pending ORDER BY article_id LIMIT ?", (limit,))]

    def done(self, article_ids: list[str]) -> None:
        self.where_in("DELETE FROM resolution_pending WHERE article_id {IN}", article_ids)

    def reset(self) -> None:
        """Forget everything resolved and mark every article pending (``kronika resolve --rebuild``)."""
        for t in ("event_blocks", "event_links", "event_cluster_members", "event_clusters", "entity_nodes",
                  "entity_clusters", "entity_names", "resolution_pending"):
            self.run(f"DELETE FROM {t}")
        self.run("UPDATE article_entities SET node_key = NULL")
        self.run("INSERT INTO resolution_pending (article_id) SELECT id FROM articles")

    # -- inputs ----------------------------------------------------------------------------------------
    def events_of(self, article_ids: list[str]) -> list[dict]:
        """The event records of these articles that are in no cluster yet, by id."""
        rows = self.where_in("SELECT e.record FROM events e WHERE e.article_id {IN} AND NOT EXISTS"
                             " (SELECT 1 FROM event_cluster_members m WHERE m.event_id = e.id)", article_ids)
        return sorted((_loads(r["record"]) for r in rows), key=lambda e: e["id"])

    def article_heads(self, article_ids: list[str], chars: int) -> dict[str, tuple[str | None, str]]:
        """Title and first ``chars`` characters of each article (what story terms are taken from)."""
        rows = self.where_in(f"SELECT id, title, substr(text, 1, {int(chars)}) AS head FROM articles"
                             " WHERE id {IN}", article_ids)
        return {r["id"]: (r["title"], r["head"] or "") for r in rows}

    def entities_of(self, article_ids: list[str]) -> list[tuple[str, str | None, list[dict]]]:
        rows = self.where_in(
            "SELECT e.article_id, e.entity_id, e.name, e.type, e.aliases, e.attributes, e.mentions, a.published"
            " FROM article_entities e JOIN articles a ON a.id = e.article_id WHERE e.article_id {IN}", article_ids)
        per: dict[str, tuple[str | None, list[dict]]] = {}
        for r in sorted(rows, key=lambda r: (r["article_id"], r["entity_id"])):
            per.setdefault(r["article_id"], (r["published"], []))[1].append(
                {"id": r["entity_id"], "name": r["name"], "type": r["type"], "aliases": _loads(r["aliases"]),
                 "attributes": _loads(r["attributes"]), "articles": 1, "mentions": r["mentions"]})
        return [(a, pub, ents) for a, (pub, ents) in sorted(per.items())]

    # -- events ------------------------------------------------------------------------------------------
    def block_members(self, blocks: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.where_in("SELECT block, event_id FROM event_blocks WHERE block {IN}", sorted(set(blocks))):
            out.setdefault(r["block"], []).append(r["event_id"])
        return out

    def event_records(self, ids: Iterable[str]) -> dict[str, dict]:
        return {r["id"]: _loads(r["record"]) for r in self.where_in("SELECT id, record FROM events WHERE id {IN}",
                                                                     sorted(set(ids)))}

    def clusters_of(self, event_ids: Iterable[str]) -> dict[str, str]:
        return {r["event_id"]: r["cluster_id"] for r in self.where_in(
            "SELECT event_id, cluster_id FROM event_cluster_members WHERE event_id {IN}", sorted(set(event_ids)))}

    def cluster_members(self, cluster_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.where_in("SELECT event_id, cluster_id FROM event_cluster_members WHERE cluster_id {IN}",
                               sorted(set(cluster_ids))):
            out.setdefault(r["cluster_id"], []).append(r["event_id"])
        return out

    def links_among(self, event_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        ids = sorted(set(event_ids))
        return [(r["a"], r["b"], r["reason"]) for r in self.where_in(
            "SELECT a, b, reason FROM event_links WHERE a {IN}", ids)]

    def stored_reports(self, ids: Iterable[str], version: str) -> dict[str, str]:
        """The comparable reports kept for these events under rules ``version`` (JSON text)."""
        return {r["event_id"]: r["report"] for r in self.where_in(
            "SELECT event_id, report, report_version FROM event_cluster_members WHERE event_id {IN}",
            sorted(set(ids))) if r["report"] and r["report_version"] == version}

    def add_event_rows(self, blocks: list[tuple[str, str]], links: list[tuple[str, str, str]],
                       members: list[tuple[str, str]], reports: dict[str, str], version: str) -> None:
        """Blocks, links, cluster ids of new and moved reports, and the new reports' comparable forms."""
        self.many("INSERT INTO event_blocks (block, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING", blocks)
        self.many("INSERT INTO event_links (a, b, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", links)
        self.many("INSERT INTO event_cluster_members (event_id, cluster_id, report, report_version)"
                  " VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET cluster_id = excluded.cluster_id",
                  [(e, c, reports.get(e), version if e in reports else None) for e, c in members])

    def put_event_clusters(self, gone: Iterable[str], records: list[dict]) -> None:
        self.where_in("DELETE FROM event_clusters WHERE id {IN}", sorted(set(gone)))
        rows = []
        for c in records:
            place = (c.get("location") or {}).get("country_code")
            cc = {place} | {a.get("country") for a in c["actors"]}
            rows.append((c["id"], c["type"], (c.get("date") or {}).get("start"), _bars(x for x in cc if x), place,
                         _bars(c.get("statuses") or ()), len(c["events"]),
                         len({s.get("article_id") for s in c["sources"]}), int(bool(c["disputed"])),
                         json.dumps(c, ensure_ascii=False)))
        self.many("INSERT INTO event_clusters (id, type, date_start, countries, country, statuses, reports, sources,"
                  " disputed, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                  " type = excluded.type, date_start = excluded.date_start, countries = excluded.countries,"
                  " country = excluded.country, statuses = excluded.statuses, reports = excluded.reports,"
                  " sources = excluded.sources, disputed = excluded.disputed, record = excluded.record", rows)

    # -- entities ----------------------------------------------------------------------------------------
    def entity_nodes(self, blocks: Iterable[str] = (), entity_ids: Iterable[str] = (),
                     keys: Iterable[tuple[str, str]] = (), light: bool = False) -> list[tuple[dict, str]]:
        """Stored nodes (resolver state, global id last written) in any of ``blocks``, of any of
        ``entity_ids``, or with one of these (type, key) ids. ``light``: only the identity fields of each
        state (``resolve.entity_state.LIGHT``), extracted by the database: a block's nodes are read for
        their names and counts, their forms and attributes only for the few a step touches."""
        if light:
            if self.pg:
                sql = ("SELECT type, key, entity_id, block, j->>'given' AS given, j->>'surname' AS surname,"
                       " j->>'upper' AS upper, j->>'given_only' AS given_only, j->>'articles' AS articles"
                       " FROM (SELECT type, key, entity_id, block, state::json AS j FROM entity_nodes WHERE ")
                tail = ") x"
            else:
                sql = ("SELECT type, key, entity_id, block, json_extract(state, '$.given') AS given,"
                       " json_extract(state, '$.surname') AS surname, json_extract(state, '$.upper') AS upper,"
                       " json_extract(state, '$.given_only') AS given_only,"
                       " json_extract(state, '$.articles') AS articles FROM entity_nodes WHERE ")
                tail = ""
        else:
            sql, tail = "SELECT type, key, entity_id, state FROM entity_nodes WHERE ", ""
        rows = self.where_in(sql + "block {IN}" + tail, sorted(set(blocks)))
        rows += self.where_in(sql + "entity_id {IN}" + tail, sorted(set(entity_ids)))
        for t, ks in _by_type(keys).items():
            rows += self.where_in(sql + "type = ? AND key {IN}" + tail, ks, (t,))
        if light:
            return [(_light(r), r["entity_id"]) for r in rows]
        return [(_loads(r["state"]), r["entity_id"]) for r in rows]

    def distinct_articles(self, nodes: list[tuple[str, str]]) -> int:
        """How many articles name any of these nodes (one cluster's; node keys of the step already written)."""
        n = 0
        for t, ks in _by_type(nodes).items():
            if len(ks) == 1:
                n += int(self.run("SELECT count(DISTINCT article_id) AS n FROM article_entities"
                                  " WHERE type = ? AND node_key = ?", (t, ks[0]))[0]["n"])
            else:
                n += len({r["article_id"] for r in self.where_in(
                    "SELECT DISTINCT article_id FROM article_entities WHERE type = ? AND node_key {IN}", ks, (t,))})
        return n

    def node_count(self) -> int:
        return int(self.run("SELECT count(*) AS n FROM entity_nodes")[0]["n"])

    def corrections(self) -> list[dict]:
        return [json.loads(r["rule"]) for r in self.run("SELECT rule FROM entity_corrections ORDER BY seq")]

    def add_correction(self, rule: dict) -> None:
        text = json.dumps(rule, sort_keys=True)
        if self.pg:
            self.run("INSERT INTO entity_corrections (rule) VALUES (?) ON CONFLICT DO NOTHING", (text,))
        else:
            self.run("INSERT INTO entity_corrections (rule, at) VALUES (?, datetime('now')) ON CONFLICT DO NOTHING",
                     (text,))

    def put_nodes(self, nodes: list[dict], ids: dict[tuple[str, str], str], gen: int) -> None:
        self.many("INSERT INTO entity_nodes (type, key, entity_id, state, gen, block) VALUES (?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (type, key) DO UPDATE SET entity_id = excluded.entity_id, state = excluded.state,"
                  " gen = excluded.gen, block = excluded.block",
                  [(n["type"], n["key"], ids[(n["type"], n["key"])], json.dumps(n, ensure_ascii=False), gen,
                    n["block"]) for n in nodes])

    def move_nodes(self, moves: list[tuple[str, str, str]], gen: int) -> None:
        """(type, key, new global id) for nodes whose id changed."""
        self.many("UPDATE entity_nodes SET entity_id = ?, gen = ? WHERE type = ? AND key = ?",
                  [(gid, gen, t, k) for t, k, gid in moves])

    def set_node_keys(self, rows: list[tuple[str, str, str]]) -> None:
        """(article id, in-article entity id, node key)."""
        self.many("UPDATE article_entities SET node_key = ? WHERE article_id = ? AND entity_id = ?",
                  [(k, a, e) for a, e, k in rows])

    def put_entity_clusters(self, gone: Iterable[str], records: list[dict],
                            name_keys: Callable[[dict], set[str]]) -> None:
        """Write the records of these global ids (and drop ``gone`` ids without one). Rows and name keys that
        did not change are left alone: a batch touches many ids, few of which change (less to write)."""
        new = {c["id"]: json.dumps(c, ensure_ascii=False) for c in records}
        ids = sorted(set(gone) | set(new))
        old = {r["id"]: r["record"] for r in self.where_in("SELECT id, record FROM entity_clusters WHERE id {IN}", ids)}
        self.where_in("DELETE FROM entity_clusters WHERE id {IN}", [i for i in ids if i in old and i not in new])
        changed = [c for c in records if old.get(c["id"]) != new[c["id"]]]
        self.many("INSERT INTO entity_clusters (id, type, name, articles, mentions, record) VALUES (?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name,"
                  " articles = excluded.articles, mentions = excluded.mentions, record = excluded.record",
                  [(c["id"], c["type"], c["name"], c["articles"], c["mentions"], new[c["id"]]) for c in changed])
        have: dict[str, set[str]] = {}
        for r in self.where_in("SELECT key, entity_id FROM entity_names WHERE entity_id {IN}", ids):
            have.setdefault(r["entity_id"], set()).add(r["key"])
        want = {c["id"]: {k for k in name_keys(c) if k} for c in changed}
        drop = [(k, i) for i in ids if i not in new for k in have.get(i, ())]
        drop += [(k, i) for i, ks in want.items() for k in have.get(i, set()) - ks]
        self.many("DELETE FROM entity_names WHERE key = ? AND entity_id = ?", drop)
        self.many("INSERT INTO entity_names (key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                  [(k, i) for i, ks in sorted(want.items()) for k in sorted(ks - have.get(i, set()))])


def _like(s: str) -> str:
    return re.sub(r"([%_\\])", r"\\\1", s)


class ResolvedQueries:
    """Reads of the persisted record across articles (both backends)."""

    def _sql(self) -> Sql:  # pragma: no cover - each backend provides it
        raise NotImplementedError

    def pending_count(self) -> int:
        return int(self._sql().run("SELECT count(*) AS n FROM resolution_pending")[0]["n"])

    def reports_of_other_rules(self, version: str) -> int:
        """How many clustered reports were compared under other rules than ``version`` (a rebuild is due)."""
        return int(self._sql().run("SELECT count(*) AS n FROM event_cluster_members WHERE report_version IS NOT NULL"
                                   " AND report_version != ?", (version,))[0]["n"])

    def resolution_generation(self) -> int:
        return int(self._sql().run("SELECT value FROM resolution_meta WHERE key = 'generation'")[0]["value"])

    def event_clusters(self, since: str | None = None, until: str | None = None, country: str | None = None,
                       dated: bool = True) -> list[dict[str, Any]]:
        """Cluster records (dated ones unless ``dated=False``), oldest first."""
        where, args = [], []
        if dated:
            where.append("date_start IS NOT NULL")
        if since:
            where.append("date_start >= ?")
            args.append(since)
        if until:
            where.append("date_start <= ?")
            args.append(until)
        if country:
            where.append("countries LIKE ? ESCAPE '\\'")
            args.append(f"%|{_like(country.upper())}|%")
        sql = "SELECT record FROM event_clusters" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY date_start, type, id"
        return [_loads(r["record"]) for r in self._sql().run(sql, args)]

    def event_cluster(self, event_id: str) -> dict[str, Any] | None:
        """The cluster record holding one event report."""
        rows = self._sql().run("SELECT c.record FROM event_cluster_members m JOIN event_clusters c"
                               " ON c.id = m.cluster_id WHERE m.event_id = ?", (event_id,))
        return _loads(rows[0]["record"]) if rows else None

    def entity_cluster(self, entity_id: str) -> dict[str, Any] | None:
        rows = self._sql().run("SELECT record FROM entity_clusters WHERE id = ?", (entity_id,))
        return _loads(rows[0]["record"]) if rows else None

    def entity_cluster_of_local(self, local_id: str) -> str | None:
        """The global entity of an in-article entity id (quotes, mentions and events carry those)."""
        rows = self._sql().run("SELECT n.entity_id FROM article_entities ae JOIN entity_nodes n"
                               " ON n.type = ae.type AND n.key = ae.node_key WHERE ae.entity_id = ?"
                               " GROUP BY n.entity_id ORDER BY count(*) DESC, n.entity_id LIMIT 1", (local_id,))
        return rows[0]["entity_id"] if rows else None

    def entity_local_ids(self, entity_id: str) -> set[str]:
        rows = self._sql().run("SELECT DISTINCT ae.entity_id FROM entity_nodes n JOIN article_entities ae"
                               " ON ae.type = n.type AND ae.node_key = n.key WHERE n.entity_id = ?", (entity_id,))
        return {r["entity_id"] for r in rows}

    def entity_clusters(self, type_: str | None = None, limit: int = 50, offset: int = 0,
                        query: str | None = None) -> list[dict[str, Any]]:
        """Summaries {id, name, type, articles, mentions}, most mentioned first; ``query`` matches the name."""
        where, args = [], []
        if type_:
            where.append("type = ?")
            args.append(type_)
        if query:
            where.append("lower(name) LIKE ? ESCAPE '\\'")
            args.append("%" + _like(query.lower()) + "%")
        sql = "SELECT id, name, type, articles, mentions FROM entity_clusters"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY mentions DESC, name, id LIMIT ? OFFSET ?"
        return [dict(r) for r in self._sql().run(sql, [*args, limit, offset])]

    def entity_records(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return [_loads(r["record"]) for r in self._sql().where_in(
            "SELECT record FROM entity_clusters WHERE id {IN}", sorted(set(ids)))]

    def quotes_by_speakers(self, local_ids: list[str], limit: int = 200,
                           newest_first: bool = False) -> list[dict[str, Any]]:
        """Quotes whose speaker is one of these in-article entities, oldest first, with their article."""
        from .base import quote_row

        rows = self._sql().where_in(
            "SELECT q.*, a.title AS article_title, a.published AS published FROM quotes q JOIN articles a"
            " ON a.id = q.article_id WHERE q.speaker_entity_id {IN}", local_ids)
        rows.sort(key=lambda r: (r["published"] or "", r["article_id"], r["start"]))
        if newest_first:
            rows.sort(key=lambda r: r["published"] or "", reverse=True)
        return [quote_row(r) | {"article_title": r["article_title"], "published": r["published"]}
                for r in rows[:limit]]

    def articles_mentioning(self, local_ids: list[str], limit: int = 50) -> list[dict[str, Any]]:
        """Articles mentioning any of these in-article entities, newest first, with the number of mentions."""
        per: dict[str, dict] = {}
        for r in self._sql().where_in(
                "SELECT a.id, a.title, a.published, a.publisher, count(*) AS mentions FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.entity_id {IN} GROUP BY a.id, a.title,"
                " a.published, a.publisher", local_ids):
            d = per.setdefault(r["id"], dict(r) | {"mentions": 0})
            d["mentions"] += r["mentions"]
        return sorted(per.values(), key=lambda d: (d["published"] or "", d["id"]), reverse=True)[:limit]

    def events_with_entities(self, local_ids: list[str], names: list[str], limit: int = 200) -> list[dict[str, Any]]:
        """Event reports where one of these in-article entities is an actor or recipient (found by name in
        the ``actors`` column, checked by id in the record), each with ``roles`` and its ``cluster``."""
        names = [n for n in names if n][:40]
        if not local_ids or not names:
            return []
        ids = set(local_ids)
        cond = " OR ".join(["e.actors LIKE ? ESCAPE '\\'"] * len(names))
        rows = self._sql().run(
            "SELECT e.record, c.record AS cluster FROM events e LEFT JOIN event_cluster_members m"
            " ON m.event_id = e.id LEFT JOIN event_clusters c ON c.id = m.cluster_id WHERE " + cond,
            ["%|" + _like(n) + "|%" for n in names])
        out = []
        for r in rows:
            d = _loads(r["record"])
            roles = [k[:-1] for k in ("actors", "recipients") if any(x.get("entity_id") in ids for x in d[k])]
            if roles:
                out.append(d | {"roles": roles, "cluster": _loads(r["cluster"]) if r["cluster"] else None})
        out.sort(key=lambda d: ((d.get("date") or {}).get("start") is None, (d.get("date") or {}).get("start") or "",
                                d["id"]))
        return out[:limit]

    def entities_named(self, key: str) -> tuple[list[str], list[str]]:
        """Global ids whose name keys equal ``key`` (exact), and those holding all its words (partial)."""
        q = self._sql()
        exact = [r["entity_id"] for r in q.run("SELECT entity_id FROM entity_names WHERE key = ?", (key,))]
        words = key.split()
        if exact or not words:
            return exact, []
        cond = " AND ".join(["(' ' || key || ' ') LIKE ? ESCAPE '\\'"] * len(words))
        rows = q.run(f"SELECT DISTINCT entity_id FROM entity_names WHERE {cond}", [f"% {_like(w)} %" for w in words])
        return [], [r["entity_id"] for r in rows]


def _bars(values) -> str:
    """"|a|b|": a set of short codes as one column, matched with LIKE '%|a|%' (countries, statuses)."""
    return "|" + "".join(f"{x}|" for x in sorted(set(values)))
