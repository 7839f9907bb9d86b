"""Try it: process one pasted or uploaded article with the pipeline (loaded once, lazily)."""
from __future__ import annotations

import threading
from typing import Any

from ..records import Extraction, ReadError

_lock = threading.Lock()
_pipeline = None


def pipeline():
    global _pipeline
    with _lock:
        if _pipeline is None:
            from ..pipeline import Pipeline

            _pipeline = Pipeline()
        return _pipeline


def process(text: str, source: str, kind: str = "sniff") -> Extraction | ReadError:
    """Read (text or HTML) and process one article; errors come back as ReadError values."""
    from ..read import read_string

    item = read_string(text, source, kind=kind)
    if isinstance(item, ReadError):
        return item
    p = pipeline()
    with _lock:  # one parse at a time: spaCy's nlp object is not shared across threads
        return p(item)


def as_view(ex: Extraction) -> dict[str, Any]:
    """The extraction in the shapes the article template and the API use (same as stored rows)."""
    a = ex.article
    article = a.export() | {"headings": a.headings, "metadata": a.metadata, "source": a.source}
    quotes = [q.export() for q in ex.quotes]
    events = [e.export() | {"trigger": e.trigger} for e in ex.events]
    mentions = [{"start": m.start, "end": m.end, "text": m.text, "label": m.label, "name": m.name,
                 "entity_id": None} for m in ex.mentions]
    entities = [e.export() for e in ex.entities]
    return {"article": article, "quotes": quotes, "events": events, "mentions": mentions, "entities": entities}
