"""The same pipeline fanned out on a Dask cluster.

The client reads the input (streaming), skips what the store already holds, cuts the rest into
partitions and submits them; each Dask worker loads the model once and runs the ordinary
``Pipeline``. Results come back to the client, the single writer, which stores them (or writes one
Parquet shard per partition with ``out_dir``, for ``kronika load``). A worker that dies takes only
its in-flight partitions with it: Dask recomputes them elsewhere, and since the store ignores an
article it already holds and shards are named by their content, every article is stored once.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .annotate import DEFAULT_MODEL
from .pipeline import RESOLVE_EVERY, IngestReport, resolve_pending
from .records import Article, Extraction, ReadError, extraction_from_dict

_PIPELINES: dict[tuple[str, int], Any] = {}


def run_partition(articles: list[Article], model: str, batch_size: int) -> list[Extraction | ReadError]:
    """Runs on a Dask worker: the model is loaded once per worker process and reused."""
    from .pipeline import Pipeline

    key = (model, batch_size)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(model=model, batch_size=batch_size)
    return list(_PIPELINES[key].pipe(articles))


def _partition_key(articles: list[Article]) -> str:
    return hashlib.sha256("\n".join(a.id for a in articles).encode()).hexdigest()[:20]


def write_shard(out_dir: str, key: str, results: list[Extraction]) -> Path:
    """One Parquet file per partition, written under a temporary name and renamed: never half there."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(out_dir) / f"part-{key}.parquet"
    tmp = path.with_suffix(".tmp")
    table = pa.table({"article_id": [r.article.id for r in results],
                      "extraction": [json.dumps(r.to_dict(), ensure_ascii=False) for r in results]})
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def read_shards(in_dir: str) -> Iterator[Extraction]:
    import pyarrow.parquet as pq

    for path in sorted(Path(in_dir).glob("part-*.parquet")):
        for row in pq.read_table(path).to_pylist():
            yield extraction_from_dict(json.loads(row["extraction"]))


def load(in_dir: str, store, batch: int = 200) -> IngestReport:
    """Import Parquet shards written by ``ingest_on_cluster(out_dir=...)`` into a store."""
    report = IngestReport()
    it = read_shards(in_dir)
    while chunk := list(itertools.islice(it, batch)):
        report.read += len(chunk)
        w = store.write(chunk)
        report.new += len(w.new)
        report.already += len(w.existing)
        report.resolved.add(resolve_pending(store, wait=False, at_least=RESOLVE_EVERY))
    report.resolved.add(resolve_pending(store, wait=True))
    return report


def ingest_on_cluster(items: Iterable[Article | ReadError], client, *, store=None, out_dir: str | None = None,
                      model: str = DEFAULT_MODEL, batch_size: int = 32, partition_size: int = 256,
                      limit: int | None = None, in_flight: int | None = None,
                      progress: Callable[[str, Any], None] | None = None) -> IngestReport:
    """Process ``items`` on the Dask cluster behind ``client``; store results or write shards."""
    from distributed import as_completed

    if (store is None) == (out_dir is None):
        raise ValueError("give exactly one of store or out_dir")
    if out_dir:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    report = IngestReport()
    nworkers = max(1, len(client.scheduler_info().get("workers", {})))
    window = in_flight or 2 * nworkers

    def fail(err: ReadError) -> None:
        report.failed.append(err)
        if store is not None:
            store.record_failure(err.source, err.reason)
        if progress:
            progress("failed", err)

    def partitions() -> Iterator[list[Article]]:
        def counted():
            for item in items:
                if isinstance(item, ReadError):
                    fail(item)
                    continue
                if limit is not None and report.read >= limit:
                    return
                report.read += 1
                yield item
        source = counted()
        while part := list(itertools.islice(source, partition_size)):
            known = store.known(a.id for a in part) if store is not None else set()
            fresh = {a.id: a for a in part if a.id not in known}
            report.already += len(part) - len(fresh)
            if out_dir and fresh and (Path(out_dir) / f"part-{_partition_key(list(fresh.values()))}.parquet").exists():
                report.already += len(fresh)  # shard from an earlier run
                continue
            if fresh:
                yield list(fresh.values())

    def submit(part: list[Article]):
        # a content key: resubmitting the same partition (after a crash) is the same task
        return client.submit(run_partition, part, model, batch_size, key=f"kronika-{_partition_key(part)}",
                             retries=2)

    parts = partitions()
    pending = as_completed()
    shard_of: dict[str, str] = {}
    for part in itertools.islice(parts, window):
        fut = submit(part)
        shard_of[fut.key] = _partition_key(part)
        pending.add(fut)
    for fut in pending:
        results = fut.result()
        done = [r for r in results if isinstance(r, Extraction)]
        for r in results:
            if isinstance(r, ReadError):
                fail(r)
        if store is not None and done:
            w = store.write(done)
            report.new += len(w.new)
            report.already += len(w.existing)
            report.resolved.add(resolve_pending(store, wait=False, at_least=RESOLVE_EVERY))
        elif out_dir and done:
            write_shard(out_dir, shard_of.pop(fut.key), done)
            report.new += len(done)
        if progress:
            for r in done:
                progress("new", r.article)
        fut.release()
        nxt = next(parts, None)
        if nxt is not None:
            f = submit(nxt)
            shard_of[f.key] = _partition_key(nxt)
            pending.add(f)
    if store is not None:
        report.resolved.add(resolve_pending(store, wait=True))
    return report
