"""All local cores: the pipeline in worker processes, one writer (the caller) to the store.

Each worker loads the model once and runs the ordinary ``Pipeline`` on batches of articles.
At most ``2 × workers`` batches are in flight, so memory stays flat whatever the corpus size,
and results come back in input order, so ingest's idempotence and resume logic is unchanged.
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from .annotate import DEFAULT_MODEL
from .pipeline import ErrorHandler, Pipeline
from .records import ReadError

_worker: Pipeline | None = None


def _init(model: str, batch_size: int, parent: int) -> None:
    global _worker
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _worker = Pipeline(model=model, batch_size=batch_size)


def _exit_with_parent(parent: int) -> None:
    # A killed writer (SIGKILL) cannot stop its workers, and they never see EOF on the task queue
    # because their siblings hold it open: without this they would linger, each holding a model.
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _run(batch: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    assert _worker is not None
    return list(_worker.pipe(batch, as_tuples=True))


@dataclass
class ParallelPipeline:
    """``Pipeline`` with the same ``pipe`` contract, spread over ``workers`` processes."""

    model: str = DEFAULT_MODEL
    batch_size: int = 32
    workers: int = 2

    def __post_init__(self) -> None:
        # spawn, not fork: a forked copy of a process holding threads (rich, sqlite) can deadlock
        self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                         initializer=_init, initargs=(self.model, self.batch_size, os.getpid()))

    def pipe(self, items: Iterable, as_tuples: bool = False,
             error_handler: ErrorHandler | None = None) -> Iterator:
        pairs = iter(items if as_tuples else ((it, None) for it in items))
        window: deque[Future] = deque()
        limit = 2 * self.workers
        while True:
            while len(window) < limit and (batch := list(itertools.islice(pairs, self.batch_size))):
                window.append(self._pool.submit(_run, batch))
            if not window:
                return
            for result, ctx in window.popleft().result():
                if isinstance(result, ReadError) and error_handler:
                    error_handler(result)
                yield (result, ctx) if as_tuples else result

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_pipeline(model: str = DEFAULT_MODEL, batch_size: int = 32, workers: int = 1):
    """One process for ``workers <= 1`` (no start-up cost), worker processes otherwise."""
    if workers <= 1:
        return Pipeline(model=model, batch_size=batch_size)
    return ParallelPipeline(model=model, batch_size=batch_size, workers=workers)
