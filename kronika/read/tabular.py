"""Corpora of records: JSON lines, JSON (array, object or concatenated values), CSV/TSV.

Everything streams: files are read line by line (or in bounded chunks for JSON arrays), so a
corpus of any size never sits in memory. One record gives one Article or one ReadError.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zlib
from typing import IO, Callable, Iterable, Iterator

from kronika.records import Article, ReadError

from .normalize import agency_name
from .text import make_article

MAX_RECORD_CHARS = 1_000_000
KNOWN = ("text", "title", "published", "url", "authors", "publisher", "id", "agency", "language")
_ALIASES = {"author": "authors", "date": "published", "lang": "language", "link": "url"}
# gzip and I/O failures that can surface at any point while streaming
STREAM_ERRORS = (OSError, EOFError, zlib.error)

Opener = Callable[[], IO[bytes]]
Result = Article | ReadError


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def record_to_article(rec, source: str) -> Result:
    """One input record -> Article. ``text`` is required; the record's id goes to
    metadata["source_id"]; unknown keys are kept in metadata."""
    if not isinstance(rec, dict):
        return ReadError(source, f"record is a JSON {type(rec).__name__}, not an object")
    known: dict = {}
    meta: dict = {}
    for k, v in rec.items():
        if k is None:  # CSV row with more cells than the header
            continue
        key = str(k).strip().lower()
        if _ALIASES.get(key) and _ALIASES[key] not in rec:  # "author" only when no "authors"
            key = _ALIASES[key]
        if key in KNOWN and key not in known:
            known[key] = v
        elif not _blank(v):
            meta[str(k)] = v
    text = known.get("text")
    if text is None:
        return ReadError(source, "missing 'text'")
    if not isinstance(text, str):
        return ReadError(source, f"'text' is a {type(text).__name__}, not a string")
    if not text.strip():
        return ReadError(source, "empty 'text'")
    if len(text) > MAX_RECORD_CHARS:
        return ReadError(source, f"text too long for one article ({len(text):,} chars > {MAX_RECORD_CHARS:,})")
    if not _blank(known.get("id")):
        meta["source_id"] = known["id"]
    s = lambda k: known[k] if isinstance(known.get(k), str) else None  # noqa: E731
    lang = s("language")
    lang = lang.strip().lower()[:2] if lang and re.fullmatch(r"\s*[a-zA-Z]{2}(?:[-_]\w+)?\s*", lang) else None
    published = known.get("published")
    art = make_article(text, source=source, title=s("title"), authors=known.get("authors"),
                       agency=agency_name(s("agency")) or s("agency"), publisher=s("publisher"),
                       published=published, url=s("url"), language=lang, metadata=meta)
    if isinstance(art, Article) and not art.published and not _blank(published):
        art.metadata["published_raw"] = published  # unparseable date: keep it, don't guess
    return art


# ---- JSON lines ----------------------------------------------------------------------------

def read_jsonl(open_: Opener, name: str) -> Iterator[Result]:
    """One JSON object per line; blank lines skipped; a broken line is a ReadError and the file
    goes on."""
    n = lineno = 0
    with open_() as fh:
        try:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                n += 1
                yield _jsonl_line(raw, f"{name}:{lineno}")
        except STREAM_ERRORS as e:
            yield ReadError(f"{name}:{lineno + 1}" if lineno else name, f"unreadable file ({_why(e)})")
            return
    if n == 0:
        yield ReadError(name, "no records")


def _jsonl_line(raw: bytes | str, source: str) -> Result:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return ReadError(source, f"line is not UTF-8 ({e.reason} at byte {e.start})")
    try:
        rec = json.loads(raw.strip())
    except json.JSONDecodeError as e:
        return ReadError(source, f"broken JSON ({_at(e.msg)} column {e.colno})")
    return record_to_article(rec, source)


def read_lines(lines: Iterable[bytes | str], name: str, first_line: int = 1) -> Iterator[Result]:
    """JSON lines from an already open stream (stdin)."""
    for lineno, raw in enumerate(lines, first_line):
        if raw.strip():
            yield _jsonl_line(raw, f"{name}:{lineno}")


# ---- JSON ----------------------------------------------------------------------------------

_CHUNK = 1 << 20
_MAX_VALUE = 32 << 20  # chars one JSON value may take before we call it broken


def read_json(open_: Opener, name: str) -> Iterator[Result]:
    """A JSON array of records, one object, or concatenated objects (JSON lines in a .json file),
    decoded value by value from bounded chunks."""
    with open_() as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig")
        n = 0
        try:
            for line, value in _json_values(iter(lambda: text.read(_CHUNK), "")):
                n += 1
                src = f"{name}:{line}"
                yield ReadError(src, value.args[0]) if isinstance(value, ValueError) \
                    else record_to_article(value, src)
        except UnicodeDecodeError as e:
            yield ReadError(name, f"not UTF-8 ({e.reason})")
            return
        except STREAM_ERRORS as e:
            yield ReadError(name, f"unreadable file ({_why(e)})")
            return
    if n == 0:
        yield ReadError(name, "no records")


def _json_values(chunks: Iterator[str]) -> Iterator[tuple[int, object]]:
    """(line, value) for each item of a top-level array or each top-level value; a broken value
    comes as (line, ValueError). After a broken value, concatenated input resumes at the next
    line; an array cannot be resynchronised, so it stops."""
    dec = json.JSONDecoder()
    buf, pos, line, eof, array = "", 0, 1, False, None
    sep = re.compile(r"[\s,]*")

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = "" if eof else next(chunks, "")
        eof = eof or not chunk
        buf, pos = buf[pos:] + chunk, 0
        return bool(chunk)

    while True:
        m = sep.match(buf, pos) if array else re.compile(r"\s*").match(buf, pos)
        line += buf.count("\n", pos, m.end())
        pos = m.end()
        if pos >= len(buf):
            if more():
                continue
            if array:
                yield line, ValueError("broken JSON (unexpected end of file, missing ']')")
            return
        if array is None:
            array = buf[pos] == "["
            pos += array
            continue
        if array and buf[pos] == "]":
            return
        try:
            value, end = dec.raw_decode(buf, pos)
            if end == len(buf) and not eof and more():
                continue  # a number or literal may go on in the next chunk
        except json.JSONDecodeError as e:
            # a value cut by the chunk boundary fails at the buffer's end (strings can't hold raw
            # newlines, so an unterminated one also means "cut"): read on and retry
            cut = e.pos >= len(buf) - 8 or e.msg.startswith("Unterminated string")
            if cut and not eof and len(buf) - pos < _MAX_VALUE and more():
                continue
            err_line = line + buf.count("\n", pos, e.pos)
            yield line, ValueError(f"broken JSON ({_at(e.msg)} line {err_line} column {e.colno})")
            if array:
                return
            pos, line = e.pos, err_line
            while (nl := buf.find("\n", pos)) < 0:  # resume at the next line
                if not more():
                    return
            pos, line = nl + 1, line + 1
            continue
        yield line, value
        line += buf.count("\n", pos, end)
        pos = end


# ---- CSV -----------------------------------------------------------------------------------

def _guess_encoding(head: bytes) -> str:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        return best.encoding if best else "utf-8"


def read_csv(open_: Opener, name: str, delimiter: str = ",") -> Iterator[Result]:
    """CSV/TSV with a header row; needs a ``text`` column. Rows may span lines (quoted fields);
    a row's source is the line where it starts."""
    csv.field_size_limit(MAX_RECORD_CHARS * 8)  # long article fields; per-record limit below
    try:
        with open_() as fh:
            encoding = _guess_encoding(fh.read(1 << 16))
    except STREAM_ERRORS as e:
        yield ReadError(name, f"unreadable file ({_why(e)})")
        return
    with open_() as fh:
        text = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
        start = 1
        try:
            reader = csv.DictReader(text, delimiter=delimiter)
            cols = reader.fieldnames
            if not cols:
                yield ReadError(name, "no records")
                return
            if "text" not in {str(c).strip().lower() for c in cols}:
                yield ReadError(name, f"no 'text' column (columns: {', '.join(map(str, cols))})")
                return
            start = reader.line_num + 1
            for row in reader:
                src = f"{name}:{start}"
                start = reader.line_num + 1
                if not any(v for k, v in row.items() if k is not None):
                    continue  # blank row
                if encoding not in ("utf-8", "utf-8-sig"):
                    row["encoding"] = encoding
                yield record_to_article(row, src)
        except csv.Error as e:
            yield ReadError(f"{name}:{start}", f"broken CSV ({e})")
        except UnicodeDecodeError as e:
            yield ReadError(f"{name}:{start}", f"not {encoding} ({e.reason})")
        except STREAM_ERRORS as e:
            yield ReadError(f"{name}:{start}", f"unreadable file ({_why(e)})")


def _at(msg: str) -> str:
    return msg if msg.endswith(" at") else msg + " at"


def _why(e: BaseException) -> str:
    return (getattr(e, "strerror", None) or str(e) or type(e).__name__).strip()
