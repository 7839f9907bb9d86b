"""The timeline and the map list real events: one row / one point per event cluster (its reports merged), with the
number of sources and the disputed figures, linking to the event page. Reports not resolved yet are listed as events
of their own. The queries (kronika/store/cluster_browse.py) run on SQLite and on a real PostgreSQL.

The five reports of tests/test_resolution.py go through the real pipeline: two outlets on the Minsk arrests of
Saturday (2020-08-15), two on the killings of Sunday (2020-08-16; two dead against three: disputed), one on a meeting
on Monday, and two pairs of undated accusations -- 9 reports, 5 real events."""
import re

import pytest
from fastapi.testclient import TestClient

from kronika.pipeline import ingest
from kronika.records import Extraction
from kronika.resolution import update
from kronika.store import EventFilter, open_store
from kronika.store.cluster_browse import EventClusterBrowser
from kronika.web import data
from kronika.web.app import create_app
from tests.store_fixtures import pg_server, pg_url, store  # noqa: F401 - fixtures used by name
from tests.test_resolution import _articles

REPORTS, EVENTS = 9, 5


@pytest.fixture(scope="module")
def resolved_db(tmp_path_factory, pipeline):
    path = str(tmp_path_factory.mktemp("webclusters") / "k.db")
    with open_store(path) as s:
        ingest(iter(_articles()), s, pipeline)  # writes and resolves
    return path


@pytest.fixture(scope="module")
def client(resolved_db):
    with TestClient(create_app(resolved_db)) as c:
        yield c


@pytest.fixture(scope="module")
def extracted(pipeline) -> list[Extraction]:
    out = [r for r in pipeline.pipe(_articles()) if isinstance(r, Extraction)]
    assert len(out) == 5 and sum(len(x.events) for x in out) == REPORTS
    return out


def _row(items, type_):
    (row,) = [i for i in items if i["type"] == type_]
    return row


# -- the web app -------------------------------------------------------------------------------------------------
def test_timeline_lists_one_row_per_real_event_with_its_sources(client):
    res = client.get("/api/timeline?limit=1000").json()
    assert res["total"] == EVENTS and res["reports"] == REPORTS and len(res["items"]) == EVENTS
    assert client.get("/api/events?limit=1000").json()["total"] == REPORTS  # the reports API is unchanged
    arrests = _row(res["items"], "COERCE")
    assert arrests["sources"] == 2 and arrests["reports"] == 2 and len(arrests["articles"]) == 2
    assert arrests["date"]["start"] == "2020-08-15" and arrests["resolved"]
    killed = _row(res["items"], "ASSAULT")
    assert killed["disputed"] and killed["disputed_figures"] == ["dead"] and killed["sources"] == 2

    html = client.get("/timeline").text
    assert html.count('class="evlink"') == EVENTS  # one row per real event, not one per report
    day = re.search(r'<time datetime="2020-08-15">.*?</li>\s*</ul>', html, re.S).group(0)
    assert day.count('class="evlink"') == 1 and "2 sources" in day
    assert all(f'href="/articles/{a["id"]}"' in day for a in arrests["articles"])
    sunday = re.search(r'<time datetime="2020-08-16">.*?</li>\s*</ul>', html, re.S).group(0)
    assert "disputed: dead" in sunday and re.search(r'class="fig disputed"[^>]*>dead: (two / three|three / two)<',
                                                    sunday)
    assert f"{EVENTS} events" in html and f"{REPORTS} reports merged" in html
    # the chart counts real events: one bar per day, one event each
    assert re.search(r"<title>2020-08-15: 1 event</title>", html)


def test_overview_and_filters_count_real_events(client):
    ov = client.get("/api/overview").json()
    assert ov["counts"]["real_events"] == EVENTS and ov["counts"]["events"] == REPORTS
    assert sum(d["count"] for d in ov["per_day"]) == 3  # three dated real events; five dated reports
    events = {f["value"]: f["count"] for f in client.get("/api/facets").json()["type"]}
    reports = {f["value"]: f["count"] for f in client.get("/api/facets?per=report").json()["type"]}
    assert events["COERCE"] == 1 and reports["COERCE"] == 2 and sum(events.values()) == EVENTS
    assert sum(reports.values()) == REPORTS and ov["facets"]["type"] == client.get("/api/facets").json()["type"]
    html = client.get("/").text
    assert re.search(r"<strong>5</strong><span>events</span>", html)
    assert re.search(r"<strong>9</strong><span>event reports</span>", html)
    assert 'href="/timeline?type=COERCE">COERCE 1<' in html
    for page in ("/timeline", "/map"):  # the country filter: BY has 2 real events (4 reports)
        assert re.search(r'<option value="BY"[^>]*>BY \(2\)</option>', client.get(page).text), page


def test_timeline_row_links_to_the_event_page_of_its_cluster(client):
    arrests = _row(client.get("/api/timeline").json()["items"], "COERCE")
    d = client.get(f"/api/events/{arrests['event_id']}").json()
    assert d["cluster"]["id"] == arrests["id"] and d["cluster"]["sources"] == 2
    assert d["event"]["date"]["start"] == arrests["date"]["start"]  # a report dated as the cluster is
    assert "2 sources" in client.get(f"/events/{arrests['event_id']}").text


def test_timeline_filters_apply_to_real_events(client):
    def ids(qs):
        r = client.get("/api/timeline?limit=1000&" + qs).json()
        assert r["total"] == len(r["items"])
        return [i["type"] for i in r["items"]]

    assert ids("type=ASSAULT") == ["ASSAULT"]
    assert ids("country=BY") == ["COERCE", "ASSAULT"]  # the clusters placed in Belarus
    assert ids("since=2020-08-16&until=2020-08-16") == ["ASSAULT"]  # by the cluster's own date
    assert ids("since=2020-08-16") == ["ASSAULT", "CONSULT"]  # undated events have no date to compare
    # one outlet wrote "Tsikhanouskaya", the cluster shows "Tikhanovskaya": a report's spelling still finds it
    (row,) = client.get("/api/timeline?actor=Tsikhanouskaya").json()["items"]
    assert row["type"] == "ACCUSE" and row["sources"] == 2 and row["actors"][0]["name"] == "Svetlana Tikhanovskaya"
    assert ids("status=occurred") and not ids("status=planned") and not ids("type=PROTEST")
    html = client.get("/timeline?type=ASSAULT", headers={"HX-Request": "true"}).text
    assert html.count('class="evlink"') == 1 and "2 sources" in html and "<html" not in html
    assert "No events match" in client.get("/timeline?since=2099-01-01").text


def test_timeline_pages_cover_every_real_event_once(client):
    whole = [i["id"] for i in client.get("/api/timeline?limit=1000").json()["items"]]
    paged = []
    for page in (1, 2, 3):
        paged += [i["id"] for i in client.get(f"/api/timeline?limit=2&page={page}").json()["items"]]
    assert paged == whole and len(set(whole)) == EVENTS
    desc = [(i["date"] or {}).get("start") for i in client.get("/api/timeline?order=desc").json()["items"]]
    assert desc == ["2020-08-17", "2020-08-16", "2020-08-15", None, None]
    html = client.get("/timeline?per_page=2&page=2").text
    assert html.count('class="evlink"') == 2 and "page 2 of 3" in html


def test_map_has_one_point_per_real_event(client):
    feats = client.get("/api/map").json()["features"]
    assert [f["properties"]["type"] for f in feats] == ["COERCE", "ASSAULT"]  # 4 placed reports, 2 real events
    assert all(f["properties"]["sources"] == 2 and f["properties"]["country"] == "BY" for f in feats)
    killed = feats[1]["properties"]
    assert killed["disputed"] and killed["disputed_figures"] == ["dead"]
    assert client.get(f"/api/events/{killed['id']}").json()["cluster"]["id"] == killed["cluster"]
    assert len(client.get("/api/map?per=report").json()["features"]) == 4
    assert [f["properties"]["type"] for f in client.get("/api/map?type=ASSAULT").json()["features"]] == ["ASSAULT"]
    assert client.get("/api/map?per=cluster").status_code == 422
    assert f"{EVENTS} events match" in client.get("/map").text


def test_reports_pending_resolution_are_listed_as_events_of_their_own(tmp_path, extracted, monkeypatch):
    """A store whose record across articles is not written yet (a writer that has not resolved, a read-only
    file): the timeline lists its reports, one row each, until they are resolved."""
    path = str(tmp_path / "pending.db")
    with open_store(path) as s:
        s.write(extracted)
    monkeypatch.setattr(data, "resolve_pending", lambda store: None)  # as when the file cannot be written
    with TestClient(create_app(path)) as c:
        res = c.get("/api/timeline?limit=1000").json()
        assert res["total"] == REPORTS and not any(i["resolved"] for i in res["items"])
        assert all(i["sources"] == 1 and i["id"] is None for i in res["items"])
        html = c.get("/timeline").text
        assert html.count('class="evlink"') == REPORTS and "not yet merged" in html
        assert len(c.get("/api/map").json()["features"]) == 4
    monkeypatch.undo()
    with TestClient(create_app(path)) as c:  # the app resolves what is pending when it starts
        assert c.get("/api/timeline").json()["total"] == EVENTS


# -- the queries, on both backends -------------------------------------------------------------------------------
def test_cluster_queries_on_both_backends(store, extracted):
    cb = EventClusterBrowser.of(store)
    store.write(extracted[:2])  # the two reports of the arrests, and the two of the accusations: not resolved
    assert cb.count(EventFilter()) == {"events": 4, "reports": 4}
    assert {r["resolved"] for r in cb.rows(EventFilter())} == {False}
    update(store)
    store.write(extracted[2:])  # resolved: 2 clusters; pending: 5 reports
    assert cb.count(EventFilter()) == {"events": 7, "reports": REPORTS}
    f = cb.facets()  # clusters by their own values, pending reports each on their own
    assert sum(x["count"] for x in f["type"]) == 7 and {"value": "COERCE", "count": 1} in f["type"]
    update(store)
    assert cb.count(EventFilter()) == {"events": EVENTS, "reports": REPORTS}
    rows = cb.rows(EventFilter())
    assert [(r["date"] or {}).get("start") for r in rows] == ["2020-08-15", "2020-08-16", "2020-08-17", None, None]
    assert [r["sources"] for r in rows] == [2, 2, 1, 2, 2] and all(r["resolved"] for r in rows)
    assert all(a["id"] for r in rows for a in r["articles"]) and rows[1]["disputed_figures"] == ["dead"]
    newest = cb.rows(EventFilter(limit=2, offset=1), newest_first=True)
    assert [r["id"] for r in newest] == [rows[1]["id"], rows[0]["id"]]
    assert cb.per_day(EventFilter()) == [{"day": d, "count": 1} for d in ("2020-08-15", "2020-08-16", "2020-08-17")]
    f = cb.facets()
    assert f["type"] == [{"value": "ACCUSE", "count": 2}] + [{"value": t, "count": 1} for t in ("ASSAULT", "COERCE",
                                                                                                  "CONSULT")]
    assert {"value": "BY", "count": 2} in f["country"] and f["status"] == [{"value": "occurred", "count": EVENTS}]
    assert [d["value"] for d in f["dates"]] == ["2020-08-15", "2020-08-17"]

    def types(**kw):
        return [r["type"] for r in cb.rows(EventFilter(**kw))]

    assert types(country="by") == ["COERCE", "ASSAULT"] and types(type="assault") == ["ASSAULT"]
    assert types(since="2020-08-16", until="2020-08-16") == ["ASSAULT"] and types(status="planned") == []
    assert types(actor="Tsikhanouskaya") == ["ACCUSE"] and types(actor="%") == []
    assert cb.count(EventFilter(actor="Lukashen")) == {"events": 2, "reports": 3}
    pts = cb.map_points(EventFilter())
    assert [(p["type"], p["sources"], p["country"], p["disputed"]) for p in pts] == [
        ("COERCE", 2, "BY", False), ("ASSAULT", 2, "BY", True)]
    assert all(isinstance(p["lat"], float) for p in pts) and {p["id"] for p in pts} <= {r["event_id"] for r in rows}
