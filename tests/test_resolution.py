"""The record across articles, kept in the store and updated incrementally: spelling variants, disputes, order
independence, incremental == full replay, corrections, migration from v2, concurrent resolvers on PostgreSQL.

Articles go through the real pipeline once per module; the tests then write them (``store.write``, what ingest's
flush does) and run the resolution step (``resolution.update``), on SQLite and on a real PostgreSQL."""
import random
import subprocess
import sys
import threading

import pytest

from kronika import resolution
from kronika.pipeline import ingest
from kronika.read import read
from kronika.records import EVENT_STATUSES, Article, Extraction
from kronika.resolution import find_entity, replay_snapshot, snapshot, timeline, update
from kronika.store import open_store
from kronika.store.postgres import SCHEMA_VERSION as PG_VERSION
from kronika.store.postgres import PostgresStore
from kronika.store.sqlite import SCHEMA_VERSION
from tests.conftest import EXAMPLE, ROOT
from tests.store_fixtures import open_backend, pg_server, pg_url, reopen, store  # noqa: F401

REPORTS = [
    ("Police detained dozens of protesters in Minsk on Saturday, officials said. Svetlana Tikhanovskaya, "
     "the opposition leader, condemned the arrests.", "2020-08-16", "https://a.example/1"),
    ("Belarusian riot police detained protesters in Minsk on Saturday. Opposition leader Svetlana "
     "Tsikhanouskaya condemned the arrests from Lithuania.", "2020-08-16", "https://b.example/2"),
    ("Police killed two protesters in Minsk on Sunday, officials say. Alexander Lukashenko blamed foreign "
     "governments.", "2020-08-17", "https://c.example/3"),
    ("Police killed three protesters in Minsk on Sunday, the opposition says. Aleksandr Lukashenka blamed "
     "foreign governments.", "2020-08-17", "https://d.example/4"),
    ("Viktor Lukashenko, the president's son, met officials in Minsk on Monday.", "2020-08-18", "https://e.example/5"),
]
MORE = [EXAMPLE, *sorted((ROOT / "tests" / "fixtures" / "wikinews").glob("*.json")),
        *sorted((ROOT / "tests" / "fixtures" / "wikinews_events").glob("*.json"))]


def _articles():
    return [Article(text=t, published=d, url=u, source=u) for t, d, u in REPORTS]


@pytest.fixture(scope="module")
def extracted(pipeline) -> list[Extraction]:
    """The five reports plus the example and the Wikinews fixtures, through the real pipeline once."""
    items = _articles() + [a for a in read([str(p) for p in MORE]) if isinstance(a, Article)]
    out = [r for r in pipeline.pipe(items) if isinstance(r, Extraction)]
    assert len(out) >= 10 and sum(len(x.events) for x in out) > 30
    return out


def _feed(store, exs: list[Extraction], batch: int = 1) -> None:
    """What ingest's flush does: write a batch, then the resolution step."""
    for i in range(0, len(exs), batch):
        store.write(exs[i:i + batch])
        update(store, wait=True)


def _same(a: dict, b: dict) -> None:
    for k in ("entity_ids", "event_clusters", "entities", "events"):
        assert a[k] == b[k], k


@pytest.fixture(scope="module")
def built(tmp_path_factory, pipeline):
    s = open_store(str(tmp_path_factory.mktemp("res") / "k.db"))
    ingest(iter(_articles()), s, pipeline)
    yield s
    s.close()


# -- what the record says -----------------------------------------------------------------------------------
def test_transliterations_are_one_entity_and_namesakes_two(built):
    t = find_entity(built, "Tikhanovskaya")
    assert t is not None and t["id"] == find_entity(built, "Tsikhanouskaya")["id"]
    assert t["articles"] == 2
    alex = find_entity(built, "Alexander Lukashenko")
    assert alex is not None and alex["id"] == find_entity(built, "Lukashenka")["id"]
    viktor = find_entity(built, "Viktor Lukashenko")
    assert viktor is not None and viktor["id"] != alex["id"]
    assert find_entity(built, alex["id"])["id"] == alex["id"] and find_entity(built, "Nobody Atall") is None


def test_reports_of_one_event_merge_and_keep_disputed_figures(built):
    days = timeline(built, country="BY")
    dead = [c for c in days if any("dead" in f for f in c["figures"])]
    assert dead, "the deaths were extracted"
    merged = [c for c in dead if len({s["article_id"] for s in c["sources"]}) == 2]
    assert merged, "the two reports of the deaths are one event"
    c = merged[0]
    assert c["disputed"] and "dead" in c["disputed_figures"]
    assert sorted(f["dead"]["min"] for f in c["figures"] if "dead" in f) == [2, 3]  # side by side, not merged
    assert built.event_cluster(c["events"][0])["id"] == c["id"]


def test_ingest_resolves_as_it_goes(built):
    assert built.pending_count() == 0
    _same(snapshot(built), replay_snapshot(built))


# -- incremental == full replay, whatever the order -----------------------------------------------------------
@pytest.mark.parametrize("batch", [1, 4])
def test_incremental_equals_full_replay(store, extracted, batch):  # noqa: F811
    _feed(store, extracted, batch)
    assert store.pending_count() == 0
    snap = snapshot(store)
    assert len(snap["events"]) < len(snap["event_clusters"])  # some reports were merged
    _same(snap, replay_snapshot(store))
    # the readers, on this backend
    assert find_entity(store, "Tsikhanouskaya")["id"] == find_entity(store, "Tikhanovskaya")["id"]
    by = timeline(store, country="by")
    assert by and all(c["date"]["start"] for c in by) and any(len(c["events"]) > 1 for c in by)
    assert timeline(store, since="2020-08-17", until="2020-08-17") and not timeline(store, entity="Nobody Atall")
    p = resolution.profile(store, "Lukashenka")
    assert p["entity"]["name"] in ("Alexander Lukashenko", "Aleksandr Lukashenka") and p["events"]
    assert all(e["cluster"]["id"] == store.event_cluster(e["id"])["id"] for e in p["events"])
    people = store.entity_clusters("PERSON", limit=5)
    assert people == sorted(people, key=lambda c: -c["mentions"]) and store.entity_records([people[0]["id"]])


def test_candidates_read_a_few_reports_at_a_time_give_the_same_record(store, extracted, monkeypatch):  # noqa: F811
    """A step reads the stored candidates of a chunk of its reports at a time (memory bound): chunks of two
    compare every pair exactly once, as one chunk does."""
    monkeypatch.setattr(resolution, "COMPARE_CHUNK", 2)
    _feed(store, extracted[:6], batch=6)
    st = update(store)
    store.write(extracted[6:])
    st = update(store)
    assert st.events > 4 and st.comparisons > 0
    _same(snapshot(store), replay_snapshot(store))


def test_shuffled_ingest_orders_give_the_same_record(request, tmp_path, extracted):
    snaps = []
    for seed in (1, 2, 3):
        order = list(extracted)
        random.Random(seed).shuffle(order)
        with open_store(str(tmp_path / f"{seed}.db")) as s:
            _feed(s, order, batch=seed)
            snaps.append(snapshot(s))
    with open_backend("postgres", request, tmp_path) as s:
        _feed(s, extracted[::-1], batch=2)
        snaps.append(snapshot(s))
    for other in snaps[1:]:
        _same(other, snaps[0])


def test_one_more_article_updates_only_what_it_touches(store, extracted):  # noqa: F811
    *rest, last = extracted
    _feed(store, rest, batch=len(rest))
    before = snapshot(store)
    store.write([last])
    st = update(store)
    after = snapshot(store)
    _same(after, replay_snapshot(store))
    assert st.articles == 1 and st.events == len(last.events)
    assert st.nodes_loaded < len(before["entity_ids"])  # the blocks its entities touch, not every node
    assert st.comparisons < len(before["event_clusters"]) * len(last.events)  # its blocks only, not the store
    new_events = {e.id for e in last.events}
    moved = {e for e, c in after["event_clusters"].items() if before["event_clusters"].get(e) != c}
    assert new_events <= moved
    touched = {after["event_clusters"][e] for e in new_events}
    assert all(after["event_clusters"][e] in touched for e in moved)  # only the new reports' clusters moved
    old_records = {c["id"]: c for c in before["events"]}
    assert all(old_records.get(c["id"]) == c for c in after["events"] if c["id"] not in touched)
    changed_nodes = {n for n, g in after["entity_ids"].items() if before["entity_ids"].get(n) != g}
    assert len(changed_nodes) <= len(last.entities)


# -- corrections, migration, concurrency ----------------------------------------------------------------------
def test_user_corrections_update_the_record_and_survive_reingest(store, extracted):  # noqa: F811
    five = extracted[:5]
    _feed(store, five[2:], batch=3)
    assert find_entity(store, "Viktor Lukashenko")["id"] != find_entity(store, "Alexander Lukashenko")["id"]
    # the user knows better (here: wrongly, but it is their call), and says so once
    rule = resolution.correct(store, "merge", "Viktor Lukashenko", "Alexander Lukashenko")
    assert rule["op"] == "merge" and store.corrections() == [rule]
    assert find_entity(store, "Viktor Lukashenko")["id"] == find_entity(store, "Alexander Lukashenko")["id"]
    with pytest.raises(ValueError, match="cannot be split"):
        resolution.correct(store, "split", "Svetlana Tikhanovskaya", "Svetlana Tsikhanouskaya")
    other = reopen(store)  # another process re-ingests everything: its resolver loads the correction
    try:
        _feed(other, extracted, batch=4)
        assert find_entity(other, "Viktor Lukashenko")["id"] == find_entity(other, "Aleksandr Lukashenka")["id"]
        _same(snapshot(other), replay_snapshot(other))
    finally:
        other.close()
    # the first process resolves again with what the other wrote (every step reads its blocks from the store)
    alex = find_entity(store, "Alexander Lukashenko")["id"]
    resolution.correct(store, "split", alex, "Lukashenko")
    _same(snapshot(store), replay_snapshot(store))


def _downgrade_to_v2(s) -> None:
    drop = ["event_blocks", "event_links", "event_cluster_members", "event_clusters", "entity_nodes",
            "entity_clusters", "entity_names", "resolution_pending", "resolution_meta"]
    if isinstance(s, PostgresStore):
        with s.conn.transaction(), s.conn.cursor() as cur:
            for t in drop:
                cur.execute(f"DROP TABLE {t}")
            cur.execute("DROP INDEX quotes_speaker_entity")
            cur.execute("ALTER TABLE article_entities DROP COLUMN node_key")
            cur.execute("DELETE FROM kronika_schema_version WHERE version >= 3")
    else:
        s.db.executescript("BEGIN;" + "".join(f"DROP TABLE {t};" for t in drop)
                           + "DROP INDEX quotes_speaker_entity; DROP INDEX article_entities_node;"
                           "ALTER TABLE article_entities DROP COLUMN node_key; PRAGMA user_version=2; COMMIT;")


def test_a_v2_store_migrates_and_backfills(store, extracted):  # noqa: F811
    store.write(extracted)
    _downgrade_to_v2(store)
    again = reopen(store)  # opening migrates: every stored article is pending
    try:
        assert again.schema_version == _latest(again) and again.pending_count() == len(extracted)
        st = update(again)
        assert st.articles == len(extracted) and again.pending_count() == 0
        _same(snapshot(again), replay_snapshot(again))
    finally:
        again.close()


def test_a_v3_store_rebuilds_its_entities_in_blocks(store, extracted):  # noqa: F811
    """v4 gives entity nodes their block: a v3 store's entity record is dropped and every article queued;
    the next step rebuilds the entities and leaves the clustered event reports as they were."""
    _feed(store, extracted, batch=len(extracted))
    events_before = snapshot(store)["event_clusters"]
    _downgrade_to_v4(store)
    if isinstance(store, PostgresStore):
        with store.conn.transaction(), store.conn.cursor() as cur:
            cur.execute("ALTER TABLE entity_nodes DROP COLUMN block")
            cur.execute("DELETE FROM kronika_schema_version WHERE version = 4")
    else:
        store.db.executescript("BEGIN; DROP INDEX entity_nodes_block; ALTER TABLE entity_nodes DROP COLUMN block;"
                               " PRAGMA user_version=3; COMMIT;")
    _reopened_rebuilds_entities(store, extracted, events_before)


def _reopened_rebuilds_entities(store, extracted, events_before) -> None:
    """Reopening migrates with every article pending and no entities; the next step rebuilds them as a replay
    would, without comparing any event report again."""
    again = reopen(store)
    try:
        assert again.schema_version == _latest(again) and again.pending_count() == len(extracted)
        assert snapshot(again)["entities"] == []
        st = update(again)
        assert st.articles == len(extracted) and st.comparisons == 0 and again.pending_count() == 0
        assert snapshot(again)["event_clusters"] == events_before
        _same(snapshot(again), replay_snapshot(again))
    finally:
        again.close()


def _latest(s) -> int:
    return PG_VERSION if isinstance(s, PostgresStore) else SCHEMA_VERSION


def _downgrade_to_v4(s) -> None:
    """Drop what v5 added: the clusters' place country and statuses columns."""
    if isinstance(s, PostgresStore):
        with s.conn.transaction(), s.conn.cursor() as cur:
            cur.execute("DROP INDEX event_clusters_type_country")
            cur.execute("ALTER TABLE event_clusters DROP COLUMN country")
            cur.execute("ALTER TABLE event_clusters DROP COLUMN statuses")
            cur.execute("DELETE FROM kronika_schema_version WHERE version >= 5")
    else:
        s.db.executescript("BEGIN; DROP INDEX event_clusters_type_country; ALTER TABLE event_clusters DROP COLUMN"
                           " country; ALTER TABLE event_clusters DROP COLUMN statuses; PRAGMA user_version=4; COMMIT;")


def _cluster_columns(s) -> dict:
    return {r["id"]: (r["country"], r["statuses"])
            for r in s._sql().run("SELECT id, country, statuses FROM event_clusters", [])}


def test_a_v4_store_gets_cluster_countries_and_statuses(store, extracted):  # noqa: F811
    """v5 fills the new columns from the stored cluster records: the same values a resolution step writes."""
    _feed(store, extracted, batch=len(extracted))
    written = _cluster_columns(store)
    assert written and any(c for c, _ in written.values())
    assert all(st[0] == st[-1] == "|" and set(st.strip("|").split("|")) <= set(EVENT_STATUSES)
               for _, st in written.values())
    _downgrade_to_v4(store)
    again = reopen(store)
    try:
        assert again.schema_version == _latest(again)
        assert _cluster_columns(again) == written
    finally:
        again.close()


def test_a_v5_store_rebuilds_its_entities_with_family_names_first(store, extracted):  # noqa: F811
    """v6 reads "Kim Jong Un" family name first: a v5 store's entity record is dropped and every article queued;
    the next step rebuilds the entities as a replay would and leaves the clustered event reports as they were."""
    _feed(store, extracted, batch=len(extracted))
    events_before = snapshot(store)["event_clusters"]
    if isinstance(store, PostgresStore):
        with store.conn.transaction(), store.conn.cursor() as cur:
            cur.execute("DELETE FROM kronika_schema_version WHERE version >= 6")
    else:
        store.db.execute("PRAGMA user_version=5")
    _reopened_rebuilds_entities(store, extracted, events_before)


def test_a_crashed_step_leaves_the_articles_pending(store, extracted, monkeypatch):  # noqa: F811
    store.write(extracted[:3])

    def boom(*a, **k):
        raise RuntimeError("killed mid-step")
    monkeypatch.setattr(resolution, "_entities_step", boom)  # after the events were written, before commit
    with pytest.raises(RuntimeError):
        update(store)
    monkeypatch.undo()
    assert store.pending_count() == 3 and snapshot(store)["event_clusters"] == {}
    _feed(store, extracted[3:], batch=5)
    _same(snapshot(store), replay_snapshot(store))


def test_writers_taking_turns_read_each_others_rows(store, extracted):  # noqa: F811
    other = reopen(store)  # another process on the same store
    try:
        for i, ex in enumerate(extracted):
            w = (store, other)[i % 2]
            w.write([ex])
            update(w)
        _same(snapshot(store), replay_snapshot(store))
    finally:
        other.close()


def test_a_user_merge_across_blocks_holds_for_later_articles(store, extracted):  # noqa: F811
    """A merge joins nodes of two blocks (two surnames): a later article naming only one of them loads the
    other through the merged id, and the record stays what a full replay gives."""
    _feed(store, extracted[:4], batch=4)
    resolution.correct(store, "merge", "Svetlana Tikhanovskaya", "Alexander Lukashenko")
    merged = find_entity(store, "Tsikhanouskaya")["id"]
    assert find_entity(store, "Aleksandr Lukashenka")["id"] == merged
    _feed(store, extracted[4:], batch=1)
    assert find_entity(store, "Alexander Lukashenko")["id"] == find_entity(store, "Svetlana Tikhanovskaya")["id"]
    _same(snapshot(store), replay_snapshot(store))


def test_pg_concurrent_resolvers_neither_duplicate_nor_lose(pg_url, extracted):  # noqa: F811
    stores = [PostgresStore(pg_url) for _ in range(3)]
    errors = []

    def run(k: int) -> None:
        try:
            mine = extracted[k::3]
            for i in range(0, len(mine), 2):
                stores[k].write(mine[i:i + 2])
                update(stores[k], wait=k != 0)  # one of them never waits: the lock holder resolves for it
            update(stores[k], wait=True)
        except Exception as e:  # noqa: BLE001
            errors.append(e)
    threads = [threading.Thread(target=run, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    try:
        s = stores[0]
        assert s.pending_count() == 0
        snap = snapshot(s)
        assert set(snap["event_clusters"]) == {e.id for x in extracted for e in x.events}
        _same(snap, replay_snapshot(s))
        with s.resolution(wait=True), stores[1].resolution(wait=False) as second:
            assert second is None  # the lock is held: no second resolver
    finally:
        for st in stores:
            st.close()


def test_rebuild_gives_the_same_record(store, extracted):  # noqa: F811
    _feed(store, extracted, batch=6)
    before = snapshot(store)
    st = resolution.rebuild(store)
    assert st.articles == len(extracted)
    _same(snapshot(store), before)


# -- the command line -----------------------------------------------------------------------------------------
def test_cli_timeline_entity_resolve_and_corrections(tmp_path, built):
    db = built.url
    run = lambda *a: subprocess.run([sys.executable, "-m", "kronika", *a, "--db", db], capture_output=True,  # noqa: E731
                                    text=True, cwd=ROOT, timeout=300)
    t = run("timeline", "--country", "BY")
    assert t.returncode == 0 and "2020-08-" in t.stdout and "sources]" in t.stdout and "disputed" in t.stdout
    e = run("entity", "Tsikhanouskaya")
    assert e.returncode == 0 and e.stdout.startswith("Svetlana") and "Events (" in e.stdout
    assert run("entity", "Nobody Atall").returncode == 1
    lst = run("entities", "list", "--type", "PERSON")
    assert lst.returncode == 0 and "Tsikhanouskaya" in lst.stdout  # one line: the aliases are listed with it
    m = run("entities", "merge", "Viktor Lukashenko", "Alexander Lukashenko")
    assert m.returncode == 0, m.stderr
    assert find_entity(built, "Viktor Lukashenko")["id"] == find_entity(built, "Alexander Lukashenko")["id"]
    built._sql().run("UPDATE event_cluster_members SET report_version = 'older-rules'")
    r = run("resolve")
    assert r.returncode == 0 and "clustered under other rules" in r.stderr
    r = run("resolve", "--rebuild")
    assert r.returncode == 0 and "resolved 5 articles" in r.stderr and "other rules" not in r.stderr
    assert find_entity(built, "Viktor Lukashenko")["id"] == find_entity(built, "Alexander Lukashenko")["id"]
    _same(snapshot(built), replay_snapshot(built))


def test_loading_cluster_shards_resolves_them(tmp_path, extracted):
    from kronika.cluster import load, write_shard

    shards = tmp_path / "shards"
    shards.mkdir()
    write_shard(str(shards), "a", extracted[:6])
    write_shard(str(shards), "b", extracted[6:])
    with open_store(str(tmp_path / "k.db")) as s:
        rep = load(str(shards), s, batch=4)
        assert rep.new == len(extracted) and rep.resolved.articles == len(extracted) and s.pending_count() == 0
        _same(snapshot(s), replay_snapshot(s))


def test_stored_reports_read_back_as_computed(extracted):
    """A later report is compared with the stored form of an earlier one: it must be the same report."""
    from kronika.resolve.events import link, report

    reports = [report(e.export()) for x in extracted for e in x.events]
    back = [resolution.decode_report(resolution.encode_report(r), type(r)) for r in reports]
    assert all({k: v for k, v in vars(a).items() if k != "ev"} == {k: v for k, v in vars(b).items() if k != "ev"}
               for a, b in zip(reports, back))
    assert [link(a, b) for a in reports[:40] for b in reports[:40]] == [link(a, b) for a in back[:40] for b in back[:40]]
    assert len(resolution.rules_version()) == 16


def test_reports_carry_their_article_story(tmp_path, extracted):
    """Each stored comparable report keeps its article's story terms (title and lead), the article-level
    evidence that lets two outlets' reports of one story link on less sentence overlap."""
    import json

    from kronika.resolve.events import STORY_LEAD, story_terms

    with open_store(str(tmp_path / "s.db")) as s:
        _feed(s, extracted, batch=2)
        rows = s.db.execute("SELECT m.report, e.article_id FROM event_cluster_members m"
                            " JOIN events e ON e.id = m.event_id").fetchall()
        assert rows
        for report_json, article_id in rows:
            a = s.article(article_id)
            assert story_terms(a["title"], a["text"][:STORY_LEAD])[0] in json.dumps(json.loads(report_json))
