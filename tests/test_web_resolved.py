"""The web app reads the record across articles: one person per real person (not one per spelling), event pages
show the real event (sources, disputed figures), and an article stored from Try it is resolved at once."""
import re

import pytest
from fastapi.testclient import TestClient

from kronika.pipeline import ingest
from kronika.records import entity_id
from kronika.store import open_store
from kronika.web.app import create_app
from tests.test_resolution import _articles


@pytest.fixture(scope="module")
def resolved_db(tmp_path_factory, pipeline):
    path = str(tmp_path_factory.mktemp("webres") / "k.db")
    with open_store(path) as s:
        ingest(iter(_articles()), s, pipeline)
    return path


@pytest.fixture(scope="module")
def client(resolved_db):
    with TestClient(create_app(resolved_db)) as c:
        yield c


def test_most_mentioned_people_are_resolved_entities(client):
    people = client.get("/api/overview").json()["people"]
    names = [p["name"] for p in people]
    assert "Svetlana Tikhanovskaya" in names and "Svetlana Tsikhanouskaya" not in names  # one person, not two
    tikh = next(p for p in people if p["name"] == "Svetlana Tikhanovskaya")
    assert tikh["articles"] == 2
    listed = client.get("/api/entities?type=PERSON&q=lukash").json()["items"]
    assert {e["name"] for e in listed} == {"Aleksandr Lukashenka", "Viktor Lukashenko"}
    html = client.get("/entities?type=PERSON").text
    assert html.count(">Svetlana Tikhanovskaya</a>") == 1 and "Tsikhanouskaya</a>" not in html


def test_entity_page_by_any_spelling_shows_the_cluster(client):
    local = entity_id("PERSON", "Svetlana Tsikhanouskaya")  # what mentions and quotes in one article carry
    d = client.get(f"/api/entities/{local}").json()
    assert d["resolved"] and d["entity"]["name"] == "Svetlana Tikhanovskaya"
    assert "Svetlana Tsikhanouskaya" in d["entity"]["aliases"] and len(d["articles"]) == 2
    same = client.get(f"/api/entities/{d['entity']['id']}").json()
    assert same["entity"] == d["entity"]
    html = client.get(f"/entities/{local}").text
    assert "Svetlana Tsikhanouskaya" in html and "opposition leader" in html and "aliases" in html


def test_event_page_shows_the_real_event_and_its_disputed_figures(client, resolved_db):
    with open_store(resolved_db) as s:
        c = next(c for c in s.event_clusters() if c["disputed"])
    ev = c["events"][0]
    d = client.get(f"/api/events/{ev}").json()
    assert d["cluster"]["id"] == c["id"] and d["cluster"]["sources"] == 2 and d["cluster"]["disputed"]
    assert [r["id"] for r in d["related"]] == [e for e in c["events"] if e != ev]
    html = client.get(f"/events/{ev}").text
    assert re.search(r"2 sources", html) and "disputed: dead" in html and "Other reports of this event" in html


def test_an_article_stored_from_try_it_is_resolved(client, resolved_db):
    before = next(p for p in client.get("/api/overview").json()["people"] if p["name"] == "Svetlana Tikhanovskaya")
    text = ("Svetlana Tsikhanouskaya met European leaders in Vilnius on Tuesday. Police detained protesters "
            "in Minsk on Saturday, officials said.")
    r = client.post("/try", data={"text": text, "kind": "text", "store_it": "1"}, follow_redirects=False)
    assert r.status_code == 303
    with open_store(resolved_db) as s:
        assert s.pending_count() == 0
    tikh = next(p for p in client.get("/api/overview").json()["people"] if p["id"] == before["id"])
    assert tikh["articles"] == 3  # the cached overview moved on with the resolved record
    assert tikh["name"] == "Svetlana Tsikhanouskaya"  # now the most frequent spelling
