"""The JSON API: /api/..., one route per page, documented in /openapi.json (and /docs)."""
from __future__ import annotations

from typing import Any, Literal

import json

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from ..records import ENTITY_TYPES, ReadError
from . import data, tryit
from .params import EventQuery, event_query, text_param

router = APIRouter(prefix="/api", tags=["api"])


def _hub(request: Request):
    return request.app.state.hub.get()


def _json(obj: Any) -> Response:
    """Serialise directly (the records are plain JSON already): far cheaper than FastAPI's encoder."""
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def _cached(request: Request, br, key: tuple, compute):
    return request.app.state.hub.cached(br, key, compute)


def _plain_snippets(res: dict[str, Any]) -> Response:
    for a in res["articles"]:
        a["snippet"] = (a.get("snippet") or "").replace("\x01", "[").replace("\x02", "]")
    return res


@router.get("/overview", summary="Counts, events per day, latest articles, most-mentioned people")
def overview(request: Request) -> Response:
    store, br = _hub(request)
    return _json(_cached(request, br, ("overview",), lambda: data.overview(store, br)))


@router.get("/facets", summary="Event types, countries and statuses with their number of real events")
def facets(request: Request,
           per: Literal["event", "report"] = Query("event", description="count real events (event clusters; a "
                                                   "cluster under each status its reports have) or reports")) -> Response:
    store, br = _hub(request)
    compute = data.clusters(store).facets if per == "event" else br.event_facets
    return _json(_cached(request, br, ("facets", per), compute))


@router.get("/events", summary="Events matching the filters, dated first, by date (paged)")
def events(request: Request, q: EventQuery = Depends(event_query),
           page: int = Query(1, ge=1, le=100_000), limit: int = Query(100, ge=1, le=1000),
           order: Literal["asc", "desc"] = Query("asc", description="dated events oldest (asc) or newest "
                                                                    "(desc) first; undated ones last")) -> Response:
    res = data.event_list(_hub(request)[1], q, page, limit, order)
    res["filters"] = q.params()
    return _json(res)


@router.get("/timeline", summary="Real events matching the filters (one per event cluster: its reports merged),"
                                  " dated first, by date (paged)")
def timeline(request: Request, q: EventQuery = Depends(event_query),
             page: int = Query(1, ge=1, le=100_000), limit: int = Query(100, ge=1, le=1000),
             order: Literal["asc", "desc"] = Query("asc", description="dated events oldest (asc) or newest "
                                                                      "(desc) first; undated ones last")) -> Response:
    """Each item is an event cluster: ``sources`` (articles), ``reports``, ``disputed_figures``, and ``event_id``,
    one of its reports (``/api/events/{event_id}`` gives every report). Type, dates and country are the cluster's
    own; actor and status match any of its reports. A report not resolved yet is an item of its own
    (``resolved`` false)."""
    store = _hub(request)[0]
    res = data.timeline(data.clusters(store), q, page, limit, order)
    res["filters"] = q.params()
    return _json(res)


@router.get("/events/per-day", summary="Number of dated events per day, for the filters")
def events_per_day(request: Request, q: EventQuery = Depends(event_query)) -> Response:
    br = _hub(request)[1]
    days = _cached(request, br, ("per_day", tuple(sorted(q.params().items()))), lambda: br.events_per_day(q.filter()))
    return _json({"filters": q.params(), "days": days})


@router.get("/events/{event_id}", summary="One event with every field, and other reports of it")
def event(request: Request, event_id: str) -> Response:
    d = data.event_detail(_hub(request)[1], event_id)
    d["figures"] = data.figures_table(d["event"], d["related"])
    return _json(d)


@router.get("/map", summary="Placed events as GeoJSON points (FeatureCollection), one per real event")
def map_points(request: Request, q: EventQuery = Depends(event_query),
               limit: int = Query(20_000, ge=1, le=100_000),
               per: Literal["event", "report"] = Query("event", description="one point per real event (event "
                                                       "cluster, at its place) or per report")) -> Response:
    store, br = _hub(request)
    source = data.clusters(store) if per == "event" else br
    body = _cached(request, br, ("map", per, tuple(sorted(q.params().items())), limit),
                   lambda: json.dumps(data.geojson(source, q, limit), ensure_ascii=False, separators=(",", ":")))
    return Response(body, media_type="application/geo+json")


@router.get("/articles", summary="Stored articles, newest first (paged)")
def articles(request: Request, limit: int = Query(50, ge=1, le=1000),
             offset: int = Query(0, ge=0, le=10_000_000)) -> Response:
    store, br = _hub(request)
    return _json({"total": br.count_articles(), "limit": limit, "offset": offset,
                  "items": store.articles(limit=limit, offset=offset)})


@router.get("/articles/{article_id}", summary="One article: text, metadata, quotes, events, mentions")
def article(request: Request, article_id: str) -> Response:
    store, br = _hub(request)
    return _json(data.article_detail(store, br, article_id))


@router.get("/entities", summary="Entities by number of mentions, optionally by type and name")
def entities(request: Request, type: str | None = Query(None, description=", ".join(ENTITY_TYPES)),
             q: str | None = Query(None, description="words in the name"),
             limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)) -> Response:
    t = text_param("type", type)
    if t and t.upper() not in ENTITY_TYPES:
        raise HTTPException(400, f"type: unknown entity type {t[:40]!r}; one of {', '.join(ENTITY_TYPES)}")
    items = data.top_entities(_hub(request)[1], t.upper() if t else None, limit, text_param("q", q), offset)
    return _json({"limit": limit, "offset": offset, "items": items})


@router.get("/entities/{entity_id}", summary="One entity: profile, aliases, attributes, quotes, events")
def entity(request: Request, entity_id: str) -> Response:
    return _json(data.entity_detail(_hub(request)[1], entity_id))


@router.get("/search", summary="Full-text search over articles and quotes, with a speaker filter")
def search(request: Request, q: str | None = Query(None, description="words (FTS5, all must match)"),
           speaker: str | None = Query(None, description="words in the speaker's name"),
           limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=100_000)) -> Response:
    res = data.search(_hub(request)[1], text_param("q", q), text_param("speaker", speaker), limit, offset)
    return _json(_plain_snippets(res))


@router.post("/try", summary="Process one article (text or HTML) without storing it; 403 when read-only")
async def try_it(request: Request, text: str | None = Form(None), file: UploadFile | None = File(None),
                 kind: str = Form("sniff", description="text, html or sniff")) -> Response:
    from starlette.concurrency import run_in_threadpool

    body, source, kind = await read_submission(request, text, file, kind)
    result = await run_in_threadpool(tryit.process, body, source, kind)
    if isinstance(result, ReadError):
        raise HTTPException(422, f"could not process the article: {result.reason}")
    return _json(tryit.as_view(result))


async def read_submission(request: Request, text: str | None, file: UploadFile | None,
                          kind: str) -> tuple[str, str, str]:
    """The submitted article (pasted text or uploaded file), checked; raises 403/400/413 with the reason."""
    if request.app.state.read_only:
        raise HTTPException(403, "this server is read-only (--read-only): Try it and uploads are turned off")
    if kind not in ("text", "html", "sniff"):
        raise HTTPException(400, f"kind: expected text, html or sniff, got {kind[:40]!r}")
    limit = request.app.state.max_upload
    if file is not None and file.filename:
        raw = await file.read(limit + 1)
        if len(raw) > limit:
            raise HTTPException(413, f"upload too large: the limit is {limit:,} bytes")
        from ..read.text import decode_bytes
        decoded = decode_bytes(raw)
        if decoded is None:
            raise HTTPException(400, "the uploaded file is binary, not text or HTML")
        body, source = decoded[0], f"upload:{file.filename[:100]}"
        if kind == "sniff" and file.filename.lower().endswith((".html", ".htm")):
            kind = "html"
    else:
        body, source = text or "", "pasted text"
    if len(body.encode("utf-8", "replace")) > limit:
        raise HTTPException(413, f"upload too large: the limit is {limit:,} bytes")
    if not body.strip():
        raise HTTPException(400, "nothing to process: paste an article or choose a file")
    return body, source, kind
