"""read -> annotate -> extract -> store, batched, with errors as values.

``Pipeline.pipe`` has the shape of spaCy's ``nlp.pipe(..., as_tuples=True)``: it streams
articles (optionally with a context object each) and yields one result per input, in order:
an ``Extraction`` or a ``ReadError`` naming the source and the reason. A failing batch is retried
article by article, so one bad article never takes its neighbours down.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .annotate import DEFAULT_MODEL, MAX_CHARS, load_model
from .extract import extract
from .heap import give_back
from .records import Article, Extraction, ReadError
from .resolution import StepStats

Result = Extraction | ReadError
RESOLVE_EVERY = 1024  # articles pending before ingest runs a resolution step (and always at its end): a step
# loads the entity blocks its articles touch, which overlap more in a bigger step (one step on a copy of a
# 17k-article store: 256 articles load 26.7k nodes, 21 ms each; 1024 load 42.5k, 10.8 ms each; peak +134 MB)
ErrorHandler = Callable[[ReadError], None]


@dataclass
class Pipeline:
    model: str = DEFAULT_MODEL
    batch_size: int = 32
    extractor: Callable[[Any, Article], Extraction] = extract

    def __post_init__(self) -> None:
        self.nlp = load_model(self.model)
        self.language = self.nlp.lang

    def check(self, article: Article) -> ReadError | None:
        """Reasons not to process an article, found before the expensive parse."""
        src = article.source or article.id
        if not article.text.strip():
            return ReadError(src, "no text")
        if len(article.text) > MAX_CHARS:
            return ReadError(src, f"article text too long ({len(article.text):,} > {MAX_CHARS:,} characters)")
        if article.language and article.language != self.language:
            return ReadError(src, f"language '{article.language}' is not supported by the "
                                  f"'{self.language}' model {self.model} (choose another with --model)")
        return None

    def __call__(self, article: Article) -> Result:
        return next(iter(self.pipe([article])))

    def pipe(self, items: Iterable, as_tuples: bool = False,
             error_handler: ErrorHandler | None = None) -> Iterator:
        """Yield a Result per item (or (Result, context) with ``as_tuples``), in input order."""
        pairs = items if as_tuples else ((it, None) for it in items)
        it = iter(pairs)
        while batch := list(itertools.islice(it, self.batch_size)):
            for result, ctx in self._batch(batch):
                if isinstance(result, ReadError) and error_handler:
                    error_handler(result)
                yield (result, ctx) if as_tuples else result

    def _batch(self, batch: list[tuple[Any, Any]]) -> list[tuple[Result, Any]]:
        results: list[Any] = [None] * len(batch)
        todo: list[int] = []
        for i, (item, _) in enumerate(batch):
            if isinstance(item, ReadError):
                results[i] = item
            elif (err := self.check(item)) is not None:
                results[i] = err
            else:
                todo.append(i)
        # strings and lexemes the batch adds to the vocabulary are dropped when its zone ends: the results
        # hold plain values only, and a long-running worker's vocabulary would otherwise grow with every name
        with self.nlp.memory_zone():
            self._annotate(batch, todo, results)
        give_back()  # a long article's parse arrays must not set the process's size for good (heap.py)
        return [(r, ctx) for r, (_, ctx) in zip(results, batch)]

    def _annotate(self, batch: list[tuple[Any, Any]], todo: list[int], results: list[Any]) -> None:
        try:
            docs = list(self.nlp.pipe([batch[i][0].text for i in todo]))
        except Exception:  # noqa: BLE001 - find the culprit article by article
            docs = []
            for i in todo:
                try:
                    docs.append(self.nlp(batch[i][0].text))
                except Exception as e:  # noqa: BLE001
                    docs.append(ReadError(batch[i][0].source or batch[i][0].id, f"annotation failed: {e!r}"))
        for i, doc in zip(todo, docs):
            article = batch[i][0]
            if isinstance(doc, ReadError):
                results[i] = doc
                continue
            try:
                results[i] = self.extractor(doc, article)
            except Exception as e:  # noqa: BLE001 - an extractor bug must not lose the batch
                results[i] = ReadError(article.source or article.id, f"extraction failed: {type(e).__name__}: {e}")


def process(article: Article | str, model: str = DEFAULT_MODEL, **meta: Any) -> Extraction:
    """Process one article (or a text) and return what kronika found; raises ValueError with the reason."""
    if isinstance(article, str):
        article = Article(text=article, **meta)
    result = Pipeline(model=model)(article)
    if isinstance(result, ReadError):
        raise ValueError(str(result))
    return result


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    already: int = 0
    failed: list[ReadError] = field(default_factory=list)
    resolved: StepStats = field(default_factory=StepStats)  # the resolution steps after each batch

    def summary(self) -> str:
        return (f"read {self.read}, new {self.new}, already stored {self.already}, "
                f"failed {len(self.failed)}")


def ingest(items: Iterable[Article | ReadError], store, pipeline, *, limit: int | None = None,
           chunk: int | None = None, progress: Callable[[str, Any], None] | None = None) -> IngestReport:
    """Store what the pipeline extracts from ``items``; skip articles already stored (resume).

    ``pipeline`` is a ``Pipeline`` or a ``ParallelPipeline`` (same ``pipe`` contract). Results are
    written every ``chunk`` articles, each write one transaction, so a kill at any point leaves every
    article stored whole or not at all, and the next run picks up where this one stopped.
    """
    report = IngestReport()
    size = chunk or pipeline.batch_size

    def fail(err: ReadError) -> None:
        report.failed.append(err)
        store.record_failure(err.source, err.reason)
        if progress:
            progress("failed", err)

    def counted() -> Iterator[Article]:
        for item in items:
            if isinstance(item, ReadError):
                fail(item)
                continue
            if limit is not None and report.read >= limit:
                return
            report.read += 1
            yield item

    def fresh() -> Iterator[Article]:
        # ask the store in chunks (one query per chunk), skip what it already holds
        source = counted()
        while batch := list(itertools.islice(source, size)):
            stored = store.known(a.id for a in batch)
            seen: set[str] = set()
            for a in batch:
                if a.id in stored or a.id in seen:
                    report.already += 1
                    if progress:
                        progress("already", a)
                else:
                    seen.add(a.id)
                    yield a

    def flush(done: list[Extraction]) -> None:
        w = store.write(done)
        report.new += len(w.new)
        report.already += len(w.existing)  # stored meanwhile: by another process, or a twin in this run
        done.clear()
        # the record across articles follows the batches (resolution.py): a step once RESOLVE_EVERY articles
        # are pending (a step's writes are random, so larger steps write fewer pages per article); if another
        # process is resolving (PostgreSQL), it takes ours too; the final step below waits for it
        report.resolved.add(resolve_pending(store, wait=False, at_least=RESOLVE_EVERY))

    done: list[Extraction] = []
    for result in pipeline.pipe(fresh()):
        if isinstance(result, ReadError):
            fail(result)
            continue
        done.append(result)
        if progress:
            progress("new", result.article)
        if len(done) >= size:
            flush(done)
    if done:
        flush(done)
    report.resolved.add(resolve_pending(store, wait=True))
    return report


def resolve_pending(store, wait: bool = True, at_least: int = 1):
    """Bring the store's record across articles up to date (resolution.update) when it keeps one and at least
    ``at_least`` articles are pending."""
    from .resolution import pending, update

    if not hasattr(store, "resolution") or (at_least > 1 and pending(store) < at_least):
        return StepStats()
    return update(store, wait=wait)
