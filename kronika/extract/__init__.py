"""Extractors: pure functions from an annotated article to records. No I/O, no global state.

``extract(doc, article)`` runs them in dependency order: mentions first (in-article
resolution of people, organisations, places), then quotes and events, which use it.
"""
from __future__ import annotations

from ..records import Article, Extraction
from . import events as _events
from . import mentions as _mentions
from . import quotes as _quotes


def extract(doc, article: Article) -> Extraction:
    index = _mentions.extract_mentions(doc, article)
    quotes = _quotes.extract_quotes(doc, article, index)
    events = _events.extract_events(doc, article, index)
    return Extraction(article=article, quotes=quotes, events=events,
                      mentions=index.mentions, entities=index.entities)
