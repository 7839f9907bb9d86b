"""Exports of the record: JSONL, CSV and Parquet for every record kind (docs/schema.md).

Rows are streamed from the store; Parquet is written in row groups so memory stays flat.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet", "acled", "plover", "geojson")

# Column order of the flat formats, per kind; nested values are JSON-encoded in CSV.
COLUMNS = {
    "articles": ["id", "title", "authors", "agency", "publisher", "published", "url", "language", "text"],
    "quotes": ["id", "article_id", "text", "kind", "cue", "start", "end", "speaker"],
    "events": ["id", "type", "mode", "status", "trigger", "date", "actors", "recipients", "location", "size", "dead",
               "injured", "arrested", "claimant", "sources"],
    "entities": ["id", "name", "type", "aliases", "attributes", "articles", "mentions"],
}


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(kind: str, rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=COLUMNS[kind], extrasaction="ignore")
    w.writeheader()
    n = 0
    for row in rows:
        w.writerow({k: _flat(row.get(k)) for k in COLUMNS[kind]})
        n += 1
    return n


def _arrow_schema(kind: str):
    import pyarrow as pa

    s, i64, f64 = pa.string(), pa.int64(), pa.float64()
    ref = pa.struct([("text", s), ("name", s), ("entity_id", s)])
    actor = pa.struct([("text", s), ("name", s), ("entity_id", s), ("country", s)])
    count = pa.struct([("min", i64), ("max", i64), ("text", s)])
    if kind == "articles":
        return pa.schema([("id", s), ("title", s), ("authors", pa.list_(s)), ("agency", s), ("publisher", s),
                          ("published", s), ("url", s), ("language", s), ("text", s)])
    if kind == "quotes":
        return pa.schema([("id", s), ("article_id", s), ("text", s), ("kind", s), ("cue", s), ("start", i64),
                          ("end", i64), ("speaker", ref)])
    if kind == "events":
        return pa.schema([
            ("id", s), ("type", s), ("mode", s), ("status", s),
            ("trigger", pa.struct([("text", s), ("start", i64), ("end", i64)])),
            ("date", pa.struct([("start", s), ("end", s), ("precision", s), ("text", s)])),
            ("actors", pa.list_(actor)), ("recipients", pa.list_(actor)),
            ("location", pa.struct([("text", s), ("name", s), ("country_code", s), ("lat", f64), ("lon", f64),
                                    ("geonameid", i64)])),
            ("size", count), ("dead", count), ("injured", count), ("arrested", count), ("claimant", ref),
            ("sources", pa.list_(pa.struct([("article_id", s), ("url", s), ("published", s), ("sentence", s),
                                            ("start", i64), ("end", i64)]))),
        ])
    if kind == "entities":
        return pa.schema([("id", s), ("name", s), ("type", s), ("aliases", pa.list_(s)),
                          ("attributes", pa.struct([("age", i64), ("roles", pa.list_(s)), ("country", s)])),
                          ("articles", i64), ("mentions", i64)])
    raise ValueError(f"unknown record kind {kind!r}")


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_parquet(kind: str, rows: Iterable[dict[str, Any]], path: str, row_group: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(kind)
    names = schema.names
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        for chunk in _chunks(rows, row_group):
            w.write_table(pa.Table.from_pylist([{k: r.get(k) for k in names} for r in chunk], schema=schema))
            n += len(chunk)
        if n == 0:
            w.write_table(schema.empty_table())
    return n


def export(store, kind: str, fmt: str, out: str | IO[str] | None) -> int:
    """Write every ``kind`` record of ``store`` in ``fmt`` to a path, a text stream or stdout."""
    if kind not in COLUMNS:
        raise ValueError(f"unknown record kind {kind!r} (choose from {', '.join(COLUMNS)})")
    rows = store.export_rows(kind)
    if fmt in ("acled", "plover", "geojson"):
        from .export_events import write_events

        if kind != "events":
            raise ValueError(f"format {fmt!r} is for events only")
        if isinstance(out, str):
            with open(out, "w", encoding="utf-8", newline="") as f:
                return write_events(rows, fmt, f)
        return write_events(rows, fmt, out if out is not None else io.StringIO())
    if fmt == "parquet":
        if not isinstance(out, str):
            raise ValueError("parquet needs an output file (-o FILE)")
        return write_parquet(kind, rows, out)
    writer = {"jsonl": lambda o: write_jsonl(rows, o), "csv": lambda o: write_csv(kind, rows, o)}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r} for {kind} (choose from {', '.join(FORMATS)})")
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as f:
            return writer(f)
    return writer(out if out is not None else io.StringIO())
