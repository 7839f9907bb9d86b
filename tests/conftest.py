"""Shared fixtures. Core tests use only files inside the repo; anything reading ../shared skips visibly."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "belarus-2020-08-16.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, as ingest loads it."""
    from kronika.annotate import load_model
    return load_model()


def text_events(nlp, text: str, published: str):
    """The events the extractor finds in one text published on ``published`` (with in-article mentions)."""
    from kronika.extract.events import extract_events
    from kronika.extract.mentions import extract_mentions
    from kronika.records import Article
    art = Article(text=text, published=published)
    doc = nlp(art.text)
    return extract_events(doc, art, extract_mentions(doc, art))


@pytest.fixture(scope="session")
def pipeline():
    from kronika.pipeline import Pipeline

    return Pipeline()


@pytest.fixture
def store(tmp_path):
    from kronika.store import open_store

    s = open_store(str(tmp_path / "k.db"))
    yield s
    s.close()


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is only on developer machines)")
    return p
