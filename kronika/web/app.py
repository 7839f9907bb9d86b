"""The ASGI app behind ``kronika serve``.

    from kronika.web.app import create_app, serve
    app = create_app("kronika.db", read_only=True)   # any ASGI server
    serve("kronika.db", host="127.0.0.1", port=8000)  # uvicorn

Pages are server-rendered Jinja2 templates (autoescaped) updated in place by htmx; all scripts are
static files (no inline JavaScript), front-end libraries are vendored under ``static/vendor/`` and a
strict Content-Security-Policy allows nothing but this origin. Nothing is loaded from the network:
the map's basemap is Natural Earth countries (world-atlas) drawn by Leaflet, /docs serves a vendored
swagger-ui.
"""
from __future__ import annotations

import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..records import EVENT_STATUSES, PLOVER_TYPES
from .data import StoreHub

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 2_000_000  # bytes: a news article is far smaller; larger bodies get 413
UPLOAD_PATHS = ("/try", "/api/try")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Guard:
    """Pure ASGI middleware: security headers on every response; request bodies on upload paths are
    read up front and refused with 413 beyond ``max_bytes`` (also without a Content-Length); any other
    method with a body is capped the same way."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        if scope["method"] in ("POST", "PUT", "PATCH"):
            headers = dict(scope.get("headers") or [])
            declared = headers.get(b"content-length")
            too_big = False
            if declared is not None:
                try:
                    too_big = int(declared) > self.max_bytes
                except ValueError:
                    return await self._error(scope, send_with_headers, 400, "invalid Content-Length header")
            body = b""
            if not too_big:
                more = True
                while more:
                    msg = await receive()
                    if msg["type"] == "http.disconnect":
                        return
                    body += msg.get("body", b"")
                    more = msg.get("more_body", False)
                    if len(body) > self.max_bytes:
                        too_big = True
                        break
            if too_big:
                return await self._error(scope, send_with_headers, 413,
                                         f"upload too large: the limit is {self.max_bytes:,} bytes")
            sent = False

            async def replay():
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            return await self.app(scope, replay, send_with_headers)
        return await self.app(scope, receive, send_with_headers)

    async def _error(self, scope, send, status: int, msg: str):
        path = scope.get("path", "")
        if path.startswith("/api/"):
            body = json.dumps({"detail": msg}).encode()
            ctype = b"application/json"
        else:
            body = (f"<!doctype html><meta charset=utf-8><title>{status}</title>"
                    f"<link rel=stylesheet href=/static/kronika.css><main class=page><h1>{status}</h1>"
                    f"<p class=error>{escape(msg)}</p><p><a href=/>kronika</a></p></main>").encode()
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _snippet(s: str | None) -> Markup:
    """FTS snippet (match marked by \\x01 ... \\x02) as HTML: text escaped, matches in <mark>."""
    out = []
    for i, part in enumerate((s or "").split("\x01")):
        if i == 0:
            out.append(escape(part))
            continue
        hit, _, rest = part.partition("\x02")
        out.append(Markup("<mark>%s</mark>") % hit)
        out.append(escape(rest))
    return Markup("").join(out)


def _safe_url(u: str | None) -> str | None:
    """Only http(s) URLs become links: a stored ``javascript:`` or ``data:`` URL is shown as text."""
    if isinstance(u, str) and u[:8].lower().startswith(("http://", "https://")):
        return u
    return None


def _who(ref: dict | None) -> str:
    if not ref:
        return ""
    return ref.get("name") or ref.get("text") or ""


def templates_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(["html", "xml"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["snippet"] = _snippet
    env.filters["who"] = _who
    env.filters["safe_url"] = _safe_url
    env.globals.update(PLOVER_TYPES=PLOVER_TYPES, EVENT_STATUSES=EVENT_STATUSES, version=__version__)
    return env


def create_app(db: str, read_only: bool = False, max_upload_bytes: int = DEFAULT_MAX_UPLOAD) -> FastAPI:
    """The web app over the SQLite store ``db``. ``read_only`` turns off Try it (403)."""
    hub = StoreHub(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        hub.close()

    app = FastAPI(
        title="kronika", version=__version__, lifespan=lifespan,
        description="A sourced record of events from news reports: articles, quotes, PLOVER events, "
                    "entities. Every page of the web app has its JSON twin under /api/.",
        docs_url=None, redoc_url=None,  # /docs is served below from vendored swagger-ui (offline, CSP)
    )
    app.state.hub = hub
    app.state.read_only = read_only
    app.state.max_upload = max_upload_bytes
    app.state.templates = templates_env()
    app.add_middleware(Guard, max_bytes=max_upload_bytes)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def _error(request: Request, status: int, detail: Any) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": detail}, status_code=status)
        msg = detail if isinstance(detail, str) else "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', [])[1:])}: {e.get('msg')}" for e in detail)
        html = request.app.state.templates.get_template("error.html").render(
            status=status, message=msg, read_only=read_only, nav="")
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errs = [{"loc": list(e.get("loc", [])), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        if _is_api(request):
            return JSONResponse({"detail": errs}, status_code=422)
        return _error(request, 422, errs)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=308, headers={"location": "/static/favicon.svg"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html><head><meta charset=utf-8><title>kronika API</title>"
            "<link rel=stylesheet href=/static/vendor/swagger-ui-dist/swagger-ui.css></head>"
            "<body><div id=swagger-ui></div>"
            "<script src=/static/vendor/swagger-ui-dist/swagger-ui-bundle.js></script>"
            "<script src=/static/docs.js></script></body></html>")

    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, read_only: bool = False,
          max_upload_bytes: int = DEFAULT_MAX_UPLOAD, log_level: str = "info") -> None:
    """Run the app with uvicorn (blocking). Listens on 127.0.0.1 unless told otherwise."""
    import uvicorn

    app = create_app(db, read_only=read_only, max_upload_bytes=max_upload_bytes)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
