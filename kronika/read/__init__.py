"""Readers: files, folders and stdin -> a stream of Article or ReadError.

    for item in read(["news/", "extra.jsonl.gz", "-"]):
        if isinstance(item, ReadError): log(item) else: use(item)

Errors are values, never exceptions: one bad file or line does not stop the batch.
"""
from __future__ import annotations

import gzip
import os
import re
import sys
from itertools import chain
from pathlib import Path
from typing import IO, Iterable, Iterator

from kronika.records import Article, ReadError

from .html import looks_like_html, parse_html
from .tabular import STREAM_ERRORS, read_csv, read_json, read_jsonl, read_lines
from .text import decode_bytes, parse_text

__all__ = ["read", "read_file", "read_stream", "read_string", "parse_bytes", "MAX_ARTICLE_BYTES",
           "Article", "ReadError"]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # one article file; corpora (JSONL/CSV) have no limit
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXTS = {".jsonl", ".ndjson"}
JSON_EXTS = {".json"}
CSV_EXTS = {".csv": ",", ".tsv": "\t"}
TEXT_EXTS = {".txt", ".text", ".md"}
STDIN_NAME = "<stdin>"

Result = Article | ReadError


def read(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
         stdin: IO | None = None) -> Iterator[Result]:
    """Articles and errors from files, folders (recursive, sorted, hidden names skipped) and
    "-" (stdin, or the ``stdin`` stream given). Lazy: nothing is read before it is asked for."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for p in paths:
        if str(p) == "-":
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer)
            continue
        path = Path(p)
        if path.is_dir():
            for f in _walk(path):
                yield from read_file(f)
        else:
            yield from read_file(path)


def _walk(root: Path, seen: set | None = None) -> Iterator[Path]:
    """Files under ``root`` in sorted order; hidden names skipped; symlink loops cut."""
    seen = set() if seen is None else seen
    real = os.path.realpath(root)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        if e.is_dir():
            yield from _walk(Path(e.path), seen)
        elif e.is_file():
            yield Path(e.path)


def _kind(path: Path) -> tuple[str, bool]:
    """(extension without .gz, gzipped?)"""
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    if gz:
        suffixes = suffixes[:-1]
    return (suffixes[-1] if suffixes else ""), gz


def read_file(path: str | os.PathLike) -> Iterator[Result]:
    """Everything in one file, dispatched by extension."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        yield ReadError(name, "no such file")
        return
    if not path.is_file():
        yield ReadError(name, "not a regular file")
        return
    ext, gz = _kind(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield ReadError(name, "empty file")
            return
        if not os.access(path, os.R_OK):
            yield ReadError(name, "permission denied")
            return
        opener = (lambda: gzip.open(path, "rb")) if gz else (lambda: open(path, "rb"))
        if ext in JSONL_EXTS:
            yield from read_jsonl(opener, name)
        elif ext in JSON_EXTS:
            yield from read_json(opener, name)
        elif ext in CSV_EXTS:
            yield from read_csv(opener, name, CSV_EXTS[ext])
        else:
            yield _read_one(path, name, ext, gz, size)
    except STREAM_ERRORS as e:
        yield ReadError(name, f"unreadable file ({getattr(e, 'strerror', None) or e})")


def _too_large(size: int) -> str:
    mb = 1024 * 1024
    return f"file too large for one article ({size / mb:.1f} MB > {MAX_ARTICLE_BYTES / mb:g} MB)"


def _read_one(path: Path, name: str, ext: str, gz: bool, size: int) -> Result:
    """A single-article file: size checked before reading, then decoded and parsed."""
    if not gz and size > MAX_ARTICLE_BYTES:
        return ReadError(name, _too_large(size))
    if gz:
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_ARTICLE_BYTES + 1)  # bounded: a gz bomb stops here
        except STREAM_ERRORS as e:
            return ReadError(name, f"unreadable gzip file ({e})")
        if len(data) > MAX_ARTICLE_BYTES:
            return ReadError(name, "file too large for one article (> "
                                   f"{MAX_ARTICLE_BYTES / 1024 / 1024:g} MB uncompressed)")
    else:
        data = path.read_bytes()
    return parse_bytes(data, name, kind="html" if ext in HTML_EXTS else
                       "text" if ext in TEXT_EXTS else "sniff")


def parse_bytes(data: bytes, source: str, *, kind: str = "sniff") -> Result:
    """One article from bytes: decode (UTF-8 or a detected encoding), then HTML or text."""
    if not data.strip():
        return ReadError(source, "empty file")
    declared = re.search(rb"<meta[^>]{0,200}charset=[\"']?([\w-]+)", data[:4096], re.I) \
        if kind != "text" else None
    decoded = decode_bytes(data, declared=declared.group(1).decode("ascii") if declared else None)
    if decoded is None:
        return ReadError(source, "binary file, not text")
    text, encoding = decoded
    meta = {} if encoding in ("utf-8", "ascii") else {"encoding": encoding}
    return read_string(text, source, kind=kind, metadata=meta)


def read_string(text: str, source: str = STDIN_NAME, *, kind: str = "sniff",
                metadata: dict | None = None) -> Result:
    """One article from a string; ``kind`` is "text", "html" or "sniff"."""
    if not text.strip():
        return ReadError(source, "empty file")
    if kind == "html" or (kind == "sniff" and looks_like_html(text)):
        return parse_html(text, source, metadata=metadata)
    return parse_text(text, source, metadata=metadata)


def read_stream(stream: IO, name: str = STDIN_NAME) -> Iterator[Result]:
    """stdin: JSON lines if the first non-blank character is "{", else one HTML or text
    article (at most MAX_ARTICLE_BYTES)."""
    peeked: list = []
    for line in stream:
        peeked.append(line)
        if line.strip():
            break
    if not peeked or not peeked[-1].strip():
        yield ReadError(name, "empty input")
        return
    first = peeked[-1].lstrip()[:1]
    if first in ("{", b"{"):
        yield from read_lines(chain(peeked, stream), name)
        return
    limit = MAX_ARTICLE_BYTES + 1
    rest = stream.read(limit)
    if isinstance(peeked[0], str):
        data = "".join(peeked) + rest
        if len(data.encode("utf-8")) > MAX_ARTICLE_BYTES:
            yield ReadError(name, f"input too large for one article (> {MAX_ARTICLE_BYTES // 1024 // 1024} MB)")
        else:
            yield read_string(data, name)
        return
    data = b"".join(peeked) + rest
    if len(data) > MAX_ARTICLE_BYTES:
        yield ReadError(name, f"input too large for one article (> {MAX_ARTICLE_BYTES // 1024 // 1024} MB)")
    else:
        yield parse_bytes(data, name)
