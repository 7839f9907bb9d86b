"""Plain-text articles: decoding, the header (title, byline, date), the "Original url:" footer,
and ``make_article`` which every reader uses to build an Article from body text and metadata."""
from __future__ import annotations

import codecs
import re

from kronika.records import Article, ReadError

from .clean import clean, strip_markup
from .normalize import (agency_from_dateline, authors_and_agency, detect_language, parse_byline,
                        date_from_url, parse_date, publisher_from_url)

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str] | None:
    """(text, encoding) for text bytes; None for binary or undecodable data.
    UTF-8 is tried first, then the encoding the page declares (HTML meta charset), then
    charset-normalizer's guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM has NUL bytes but is text
        try:
            out = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    elif b"\x00" in data:
        return None
    else:
        try:
            out = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            out = _decode_declared(data, declared) or _guess(data)
            if out is None:
                return None
    # control characters are valid UTF-8 (and decode in any guess) but never make up prose
    sample = out[0][:20000]
    return None if len(_CONTROL.findall(sample)) > max(5, len(sample) // 200) else out


def _decode_declared(data: bytes, declared: str | None) -> tuple[str, str] | None:
    try:
        name = codecs.lookup(declared).name if declared else None
        return (data.decode(name), name) if name and name != "utf-8" else None
    except (LookupError, UnicodeDecodeError):
        return None


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return (str(best), best.encoding) if best is not None else None


def make_article(body: str, *, source: str, title: str | None = None, authors=None,
                 agency: str | None = None, publisher: str | None = None, published=None,
                 url: str | None = None, language: str | None = None,
                 metadata: dict | None = None) -> Article | ReadError:
    """Clean the body and fill in what can be derived: agency from a dateline, publisher from
    the URL host, language from the text, ISO date."""
    title = re.sub(r"\s+", " ", strip_markup(title)).strip() if isinstance(title, str) else None
    cleaned = clean(body, title=title)
    if not cleaned.text:
        return ReadError(source, "no article text found")
    names, byline_agency = authors_and_agency(authors)
    url = url.strip() if isinstance(url, str) and url.strip() else None
    metadata = dict(metadata or {})
    date = parse_date(published)
    if date is None and (date := date_from_url(url)):
        metadata["published_from"] = "url"  # provenance: not stated by the record
    return Article(
        text=cleaned.text,
        title=title or None,
        authors=names,
        agency=agency or byline_agency or agency_from_dateline(cleaned.text),
        publisher=(publisher.strip() if isinstance(publisher, str) and publisher.strip() else None)
        or publisher_from_url(url),
        published=date,
        url=url,
        language=language or detect_language(cleaned.text),
        headings=cleaned.headings,
        metadata=metadata,
        source=source,
    )


_FOOTER = re.compile(r"^\s*(?:original\s+url|source\s+url|original|url|link|source)\s*:\s*(.*)$", re.I)
_URL = re.compile(r"<?(https?://[^\s<>]+)>?")


def _split_footer(lines: list[str]) -> tuple[list[str], str | None]:
    """Body lines without the "Original url:" footer, and the URL it gives (same or next line)."""
    tail = [i for i, ln in enumerate(lines) if ln.strip()][-4:]
    for i in reversed(tail):  # only near the end: a "Source:" line mid-body is body
        m = _FOOTER.match(lines[i])
        if not m:
            continue
        rest = [m.group(1)] + [ln for ln in lines[i + 1:] if ln.strip()][:1]
        for cand in rest:
            u = _URL.fullmatch(cand.strip())
            if u:
                return lines[:i], u.group(1)
    # no footer: a bare <url> line among the last lines is the article's address
    for i in reversed(tail):
        u = _URL.fullmatch(lines[i].strip())
        if u:
            return lines[:i] + lines[i + 1:], u.group(1)
    return lines, None


def _is_date_line(line: str) -> str | None:
    s = strip_markup(line).strip()
    return parse_date(s) if 6 <= len(s) <= 60 else None


def looks_like_title(line: str) -> bool:
    """Short, no final period, starts like a headline."""
    s = re.sub(r"^#+\s*", "", strip_markup(line)).strip()
    words = s.split()
    if not (1 <= len(words) <= 25) or len(s) > 200 or s.endswith((".", ",", ";", ":", "-")):
        return False
    first = s.lstrip("'\"‘“«([").lstrip()[:1]
    return (first.isupper() or first.isdigit()) and parse_byline(s) is None and not _is_date_line(s)


def parse_text(text: str, source: str, *, metadata: dict | None = None) -> Article | ReadError:
    """A text article: optional title line, byline ("By NAME for AGENCY"), date line, body,
    optional "Original url:" footer."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ReadError(source, "empty file")
    lines, url = _split_footer(text.split("\n"))
    i = 0
    nonblank = [k for k, ln in enumerate(lines) if ln.strip()]
    title = byline = date = None
    if len(nonblank) > 1:
        k = nonblank[0]
        next_blank = k + 1 < len(lines) and not lines[k + 1].strip()
        nxt = lines[nonblank[1]]
        header_follows = parse_byline(strip_markup(nxt)) is not None or _is_date_line(nxt)
        if looks_like_title(lines[k]) and (next_blank or header_follows):
            title = re.sub(r"^#+\s*", "", lines[k].strip())
            i = k + 1
    # byline and date lines, in any order, right after the title
    for k in nonblank:
        if k < i:
            continue
        plain = strip_markup(lines[k]).strip()
        if byline is None and (b := parse_byline(plain)) is not None:
            byline = b
        elif date is None and (d := _is_date_line(plain)):
            date = d
        else:
            break
        i = k + 1
    authors, agency = byline if byline else ([], None)
    return make_article("\n".join(lines[i:]), source=source, title=title, authors=authors,
                        agency=agency, published=date, url=url, metadata=metadata)
