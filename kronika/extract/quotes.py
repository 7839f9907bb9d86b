"""Direct, partial and indirect quotes with their speakers (stub: filled by issue 3)."""
from __future__ import annotations

from ..records import Article, Quote


def extract_quotes(doc, article: Article, index) -> list[Quote]:
    return []
