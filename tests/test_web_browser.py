"""The web app end to end in real headless Chromium (Playwright), against the real server (uvicorn).

Skips, with the reason, only when /usr/bin/chromium is absent -- unless CI is set, where that fails
loudly (.ci/run installs it). Every request that leaves 127.0.0.1 is blocked and counted: the app must
work offline.
"""
from __future__ import annotations

import os
import socket
import threading
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]



def _need_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    reason = f"{CHROMIUM} not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{reason}; browser tests skipped")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    _need_chromium()  # before the (slower) store build
    import uvicorn

    from kronika.web.app import create_app
    from test_web import build_store

    db = str(tmp_path_factory.mktemp("webui") / "ui.db")
    ids = build_store(db, pipeline)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline or not th.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    th.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    base = server[0]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    external: list[str] = []

    def route(r):
        if r.request.url.startswith(base) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()
    ctx.route("**/*", route)
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.problems = problems
    pg.external = external
    yield pg
    ctx.close()
    assert not external, f"requests left the machine: {external}"


VIEWS = [("/", "Overview"), ("/timeline", "Timeline"), ("/map", "Map"), ("/articles", "Articles"),
         ("/entities", "Entities"), ("/search?q=protest", "Search"), ("/try", "Try it")]


def test_every_view_loads_without_errors(page, server):
    base, ids = server
    urls = VIEWS + [(f"/events/{ids['event']}", None), (f"/articles/{ids['article']}", None),
                    (f"/entities/{ids['entity']}", None)]
    for url, heading in urls:
        resp = page.goto(base + url)
        assert resp.status == 200, url
        assert page.locator("header.top nav").is_visible()
        if heading:
            assert page.locator("h1").first.inner_text().strip().startswith(heading), url
    page.goto(base + "/docs")
    page.wait_for_selector(".swagger-ui .info")  # vendored swagger-ui renders /openapi.json offline
    assert "kronika" in page.locator(".swagger-ui .info").inner_text()
    csp = [p for p in page.problems if "Content Security Policy" in p or "page error" in p]
    assert not csp, csp


def test_timeline_to_event_to_article(page, server):
    base, _ = server
    page.goto(base + "/timeline")
    assert page.locator("figure.chart svg rect").count() > 0
    page.locator("ol.timeline a.evlink").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("table.fields").is_visible()
    marks = page.locator("blockquote.evidence [class^='ev-']")
    assert marks.count() > 0  # the supporting words of the source sentence
    page.locator("blockquote.evidence footer a", has_text="the article").first.click()
    page.wait_for_url("**/articles/*")
    doc = page.locator("#doc")
    for sel in (".m.m-PERSON", ".m.m-GPE", ".q", ".ev", ".spk", ".evtag"):
        assert doc.locator(sel).count() > 0, sel
    assert page.locator("#legend .q-direct").is_visible()
    # an event tag inside the text leads back to an event page
    doc.locator("a.evtag").first.click()
    page.wait_for_url("**/events/*")


def test_timeline_filters_update_in_place(page, server):
    base, _ = server
    page.goto(base + "/timeline")
    page.evaluate("window.__same_page = 1")
    total_before = page.locator("ol.timeline a.evlink").count()
    with page.expect_response(lambda r: "/timeline?" in r.url and "type=PROTEST" in r.url):
        page.select_option("select[name=type]", "PROTEST")
    page.wait_for_function("() => location.search.includes('type=PROTEST')")
    badges = page.locator("#results ol.timeline .badge")
    page.wait_for_function("() => [...document.querySelectorAll('#results ol.timeline .badge')]"
                           ".every(b => b.textContent.trim() === 'PROTEST')")
    assert badges.count() >= 1 and badges.count() <= total_before
    assert page.evaluate("window.__same_page") == 1  # htmx swapped the results, no reload
    with page.expect_response(lambda r: "since=2099-01-01" in r.url):
        page.fill("input[name=since]", "2099-01-01")
        page.locator("input[name=since]").dispatch_event("change")
    page.wait_for_selector("#results >> text=No events match")


def test_map_shows_markers_on_offline_basemap(page, server):
    base, _ = server
    page.goto(base + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    n = int(page.get_attribute("#map", "data-markers"))
    assert n >= 2
    page.wait_for_function("() => document.querySelector('#map').dataset.basemap_ready === '1'")
    assert page.locator("#map path.leaflet-interactive, #map .marker-cluster").count() > 0
    assert page.locator("#map svg path").count() > 50  # country outlines drawn from world-atlas
    page.select_option("select[name=country]", "BY")
    page.wait_for_function("() => location.search.includes('country=BY') && "
                           "document.querySelector('#map').dataset.ready === '1'")
    assert 1 <= int(page.get_attribute("#map", "data-markers")) <= n


def test_hostile_text_stays_text(page, server):
    base, ids = server
    for url in (f"/articles/{ids['hostile_article']}", f"/events/{ids['hostile_event']}",
                f"/entities/{ids['hostile_entity']}", "/search?q=evil&speaker=img", "/timeline", "/"):
        page.goto(base + url)
        for el in page.locator(".q, .m, .ev, blockquote, td, .chip, a").all()[:40]:
            try:
                el.hover(timeout=150)
            except Exception:  # noqa: BLE001 - hidden or covered elements
                pass
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.locator("img[src='x']").count() == 0
    page.goto(base + f"/articles/{ids['hostile_article']}")
    text = page.locator("#doc").inner_text()
    assert "<script>window.__xss=1</script>" in text and '<img src=x onerror="window.__xss=1">' in text
    assert page.locator("h1").inner_text().startswith("<script>")
    q = page.locator("#doc .q").first
    q.hover()
    assert '" onmouseover="window.__xss=1' in q.inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_try_it_in_the_browser(page, server):
    base, _ = server
    page.goto(base + "/try")
    page.fill("textarea[name=text]", "Thousands of protesters marched in Minsk on Sunday, police said.\n\n"
                                     '"We want change," said Olga Nesteruk, a 34-year-old teacher.'
                                     "\n\n<script>window.__xss=1</script>")
    with page.expect_navigation(timeout=60_000):
        page.click("form.tryform button[type=submit]")
    assert page.locator("#doc .m").count() > 0 and page.locator("#doc .q").count() > 0
    assert "Not stored" in page.locator("p.notice").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"
