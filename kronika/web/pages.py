"""The HTML pages. Each renders a Jinja2 template (autoescaped); htmx requests get the partial only."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from ..records import ENTITY_TYPES, ReadError
from . import data, highlight, tryit
from .api import read_submission
from .params import EventQuery, event_query, text_param

router = APIRouter(include_in_schema=False)


def _render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    env = request.app.state.templates
    ctx.setdefault("read_only", request.app.state.read_only)
    html = env.get_template(template).render(request=request, **ctx)
    resp = HTMLResponse(html, status_code=status)
    resp.headers["Vary"] = "HX-Request"
    return resp


def _hx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s or "")
    except ValueError:
        return None


def day_chart(per_day: list[dict[str, Any]], base_params: dict[str, str] | None = None,
              width: int = 900, height: int = 140) -> dict[str, Any] | None:
    """Bars for an SVG chart of events per day (per week or month when the range is long)."""
    per_day = [r for r in per_day if _iso(r["day"])]
    if not per_day:
        return None
    # a few far-off dates (history recalled in a report, misread years) would squash the chart: when
    # the range is long, show the span holding the central 98% of events and say how many lie outside
    total = sum(r["count"] for r in per_day)
    lo, hi = 0, len(per_day) - 1
    if (_iso(per_day[-1]["day"]) - _iso(per_day[0]["day"])).days > 366 and total >= 50:
        cut, acc = total * 0.02, 0
        while lo < hi and acc + per_day[lo]["count"] <= cut:
            acc += per_day[lo]["count"]
            lo += 1
        acc = 0
        while hi > lo and acc + per_day[hi]["count"] <= cut:
            acc += per_day[hi]["count"]
            hi -= 1
    outside = total - sum(r["count"] for r in per_day[lo:hi + 1])
    per_day = per_day[lo:hi + 1]
    first, last = _iso(per_day[0]["day"]), _iso(per_day[-1]["day"])
    span = (last - first).days + 1
    unit = "day" if span <= 200 else "week" if span <= 7 * 200 else "month" if span <= 31 * 200 else "year"

    def bin_start(d: date) -> date:
        if unit == "day":
            return d
        if unit == "week":
            return d - timedelta(days=d.weekday())
        if unit == "year":
            return d.replace(month=1, day=1)
        return d.replace(day=1)

    def bin_end(d: date) -> date:
        if unit == "day":
            return d
        if unit == "week":
            return d + timedelta(days=6)
        if unit == "year":
            return d.replace(month=12, day=31)
        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1)

    counts: dict[date, int] = {}
    for r in per_day:
        b = bin_start(_iso(r["day"]))
        counts[b] = counts.get(b, 0) + r["count"]
    bins, d = [], bin_start(first)
    while d <= last:
        bins.append(d)
        d = bin_end(d) + timedelta(days=1)
    top = max(counts.values()) or 1
    bw = width / len(bins)
    bars = []
    for i, b in enumerate(bins):
        n = counts.get(b, 0)
        h = 0 if n == 0 else max(2.0, (height - 20) * n / top)
        params = dict(base_params or {}) | {"since": b.isoformat(), "until": bin_end(b).isoformat()}
        label = b.isoformat() if unit == "day" else f"{unit} of {b.isoformat()}"
        bars.append({"x": round(i * bw + 0.5, 2), "w": round(max(bw - 1, 0.8), 2), "y": round(height - h, 2),
                     "h": round(h, 2), "n": n, "label": label, "href": "/timeline?" + urlencode(params)})
    return {"bars": bars, "width": width, "height": height, "unit": unit, "max": top, "outside": outside,
            "first": first.isoformat(), "last": last.isoformat(), "total": sum(counts.values())}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request):
    hub = request.app.state.hub
    store, br = hub.get()
    d = hub.cached(br, ("overview",), lambda: data.overview(store, br))
    chart = hub.cached(br, ("chart", ()), lambda: day_chart(d["per_day"]))
    return _render(request, "overview.html", nav="overview", chart=chart, **d)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, q: EventQuery = Depends(event_query), page: int = Query(1, ge=1, le=100_000),
             per_page: int = Query(100, ge=1, le=500), order: str | None = Query(None)):
    if order not in (None, "", "asc", "desc"):
        raise HTTPException(400, f"order: expected asc or desc, got {order[:20]!r}")
    order = order or "asc"
    hub = request.app.state.hub
    store, br = hub.get()
    cb = data.clusters(store)
    res = data.timeline(cb, q, page, per_page, order)
    key = tuple(sorted(q.params().items()))
    groups: list[tuple[str, list[dict]]] = []  # one item per real event (cluster), by the day it is dated
    for ev in res["items"]:
        day = (ev.get("date") or {}).get("start") or "undated"
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(ev)
    ctx = dict(nav="timeline", q=q, params=q.params(), groups=groups, res=res, order=order,
               chart=hub.cached(br, ("chart", "clusters", key),
                                lambda: day_chart(cb.per_day(q.filter()), q.params())),
               page_url=lambda p: "/timeline?" + urlencode(q.params() | {"page": p, "per_page": per_page,
                                                                         "order": order}))
    if _hx(request):
        return _render(request, "_timeline_results.html", **ctx)
    return _render(request, "timeline.html", facets=hub.cached(br, ("facets", "events"), data.clusters(store).facets), **ctx)


@router.get("/map", response_class=HTMLResponse)
def map_view(request: Request, q: EventQuery = Depends(event_query)):
    hub = request.app.state.hub
    store, br = hub.get()
    placed = data.clusters(store).count(q.filter())["events"]
    return _render(request, "map.html", nav="map", q=q, params=q.params(),
                   facets=hub.cached(br, ("facets", "events"), data.clusters(store).facets),
                   api_url="/api/map?" + urlencode(q.params()), placed=placed)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str):
    store, br = request.app.state.hub.get()
    d = data.event_detail(br, event_id)
    ev = d["event"]
    sources = []
    legend: set[str] = set()
    for s in ev.get("sources") or []:
        html, found = highlight.event_sentence(ev, s.get("sentence") or "")
        legend |= found
        sources.append({**s, "html": html})
    return _render(request, "event.html", nav="timeline", ev=ev, sources=sources, related=d["related"],
                   cluster=d["cluster"],
                   figures=data.figures_table(ev, d["related"]),
                   legend=[(k, v) for k, v in highlight.EVIDENCE_CLASSES.items() if k in legend])


def _article_ctx(store, br, d: dict[str, Any], link: bool = True) -> dict[str, Any]:
    ids = {m["entity_id"] for m in d["mentions"] if m.get("entity_id")} | {
        (q.get("speaker") or {}).get("entity_id") for q in d["quotes"] if (q.get("speaker") or {}).get("entity_id")}
    known = br.known_entities(sorted(ids)) if link else set()
    spans = highlight.article_spans(d["article"], d["quotes"], d["events"], d["mentions"], known, link=link)
    labels = sorted({m["label"] for m in d["mentions"]})
    people = {}
    for m in d["mentions"]:
        if m["label"] == "PERSON":
            people.setdefault(m["name"], m.get("entity_id") if m.get("entity_id") in known else None)
    places = {}
    for m in d["mentions"]:
        if m["label"] in ("GPE", "LOC"):
            places.setdefault(m["name"], m.get("entity_id") if m.get("entity_id") in known else None)
    return {"html": highlight.render(d["article"]["text"], spans), "labels": labels,
            "label_names": highlight.MENTION_LABELS, "people": people, "places": places, "known": known, **d}


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, page: int = Query(1, ge=1, le=100_000)):
    store, br = request.app.state.hub.get()
    per = 50
    total = br.count_articles()
    items = store.articles(limit=per, offset=(page - 1) * per)
    return _render(request, "articles.html", nav="articles", items=items, page=page,
                   pages=max(1, -(-total // per)), total=total)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    store, br = request.app.state.hub.get()
    d = data.article_detail(store, br, article_id)
    return _render(request, "article.html", nav="articles", stored=True, **_article_ctx(store, br, d))


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, type: str | None = Query(None), q: str | None = Query(None),
             page: int = Query(1, ge=1, le=100_000)):
    store, br = request.app.state.hub.get()
    t = text_param("type", type)
    if t and t.upper() not in ENTITY_TYPES:
        raise HTTPException(400, f"type: unknown entity type {t[:40]!r}; one of {', '.join(ENTITY_TYPES)}")
    per = 100
    name = text_param("q", q)
    items = data.top_entities(br, t.upper() if t else None, per + 1, name, (page - 1) * per)
    params = {k: v for k, v in (("type", t), ("q", name)) if v}
    return _render(request, "entities.html", nav="entities", items=items[:per], more=len(items) > per,
                   page=page, type=t.upper() if t else "", name=name or "", types=ENTITY_TYPES,
                   page_url=lambda p: "/entities?" + urlencode(params | {"page": p}))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str):
    store, br = request.app.state.hub.get()
    return _render(request, "entity.html", nav="entities", **data.entity_detail(br, entity_id))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str | None = Query(None), speaker: str | None = Query(None),
           page: int = Query(1, ge=1, le=10_000)):
    store, br = request.app.state.hub.get()
    per = 20
    res = data.search(br, text_param("q", q), text_param("speaker", speaker), per, (page - 1) * per)
    params = {k: v for k, v in (("q", res["q"]), ("speaker", res["speaker"])) if v}
    ctx = dict(nav="search", res=res, page=page, per=per,
               page_url=lambda p: "/search?" + urlencode(params | {"page": p}))
    if _hx(request):
        return _render(request, "_search_results.html", **ctx)
    return _render(request, "search.html", **ctx)


@router.get("/try", response_class=HTMLResponse)
def try_form(request: Request):
    if request.app.state.read_only:
        raise HTTPException(403, "this server is read-only (--read-only): Try it and uploads are turned off")
    return _render(request, "try.html", nav="try", result=None, text="")


@router.post("/try", response_class=HTMLResponse)
async def try_submit(request: Request, text: str | None = Form(None), file: UploadFile | None = File(None),
                     kind: str = Form("sniff"), store_it: str | None = Form(None)):
    from starlette.concurrency import run_in_threadpool

    body, source, kind = await read_submission(request, text, file, kind)
    result = await run_in_threadpool(tryit.process, body, source, kind)
    if isinstance(result, ReadError):
        return _render(request, "try.html", status=422, nav="try", result=None, text=text or "",
                       error=f"could not process the article: {result.reason}")
    if store_it:
        def write():
            store, _ = request.app.state.hub.get()
            store.write([result])
            data.resolve_pending(store)
        await run_in_threadpool(write)
        return RedirectResponse(f"/articles/{result.article.id}", status_code=303)
    view = tryit.as_view(result)

    def ctx():
        store, br = request.app.state.hub.get()
        return _article_ctx(store, br, view, link=False)
    return _render(request, "try.html", nav="try", result=await run_in_threadpool(ctx), text=text or "")
