"""The web app (kronika serve): every page and API route, bad parameters, limits, and untrusted text.

The store is built from the example article (through the real pipeline) plus one hand-made hostile
article whose title, text, quote, speaker, entity, event and URL try to inject script.
"""
from __future__ import annotations

import inspect
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kronika.records import (Article, Count, DateValue, Entity, EntityRef, Event, Extraction, Mention, Place,
                             Quote, Source)
from kronika.store import open_store
from kronika.web.app import CSP, create_app, serve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "belarus-2020-08-16.txt"
WEB = ROOT / "kronika" / "web"

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_QUOTE = '" onmouseover="window.__xss=1'


def hostile_extraction() -> Extraction:
    """An article crafted to break out of HTML text and attributes, with records pointing into it."""
    p1 = f"Evil title text {XSS_SCRIPT} and an image {XSS_IMG} were posted in Minsk on Sunday."
    p2 = f'Thousands protested in Minsk, and the mayor said "{XSS_QUOTE}" to reporters.'
    text = p1 + "\n\n" + p2
    art = Article(text=text, title=XSS_SCRIPT + " headline", published="2020-08-16", url="javascript:window.__xss=1",
                  publisher=XSS_IMG, authors=[XSS_QUOTE], language="en", source="hostile")
    qs = text.index(XSS_QUOTE)
    speaker = EntityRef(text="the mayor", name=XSS_IMG, entity_id=None)
    quote = Quote(article_id=art.id, text=XSS_QUOTE, kind="direct", start=qs, end=qs + len(XSS_QUOTE),
                  cue="said", speaker=speaker)
    img_at = text.index(XSS_IMG)
    minsk1, minsk2 = text.index("Minsk"), text.index("Minsk", len(p1))
    evil_ent = Entity(name=XSS_IMG, type="PERSON", aliases=[XSS_SCRIPT, XSS_QUOTE],
                      attributes={"age": None, "roles": [XSS_QUOTE], "country": None}, articles=1, mentions=1)
    minsk = Entity(name="Minsk", type="GPE", aliases=["Minsk"], articles=1, mentions=2)
    mentions = [Mention(text=XSS_IMG, start=img_at, end=img_at + len(XSS_IMG), label="PERSON", name=XSS_IMG),
                Mention(text="Minsk", start=minsk1, end=minsk1 + 5, label="GPE", name="Minsk"),
                Mention(text="Minsk", start=minsk2, end=minsk2 + 5, label="GPE", name="Minsk")]
    s2 = len(p1) + 2
    event = Event(type="PROTEST", mode="demo", status="occurred",
                  sources=[Source(article_id=art.id, sentence=p2, start=s2, end=s2 + len(p2),
                                  url="javascript:window.__xss=1", published="2020-08-16")],
                  date=DateValue(start="2020-08-16", end="2020-08-16", precision="day", text="Sunday"),
                  actors=[EntityRef(text="Thousands", name=XSS_SCRIPT, entity_id=evil_ent.id, country="BY")],
                  location=Place(text="Minsk", name="Minsk", country_code="BY", lat=53.9, lon=27.567, geonameid=625144),
                  size=Count(min=1000, max=9999, text=XSS_QUOTE),
                  claimant=EntityRef(text="the mayor", name=XSS_IMG, entity_id=evil_ent.id), trigger="protested")
    return Extraction(article=art, quotes=[quote], events=[event], mentions=mentions, entities=[evil_ent, minsk])


def build_store(path: str, pipeline=None) -> dict[str, str]:
    """The example article through the real pipeline, plus the hostile one; returns ids for the tests."""
    from kronika.pipeline import Pipeline, ingest
    from kronika.read import read

    store = open_store(path)
    ingest(read([str(EXAMPLE)]), store, pipeline or Pipeline())
    hostile = hostile_extraction()
    store.write([hostile])
    db = store.db
    ids = {
        "article": db.execute("SELECT id FROM articles WHERE source != 'hostile' LIMIT 1").fetchone()[0],
        # a placed event whose place is named in its own sentence (others are placed from the article's context)
        "event": next(r[0] for r in db.execute(
            "SELECT id, record FROM events WHERE latitude IS NOT NULL AND date_start IS NOT NULL AND article_id != ?"
            " ORDER BY date_start, id", (hostile.article.id,))
            if json.loads(r[1])["location"]["text"] in json.loads(r[1])["sources"][0]["sentence"]),
        "entity": db.execute("SELECT id FROM entities WHERE type='PERSON' AND name NOT LIKE '%<%'"
                             " ORDER BY mentions DESC LIMIT 1").fetchone()[0],
        "hostile_article": hostile.article.id, "hostile_event": hostile.events[0].id,
        "hostile_entity": hostile.entities[0].id,
    }
    store.close()
    return ids


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("web") / "web.db"
    ids = build_store(str(path), pipeline)
    return str(path), ids


@pytest.fixture(scope="module")
def client(web_store):
    with TestClient(create_app(web_store[0])) as c:
        yield c


@pytest.fixture
def ids(web_store):
    return web_store[1]


PAGES = ["/", "/timeline", "/timeline?type=PROTEST&country=BY", "/map", "/map?status=occurred", "/articles",
         "/entities", "/entities?type=PERSON&q=Luka", "/search", "/search?q=protest", "/search?speaker=Lukashenko",
         "/search?q=police&speaker=a", "/try", "/docs"]


@pytest.mark.parametrize("url", PAGES)
def test_static_pages_render(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "<!doctype html>" in r.text


def test_pages_with_ids_render(client, ids):
    for url in (f"/events/{ids['event']}", f"/articles/{ids['article']}", f"/entities/{ids['entity']}"):
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])


def test_overview_shows_counts_chart_people(client):
    html = client.get("/").text
    assert 'class="count"' in html and "<svg" in html and "Most-mentioned people" in html
    assert "Lukashenko" in html and 'href="/articles/' in html


def test_timeline_filters_and_htmx_partial(client):
    full = client.get("/timeline?type=PROTEST")
    assert 'hx-get="/timeline"' in full.text and 'id="results"' in full.text
    part = client.get("/timeline?type=PROTEST", headers={"HX-Request": "true"})
    assert part.status_code == 200 and "<html" not in part.text and "<header" not in part.text
    assert "PROTEST" in part.text and "ASSAULT</span>" not in part.text
    assert part.headers.get("vary") == "HX-Request"


def test_api_events_filters(client):
    every = client.get("/api/events?limit=1000").json()
    assert every["total"] >= 5 and len(every["items"]) == every["total"]
    protests = client.get("/api/events?type=protest").json()
    assert protests["total"] >= 1 and all(e["type"] == "PROTEST" for e in protests["items"])
    by = client.get("/api/events?country=by").json()
    assert all(e["location"]["country_code"] == "BY" for e in by["items"])
    ranged = client.get("/api/events?since=2020-08-16&until=2020-08-16").json()
    assert all(e["date"]["start"] == "2020-08-16" for e in ranged["items"])
    status = client.get("/api/events?status=planned").json()
    assert all(e["status"] == "planned" for e in status["items"])
    actor = client.get("/api/events?actor=Lukashenko").json()
    assert actor["total"] >= 1
    page2 = client.get("/api/events?limit=2&page=2").json()
    assert page2["page"] == 2 and len(page2["items"]) <= 2
    days = client.get("/api/events/per-day").json()["days"]
    assert days and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["day"]) and d["count"] > 0 for d in days)


def test_api_event_article_entity(client, ids):
    ev = client.get(f"/api/events/{ids['event']}").json()
    assert ev["event"]["id"] == ids["event"] and ev["event"]["sources"] and "figures" in ev
    art = client.get(f"/api/articles/{ids['article']}").json()
    assert art["article"]["text"] and art["quotes"] and art["events"] and art["mentions"]
    assert all(art["article"]["text"][m["start"]:m["end"]] == m["text"] for m in art["mentions"])
    ent = client.get(f"/api/entities/{ids['entity']}").json()
    assert ent["entity"]["type"] == "PERSON" and ent["articles"]
    lst = client.get("/api/entities?type=PERSON&limit=5").json()["items"]
    assert 1 <= len(lst) <= 5 and all(e["type"] == "PERSON" for e in lst)
    arts = client.get("/api/articles?limit=1").json()
    assert arts["total"] == 2 and len(arts["items"]) == 1


def test_api_overview_facets_map_search(client):
    ov = client.get("/api/overview").json()
    assert ov["counts"]["articles"] == 2 and ov["per_day"] and ov["people"]
    facets = client.get("/api/facets").json()
    assert {f["value"] for f in facets["type"]} >= {"PROTEST"}
    geo = client.get("/api/map").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    f = geo["features"][0]
    assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2 and f["properties"]["id"]
    only_by = client.get("/api/map?country=BY").json()["features"]
    assert all(x["properties"]["country"] == "BY" for x in only_by)
    res = client.get("/api/search?q=rubber+bullets").json()
    assert res["articles"] and "[" in res["articles"][0]["snippet"]
    sp = client.get("/api/search?speaker=Lukashenko").json()
    assert sp["quotes"] and all("lukashenko" in (q["speaker"]["name"] or q["speaker"]["text"]).lower()
                                for q in sp["quotes"])
    both = client.get("/api/search?q=Belarus&speaker=Tikhanovskaya").json()
    assert all("tikhanovskaya" in (q["speaker"]["name"] or "").lower() for q in both["quotes"])


def test_event_page_highlights_evidence(client, ids):
    html = client.get(f"/events/{ids['event']}").text
    assert 'class="evidence"' in html
    assert 'class="ev-place"' in html or 'class="ev-actor"' in html
    assert "ev-trigger" in html  # the trigger word found from the lexicon
    assert f'href="/articles/{ids["article"]}' in html


def test_article_page_is_annotated(client, ids):
    html = client.get(f"/articles/{ids['article']}").text
    for cls in ('class="m m-PERSON"', 'class="q q-direct"', 'class="ev"', 'class="evtag', 'class="lbl"',
                'class="spk"', 'id="legend"'):
        assert cls in html, cls
    assert 'href="/entities/' in html and 'href="/events/' in html
    assert "https://www.themoscowtimes.com" in html


def test_entity_page_lists_quotes_and_events(client, web_store):
    db = sqlite3.connect(web_store[0])
    eid = db.execute("SELECT speaker_entity_id FROM quotes WHERE speaker_entity_id IS NOT NULL"
                     " GROUP BY speaker_entity_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    html = client.get(f"/entities/{eid}").text
    assert "Quotes" in html and 'class="q q-' in html and "aliases" in html


BAD = [
    ("/timeline?page=-1", 422), ("/timeline?page=abc", 422), ("/timeline?per_page=100000", 422),
    ("/api/events?limit=99999", 422), ("/api/events?limit=0", 422), ("/api/events?page=0", 422),
    ("/api/events?since=2020-13-01", 400), ("/api/events?since=yesterday", 400),
    ("/api/events?until=2020-02-30", 400), ("/api/events?since=2020-09-01&until=2020-08-01", 400),
    ("/api/events?type=FOO", 400), ("/api/events?status=rumoured", 400), ("/api/events?country=BLR", 400),
    ("/api/events?actor=" + "x" * 500, 400), ("/api/map?limit=-5", 422), ("/api/map?type=%3Cscript%3E", 400),
    ("/api/articles?offset=-1", 422), ("/api/articles?limit=1000000", 422), ("/api/search?limit=10000", 422),
    ("/api/search?offset=-3", 422), ("/api/entities?type=ALIEN", 400), ("/entities?type=ALIEN", 400),
    ("/search?page=0", 422), ("/articles?page=-2", 422), ("/map?since=2020-99-99", 400),
    ("/timeline?status=%3Cb%3E", 400), ("/timeline?order=sideways", 400), ("/api/events?order=up", 422),
]


@pytest.mark.parametrize("url,status", BAD)
def test_bad_parameters_are_4xx_with_a_message(client, url, status):
    r = client.get(url)
    assert r.status_code == status, r.text[:300]
    if url.startswith("/api/"):
        detail = r.json()["detail"]
        assert detail and (isinstance(detail, str) or detail[0]["msg"])
    else:
        assert 'class="error"' in r.text and "<script>" not in r.text.split("</head>")[1]


@pytest.mark.parametrize("url", ["/events/ffffffffffffffff", "/events/not-an-id", "/articles/ffffffffffffffff",
                                 "/articles/%3Cscript%3E", "/entities/0000000000000000", "/api/events/abcdef12",
                                 "/api/articles/zzz", "/api/entities/ffffffffffffffff", "/no/such/page",
                                 "/api/no-such-route"])
def test_unknown_ids_are_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    if "/api/" in url:
        assert r.json()["detail"]
    else:
        assert 'class="error"' in r.text and "<script>alert" not in r.text


def test_odd_queries_do_not_break_sql(client):
    for url in ("/api/events?actor=%25'%20OR%201=1%20--", "/api/search?q=%22NEAR(%20AND%20*", "/api/search?q=%27%3B",
                "/api/search?speaker=%25_%25", "/search?q=)))", "/timeline?actor=%5C"):
        r = client.get(url)
        assert r.status_code == 200, url
    assert client.get("/api/events?actor=%25'%20OR%201=1%20--").json()["total"] == 0


def test_security_headers_and_no_inline_script(client, ids):
    for url in ("/", "/timeline", "/map", f"/articles/{ids['article']}", "/docs", "/api/overview",
                "/static/kronika.css"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff"
        if r.headers["content-type"].startswith("text/html"):
            for tag in re.findall(r"<script[^>]*>", r.text):
                assert re.fullmatch(r'<script src="?/static/[^"\s>]+"?( defer)?>', tag), (url, tag)
            assert "<style" not in r.text and " style=" not in r.text and " on" + "click=" not in r.text
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP


def _body(html: str) -> str:
    return html.split("<body>", 1)[1]


def _assert_inert(html: str) -> None:
    body = _body(html)
    assert "<script>window" not in body and "<img src=x" not in body and 'onmouseover="' not in body
    assert 'onerror="' not in body and "javascript:" not in re.sub(r">[^<]*<", "><", body)  # never in markup


def test_hostile_article_renders_as_text(client, ids):
    html = client.get(f"/articles/{ids['hostile_article']}").text
    _assert_inert(html)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;" in html
    assert "&#34; onmouseover=&#34;window.__xss=1" in html
    assert 'href="javascript:' not in html and "(not a web address)" in html


@pytest.mark.parametrize("which", ["event", "entity", "timeline", "search", "overview", "articles", "entities"])
def test_hostile_records_render_as_text_everywhere(client, ids, which):
    url = {"event": f"/events/{ids['hostile_event']}", "entity": f"/entities/{ids['hostile_entity']}",
           "timeline": "/timeline", "search": "/search?q=evil&speaker=img", "overview": "/",
           "articles": "/articles", "entities": "/entities"}[which]
    r = client.get(url)
    assert r.status_code == 200
    _assert_inert(r.text)
    assert "&lt;script&gt;" in r.text or "&lt;img" in r.text


def test_hostile_api_returns_data_verbatim_as_json(client, ids):
    r = client.get(f"/api/articles/{ids['hostile_article']}")
    assert r.headers["content-type"] == "application/json"
    assert r.json()["article"]["title"].startswith(XSS_SCRIPT)


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/overview", "/api/events", "/api/events/{event_id}", "/api/events/per-day", "/api/map",
                 "/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/entities/{entity_id}",
                 "/api/search", "/api/facets", "/api/try"):
        assert path in spec["paths"], path
    assert not any(p.startswith(("/timeline", "/articles/")) for p in spec["paths"])  # pages stay out
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs.js").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_vendored_libraries_have_licences_and_no_network_urls():
    vendor = WEB / "static" / "vendor"
    versions = json.loads((vendor / "VERSIONS.json").read_text())
    assert versions["htmx.org"].startswith("2.") and versions["leaflet"].startswith("1.9")
    for pkg in versions:
        assert any(f.name.upper().startswith(("LICENSE", "MIT-LICENCE")) for f in (vendor / pkg).iterdir()), pkg
    for f in list((WEB / "templates").glob("*.html")) + list((WEB / "static").glob("*.js")) + \
            list((WEB / "static").glob("*.css")):
        text = f.read_text()
        assert "https://" not in text and "http://" not in text and "cdn" not in text.lower(), f


def test_static_assets_served(client):
    for url in ("/static/vendor/htmx.org/htmx.min.js", "/static/vendor/leaflet/leaflet.js",
                "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
                "/static/vendor/topojson-client/topojson-client.min.js",
                "/static/vendor/world-atlas/countries-50m.json", "/static/map.js", "/static/app.js",
                "/static/favicon.svg"):
        assert client.get(url).status_code == 200, url
    assert client.get("/static/../app.py").status_code == 404


def test_read_only_turns_off_try_it(web_store):
    with TestClient(create_app(web_store[0], read_only=True)) as c:
        r = c.get("/try")
        assert r.status_code == 403 and "read-only" in r.text
        r = c.post("/api/try", data={"text": "Hello world."})
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        r = c.post("/try", data={"text": "Hello world."})
        assert r.status_code == 403
        assert 'href="/try"' not in c.get("/").text
        assert c.get("/timeline").status_code == 200


def test_upload_size_limit_is_413(web_store):
    with TestClient(create_app(web_store[0], max_upload_bytes=1000)) as c:
        r = c.post("/api/try", data={"text": "x" * 5000})
        assert r.status_code == 413 and "1,000 bytes" in r.json()["detail"]
        r = c.post("/try", files={"file": ("big.txt", b"y" * 5000, "text/plain")})
        assert r.status_code == 413 and "limit" in r.text

        def chunks():  # no Content-Length: the body is counted as it arrives
            for _ in range(10):
                yield b"z" * 300
        r = c.post("/api/try", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413
        r = c.post("/api/try", data={"text": "   "})
        assert r.status_code == 400 and "nothing to process" in r.json()["detail"]
        r = c.post("/api/try", data={"text": "Hello.", "kind": "pdf"})
        assert r.status_code == 400


def test_try_it_processes_without_storing(web_store, tmp_path):
    db = tmp_path / "try.db"
    shutil.copyfile(web_store[0], db)
    text = ("Thousands of protesters marched in Minsk on Sunday, police said.\n\n"
            '"We want change," said Olga Nesteruk, a 34-year-old teacher from Grodno.')
    with TestClient(create_app(str(db))) as c:
        before = c.get("/api/overview").json()["counts"]["articles"]
        r = c.post("/api/try", data={"text": text, "kind": "text"})
        assert r.status_code == 200, r.text[:300]
        body = r.json()
        assert body["article"]["text"] and body["quotes"] and body["events"] and body["mentions"]
        page = c.post("/try", data={"text": text})
        assert page.status_code == 200 and 'class="q q-' in page.text and "Not stored" in page.text
        html = f"<html><body><article><h1>Hi</h1><p>{XSS_SCRIPT} Protesters marched in Minsk on Sunday, " \
               f"police said.</p><p>{XSS_IMG}</p></article></body></html>"
        page = c.post("/try", files={"file": ("a.html", html.encode(), "text/html")})
        assert page.status_code in (200, 422)
        _assert_inert(page.text)
        assert c.get("/api/overview").json()["counts"]["articles"] == before
        stored = c.post("/try", data={"text": text, "store_it": "1"}, follow_redirects=False)
        assert stored.status_code == 303 and stored.headers["location"].startswith("/articles/")
        assert c.get(stored.headers["location"]).status_code == 200
        assert c.get("/api/overview").json()["counts"]["articles"] == before + 1


def test_factory_and_serve_signatures():
    params = inspect.signature(create_app).parameters
    assert list(params)[:3] == ["db", "read_only", "max_upload_bytes"]
    sp = inspect.signature(serve).parameters
    assert sp["host"].default == "127.0.0.1" and sp["port"].default == 8000 and sp["read_only"].default is False


def test_unusable_store_fails_early(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    from kronika.store import StoreError
    with pytest.raises(StoreError):
        create_app(str(bad))


def test_day_chart_bins_long_ranges():
    from kronika.web.pages import day_chart
    days = [{"day": f"2020-{m:02d}-01", "count": m} for m in range(1, 13)]
    days += [{"day": "2021-06-01", "count": 1}]
    chart = day_chart(days, {"type": "PROTEST"})
    assert chart["unit"] == "week" and chart["total"] + chart["outside"] == sum(d["count"] for d in days)
    assert all("type=PROTEST" in b["href"] and "since=" in b["href"] for b in chart["bars"])
    assert day_chart([]) is None and day_chart([{"day": "garbage", "count": 3}]) is None


def test_highlight_nests_and_splits_crossing_spans():
    from kronika.web.highlight import Span, render
    html = str(render("<a> b c", [Span(0, 5, "x", title='"t"'), Span(2, 7, "y")]))
    assert html == ('<span class="x" title="&#34;t&#34;">&lt;a<span class="y">&gt; b</span></span>'
                    '<span class="y"> c</span>')


def test_event_pages_cover_every_event_once_dated_first(client):
    whole = client.get("/api/events?limit=1000").json()["items"]
    paged = []
    for page in range(1, 100):
        items = client.get(f"/api/events?limit=3&page={page}").json()["items"]
        if not items:
            break
        paged += items
    assert [e["id"] for e in paged] == [e["id"] for e in whole] and len({e["id"] for e in whole}) == len(whole)
    dates = [e["date"]["start"] for e in whole]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates == dated + [None] * (len(dates) - len(dated))


def test_newest_first_order(client):
    asc = [e["date"]["start"] for e in client.get("/api/events?limit=1000").json()["items"] if e["date"]["start"]]
    desc = [e["date"]["start"] for e in client.get("/api/events?limit=1000&order=desc").json()["items"]
            if e["date"]["start"]]
    assert desc == sorted(asc, reverse=True)
    html = client.get("/timeline?order=desc").text
    assert '<option value="desc" selected>' in html


def test_empty_store_pages_render(tmp_path):
    with TestClient(create_app(str(tmp_path / "empty.db"))) as c:
        for url in ("/", "/timeline", "/map", "/articles", "/entities", "/search?q=x", "/api/overview",
                    "/api/events", "/api/events/per-day", "/api/facets", "/api/search?q=x&speaker=y"):
            r = c.get(url)
            assert r.status_code == 200, url
        assert c.get("/api/map").json()["features"] == []
        assert "No articles yet" in c.get("/").text
