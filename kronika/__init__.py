"""kronika: news reports in, a sourced record of events out.

    import kronika
    for article in kronika.read("examples/"):
        found = kronika.process(article)   # Extraction: article, quotes, events, mentions, entities
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "read", "process", "Pipeline", "ingest", "open_store"]


def __getattr__(name: str):
    # Lazy: `kronika --version` and `import kronika` must not pay for loading spaCy.
    if name == "read":
        from .read import read
        return read
    if name in ("process", "Pipeline", "ingest"):
        from . import pipeline
        return getattr(pipeline, name)
    if name == "open_store":
        from .store import open_store
        return open_store
    raise AttributeError(name)
