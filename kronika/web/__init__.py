"""kronika's web app: ``kronika serve`` (FastAPI + Jinja2 + htmx, offline, read-mostly).

``create_app(db)`` builds the ASGI app; ``serve(db)`` runs it with uvicorn on 127.0.0.1.
"""
from __future__ import annotations

__all__ = ["create_app", "serve"]


def __getattr__(name: str):
    if name in __all__:
        from . import app
        return getattr(app, name)
    raise AttributeError(name)
