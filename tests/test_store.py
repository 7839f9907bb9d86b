"""The store contract, run on every backend (SQLite and PostgreSQL), then what is backend-specific."""
import inspect
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import psycopg
import pytest

from kronika import cli
from kronika.store import EventFilter, QuoteFilter, StoreError, open_store
from kronika.store.postgres import SCHEMA_VERSION as PG_SCHEMA_VERSION
from kronika.store.postgres import PostgresStore, mask_url
from kronika.store.sqlite import SCHEMA_VERSION
from tests.conftest import EXAMPLE, ROOT
from tests.pgserver import ENV_URL, _free_port
from tests.store_fixtures import extraction as _extraction
from tests.store_fixtures import open_backend, pg_server, pg_url, reopen, store, synthetic  # noqa: F401

# -- the contract, on both backends ---------------------------------------------------------------


def test_write_is_idempotent(store):
    ex = _extraction()
    first = store.write([ex])
    again = store.write([_extraction()])
    assert first.new == [ex.article.id] and again.new == [] and again.existing == [ex.article.id]
    assert store.counts() == {"articles": 1, "quotes": 1, "events": 1, "entities": 1, "failures": 0}
    ent = next(store.export_rows("entities"))
    assert ent["articles"] == 1 and ent["mentions"] == 2  # not counted twice
    assert store.known([ex.article.id, "0000000000000000"]) == {ex.article.id} and store.known([]) == set()


def test_entities_merge_across_articles(store):
    store.write([_extraction()])
    other = _extraction(text="Olga Nesteruk spoke again in Minsk on Monday. \"We want change,\" she said.")
    other.entities[0].aliases = ["Olga Nesteruk"]
    other.entities[0].attributes = {"age": 41, "roles": ["activist"], "country": "BY"}
    store.write([other])
    ent = next(store.export_rows("entities"))
    assert ent["articles"] == 2 and ent["mentions"] == 4
    assert ent["attributes"] == {"age": 41, "roles": ["landscape designer", "activist"], "country": "BY"}
    assert ent["aliases"] == ["Nesteruk", "Olga Nesteruk"]


def test_a_failed_batch_writes_nothing(store):
    good = _extraction()
    bad = _extraction(text="Another article. \"We want change,\" said Olga Nesteruk.")
    bad.quotes[0].kind = "shouted"  # violates the CHECK constraint inside the transaction
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.write([good, bad])
    assert store.counts()["articles"] == 0 and store.counts()["quotes"] == 0
    assert store.write([good]).new == [good.article.id]  # the store is usable after the rollback


def test_full_text_search_and_lookup(store):
    ex = _extraction()
    store.write([ex])
    hits = store.search("marched minsk")
    assert [h["id"] for h in hits] == [ex.article.id]
    assert list(hits[0]) == ["id", "title", "published", "publisher", "snippet", "rank"]
    assert "[" in hits[0]["snippet"] and "]" in hits[0]["snippet"]
    assert store.search("march") != []  # stemmed, as SQLite's porter tokenizer
    assert store.search('"unbalanced (query AND') == []  # odd syntax is not an error
    assert store.search("!!!") == [] and store.search("tallinn") == []
    assert store.article(ex.article.id[:8])["title"] == "Minsk march"
    assert store.article("ffffffffffff") is None


def test_lookup_by_source_id_and_listing(store):
    store.write([synthetic(i) for i in range(1, 7)])  # one undated (5)
    assert store.article("src-3")["title"] == "Report 3"
    assert store.article("src-99") is None
    listed = store.articles(limit=10)
    assert len(listed) == 6 and listed[-1]["published"] is None  # undated last, newest first
    assert [a["published"] for a in listed[:-1]] == sorted((a["published"] for a in listed[:-1]), reverse=True)


def test_nul_characters_do_not_fail_a_batch(store):
    """JSONL input can carry NUL, which PostgreSQL text cannot hold: a space there, offsets kept."""
    ex = _extraction(text="Protesters marched\x00 in Minsk. \"We want change,\" said Olga Nesteruk.")
    ex.article.title, ex.article.metadata = "Minsk\x00march", {"note": "a\x00b", "raw": "\\u0000 stays"}
    ex.entities[0].aliases = ["Neste\x00ruk"]
    assert store.write([ex]).new == [ex.article.id]
    a = store.article(ex.article.id)
    assert len(a["text"]) == len(ex.article.text) and a["text"] in (ex.article.text, ex.article.text.replace("\x00", " "))
    assert a["metadata"]["raw"] == "\\u0000 stays" and len(a["metadata"]["note"]) == 3
    assert store.counts()["quotes"] == 1 and store.search("marched")[0]["id"] == ex.article.id


def test_filters(store):
    store.write([_extraction()])
    assert len(store.quotes(QuoteFilter(speaker="Nesteruk"))) == 1
    assert len(store.quotes(QuoteFilter(speaker="nesteruk"))) == 1  # case-insensitive on both backends
    assert store.quotes(QuoteFilter(speaker="Putin")) == []
    assert store.quotes(QuoteFilter(kind="direct"))[0]["article_title"] == "Minsk march"
    assert len(store.events(EventFilter(type="protest", country="by", since="2020-08-01"))) == 1
    assert store.events(EventFilter(until="2020-08-01")) == []
    assert len(store.events(EventFilter(actor="Protesters"))) == 1
    assert len(store.events(EventFilter(actor="protesters"))) == 1


def test_failures_are_kept(store):
    store.record_failure("a.jsonl:3", "broken JSON")
    store.record_failure("b.txt", "no text")
    assert [f["reason"] for f in store.failures()] == ["no text", "broken JSON"]  # newest first
    assert set(store.failures()[0]) == {"source", "reason", "at"}


def test_event_record_round_trips(store):
    ex = _extraction()
    store.write([ex])
    (row,) = store.events(EventFilter())
    assert row == json.loads(json.dumps(ex.events[0].export()))
    assert list(row) == list(ex.events[0].export())  # key order kept: exports match docs/schema.md


def test_export_stream_does_not_block_other_work(store):
    store.write([synthetic(i) for i in range(3)])
    rows = store.export_rows("articles")
    next(rows)  # an export in progress ...
    store.write([synthetic(3)])  # ... while this store writes: the write must be committed now
    with reopen(store) as other:
        assert other.counts()["articles"] == 4
    assert len(list(rows)) in (2, 3)  # the export still completes (whether it sees the new row varies)
    with pytest.raises(ValueError):
        list(store.export_rows("nonsense"))


# -- SQLite and PostgreSQL answer alike ---------------------------------------------------------------


def test_backends_return_the_same_records(request, tmp_path):
    batch = [synthetic(i) for i in range(12)] + [_extraction()]
    # entity merge edge cases: non-ASCII alias order, repeated list items, scalars filling only nulls
    for i, (aliases, attrs) in enumerate([
            (["Zed", "Łukašenka", "éclair"], {"age": None, "roles": [], "country": None, "note": "first"}),
            (["a", "Ölga", "Zed"], {"age": 5, "roles": ["b", "a", "b"], "country": None, "note": "second",
                                    "seen": ["x"]}),
            (["Ölga"], {"age": 6, "roles": ["a", "c"], "country": "BY", "seen": ["y", "x"]})]):
        ex = _extraction(text=f"Edge case {i}: Olga Nesteruk said \"We want change,\" again.")
        ex.entities[0].aliases, ex.entities[0].attributes = aliases, attrs
        batch.append(ex)
    answers = []
    for backend in ("sqlite", "postgres"):
        with open_backend(backend, request, tmp_path) as s:
            s.write(batch[:7])
            s.write(batch[5:])  # overlapping: two already stored
            s.record_failure("x.jsonl:1", "broken JSON")
            hits = s.search("spoke minsk", limit=50)
            answers.append({
                "counts": s.counts(),
                "known": s.known([ex.article.id for ex in batch[:3]] + ["ffff"]),
                "articles": s.articles(limit=100),
                "article": [s.article(ex.article.id) for ex in batch] + [s.article("src-4")],
                "quotes": s.quotes(QuoteFilter()) + s.quotes(QuoteFilter(speaker="putin", limit=3, offset=1)),
                "events": s.events(EventFilter()) + s.events(EventFilter(actor="pompeo", since="2020-08-05")),
                "failures": [{k: v for k, v in f.items() if k != "at"} for f in s.failures()],
                "search": sorted((h["id"], h["title"], h["published"], h["publisher"]) for h in hits),
                # serialised, so key order counts too (it is what JSONL exports write) ...
                **{k: json.dumps(list(s.export_rows(k))) for k in ("articles", "quotes", "events")},
                # ... except inside jsonb objects (attributes), which PostgreSQL keeps in its own key order
                "entities": [(list(e), e) for e in s.export_rows("entities")],
            })
    sqlite_answer, pg_answer = answers
    for key in sqlite_answer:
        assert pg_answer[key] == sqlite_answer[key], key


# -- SQLite only ----------------------------------------------------------------------------------


def test_new_store_is_migrated_and_in_wal_mode(tmp_path):
    path = tmp_path / "k.db"
    with open_store(str(path)) as s:
        assert s.schema_version == SCHEMA_VERSION >= 1
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cols = {r[1] for r in s.db.execute("PRAGMA table_info(events)")}
        assert {"latitude", "longitude"} <= cols
    with open_store(str(path)) as s:  # reopening applies nothing twice
        assert s.schema_version == SCHEMA_VERSION


def test_newer_schema_and_non_database_are_refused(tmp_path):
    p = tmp_path / "new.db"
    db = sqlite3.connect(p)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(str(p))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        open_store(str(junk))


# -- PostgreSQL only ------------------------------------------------------------------------------


def test_pg_new_database_is_migrated_once(pg_url):  # noqa: F811
    with PostgresStore(pg_url) as s:
        assert s.schema_version == PG_SCHEMA_VERSION >= 1
        with s.conn.cursor() as cur:
            cur.execute("SELECT column_name, data_type, is_generated FROM information_schema.columns"
                        " WHERE table_name IN ('events', 'articles')")
            cols = {r["column_name"]: r for r in cur}
            cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_tsv'")
            gin = cur.fetchone()["indexdef"]
        s.conn.rollback()
        assert {"latitude", "longitude"} <= set(cols) and cols["tsv"]["is_generated"] == "ALWAYS"
        assert cols["metadata"]["data_type"] == "jsonb" and "USING gin" in gin
    with PostgresStore(pg_url) as s:  # reopening applies nothing twice
        with s.conn.cursor() as cur:
            cur.execute("SELECT version, name FROM kronika_schema_version ORDER BY version")
            assert [(r["version"], r["name"]) for r in cur] == [(1, "001_initial.sql"), (2, "002_resolution.sql"),
                                                                (3, "003_resolved.sql"),
                                                                (4, "004_entity_blocks.sql"),
                                                                (5, "005_cluster_facets.sql"),
                                                                (6, "006_family_names.sql")]


def test_pg_simultaneous_first_opens_migrate_once(pg_url):  # noqa: F811
    start, errors, stores = threading.Barrier(4), [], []

    def open_one():
        start.wait()
        try:
            stores.append(PostgresStore(pg_url))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(stores) == 4
    assert {s.schema_version for s in stores} == {PG_SCHEMA_VERSION}
    for s in stores:
        s.close()


def test_pg_newer_schema_is_refused(pg_url):  # noqa: F811
    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute("INSERT INTO kronika_schema_version (version, name) VALUES (%s, 'future.sql')",
                  (PG_SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(pg_url)


def test_pg_read_only_role_can_open_a_migrated_store(pg_url):  # noqa: F811
    """Opening an up-to-date store takes no lock and runs no DDL, so readers need SELECT only."""
    if os.environ.get(ENV_URL):
        pytest.skip("creates a login role: only on the throwaway server (trust authentication)")
    with PostgresStore(pg_url) as s:
        s.write([_extraction()])
    role = f"kronika_ro_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute(f"CREATE ROLE {role} LOGIN")
        c.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    try:
        with PostgresStore(pg_url.replace("postgres@", f"{role}@", 1)) as s:
            assert [h["title"] for h in s.search("marched")] == ["Minsk march"]
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                s.record_failure("x", "y")
    finally:
        with psycopg.connect(pg_url, autocommit=True) as c:
            c.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            c.execute(f"DROP ROLE {role}")


def test_pg_unreachable_server_is_a_clear_error_without_the_password():
    url = f"postgresql://kronika:s3cret@127.0.0.1:{_free_port()}/kronika"
    with pytest.raises(StoreError) as e:
        PostgresStore(url)
    msg = str(e.value)
    assert "s3cret" not in msg and "postgresql://kronika:***@127.0.0.1:" in msg and "cannot connect" in msg
    assert mask_url("postgresql://h/db?sslmode=require&password=p") == "postgresql://h/db?sslmode=require&password=***"


def test_open_store_routes_postgres_urls(pg_url):  # noqa: F811
    """Needs the one-line change in kronika/store/base.py (open_store -> PostgresStore)."""
    try:
        s = open_store(pg_url)
    except StoreError as e:
        pytest.fail(f"open_store does not route postgresql:// URLs to PostgresStore yet: {e}")
    with s:
        assert isinstance(s, PostgresStore)


def _entity_consistency(s) -> list:
    """Entities whose article count differs from the number of articles that mention them."""
    sql = ("SELECT e.id, e.articles, count(DISTINCT m.article_id) AS n FROM entities e"
           " LEFT JOIN mentions m ON m.entity_id = e.id GROUP BY e.id, e.articles"
           " HAVING e.articles <> count(DISTINCT m.article_id)")
    if not isinstance(s, PostgresStore):
        return [tuple(r) for r in s.db.execute(sql)]
    with s.conn.cursor() as cur:
        cur.execute(sql)
        bad = cur.fetchall()
    s.conn.rollback()
    return bad


def test_pg_concurrent_writers_store_each_article_once(pg_url):  # noqa: F811
    """Two connections write overlapping batches in opposite orders at once: no duplicate, no deadlock."""
    corpus = [synthetic(i) for i in range(60)]
    a, b = PostgresStore(pg_url), PostgresStore(pg_url)
    start, results, errors = threading.Barrier(2), {}, []

    def run(name, s, items):
        start.wait()
        try:
            results[name] = [s.write(items[i:i + 7]) for i in range(0, len(items), 7)]
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=("a", a, corpus)),
               threading.Thread(target=run, args=("b", b, corpus[::-1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    new = [aid for name in "ab" for w in results[name] for aid in w.new]
    assert sorted(new) == sorted(ex.article.id for ex in corpus)  # each article won by exactly one writer
    assert sum(len(w.existing) for name in "ab" for w in results[name]) == 60  # ... and lost by the other
    assert a.counts() == {"articles": 60, "quotes": 60, "events": 60, "entities": 7, "failures": 0}
    ents = {e["name"]: e for e in a.export_rows("entities")}
    expected = {n: sum(1 for ex in corpus if any(m.name == n for m in ex.mentions)) for n in ents}
    assert {n: (e["articles"], e["mentions"]) for n, e in ents.items()} == {n: (k, k) for n, k in expected.items()}
    assert _entity_consistency(a) == []
    assert ents["Olga Nesteruk"]["aliases"] == ["Nesteruk", "Olga Nesteruk"]
    a.close()
    b.close()


def _articles_jsonl(path, n=40):
    """n distinct articles built from the example's paragraphs: they share people, places and quotes."""
    pars = [p.strip() for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n")
            if len(p.strip()) > 80 and not p.strip().startswith(("<", "Presidents"))]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            text = "\n\n".join([pars[i % len(pars)], pars[(i * 7 + 3) % len(pars)], f"This was report {i}."])
            f.write(json.dumps({"id": f"r{i}", "title": f"Belarus report {i}", "published": f"2020-08-{1 + i % 28:02d}",
                                "text": text}) + "\n")


def test_pg_two_ingest_processes_at_once_store_each_article_once(pg_url, tmp_path, pipeline):  # noqa: F811
    """Two real `kronika ingest` processes on the same file and database at the same time."""
    from kronika.pipeline import ingest
    from kronika.read import read

    src = tmp_path / "articles.jsonl"
    _articles_jsonl(src)
    cmd = [sys.executable, "-m", "kronika", "ingest", str(src), "--db", pg_url, "--batch-size", "4"]
    if "workers" in inspect.signature(cli.ingest).parameters:
        cmd += ["--workers", "1"]  # the race under test is between the two processes; no worker pools
    t0 = time.monotonic()
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err
    elapsed = time.monotonic() - t0
    summaries = [re.search(r"read (\d+), new (\d+), already stored (\d+), failed (\d+)", err) for _, err in outs]
    assert all(summaries), [err for _, err in outs]
    assert sum(int(m.group(2)) for m in summaries) == 40  # every article reported new by exactly one process

    # the reference: the same file ingested once, by one process, into SQLite
    with open_store(str(tmp_path / "ref.db")) as ref:
        ingest(read([str(src)]), ref, pipeline)
        ref_counts = ref.counts()
        ref_entities = {e["id"]: e for e in ref.export_rows("entities")}
        ref_quotes = [q["id"] for q in ref.export_rows("quotes")]
        ref_events = [e["id"] for e in ref.export_rows("events")]
        ref_mentions = ref.db.execute("SELECT count(*) FROM mentions").fetchone()[0]
        ref_inconsistent = _entity_consistency(ref)
    with PostgresStore(pg_url) as s:
        assert s.counts() == ref_counts and ref_counts["articles"] == 40
        assert [q["id"] for q in s.export_rows("quotes")] == ref_quotes
        assert [e["id"] for e in s.export_rows("events")] == ref_events
        with s.conn.cursor() as cur:
            cur.execute("SELECT count(*) AS n FROM mentions")
            assert cur.fetchone()["n"] == ref_mentions
        s.conn.rollback()
        ents = {e["id"]: e for e in s.export_rows("entities")}
        assert ents.keys() == ref_entities.keys()
        for eid, e in ents.items():  # order-independent parts of the merge (attribute lists follow write order)
            r = ref_entities[eid]
            assert (e["articles"], e["mentions"], e["aliases"]) == (r["articles"], r["mentions"], r["aliases"]), eid
        assert len(_entity_consistency(s)) == len(ref_inconsistent)
    print(f"two concurrent ingest processes: {elapsed:.1f}s; {'; '.join(m.group(0) for m in summaries)}")


def test_resolution_inputs_are_kept_per_article(store):
    """What cross-article resolution replays: each article's own entities, and the user's corrections."""
    a, b = _extraction(), _extraction(text="Olga Nesteruk spoke again in Minsk on Monday. \"We want change,\" she said.")
    store.write([a, b])
    rows = list(store.article_entities())
    assert sorted(r[0] for r in rows) == sorted([a.article.id, b.article.id])
    assert all(ents[0]["name"] == "Olga Nesteruk" and ents[0]["attributes"]["roles"] == ["landscape designer"]
               for _, _, ents in rows)
    rule = {"op": "merge", "type": "PERSON", "a": "x", "b": "y"}
    store.add_correction(rule)
    store.add_correction(rule)  # the same correction twice is kept once
    assert store.corrections() == [rule]
