import json
import sqlite3

import pytest

from kronika.records import Article, Count, DateValue, Entity, EntityRef, Event, Extraction, Place, Quote, Source
from kronika.store import EventFilter, QuoteFilter, StoreError, open_store
from kronika.store.sqlite import SCHEMA_VERSION


def _extraction(text="Protesters marched in Minsk on Saturday. \"We want change,\" said Olga Nesteruk.",
                published="2020-08-16") -> Extraction:
    a = Article(text=text, title="Minsk march", published=published, url="https://example.org/a",
                authors=["A. Writer"], publisher="Example", language="en")
    at = text.find("We want change,")
    q = Quote(article_id=a.id, text="We want change,", kind="direct", start=max(at, 0),
              end=max(at, 0) + len("We want change,"), cue="said",
              speaker=EntityRef(text="Olga Nesteruk", name="Olga Nesteruk", entity_id="e1"))
    ev = Event(type="PROTEST", mode="demo", sources=[Source(article_id=a.id, sentence=text[:40], start=0, end=40,
                                                             url=a.url, published=published)],
               date=DateValue(start="2020-08-15", end="2020-08-15", precision="day", text="on Saturday"),
               actors=[EntityRef(text="Protesters", country="BY")],
               location=Place(text="Minsk", name="Minsk", country_code="BY", lat=53.9, lon=27.56, geonameid=625144),
               size=Count(min=1000, max=None, text="thousands"), trigger="marched")
    ent = Entity(name="Olga Nesteruk", type="PERSON", aliases=["Nesteruk"],
                 attributes={"age": None, "roles": ["landscape designer"], "country": None}, articles=1, mentions=2)
    return Extraction(article=a, quotes=[q], events=[ev], entities=[ent])


def test_new_store_is_migrated_and_in_wal_mode(tmp_path):
    path = tmp_path / "k.db"
    with open_store(str(path)) as s:
        assert s.schema_version == SCHEMA_VERSION >= 1
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cols = {r[1] for r in s.db.execute("PRAGMA table_info(events)")}
        assert {"latitude", "longitude"} <= cols
    with open_store(str(path)) as s:  # reopening applies nothing twice
        assert s.schema_version == SCHEMA_VERSION


def test_write_is_idempotent(store):
    ex = _extraction()
    first = store.write([ex])
    again = store.write([_extraction()])
    assert first.new == [ex.article.id] and again.new == [] and again.existing == [ex.article.id]
    assert store.counts() == {"articles": 1, "quotes": 1, "events": 1, "entities": 1, "failures": 0}
    ent = next(store.export_rows("entities"))
    assert ent["articles"] == 1 and ent["mentions"] == 2  # not counted twice


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
    with pytest.raises(sqlite3.IntegrityError):
        store.write([good, bad])
    assert store.counts()["articles"] == 0 and store.counts()["quotes"] == 0


def test_full_text_search_and_lookup(store):
    ex = _extraction()
    store.write([ex])
    hits = store.search("marched minsk")
    assert [h["id"] for h in hits] == [ex.article.id]
    assert "[" in hits[0]["snippet"]
    assert store.search('"unbalanced (query AND') == []  # odd syntax is not an error
    assert store.article(ex.article.id[:8])["title"] == "Minsk march"
    assert store.article("ffffffffffff") is None


def test_filters(store):
    store.write([_extraction()])
    assert len(store.quotes(QuoteFilter(speaker="Nesteruk"))) == 1
    assert store.quotes(QuoteFilter(speaker="Putin")) == []
    assert store.quotes(QuoteFilter(kind="direct"))[0]["article_title"] == "Minsk march"
    assert len(store.events(EventFilter(type="protest", country="by", since="2020-08-01"))) == 1
    assert store.events(EventFilter(until="2020-08-01")) == []
    assert len(store.events(EventFilter(actor="Protesters"))) == 1


def test_failures_are_kept(store):
    store.record_failure("a.jsonl:3", "broken JSON")
    assert store.failures()[0]["reason"] == "broken JSON"


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


def test_event_record_round_trips(store):
    ex = _extraction()
    store.write([ex])
    (row,) = store.events(EventFilter())
    assert row == json.loads(json.dumps(ex.events[0].export()))
