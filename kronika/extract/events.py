"""PLOVER events (stub: filled by issue 4)."""
from __future__ import annotations

from ..records import Article, Event


def extract_events(doc, article: Article, index) -> list[Event]:
    return []
