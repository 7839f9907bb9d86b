"""Records that flow through kronika: plain dataclasses with dict round-trips.

This module imports nothing of ours; every other layer uses it. The JSON Schemas in
``docs/schemas/`` describe the exported shape of these records and are checked by tests.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUOTE_KINDS = ("direct", "partial", "indirect")
EVENT_STATUSES = ("occurred", "planned", "threatened", "alleged", "denied", "hypothetical")
DATE_PRECISIONS = ("day", "week", "month", "year")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP")


def short_hash(*parts: Any, n: int = 16) -> str:
    """Stable hex id from parts (sha256, truncated): the same input gives the same id on any machine."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]


_WS = re.compile(r"\s+")


def content_key(text: str) -> str:
    """Text normalised for identity: NFC, whitespace collapsed, so re-saved copies hash alike."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    return short_hash(content_key(text))


class _Record:
    """dict round-trip shared by all records (nested records are rebuilt by ``from_dict``)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, d: dict[str, Any]):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Article(_Record):
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    language: str | None = None
    # character spans of subheads inside ``text``: kept in the text, never treated as body sentences
    headings: list[list[int]] = field(default_factory=list)
    # unknown keys of the input record, the source's own id, where it came from
    metadata: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # "path" or "path:line"
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def export(self) -> dict[str, Any]:
        """The exported article (docs/schema.md)."""
        return {k: getattr(self, k) for k in
                ("id", "title", "authors", "agency", "publisher", "published", "url", "language", "text")}

    def in_heading(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.headings)


@dataclass
class EntityRef(_Record):
    """A pointer from a quote or event to who it is about: surface text, resolved name, entity id."""
    text: str
    name: str | None = None
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None
    country: str | None = None  # for event actors ("riot police" -> BY)
    sector: str | None = None  # generic actors: police, protesters, government ...

    def export(self, with_country: bool = False) -> dict[str, Any]:
        d = {"text": self.text, "name": self.name, "entity_id": self.entity_id}
        if with_country:
            d["country"] = self.country
        return d


@dataclass
class Quote(_Record):
    article_id: str
    text: str
    kind: str  # direct | partial | indirect
    start: int
    end: int
    cue: str | None = None
    speaker: EntityRef | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.speaker, dict):
            self.speaker = EntityRef.from_dict(self.speaker)
        if not self.id:
            self.id = short_hash("quote", self.article_id, self.kind, self.start, self.end)

    def export(self) -> dict[str, Any]:
        return {
            "id": self.id, "article_id": self.article_id, "text": self.text, "kind": self.kind,
            "cue": self.cue, "start": self.start, "end": self.end,
            "speaker": self.speaker.export() if self.speaker else None,
        }


@dataclass
class DateValue(_Record):
    start: str | None = None  # YYYY-MM-DD
    end: str | None = None
    precision: str | None = None  # day | week | month | year; None = no time expression
    text: str | None = None
    value: str | None = None  # TIMEX3 value, e.g. 2020-W33, PAST_REF

    def export(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "precision": self.precision, "text": self.text}


@dataclass
class Place(_Record):
    text: str
    name: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    start: int | None = None
    end: int | None = None
    feature: str | None = None  # city | country | admin1 | region

    def export(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("text", "name", "country_code", "lat", "lon", "geonameid")}


@dataclass
class Count(_Record):
    min: int | None
    max: int | None
    text: str

    def export(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "text": self.text}


@dataclass
class Source(_Record):
    article_id: str
    sentence: str
    start: int
    end: int
    url: str | None = None
    published: str | None = None

    def export(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("article_id", "url", "published", "sentence", "start", "end")}


def _rebuild(value, cls):
    if isinstance(value, dict):
        return cls.from_dict(value)
    return value


@dataclass
class Event(_Record):
    type: str
    sources: list[Source]
    mode: str | None = None
    status: str = "occurred"
    date: DateValue = field(default_factory=DateValue)
    actors: list[EntityRef] = field(default_factory=list)
    recipients: list[EntityRef] = field(default_factory=list)
    location: Place | None = None
    size: Count | None = None
    dead: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    claimant: EntityRef | None = None
    trigger: str | None = None  # the word that typed the event (evidence)
    trigger_start: int | None = None  # its character offsets in the article text
    trigger_end: int | None = None
    # where the date came from: "own" (a time expression attached to the trigger), "lead" (carried from a dated
    # event of the article's lead that this report refers back to; date.text is the lead's expression), None
    date_basis: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        self.sources = [_rebuild(s, Source) for s in self.sources]
        self.date = _rebuild(self.date, DateValue) or DateValue()
        if self.date_basis is None and self.date.precision:
            self.date_basis = "own"
        self.actors = [_rebuild(a, EntityRef) for a in self.actors]
        self.recipients = [_rebuild(a, EntityRef) for a in self.recipients]
        self.location = _rebuild(self.location, Place)
        for k in ("size", "dead", "injured", "arrested"):
            setattr(self, k, _rebuild(getattr(self, k), Count))
        self.claimant = _rebuild(self.claimant, EntityRef)
        if not self.id:
            s = self.sources[0] if self.sources else None
            self.id = short_hash("event", s.article_id if s else "", s.start if s else "",
                                 self.type, self.mode, self.trigger)

    def export(self) -> dict[str, Any]:
        c = lambda x: x.export() if x else None  # noqa: E731
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "status": self.status,
            "date": {**self.date.export(), "basis": self.date_basis if self.date.precision else None},
            "actors": [a.export(with_country=True) for a in self.actors],
            "recipients": [a.export(with_country=True) for a in self.recipients],
            "location": c(self.location), "size": c(self.size), "dead": c(self.dead),
            "injured": c(self.injured), "arrested": c(self.arrested), "claimant": c(self.claimant),
            "trigger": {"text": self.trigger, "start": self.trigger_start, "end": self.trigger_end}
            if self.trigger else None,
            "sources": [s.export() for s in self.sources],
        }


@dataclass
class Mention(_Record):
    """One mention of a named thing inside an article, after in-article resolution."""
    text: str
    start: int
    end: int
    label: str  # PERSON ORG GPE LOC NORP
    name: str  # the canonical in-article name ("Tikhanovskaya" -> "Svetlana Tikhanovskaya")


@dataclass
class Entity(_Record):
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=lambda: {"age": None, "roles": [], "country": None})
    articles: int = 0
    mentions: int = 0
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = entity_id(self.type, self.name)

    def export(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("id", "name", "type", "aliases", "attributes", "articles", "mentions")}


def entity_key(name: str) -> str:
    """Identity key of a name inside kronika until cross-article resolution refines it: casefolded,
    accents and punctuation dropped, possessive removed."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"['’]s\b", "", s.casefold())
    s = re.sub(r"[^\w]+", " ", s)
    return s.strip()


def entity_id(type_: str, name: str) -> str:
    return short_hash("entity", type_, entity_key(name))


@dataclass
class ReadError(_Record):
    """A reader's error as a value: where, and why. The batch goes on."""
    source: str  # "path" or "path:line"
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Extraction(_Record):
    """Everything extracted from one article, written to the store in one transaction."""
    article: Article
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


def extraction_from_dict(d: dict[str, Any]) -> Extraction:
    """Rebuild an Extraction (and its nested records) from ``Extraction.to_dict()``."""
    return Extraction(
        article=Article.from_dict(d["article"]),
        quotes=[Quote.from_dict(q) for q in d.get("quotes", [])],
        events=[Event.from_dict(e) for e in d.get("events", [])],
        mentions=[Mention.from_dict(m) for m in d.get("mentions", [])],
        entities=[Entity.from_dict(e) for e in d.get("entities", [])],
    )
