"""Store fixtures for tests/test_store.py: every store test runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest

from kronika.records import (Article, Count, DateValue, Entity, EntityRef, Event, Extraction, Mention, Place, Quote,
                             Source)
from kronika.store import open_store
from kronika.store.postgres import PostgresStore
from tests.pgserver import pg_server, pg_url  # noqa: F401 - fixtures used by name

BACKENDS = ["sqlite", "postgres"]


def open_backend(backend: str, request, tmp_path):
    if backend == "sqlite":
        return open_store(str(tmp_path / "k.db"))
    # PostgresStore directly, so the backend is tested even before open_store routes postgresql:// URLs
    return PostgresStore(request.getfixturevalue("pg_url"))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = open_backend(request.param, request, tmp_path)
    yield s
    s.close()


def reopen(store):
    """A second, independent connection to the same store (another process would have its own)."""
    if isinstance(store, PostgresStore):
        return PostgresStore(store.url)
    return open_store(store.url)


def extraction(text="Protesters marched in Minsk on Saturday. \"We want change,\" said Olga Nesteruk.",
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


NAMES = ["Olga Nesteruk", "Alexander Lukashenko", "Svetlana Tikhanovskaya", "Vladimir Putin", "Mike Pompeo",
         "Maria Kolesnikova", "Viktor Babariko"]


def synthetic(i: int) -> Extraction:
    """Article ``i`` of a corpus whose articles share people, so entity upserts collide across writers."""
    people = [NAMES[(i + k) % len(NAMES)] for k in range(3)]
    text = f"Report {i}: " + " ".join(f"{p} spoke in Minsk." for p in people) + ' "Enough," said ' + people[0] + "."
    a = Article(text=text, title=f"Report {i}", published=None if i % 5 == 0 else f"2020-08-{1 + i % 28:02d}",
                metadata={"source_id": f"src-{i}", "zeta": 1, "alpha": [i]}, language="en")
    mentions, entities = [], []
    for p in people:
        at = text.index(p)
        mentions.append(Mention(text=p, start=at, end=at + len(p), label="PERSON", name=p))
        entities.append(Entity(name=p, type="PERSON", aliases=[p.split()[-1], p], articles=1, mentions=1,
                               attributes={"age": None if i % 2 else 30 + i, "roles": [f"role{i % 3}"],
                                           "country": "BY"}))
    qs = text.index('"Enough,"') + 1
    quote = Quote(article_id=a.id, text="Enough,", kind="direct", start=qs, end=qs + 7, cue="said",
                  speaker=EntityRef(text=people[0], name=people[0], entity_id=entities[0].id))
    event = Event(type="CONSULT", sources=[Source(article_id=a.id, sentence=text[:30], start=0, end=30)],
                  date=DateValue(start=a.published, end=a.published, precision="day" if a.published else None),
                  actors=[EntityRef(text=people[0], name=people[0], entity_id=entities[0].id)],
                  location=Place(text="Minsk", name="Minsk", country_code="BY", lat=53.9, lon=27.56), trigger="spoke")
    return Extraction(article=a, quotes=[quote], events=[event], mentions=mentions, entities=entities)
