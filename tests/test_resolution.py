"""The record across articles, built from a real store: spelling variants, disputes, order, corrections."""
import random
import subprocess
import sys

import pytest

from kronika.pipeline import ingest
from kronika.records import Article
from kronika.resolution import resolve_store, timeline
from kronika.store import open_store
from tests.conftest import ROOT

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


def _articles():
    return [Article(text=t, published=d, url=u, source=u) for t, d, u in REPORTS]


@pytest.fixture(scope="module")
def built(tmp_path_factory, pipeline):
    s = open_store(str(tmp_path_factory.mktemp("res") / "k.db"))
    ingest(iter(_articles()), s, pipeline)
    yield s
    s.close()


def test_transliterations_are_one_entity_and_namesakes_two(built):
    res = resolve_store(built)
    t = res.find_entity("Tikhanovskaya")
    assert t is not None and t["id"] == res.find_entity("Tsikhanouskaya")["id"]
    assert t["articles"] == 2
    alex = res.find_entity("Alexander Lukashenko")
    assert alex is not None and alex["id"] == res.find_entity("Lukashenka")["id"]
    viktor = res.find_entity("Viktor Lukashenko")
    assert viktor is not None and viktor["id"] != alex["id"]


def test_reports_of_one_event_merge_and_keep_disputed_figures(built):
    res = resolve_store(built)
    days = timeline(res, country="BY")
    dead = [c for c in days if any("dead" in f for f in c["figures"])]
    assert dead, "the deaths were extracted"
    merged = [c for c in dead if len({s["article_id"] for s in c["sources"]}) == 2]
    assert merged, "the two reports of the deaths are one event"
    c = merged[0]
    assert c["disputed"] and "dead" in c["disputed_figures"]
    assert sorted(f["dead"]["min"] for f in c["figures"] if "dead" in f) == [2, 3]  # side by side, not merged


def test_same_record_whatever_the_ingest_order(tmp_path, pipeline):
    def record(order):
        with open_store(str(tmp_path / f"{'-'.join(map(str, order))}.db")) as s:
            arts = _articles()
            ingest(iter([arts[i] for i in order]), s, pipeline)
            res = resolve_store(s)
            return ([(c["id"], c["name"], c["articles"]) for c in res.clusters()],
                    [(c["id"], sorted(c["events"])) for c in res.events.clusters()])
    base = record(list(range(len(REPORTS))))
    order = list(range(len(REPORTS)))
    random.Random(7).shuffle(order)
    assert record(order) == base
    assert record(order[::-1]) == base


def test_user_corrections_survive_reingest_and_reopen(tmp_path, pipeline):
    db = str(tmp_path / "k.db")
    arts = _articles()
    with open_store(db) as s:
        ingest(iter(arts[2:]), s, pipeline)
        res = resolve_store(s)
        assert res.find_entity("Viktor Lukashenko")["id"] != res.find_entity("Alexander Lukashenko")["id"]
        # the user knows better (here: wrongly, but it is their call), and says so once
        s.add_correction(res.entities.merge("Viktor Lukashenko", "Alexander Lukashenko"))
        with pytest.raises(ValueError, match="cannot be split"):
            res.entities.split("Svetlana Tikhanovskaya", "Svetlana Tsikhanouskaya")  # one key: refused, said why
    with open_store(db) as s:
        ingest(iter(arts), s, pipeline)  # re-ingest: three already stored, two new
        res = resolve_store(s)
        assert res.find_entity("Viktor Lukashenko")["id"] == res.find_entity("Aleksandr Lukashenka")["id"]
        (rule,) = s.corrections()
        assert rule["op"] == "merge" and rule["type"] == "PERSON"


def test_cli_timeline_entity_and_corrections(tmp_path, built):
    db = built.url
    run = lambda *a: subprocess.run([sys.executable, "-m", "kronika", *a, "--db", db], capture_output=True,  # noqa: E731
                                    text=True, cwd=ROOT, timeout=300)
    t = run("timeline", "--country", "BY")
    assert t.returncode == 0 and "2020-08-" in t.stdout and "sources]" in t.stdout
    e = run("entity", "Tsikhanouskaya")
    assert e.returncode == 0 and e.stdout.startswith("Svetlana")
    assert run("entity", "Nobody Atall").returncode == 1
    m = run("entities", "merge", "Viktor Lukashenko", "Alexander Lukashenko")
    assert m.returncode == 0, m.stderr
    assert resolve_store(built).find_entity("Viktor Lukashenko")["id"] == \
        resolve_store(built).find_entity("Alexander Lukashenko")["id"]
