"""Normalise article metadata: dates, authors, agency, publisher, language. No network."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

_DATA = Path(__file__).parent

# ---- dates ---------------------------------------------------------------------------------

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s_])")
_DATE_PREFIX = re.compile(
    r"^\s*(?:(?:last\s+)?updated|published|posted|first published|date|dated|on)\b\s*(?:on\b)?[:\s]*",
    re.I)
_TIME_TAIL = re.compile(r"(\d{4})\s*(?:,|at|-|–|—|\|)?\s*\d{1,2}[:.]\d{2}.*$", re.I)
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
}
# languages we expect in news; a fixed list keeps dateparser fast and deterministic
_DATE_LANGS = ["en", "ru", "uk", "be", "de", "fr", "es", "it", "pl", "pt"]


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        dt = datetime(y, m, d)
    except ValueError:
        return None
    return dt.strftime("%Y-%m-%d") if 1800 <= y <= 2100 else None


def parse_date(value) -> str | None:
    """YYYY-MM-DD from an ISO string, a date written out ("August 16, 2020", "16.08.2020",
    "Updated: Aug 16, 2020 10:35 AM"), or a Unix timestamp; None when it is not a full date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        ts = value / 1000 if value > 1e11 else value  # milliseconds in many JSON exports
        try:
            return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d")
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s or len(s) > 80 or not re.search(r"\d", s):
        return None
    m = _ISO.match(s)
    if m:
        return _valid(*map(int, m.groups()))
    for part in s.split("|"):
        part = _DATE_PREFIX.sub("", part).strip()
        part = _TIME_TAIL.sub(r"\1", part)
        if len(part) < 6:
            continue
        d = _dateparse(part)
        if d:
            return d
    return None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/._-]|$)")


def date_from_url(url: str | None) -> str | None:
    """ISO date from a news URL's path (/2016/12/05/...), the way many outlets file stories;
    only full dates count - a month alone would be a guessed day."""
    if not url:
        return None
    m = _URL_DATE.search(url.split("?", 1)[0])
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


@lru_cache(maxsize=4096)
def _dateparse(s: str) -> str | None:
    import dateparser  # slow import, only when a written-out date needs it

    dt = dateparser.parse(s, languages=_DATE_LANGS, settings=_DATEPARSER_SETTINGS)
    return _valid(dt.year, dt.month, dt.day) if dt else None


# ---- agencies ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _agency_aliases() -> tuple[dict[str, str], dict[str, str]]:
    """(exact-case, casefolded) alias -> canonical. Short names (AP, EFE) must match in case:
    "ap" or "Efe" in prose is not an agency."""
    data = json.loads((_DATA / "agencies.json").read_text("utf-8"))
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for canon, aliases in data.items():
        if canon.startswith("_"):
            continue
        for a in aliases:
            exact[a] = canon
            if len(a) > 4:
                folded[a.casefold()] = canon
    return exact, folded


_AGENCY_TAIL = re.compile(r"\s+(?:staff|news|wire|newswire|reporters?|staff writers?)$", re.I)


def agency_name(name: str | None) -> str | None:
    """Canonical agency when ``name`` is an agency ("Agence France-Presse" -> "AFP", "Reuters Staff"
    -> "Reuters"), else None."""
    if not name or len(name) > 60:
        return None
    exact, folded = _agency_aliases()
    whole = " ".join(name.split()).strip(" .,")
    for s in (whole, _AGENCY_TAIL.sub("", whole)):
        hit = exact.get(s) or folded.get(s.casefold())
        if hit:
            return hit
    return None


def agency_from_dateline(text: str) -> str | None:
    """Agency from a dateline at the start of the text: "MINSK (AFP) -", "(Reuters) -",
    "MOSCOW, Aug 16 (Reuters) -", "WASHINGTON (AP) —"."""
    m = re.match(r"\s*(?:[^\W\d_][^\n()]{0,60}?)?\(([^()\n]{2,40})\)\s*[-–—:]", text[:200])
    return agency_name(m.group(1)) if m else None


# ---- authors -------------------------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:;|,|\||&|\band\b|\bund\b|\bet\b|\bи\b)\s*")
_ROLE = re.compile(r"\b(?:staff|writer|correspondent|reporter|editor|contributor|bureau|team)s?\b", re.I)


def authors_and_agency(value) -> tuple[list[str], str | None]:
    """Split an authors value (list, "A, B", "A and B", "By A for AFP") into person names and
    the agency named among them, if any."""
    if not value:
        return [], None
    items = value if isinstance(value, (list, tuple)) else [value]
    names: list[str] = []
    agency = None
    for item in items:
        if not isinstance(item, str):
            item = str(item.get("name", "")) if isinstance(item, dict) else str(item)
        s = re.sub(r"^\s*by\s*:?\s+", "", item.strip(), flags=re.I)
        m = re.search(r"\s+for\s+(.+)$", s)  # "NAME for AGENCY" / "NAME for The Moscow Times"
        if m:
            agency = agency or agency_name(m.group(1))
            s = s[:m.start()]
        for part in _SPLIT.split(s):
            part = re.sub(r"\s+in\s+[A-Z][\w\- ]*$", "", part).strip(" .\t\"'")  # "X in Minsk"
            if not part:
                continue
            a = agency_name(part)
            if a:
                agency = agency or a
            elif not _ROLE.search(part) and re.search(r"[A-Z]", part) and len(part) <= 60 \
                    and part not in names:
                names.append(part)
    return names, agency


def split_authors(value) -> list[str]:
    return authors_and_agency(value)[0]


_BYLINE = re.compile(r"^\s*by\s*:?\s+\S", re.I)


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """(authors, agency) from a byline ("By Tatiana Kalinovskaya for AFP"); None when the line
    is not a byline."""
    if not _BYLINE.match(line) or len(line) > 160 or line.rstrip().endswith((".", "!", "?")) \
            and not re.search(r"\b[A-Z]\.$", line.rstrip()):
        return None
    names, agency = authors_and_agency(line)
    return (names, agency) if names or agency else None


# ---- publisher -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _publishers() -> dict[str, str]:
    data = json.loads((_DATA / "publishers.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def url_host(url: str | None) -> str | None:
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host and "." in host else None


def registrable_host(host: str) -> str:
    """"edition.cnn.com" -> "cnn.com", "news.bbc.co.uk" -> "bbc.co.uk" (public suffix list)."""
    try:
        from tld import get_fld  # ships with trafilatura (via courlan); offline suffix list

        fld = get_fld(host, fix_protocol=True, fail_silently=True)
        if fld:
            return fld
    except ImportError:
        pass
    return re.sub(r"^(?:www\d*|m|amp|mobile)\.", "", host)


def publisher_from_url(url: str | None) -> str | None:
    """Readable publisher for a URL: known hosts map to names, others give the registrable host."""
    host = url_host(url)
    if not host:
        return None
    known = _publishers()
    bare = re.sub(r"^(?:www\d*|m|amp|mobile)\.", "", host)
    if bare in known:
        return known[bare]
    reg = registrable_host(host)
    return known.get(reg, reg)


# ---- language ------------------------------------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from the first ~2000 characters (py3langid); None for too little text."""
    sample = text[:2000]
    if len(_LETTER.findall(sample, 0, 400)) < 20:
        return None
    import py3langid  # loads its model on first use

    lang, _ = py3langid.classify(sample)
    return lang
